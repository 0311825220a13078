"""Forms of the application pages: the draft, contact persons, political decision, reopening, the list filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.calls.forms import DATE_FORMATS, DateInput, textarea
from samla.calls.forms.programme import BlankRowsFormSet
from samla.calls.models import Application, ProgrammeRound
from samla.registry.models import Region
from samla.web.forms import AccessibleFormMixin
from samla.web.uploads import NO_CHILD_DATA, validate_pdf_document

TEXT_MAX = 20000


class ApplicationForm(AccessibleFormMixin, forms.Form):
    """The application's four sections and the version the user started from (optimistic locking)."""

    use_required_attribute = False

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    development_work = forms.CharField(label=_("Development work"), widget=textarea(8), required=False,
                                       max_length=TEXT_MAX, help_text=NO_CHILD_DATA)
    measures = forms.CharField(label=_("Measures the municipality wants to try"), widget=textarea(6),
                               required=False, max_length=TEXT_MAX, help_text=NO_CHILD_DATA)
    challenge_picture = forms.CharField(label=_("Local challenge picture for cross-sector work"), widget=textarea(6),
                                        required=False, max_length=TEXT_MAX, help_text=NO_CHILD_DATA)
    self_assessment = forms.CharField(label=_("Self-assessment: how far the municipality has come"),
                                      widget=textarea(6), required=False, max_length=TEXT_MAX,
                                      help_text=NO_CHILD_DATA)

    SECTIONS = ("development_work", "measures", "challenge_picture", "self_assessment")


class ContactForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, help_text=_("E.g. project leader."))
    email = forms.EmailField(label=_("Work e-mail"))


ContactFormSet = forms.formset_factory(ContactForm, formset=BlankRowsFormSet, extra=1, max_num=20, absolute_max=20)


class PoliticalDecisionForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    body = forms.CharField(label=_("Decision-making body"), max_length=200, help_text=_('E.g. "Kommunestyret".'))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput, input_formats=DATE_FORMATS)
    case_reference = forms.CharField(label=_("Case reference"), max_length=100, help_text=_('E.g. "PS 45/19".'))
    document = forms.FileField(label=_("Document"), required=False, validators=[validate_pdf_document],
                               help_text=_("The minutes or the decision as a PDF file, at most 10 MB."),
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))


class ReopenForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    reason = forms.CharField(label=_("Reason for reopening"), widget=textarea(3), max_length=5000,
                             help_text=NO_CHILD_DATA)


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ApplicationFilterForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    DECISION_CHOICES = [("", _("All")), ("present", _("Recorded")), ("missing", _("Missing"))]

    programme_round = forms.ModelChoiceField(label=_("Programme round"), queryset=ProgrammeRound.objects.none(),
                                             required=False, empty_label=_("All"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Application.Status.choices])
    decision = forms.ChoiceField(label=_("Political decision"), required=False, choices=DECISION_CHOICES)
    q = forms.CharField(label=_("Municipality name"), required=False, max_length=100)

    def __init__(self, *args, rounds, regions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_round"].queryset = rounds
        self.fields["region"].queryset = regions
