"""Forms of the resource group's pages: the assessment of one application, the list filter."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samla.calls import services
from samla.calls.forms import service_error_messages, textarea
from samla.calls.models import NO_CHILD_DATA, Assessment, Criterion
from samla.web.forms import AccessibleFormMixin

TEXT_MAX = 5000
SCORES = [(n, str(n)) for n in range(1, 6)]
SCALE_LOW = _("to a small degree")
SCALE_HIGH = _("to a large degree")

ASSESSMENT_MESSAGES = {
    "already_assessed": _("You have already assessed this application. A submitted assessment cannot be changed."),
    "not_submitted": _("The application has not been submitted and cannot be assessed."),
    "scores_mismatch": _("Give a score for every criterion of the call."),
}


def assessment_error_messages(exc: ValidationError) -> list[str]:
    code = getattr(exc, "code", None)
    if code in ASSESSMENT_MESSAGES:
        return [str(ASSESSMENT_MESSAGES[code])]
    return service_error_messages(exc)


class AssessmentForm(AccessibleFormMixin, forms.Form):
    """A score from 1 to 5 and a comment per criterion of the call, an overall recommendation and comment."""

    use_required_attribute = False

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"), choices=Assessment.Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, maybe or no."), "invalid_choice": _("Choose yes, maybe or no.")},
        help_text=_("Should the municipality take part in the programme?"))
    comment = forms.CharField(label=_("Overall comment"), widget=textarea(5), required=False, max_length=TEXT_MAX,
                              help_text=NO_CHILD_DATA)

    def __init__(self, *args, criteria: Sequence[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for c in self.criteria:
            message = _("Choose a score from 1 to 5.")
            fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.title, choices=SCORES, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
                help_text=_("1 = to a small degree, 5 = to a large degree."))
            fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": c.title}, widget=textarea(3), required=False,
                max_length=TEXT_MAX, help_text=NO_CHILD_DATA)
        self.fields = {**fields, **self.fields}

    def criterion_rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, services.Score]:
        data = self.cleaned_data
        return {c.pk: services.Score(data[f"score_{c.pk}"], data[f"comment_{c.pk}"].strip()) for c in self.criteria}


class AssessmentFilterForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    STATUS_CHOICES = [("", _("All")), ("todo", _("Not yet assessed by me")), ("done", _("Assessed by me"))]

    status = forms.ChoiceField(label=_("My assessment"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label=_("Municipality name"), required=False, max_length=100)
