"""Forms of the directorate's and the county governor's pages: programme round, call, deadline extension."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samla.calls.forms import DATETIME_FORMATS, DateTimeLocalInput, textarea
from samla.calls.models import NO_CHILD_DATA
from samla.registry.models import Municipality, Region
from samla.schemes.models import Scheme
from samla.web.forms import AccessibleFormMixin

YEARS_NOT_ORDERED = _("The last year must be the same as or after the first year.")
BASE_YEAR_NOT_BEFORE = _("The base year must be before the first year.")
DEADLINES_NOT_ORDERED = _("The deadline for the political decision must be the same as or after the deadline "
                          "for the preliminary application.")


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        period = f"{obj.valid_from.year}–{obj.valid_to.year if obj.valid_to else ''}"
        return f"{obj.name} ({period})"


class SchemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Scheme) -> str:
        return f"{obj.key} {obj.title} ({obj.ministry})"


class ProgrammeRoundForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    name = forms.CharField(label=_("Name of the programme"), max_length=200)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    schemes = SchemeChoiceField(label=_("Pooled grant schemes"), queryset=Scheme.objects.all(),
                                widget=forms.CheckboxSelectMultiple)
    base_year = forms.IntegerField(
        label=_("Base year of the historical awards"), min_value=1990, max_value=2100, required=False,
        help_text=_("The year whose awards from the pooled schemes each municipality is held harmless against. "
                    "Empty: the year before the first year."))
    regions = RegionChoiceField(label=_("Regions"), queryset=Region.objects.order_by("name", "valid_from"),
                                widget=forms.CheckboxSelectMultiple)
    max_per_region = forms.IntegerField(label=_("Maximum participants per region"), min_value=1, max_value=100,
                                        initial=4)
    population_year = forms.IntegerField(
        label=_("Year of the population figures"), min_value=1990, max_value=2100, required=False,
        help_text=_("Used for the size bands in the selection. Empty: the year before the first year."))
    criteria = forms.CharField(label=_("Criteria for taking part"), widget=textarea(5), max_length=10000,
                               help_text=NO_CHILD_DATA)

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", YEARS_NOT_ORDERED)
        base = data.get("base_year")
        if first is not None and base is not None and base >= first:
            self.add_error("base_year", BASE_YEAR_NOT_BEFORE)
        return data


class CallForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), empty_label=None)
    case_number = forms.CharField(label=_("Case number"), max_length=40, help_text=_('E.g. "Sak 2019/6452".'))
    text = forms.CharField(label=_("Text of the call"), widget=textarea(8), max_length=20000, help_text=NO_CHILD_DATA)
    preliminary_deadline = forms.DateTimeField(label=_("Deadline for the preliminary application"),
                                               widget=DateTimeLocalInput, input_formats=DATETIME_FORMATS)
    final_deadline = forms.DateTimeField(label=_("Deadline for the political decision and final application"),
                                         widget=DateTimeLocalInput, input_formats=DATETIME_FORMATS)

    def __init__(self, *args, regions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("preliminary_deadline"), data.get("final_deadline")
        if first and last and last < first:
            self.add_error("final_deadline", DEADLINES_NOT_ORDERED)
        return data


class CriterionForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    title = forms.CharField(label=_("Criterion"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=textarea(3), required=False, max_length=5000,
                                  help_text=NO_CHILD_DATA)


class BlankRowsFormSet(forms.BaseFormSet):
    """Every row may be left blank (and is then ignored); ``initial`` fills the rows of an unbound formset."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = max(len(self.initial or []) + 1, self.extra)

    def initial_form_count(self) -> int:
        return 0

    @classmethod
    def posted_rows(cls, data, prefix: str) -> list[dict]:
        """The rows as posted (unvalidated), to show them again with one more blank row (no JavaScript)."""
        try:
            total = max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), cls.absolute_max - 1))
        except ValueError:
            total = 0
        names = list(cls.form.base_fields)
        return [{n: data.get(f"{prefix}-{i}-{n}", "") for n in names} for i in range(total)]

    def filled(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data]

    def error_links(self) -> list[tuple[str, str]]:
        links = [(f"#{self.prefix}-rows", str(e)) for e in self.non_form_errors()]
        for form in self.forms:
            links += form.error_links()
        return links


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BlankRowsFormSet, extra=3, max_num=20,
                                         absolute_max=20)
AT_LEAST_ONE_CRITERION = _("Give at least one criterion.")


def criteria_from(formset: BlankRowsFormSet) -> list[dict]:
    rows = formset.filled()
    if not rows:
        raise ValidationError(AT_LEAST_ONE_CRITERION)
    return rows


class DeadlineExtensionForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    until = forms.DateTimeField(label=_("New deadline"), widget=DateTimeLocalInput, input_formats=DATETIME_FORMATS)
    reason = forms.CharField(label=_("Reason"), widget=textarea(3), max_length=5000, help_text=NO_CHILD_DATA)

    def __init__(self, *args, region: Region, on: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region).valid_on(on).order_by(
            "name")
