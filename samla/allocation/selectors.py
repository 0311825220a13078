"""Reads of the allocation app: programmes, the engine input built from the database, and page tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.accounts.models import Role
from samla.allocation import runs
from samla.allocation.models import AllocationRun, AwardLetter, Programme
from samla.core.allocation import (
    AllocationResult,
    Continuation,
    ContinuationRow,
    Explanation,
    GrowthFactor,
    MunicipalityRef,
    ProgrammeSpec,
    SchemeRule,
    allocate,
)
from samla.registry.models import IndicatorValue
from samla.schemes.models import Award


def _exact(value: Decimal | None) -> Decimal | None:
    """A stored decimal without the column's trailing zeros (0.031000 → 0.031), as the folder gives it."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()


def programme_by_slug(slug: str) -> Programme | None:
    return Programme.objects.filter(slug=slug).first()


def programme_spec(programme: Programme) -> ProgrammeSpec:
    """The engine input for a stored programme: its rules and participants, their awards and indicators."""
    rules = list(programme.schemes.select_related("scheme"))
    participants = list(programme.participants.select_related("municipality__region"))
    municipality_ids = [p.municipality_id for p in participants]
    scheme_ids = [r.scheme_id for r in rules]

    awards = {
        (a.municipality.number, a.scheme.key, a.year): a.amount
        for a in Award.objects.filter(municipality_id__in=municipality_ids, scheme_id__in=scheme_ids)
        .select_related("municipality", "scheme")
    }
    codes = {r.indicator for r in rules if r.indicator} | ({programme.surplus_indicator} - {""})
    indicators = {
        (v.municipality.number, v.indicator.code, v.year): v.value
        for v in IndicatorValue.objects.filter(indicator__code__in=codes, municipality_id__in=municipality_ids)
        .select_related("municipality", "indicator")
    } if codes else {}

    return ProgrammeSpec(
        name=programme.name,
        description=programme.description,
        years=programme.years,
        municipalities=tuple(
            MunicipalityRef(p.municipality.number, p.municipality.name, p.municipality.region.name)
            for p in participants
        ),
        schemes=tuple(
            SchemeRule(
                key=r.scheme.key, method=r.method, title=r.scheme.title, ministry=r.scheme.ministry,
                base_year=r.base_year, budget=r.budget, indicator=r.indicator or None,
                indicator_year=r.indicator_year, rate=_exact(r.rate),
            )
            for r in rules
        ),
        rounding_unit=programme.rounding_unit,
        residual_policy=programme.residual_policy,
        floor=programme.floor,
        budget=programme.budget,
        surplus=programme.surplus_method,
        surplus_indicator=programme.surplus_indicator or None,
        surplus_indicator_year=programme.surplus_indicator_year,
        growth={g.year: GrowthFactor(g.year, _exact(g.rate), g.source) for g in programme.growth_factors.all()},
        awards=awards,
        indicators=indicators,
        decided={(d.municipality.number, d.year): d.amount
                 for d in programme.decided_amounts.select_related("municipality")},
        continuations=tuple(sorted(
            (Continuation(c.municipality.number, c.scheme.key, c.year, c.amount)
             for c in programme.continuations.select_related("municipality", "scheme")),
            key=lambda c: (c.municipality, c.scheme, c.year),
        )),
    )


def programme_allocation(programme: Programme) -> AllocationResult:
    """Run the engine on the stored programme (milliseconds for a pilot-sized programme)."""
    return allocate(programme_spec(programme))


# --- Tables for the first page ---------------------------------------------------------------------


@dataclass(frozen=True)
class AmountCell:
    number: str
    year: int
    amount: int


@dataclass(frozen=True)
class OverviewRow:
    municipality: MunicipalityRef
    amounts: tuple[AmountCell, ...]
    total: int
    baseline: tuple[int, ...]
    baseline_total: int


@dataclass(frozen=True)
class RegionGroup:
    region: str
    rows: tuple[OverviewRow, ...]


@dataclass(frozen=True)
class YearSummary:
    year: int
    baseline: int
    programme: int
    continuations: int
    as_run: int
    strict_pooling: int
    strict_programme: int


