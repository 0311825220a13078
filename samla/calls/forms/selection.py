"""Forms of the county governor's ranking, the directorate's decision and the stratified draw, and the plain
bokmål wording of the selection rules' violations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samla.calls.forms import service_error_messages, textarea
from samla.calls.models import NO_CHILD_DATA, Application, ProgrammeRound
from samla.core.selection import MISSING_POLITICAL_DECISION, NO_SIZE_VARIATION, TOO_MANY_IN_REGION, Violation
from samla.registry.models import Region
from samla.web.formats import format_number
from samla.web.forms import AccessibleFormMixin

TEXT_MAX = 5000
MAX_DRAW = 50

SELECTION_MESSAGES = {
    "recommendation_exists": _("The recommendation for this call has already been forwarded."),
    "ranking_empty": _("Give at least one application a place in the ranking."),
    "ranking_invalid": _("Rank only submitted applications to this call, each once."),
    "decision_exists": _("The selection for this round has already been decided. Nothing was changed."),
    "not_recommended": _("Select only applications the county governors have forwarded."),
    "selection_empty": _("Select at least one municipality. Nothing was decided."),
    "violations": _("The selection breaks rules that have not been overridden with a reason. Nothing was decided."),
    "unknown_override": _("The selection has changed; check the rules again before deciding."),
    "no_candidates": _("There are no submitted applications to draw from."),
    "population_missing": _("The registry lacks the population of some candidates, so the size bands cannot be "
                            "worked out: %(detail)s"),
}


def selection_error_messages(exc: ValidationError) -> list[str]:
    code = getattr(exc, "code", None)
    if code == "population_missing":
        return [str(SELECTION_MESSAGES[code]) % {"detail": exc.messages[0]}]
    if code in SELECTION_MESSAGES:
        return [str(SELECTION_MESSAGES[code])]
    return service_error_messages(exc)


def band_text(label: str) -> str:
    """A size band label of ``samla.core.selection`` ("<5000", "5000-19999", ">=50000") in words."""
    def n(value: str) -> str:
        return format_number(int(value))

    if label.startswith(">="):
        return gettext("%(lower)s inhabitants or more") % {"lower": n(label[2:])}
    if label.startswith("<"):
        return gettext("fewer than %(upper)s inhabitants") % {"upper": n(label[1:])}
    lower, upper = label.split("-")
    return gettext("%(lower)s–%(upper)s inhabitants") % {"lower": n(lower), "upper": n(upper)}


@dataclass(frozen=True)
class ViolationText:
    violation: Violation
    text: str

    @property
    def key(self) -> str:
        return self.violation.key

    @property
    def field_name(self) -> str:
        return override_field(self.violation.key)


def override_field(key: str) -> str:
    return "override_" + key.replace(":", "__")


def describe_violations(programme_round: ProgrammeRound, violations: Iterable[Violation],
                        selected: Sequence[Application], size_bands: dict[int, str]) -> list[ViolationText]:
    """Each violation in plain words, naming the region or municipality and what is wrong."""
    regions = {r.code: r.name for r in programme_round.regions.all()}
    out = []
    for v in violations:
        in_region = [a for a in selected if a.call.region.code == v.subject]
        name = regions.get(v.subject, v.subject)
        if v.code == TOO_MANY_IN_REGION:
            text = gettext("%(region)s: %(count)s municipalities are selected, but at most %(max)s may take part per "
                      "region.") % {"region": name, "count": len(in_region), "max": programme_round.max_per_region}
        elif v.code == MISSING_POLITICAL_DECISION:
            app = next((a for a in selected if a.municipality.number == v.subject), None)
            who = f"{app.municipality.name} ({v.subject})" if app else v.subject
            text = gettext("%(municipality)s has no recorded political decision; the application must be adopted by "
                      "the municipal council.") % {"municipality": who}
        elif v.code == NO_SIZE_VARIATION:
            band = size_bands.get(in_region[0].pk, "") if in_region else ""
            text = gettext("%(region)s: all the selected municipalities are in the same size band (%(band)s); the "
                      "selection should vary in municipality size.") % {"region": name, "band": band_text(band)
                                                                       if band else ""}
        else:
            text = v.key
        out.append(ViolationText(v, text))
    return out


def selected_ids_from(data, allowed: Iterable[int]) -> list[int]:
    """The ticked application ids among ``allowed`` (anything else in the request is ignored)."""
    allowed = set(allowed)
    out = []
    for raw in data.getlist("selected"):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            continue
        if value in allowed and value not in out:
            out.append(value)
    return out


class RankingForm(AccessibleFormMixin, forms.Form):
    """A place (1, 2, …) for each submitted application the county governor forwards; empty: not forwarded."""

    use_required_attribute = False

    comment = forms.CharField(label=_("Comment to the directorate"), widget=textarea(5), required=False,
                              max_length=TEXT_MAX, help_text=NO_CHILD_DATA)

    def __init__(self, *args, applications: Sequence[Application], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        count = len(self.applications)
        fields = {}
        for a in self.applications:
            message = _("Give a whole number from 1 to %(max)s, or leave it empty.") % {"max": count}
            fields[f"rank_{a.pk}"] = forms.IntegerField(
                label=_("Place for %(municipality)s") % {"municipality": a.municipality.name}, required=False,
                min_value=1, max_value=count, widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
                error_messages={"invalid": message, "min_value": message, "max_value": message})
        self.fields = {**fields, **self.fields}

    def clean(self) -> dict:
        data = super().clean()
        places = {a.pk: data.get(f"rank_{a.pk}") for a in self.applications}
        seen: dict[int, int] = {}
        for pk, place in places.items():
            if place is None:
                continue
            if place in seen:
                self.add_error(f"rank_{pk}", _("Two applications have place %(place)s; give each its own place.")
                               % {"place": place})
            seen[place] = pk
        if not seen and not self.errors:
            raise ValidationError(SELECTION_MESSAGES["ranking_empty"], code="ranking_empty")
        return data

    def ranking(self) -> list[Application]:
        by_pk = {a.pk: a for a in self.applications}
        placed = [(self.cleaned_data[f"rank_{pk}"], pk) for pk in by_pk if self.cleaned_data.get(f"rank_{pk}")]
        return [by_pk[pk] for _place, pk in sorted(placed)]

    def bound_rows(self, rows: Sequence[tuple]) -> list[tuple]:
        """``rows`` (application, …) with the application's place field appended."""
        return [(*row, self[f"rank_{row[0].pk}"]) for row in rows]

    def ordered_rows(self, rows: Sequence) -> list:
        """``rows`` (tuples whose first item is the application) with the placed ones first, in place order,
        for the "sort by place" preview; works on unvalidated input too."""
        def place(row) -> tuple[int, int]:
            raw = self.data.get(f"rank_{row[0].pk}", "") if self.is_bound else ""
            try:
                return (0, int(raw))
            except (TypeError, ValueError):
                return (1, 0)
        return sorted(rows, key=place)


