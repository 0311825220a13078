"""Forms of the follow-up pages. They validate and convert; ``samla.followup.services`` checks the rules and
writes. Money is whole NOK typed the Norwegian way (``samla.web.fields.NokField``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.followup.models import (
    AgeBand,
    Body,
    Innovation,
    Measure,
    MeasureStatus,
    Novelty,
    PreventionLevel,
    Sector,
    Step,
    YearlyReport,
)
from samla.followup.services import MeasureInput, PriorityInput
from samla.registry.models import Indicator, Municipality
from samla.schemes.models import Scheme
from samla.web.fields import DecimalTextField, NokField
from samla.web.forms import AccessibleFormMixin
from samla.web.uploads import DOCUMENT_HELP, NO_CHILD_DATA, validate_pdf_document

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, input_formats=DATE_FORMATS)


def _text(label, *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=NO_CHILD_DATA,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _sectors(label, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=required, choices=Sector.choices,
                                     widget=forms.CheckboxSelectMultiple)


class MemberForm(AccessibleFormMixin, forms.Form):
    prefix = "member"
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    function = forms.CharField(label=_("Function"), max_length=200,
                               help_text=_("E.g. head of the health centre. No names are needed."))

    def form_anchor(self) -> str:
        return "member-form"


class ChallengeForm(AccessibleFormMixin, forms.Form):
    prefix = "challenge"
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Across sectors")), *Sector.choices])
    text = _text(_("Challenge"), rows=3)

    def form_anchor(self) -> str:
        return "challenge-form"


class BaselineIndicatorForm(AccessibleFormMixin, forms.Form):
    prefix = "indicator"
    indicator = forms.ModelChoiceField(label=_("Registry indicator"), required=False,
                                       queryset=Indicator.objects.order_by("name"))
    name = forms.CharField(label=_("Or your own indicator"), required=False, max_length=200)
    baseline_value = DecimalTextField(label=_("Baseline value"))
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=1990, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=300)

    def form_anchor(self) -> str:
        return "indicator-form"


class FollowUpValueForm(AccessibleFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = DecimalTextField(label=_("Value"))


class CommentForm(AccessibleFormMixin, forms.Form):
    prefix = "comment"
    text = _text(_("Comment"), rows=3)

    def form_anchor(self) -> str:
        return "comment-form"


class MeasureForm(AccessibleFormMixin, forms.Form):
    """A measure; one budget field per programme year."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"))
    age_bands = forms.MultipleChoiceField(label=_("Target age bands"), choices=AgeBand.choices,
                                          widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": _("Choose at least one age band.")})
    prevention_level = forms.ChoiceField(label=_("Prevention level"), choices=PreventionLevel.choices,
                                         widget=forms.RadioSelect)
    sectors_responsible = forms.MultipleChoiceField(
        label=_("Sectors responsible"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector responsible.")})
    sectors_involved = _sectors(_("Sectors involved"))
    novelty = forms.ChoiceField(label=_("New or continued"), choices=Novelty.choices, widget=forms.RadioSelect)
    previous_grant = forms.ModelChoiceField(label=_("Financed before by (for a continuation)"), required=False,
                                            queryset=Scheme.objects.order_by("key"))
    innovation = forms.ChoiceField(label=_("Innovation"), choices=Innovation.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    planned_start = _date(_("Planned start"))
    planned_end = _date(_("Planned end"))
    actual_start = _date(_("Actual start"), required=False)
    actual_end = _date(_("Actual end"), required=False)
    evaluated_by = forms.CharField(label=_("Evaluated by"), required=False, max_length=200,
                                   help_text=_("Who evaluates the measure locally, e.g. the competence centre."))
    evaluation_method = _text(_("How it is evaluated"), required=False, rows=3)

    def __init__(self, *args: Any, years: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"budget_{year}"] = NokField(label=_("Budget %(year)s (NOK)") % {"year": year},
                                                     required=False)

    def budget_fields(self) -> list[Any]:
        return [self[f"budget_{y}"] for y in self.years]

    def measure_input(self) -> MeasureInput:
        d = self.cleaned_data
        budgets = {y: d[f"budget_{y}"] for y in self.years if d.get(f"budget_{y}") is not None}
        return MeasureInput(
            title=d["title"], description=d["description"], age_bands=d["age_bands"],
            prevention_level=d["prevention_level"], sectors_responsible=d["sectors_responsible"],
            sectors_involved=d["sectors_involved"], novelty=d["novelty"], innovation=d["innovation"],
            planned_start=d["planned_start"], planned_end=d["planned_end"], status=d["status"],
            previous_grant=d["previous_grant"], actual_start=d["actual_start"], actual_end=d["actual_end"],
            evaluated_by=d["evaluated_by"], evaluation_method=d["evaluation_method"], budgets=budgets)

    @staticmethod
    def initial_of(measure: Measure) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(measure, name) for name in (
            "title", "description", "age_bands", "prevention_level", "sectors_responsible", "sectors_involved",
            "novelty", "innovation", "status", "planned_start", "planned_end", "actual_start", "actual_end",
            "evaluated_by", "evaluation_method", "version")}
        initial["previous_grant"] = measure.previous_grant_id
        initial.update({f"budget_{b.year}": b.amount for b in measure.budgets.all()})
        return initial


PRIORITY_ROWS = 4


class StepForm(AccessibleFormMixin, forms.Form):
    """A cooperation step; the deliberation step also takes up to four proposals with cost and priority."""

    held_on = _date(_("Date"))
    sectors = _sectors(_("Participating sectors"), required=True)
    summary = _text(_("What came out of it"))
    decided_by = forms.CharField(label=_("Decided by"), required=False, max_length=200,
                                 help_text=_("Where a decision was made: e.g. the steering group, the municipal "
                                             "management, the council."))
    how = _text(_("How (for user involvement: how, with whom)"), required=False, rows=3)
    document = forms.FileField(label=_("Output document"), required=False, validators=[validate_pdf_document],
                               help_text=DOCUMENT_HELP,
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        if step == Step.PRIORITIES:
            for i in range(PRIORITY_ROWS):
                self.fields[f"proposal_{i}"] = forms.CharField(label=_("Proposed measure %(n)s") % {"n": i + 1},
                                                               required=False, max_length=200)
                self.fields[f"cost_{i}"] = NokField(label=_("Cost per year (NOK)"), required=False)
                self.fields[f"rank_{i}"] = forms.IntegerField(label=_("Priority (1 is the highest)"),
                                                              required=False, min_value=1, max_value=99)
                self.fields[f"chosen_{i}"] = forms.BooleanField(label=_("Chosen"), required=False)

    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("held_on", "sectors", "summary", "decided_by", "how", "document")]

    def priority_rows(self) -> list[list[Any]]:
        if self.step != Step.PRIORITIES:
            return []
        return [[self[f"{name}_{i}"] for name in ("proposal", "cost", "rank", "chosen")]
                for i in range(PRIORITY_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(PRIORITY_ROWS if self.step == Step.PRIORITIES else 0):
            if data.get(f"proposal_{i}") and (data.get(f"cost_{i}") is None or data.get(f"rank_{i}") is None):
                self.add_error(f"cost_{i}", _("Give the cost and the priority of each proposal."))
        return data

    def priorities(self) -> list[PriorityInput]:
        d = self.cleaned_data
        return [PriorityInput(d[f"proposal_{i}"], d[f"cost_{i}"], d[f"rank_{i}"], bool(d.get(f"chosen_{i}")))
                for i in range(PRIORITY_ROWS if self.step == Step.PRIORITIES else 0) if d.get(f"proposal_{i}")]


class ReportForm(AccessibleFormMixin, forms.Form):
    """Spending per measure (one field each), carry-over and reflections."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    carry_out = NokField(label=_("Carried over to next year (NOK)"), required=False)
    reflections = _text(_("Reflections"), required=False)

    def __init__(self, *args: Any, measures: list[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        for m in measures:
            self.fields[f"spent_{m.pk}"] = NokField(label=_("Spent on %(title)s (NOK)") % {"title": m.title},
                                                    required=False)

    def spending_fields(self) -> list[Any]:
        return [self[f"spent_{m.pk}"] for m in self.measures]

    def spending(self) -> dict[int, int]:
        return {m.pk: self.cleaned_data.get(f"spent_{m.pk}") or 0 for m in self.measures}

    @staticmethod
    def initial_of(report: YearlyReport) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": report.version, "carry_out": report.carry_out,
                                   "reflections": report.reflections}
        initial.update({f"spent_{s.measure_id}": s.amount for s in report.spending.all()})
        return initial


class ReviewForm(AccessibleFormMixin, forms.Form):
    prefix = "review"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("approve", _("Approve the report")), ("return", _("Send it back to the municipality"))])
    comment = _text(_("Comment to the municipality"), required=False, rows=3)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what the municipality must mend."))
        return data


class ReasonForm(AccessibleFormMixin, forms.Form):
    prefix = "reopen"
    reason = _text(_("Reason"), rows=3)


class ClawbackForm(AccessibleFormMixin, forms.Form):
    prefix = "clawback"
    amount = NokField(label=_("Amount to be repaid (NOK)"))
    reason = _text(_("Reason"), rows=3)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300,
                                  help_text=_("E.g. the award letter's conditions, or the regulation on grants."))

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if not amount:
            raise forms.ValidationError(_("The claw-back must be more than 0 NOK."))
        return int(amount)


class MeetingForm(AccessibleFormMixin, forms.Form):
    held_on = _date(_("Date"))
    theme = forms.CharField(label=_("Theme"), max_length=300)
    municipalities = forms.ModelMultipleChoiceField(label=_("Municipalities present"), queryset=Municipality.objects
                                                    .none(), widget=forms.CheckboxSelectMultiple)
    sectors = _sectors(_("Sectors present"))
    notes = _text(_("Notes"), required=False, rows=3)
    document = forms.FileField(label=_("Document"), required=False, validators=[validate_pdf_document],
                               help_text=DOCUMENT_HELP,
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]