@dataclass(frozen=True)
class Overview:
    years: tuple[int, ...]
    schemes: tuple[SchemeRule, ...]
    baseline_years: tuple[int, ...]
    groups: tuple[RegionGroup, ...]
    totals: tuple[int, ...]
    grand_total: int
    baseline_totals: tuple[int, ...]
    baseline_grand_total: int
    year_summaries: tuple[YearSummary, ...]
    continuation_rows: tuple[tuple[MunicipalityRef, ContinuationRow], ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_count(self) -> int:
        return len(self.years) + len(self.schemes) + 3


def allocation_overview(result: AllocationResult) -> Overview:
    """Amounts per municipality (grouped by region) and year, beside the base-year awards per scheme."""
    spec = result.spec
    years = tuple(result.years)
    baseline_years = tuple(r.base_year if r.base_year is not None else spec.base_year - 1 for r in spec.schemes)
    refs = sorted(spec.municipalities, key=lambda m: (m.region, m.name))
    by_number = {m.number: m for m in spec.municipalities}

    def row(m: MunicipalityRef) -> OverviewRow:
        cells = tuple(AmountCell(m.number, y, result.amounts[(m.number, y)]) for y in years)
        baseline = tuple(spec.awards.get((m.number, r.key, y), 0) for r, y in zip(spec.schemes, baseline_years,
                                                                                  strict=True))
        return OverviewRow(m, cells, sum(c.amount for c in cells), baseline, sum(baseline))

    rows = [row(m) for m in refs]
    groups = tuple(RegionGroup(region, tuple(rs)) for region, rs in groupby(rows, key=lambda r: r.municipality.region))
    summaries = []
    for year in years:
        crs = [c for c in result.continuation_rows if c.year == year]
        summaries.append(YearSummary(
            year=year, baseline=sum(c.baseline for c in crs), programme=sum(c.programme for c in crs),
            continuations=sum(c.continuations for c in crs), as_run=sum(c.as_run for c in crs),
            strict_pooling=sum(c.strict_pooling for c in crs),
            strict_programme=sum(c.strict_programme for c in crs),
        ))
    return Overview(
        years=years,
        schemes=tuple(spec.schemes),
        baseline_years=baseline_years,
        groups=groups,
        totals=tuple(result.totals[y] for y in years),
        grand_total=sum(result.totals[y] for y in years),
        baseline_totals=tuple(sum(r.baseline[i] for r in rows) for i in range(len(spec.schemes))),
        baseline_grand_total=sum(r.baseline_total for r in rows),
        year_summaries=tuple(summaries),
        continuation_rows=tuple(
            (by_number[c.municipality], c) for c in sorted(
                result.continuation_rows, key=lambda c: (c.year, by_number[c.municipality].name))
            if c.continuations
        ),
        warnings=tuple(result.warnings),
    )


# --- Allocation runs and award letters ----------------------------------------------------------------

NOT_ALLOWED = _("You do not have access to this page.")


def current_locked_run(programme: Programme) -> AllocationRun | None:
    """The programme's allocation: the locked run that no later locked run supersedes."""
    return programme.runs.filter(locked_at__isnull=False, superseded_by__isnull=True).first()


def programme_for_runs(user, slug: str) -> Programme:
    """The programme, if the user may read its runs; ``PermissionDenied`` for a missing one as well."""
    programme = programme_by_slug(slug)
    if programme is None or not access.can_read_allocation_runs(user):
        raise PermissionDenied(NOT_ALLOWED)
    return programme


def runs_of(programme: Programme) -> QuerySet[AllocationRun]:
    return programme.runs.select_related("created_by", "locked_by", "supersedes").defer("input_json", "result")


def run_for(user, programme: Programme, number: int) -> AllocationRun:
    run = programme.runs.select_related("created_by", "locked_by").filter(number=number).first()
    if run is None or not access.can_read_allocation_runs(user):
        raise PermissionDenied(NOT_ALLOWED)
    return run


def visible_municipalities(user, run: AllocationRun) -> list[dict]:
    """The run's municipalities (number, name, region, ids) that the user may see, in table order."""
    return [m for m in run.result["municipalities"]
            if access.can_read_allocation_row(user, m["id"], m["region_id"])]


def run_explanation(user, run: AllocationRun, number: str, year: int) -> Explanation:
    """One stored explanation; ``PermissionDenied`` alike for an unknown cell and one out of scope."""
    if not any(m["number"] == number for m in visible_municipalities(user, run)):
        raise PermissionDenied(NOT_ALLOWED)
    explanation = runs.explanation_of(run.result, number, year)
    if explanation is None:
        raise PermissionDenied(NOT_ALLOWED)
    return explanation


@dataclass(frozen=True)
class RunCell:
    year: int
    amount: int
    continuations: int


@dataclass(frozen=True)
class RunRow:
    municipality: dict
    cells: tuple[RunCell, ...]
    total: int


@dataclass(frozen=True)
class RunTable:
    years: tuple[int, ...]
    groups: tuple[tuple[str, tuple[RunRow, ...]], ...]
    totals: tuple[int, ...]
    grand_total: int
    complete: bool  # False when the user sees only some of the municipalities


def run_table(user, run: AllocationRun) -> RunTable:
    years = tuple(run.result["years"])
    cells = run.result["cells"]
    rows = []
    for m in visible_municipalities(user, run):
        row = tuple(RunCell(y, cells[m["number"]][str(y)]["amount"], cells[m["number"]][str(y)]["continuations"])
                    for y in years)
        rows.append(RunRow(m, row, sum(c.amount for c in row)))
    groups = tuple((region, tuple(rs)) for region, rs in groupby(rows, key=lambda r: r.municipality["region"]))
    totals = tuple(sum(r.cells[i].amount for r in rows) for i in range(len(years)))
    return RunTable(years, groups, totals, sum(totals), len(rows) == len(run.result["municipalities"]))


@dataclass(frozen=True)
class CompareRow:
    municipality: dict
    year: int
    amounts: tuple[int | None, ...]
    differences: tuple[int | None, ...]  # each run after the first minus the first


@dataclass(frozen=True)
class Comparison:
    runs: tuple[AllocationRun, ...]
    rows: tuple[CompareRow, ...]
    totals: tuple[CompareRow, ...]  # one per year, municipality {} ; plus the sum over the years


def _differences(amounts: tuple[int | None, ...]) -> tuple[int | None, ...]:
    first = amounts[0]
    return tuple(None if a is None or first is None else a - first for a in amounts[1:])


def run_comparison(user, runs_: list[AllocationRun]) -> Comparison:
    """Amounts per municipality and year side by side, with each run's difference from the first run."""
    seen: dict[str, dict] = {}
    for run in runs_:
        for m in visible_municipalities(user, run):
            seen.setdefault(m["number"], m)
    years = sorted({y for run in runs_ for y in run.result["years"]})
    municipalities = sorted(seen.values(), key=lambda m: (m["region"], m["name"], m["number"]))

    def amount(run: AllocationRun, number: str, year: int) -> int | None:
        cell = run.result["cells"].get(number, {}).get(str(year))
        return None if cell is None else cell["amount"]

    rows = []
    sums: dict[int, list[int]] = {y: [0] * len(runs_) for y in years}
    for m in municipalities:
        for year in years:
            amounts = tuple(amount(run, m["number"], year) for run in runs_)
            rows.append(CompareRow(m, year, amounts, _differences(amounts)))
            for i, a in enumerate(amounts):
                sums[year][i] += a or 0
    totals = [CompareRow({}, y, tuple(sums[y]), _differences(tuple(sums[y]))) for y in years]
    grand = tuple(sum(sums[y][i] for y in years) for i in range(len(runs_)))
    totals.append(CompareRow({}, 0, grand, _differences(grand)))
    return Comparison(tuple(runs_), tuple(rows), tuple(totals))


def letters_visible_to(user, programme: Programme) -> QuerySet[AwardLetter]:
    """The programme's letters the user may read (all versions, newest first per municipality)."""
    letters = AwardLetter.objects.filter(programme=programme).select_related("municipality__region", "run") \
        .defer("pdf").order_by("municipality__name", "-version")
    scope = access.scope_of(user)
    if scope.national:
        return letters
    governed = scope.regions.get(Role.COUNTY_GOVERNOR, frozenset())
    return letters.filter(Q(municipality_id__in=scope.municipalities) | Q(municipality__region_id__in=governed))


def letter_for(user, pk: int) -> AwardLetter:
    """One letter; ``PermissionDenied`` both when it does not exist and when it is out of scope."""
    letter = AwardLetter.objects.select_related("municipality__region", "programme").filter(pk=pk).first()
    if letter is None or not access.can_read_award_letter(user, letter):
        raise PermissionDenied(NOT_ALLOWED)
    return letter