class DecisionForm(AccessibleFormMixin, forms.Form):
    """The directorate's note and one reason per violation of the ticked selection. The ticked applications
    themselves are read with ``selected_ids_from``; the violations come from the selection rules."""

    use_required_attribute = False

    note = forms.CharField(label=_("Note on the decision"), widget=textarea(4), required=False, max_length=TEXT_MAX,
                           help_text=NO_CHILD_DATA)

    def __init__(self, *args, violations: Sequence[ViolationText], require_reasons: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.violations = list(violations)
        for v in self.violations:
            self.fields[v.field_name] = forms.CharField(
                label=_("Reason for overriding: %(violation)s") % {"violation": v.text}, widget=textarea(2),
                required=require_reasons, max_length=TEXT_MAX, help_text=NO_CHILD_DATA,
                error_messages={"required": _("Give a reason for overriding this rule, or change the selection.")})

    def override_rows(self) -> list[tuple[ViolationText, forms.BoundField]]:
        return [(v, self[v.field_name]) for v in self.violations]

    def overrides(self) -> dict[str, str]:
        return {v.key: self.cleaned_data[v.field_name].strip() for v in self.violations
                if self.cleaned_data.get(v.field_name, "").strip()}


class DrawForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    per_stratum = forms.IntegerField(
        label=_("Number to draw per size band"), min_value=1, max_value=MAX_DRAW,
        help_text=_("A size band with fewer applicants than this gives all of them."),
        error_messages={"required": _("Give the number to draw per size band."),
                        "invalid": _("Give a whole number."),
                        "min_value": _("Draw at least 1 per size band."),
                        "max_value": _("Draw at most %(limit_value)s per size band.")})
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    empty_label=_("All regions of the round"))

    def __init__(self, *args, programme_round: ProgrammeRound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = programme_round.regions.order_by("name")
