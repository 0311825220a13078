"""Reads of the allocation app: programmes, the engine input built from the database, the stored (decided)
amounts of allocation runs, and the tables of the pages."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.accounts.models import Role
from samla.allocation import models, runs
from samla.allocation.models import AllocationRun, AwardLetter, Programme
from samla.allocation.texts import error_text
from samla.core.allocation import (
    AllocationError,
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
from samla.core.allocation.model import Method, ResidualPolicy, SurplusMethod, indicator_year
from samla.registry.models import IndicatorValue
from samla.schemes.models import Award, Scheme


def _plain_decimal(value: Decimal) -> Decimal:
    """A stored decimal without the column's trailing zeros (0.031000 → 0.031), as the folder gives it."""
    return Decimal(format(value.normalize(), "f"))


def _exact(value: Decimal | None) -> Decimal | None:
    return None if value is None else _plain_decimal(value)


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()


def current_programme(today: datetime.date | None = None) -> Programme | None:
    """The programme being worked on: the newest one whose period has not ended, else the newest one."""
    year = (today or timezone.localdate()).year
    return Programme.objects.filter(last_year__gte=year).order_by("-first_year", "name").first() \
        or Programme.objects.order_by("-first_year", "name").first()


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
                key=r.scheme.key, method=cast(Method, r.method), title=r.scheme.title, ministry=r.scheme.ministry,
                base_year=r.base_year, budget=r.budget, indicator=r.indicator or None,
                indicator_year=r.indicator_year, rate=_exact(r.rate),
            )
            for r in rules
        ),
        rounding_unit=programme.rounding_unit,
        residual_policy=cast(ResidualPolicy, programme.residual_policy),
        floor=programme.floor,
        budget=programme.budget,
        surplus=cast(SurplusMethod, programme.surplus_method),
        surplus_indicator=programme.surplus_indicator or None,
        surplus_indicator_year=programme.surplus_indicator_year,
        growth={g.year: GrowthFactor(g.year, _plain_decimal(g.rate), g.source) for g in programme.growth_factors.all()},
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


def draft_allocation(programme: Programme) -> AllocationResult:
    """The engine on the programme's rules as they stand now: a draft, never the decided amounts (those are
    ``locked_allocation``). Milliseconds for a pilot-sized programme."""
    return allocate(programme_spec(programme))


# --- The stored, decided amounts: one reader for every page, letter, API endpoint and command -------------------

NOT_ALLOWED = _("You do not have access to this page.")


@dataclass(frozen=True)
class RunMunicipality:
    """A municipality of a run: as the run stored it, and where it is in the registry."""

    number: str
    name: str
    region: str
    municipality_id: int
    region_id: int | None


@dataclass(frozen=True)
class StoredAllocation:
    """An allocation run's result, read back as the engine's typed ``AllocationResult`` (nothing recomputed).

    ``locked_allocation(programme)`` gives the programme's decided amounts; ``stored_allocation(run)`` any run's.
    Pages, run views, the comparison, award letters, the API, the command line and the follow-up module read
    amounts through these two, so an amount is shown one way everywhere."""

    run: AllocationRun
    result: AllocationResult
    places: Mapping[str, runs.Place]

    @property
    def locked(self) -> bool:
        return self.run.is_locked

    @property
    def years(self) -> tuple[int, ...]:
        return self.result.years

    def municipalities(self) -> list[RunMunicipality]:
        """Every municipality of the run, in table order (region, name, number)."""
        return [RunMunicipality(m.number, m.name, m.region, self.places[m.number].municipality_id,
                                self.places[m.number].region_id) for m in self.result.municipalities]

    def visible_to(self, user) -> list[RunMunicipality]:
        """The run's municipalities that ``user`` may see, in table order."""
        return [m for m in self.municipalities()
                if access.can_read_allocation_row(user, m.municipality_id, m.region_id)]

    def number_of(self, municipality_id: int) -> str | None:
        return next((number for number, p in self.places.items() if p.municipality_id == municipality_id), None)

    def amount(self, number: str, year: int) -> int:
        return self.result.amounts[(number, year)]

    def amount_for(self, municipality_id: int, year: int) -> int | None:
        """The decided amount of a municipality (by registry id) in a year; None when it is not in the run."""
        number = self.number_of(municipality_id)
        return None if number is None else self.result.amounts.get((number, year))

    def row_for(self, municipality_id: int, year: int) -> ContinuationRow | None:
        """Programme amount, continued grants (by scheme) and the scenarios' amounts for one municipality-year."""
        number = self.number_of(municipality_id)
        if number is None or (number, year) not in self.result.amounts:
            return None
        return self.result.row(number, year)


def stored_allocation(run: AllocationRun) -> StoredAllocation:
    """The run's stored result, read once per run object."""
    cached = run.__dict__.get("_stored_allocation")
    if cached is None:
        result, places = runs.stored_result(run.result)
        cached = run.__dict__["_stored_allocation"] = StoredAllocation(run, result, places)
    return cached


def current_locked_run(programme: Programme) -> AllocationRun | None:
    """The programme's allocation: the locked run that no later locked run supersedes."""
    return programme.runs.filter(locked_at__isnull=False, superseded_by__isnull=True) \
        .select_related("locked_by").first()


def locked_runs_by_programme() -> dict[int, AllocationRun]:
    """Each programme's current locked run (without its stored input and result), by programme id."""
    return {run.programme_id: run for run in AllocationRun.objects.filter(
        locked_at__isnull=False, superseded_by__isnull=True).defer("input_json", "result")}


def locked_allocation(programme: Programme) -> StoredAllocation | None:
    """The programme's decided amounts (its current locked run), or None before any run is locked."""
    run = current_locked_run(programme)
    return None if run is None else stored_allocation(run)


# --- Tables for the programme page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountCell:
    number: str
    year: int
    amount: int
    draft: int | None = None  # the draft computation's amount, when it is shown beside and differs

    @property
    def difference(self) -> int | None:
        return None if self.draft is None else self.draft - self.amount


@dataclass(frozen=True)
class OverviewRow:
    municipality: MunicipalityRef
    amounts: tuple[AmountCell, ...]
    total: int
    baseline: tuple[Fraction, ...]  # the base-year entitlement per scheme (hold-harmless)
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
    groups: tuple[RegionGroup, ...]
    totals: tuple[int, ...]
    grand_total: int
    baseline_totals: tuple[Fraction, ...]
    baseline_grand_total: int
    year_summaries: tuple[YearSummary, ...]
    continuation_rows: tuple[tuple[MunicipalityRef, ContinuationRow], ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    draft_totals: tuple[int, ...] | None = None  # beside the locked totals, when a draft is compared
    differences: int = 0  # how many amounts the draft computes differently

    @property
    def column_count(self) -> int:
        return len(self.years) + len(self.schemes) + 3


def _scheme_titles(schemes: tuple[SchemeRule, ...]) -> tuple[SchemeRule, ...]:
    """Schemes of an older stored run have no titles: take them from the scheme register."""
    if all(s.title for s in schemes):
        return schemes
    register = {s.key: s for s in Scheme.objects.filter(key__in=[s.key for s in schemes])}
    return tuple(s if s.title or s.key not in register else
                 SchemeRule(s.key, s.method, register[s.key].title, s.ministry or register[s.key].ministry,
                            s.base_year) for s in schemes)


def allocation_overview(result: AllocationResult, draft: AllocationResult | None = None) -> Overview:
    """Amounts per municipality (grouped by region) and year, beside each scheme's base-year entitlement (for a
    historical scheme: the award). With ``draft``, every amount the draft computes differently is marked."""
    years = tuple(result.years)
    base_year = years[0]
    schemes = _scheme_titles(tuple(result.schemes))
    refs = sorted(result.municipalities, key=lambda m: (m.region, m.name, m.number))
    rows_by_key = {(r.municipality, r.year): r for r in result.continuation_rows}
    by_number = {m.number: m for m in result.municipalities}
    differences = 0

    def cell(m: MunicipalityRef, year: int) -> AmountCell:
        nonlocal differences
        amount = result.amounts[(m.number, year)]
        other = None if draft is None else draft.amounts.get((m.number, year))
        if other is not None and other != amount:
            differences += 1
            return AmountCell(m.number, year, amount, other)
        return AmountCell(m.number, year, amount)

    def row(m: MunicipalityRef) -> OverviewRow:
        cells = tuple(cell(m, y) for y in years)
        entitlements = result.explain(m.number, base_year).entitlements()
        baseline = tuple(entitlements.get(s.key, Fraction(0)) for s in schemes)
        return OverviewRow(m, cells, sum(c.amount for c in cells), baseline,
                           rows_by_key[(m.number, base_year)].baseline)

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
        schemes=schemes,
        groups=groups,
        totals=tuple(result.totals[y] for y in years),
        grand_total=sum(result.totals[y] for y in years),
        baseline_totals=tuple(sum((r.baseline[i] for r in rows), Fraction(0)) for i in range(len(schemes))),
        baseline_grand_total=sum(r.baseline_total for r in rows),
        year_summaries=tuple(summaries),
        continuation_rows=tuple(
            (by_number[c.municipality], c) for c in sorted(
                result.continuation_rows, key=lambda c: (c.year, by_number[c.municipality].name))
            if c.continuations
        ),
        warnings=tuple(result.warnings),
        draft_totals=None if draft is None else tuple(draft.totals.get(y, 0) for y in years),
        differences=differences,
    )


# --- Allocation runs and award letters ----------------------------------------------------------------


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


def run_explanation(user, run: AllocationRun, number: str, year: int) -> Explanation:
    """One stored explanation; ``PermissionDenied`` alike for an unknown cell and one out of scope."""
    stored = stored_allocation(run)
    if not any(m.number == number for m in stored.visible_to(user)) or (number, year) not in stored.result.amounts:
        raise PermissionDenied(NOT_ALLOWED)
    return stored.result.explain(number, year)


@dataclass(frozen=True)
class RunCell:
    year: int
    amount: int
    continuations: int


@dataclass(frozen=True)
class RunRow:
    municipality: RunMunicipality
    cells: tuple[RunCell, ...]
    total: int


@dataclass(frozen=True)
class RunTable:
    years: tuple[int, ...]
    groups: tuple[tuple[str, tuple[RunRow, ...]], ...]
    totals: tuple[int, ...]
    grand_total: int
    complete: bool  # False when the user sees only some of the municipalities
    warnings: tuple[str, ...] = ()


def run_table(user, run: AllocationRun) -> RunTable:
    stored = stored_allocation(run)
    result = stored.result
    rows = []
    for m in stored.visible_to(user):
        row = tuple(RunCell(y, result.amounts[(m.number, y)], result.row(m.number, y).continuations)
                    for y in result.years)
        rows.append(RunRow(m, row, sum(c.amount for c in row)))
    groups = tuple((region, tuple(rs)) for region, rs in groupby(rows, key=lambda r: r.municipality.region))
    totals = tuple(sum(r.cells[i].amount for r in rows) for i in range(len(result.years)))
    return RunTable(result.years, groups, totals, sum(totals), len(rows) == len(result.municipalities),
                    result.warnings)


@dataclass(frozen=True)
class CompareRow:
    municipality: RunMunicipality | None
    year: int
    amounts: tuple[int | None, ...]
    differences: tuple[int | None, ...]  # each run after the first minus the first


@dataclass(frozen=True)
class Comparison:
    runs: tuple[AllocationRun, ...]
    rows: tuple[CompareRow, ...]
    totals: tuple[CompareRow, ...]  # one per year (municipality None); plus the sum over the years (year 0)


def _differences(amounts: tuple[int | None, ...]) -> tuple[int | None, ...]:
    first = amounts[0]
    return tuple(None if a is None or first is None else a - first for a in amounts[1:])


def run_comparison(user, runs_: list[AllocationRun]) -> Comparison:
    """Amounts per municipality and year side by side, with each run's difference from the first run."""
    stored = [stored_allocation(run) for run in runs_]
    seen: dict[str, RunMunicipality] = {}
    for s in stored:
        for m in s.visible_to(user):
            seen.setdefault(m.number, m)
    years = sorted({y for s in stored for y in s.years})
    municipalities = sorted(seen.values(), key=lambda m: (m.region, m.name, m.number))

    rows = []
    sums: dict[int, list[int]] = {y: [0] * len(runs_) for y in years}
    for m in municipalities:
        for year in years:
            amounts = tuple(s.result.amounts.get((m.number, year)) for s in stored)
            rows.append(CompareRow(m, year, amounts, _differences(amounts)))
            for i, a in enumerate(amounts):
                sums[year][i] += a or 0
    totals = [CompareRow(None, y, tuple(sums[y]), _differences(tuple(sums[y]))) for y in years]
    grand = tuple(sum(sums[y][i] for y in years) for i in range(len(runs_)))
    totals.append(CompareRow(None, 0, grand, _differences(grand)))
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


# --- The allocation rules pages ----------------------------------------------------------------------------
#
# Reads for the allocation rules pages: access, continuations, and whether the engine accepts the programme.
#
# The engine (``samla.core.allocation``) is the one place the allocation rules are checked. ``engine_problem``
# asks it about a stored programme; a programme whose participants are not decided yet is checked with one
# stand-in participant, so every rule except the participants' own data (awards, indicators, decisions) is
# checked. ``engine_problem_text`` says the engine's problem in the active language (see texts.py).

STAND_IN = "0000"  # the stand-in participant's number: no real municipality number starts with 00


def programme_for_rules(user, slug: str) -> Programme:
    """The programme, if the user may change its allocation rules (the directorate); ``PermissionDenied``
    for a missing programme as well, so a guessed slug reveals nothing."""
    programme = programme_by_slug(slug)
    if programme is None or not access.can_manage_allocation(user):
        raise PermissionDenied(NOT_ALLOWED)
    return programme


def continuations_of(programme: Programme) -> QuerySet[models.Continuation]:
    return programme.continuations.select_related("municipality", "scheme").order_by(
        "year", "municipality__name", "scheme__key")


def continuation_for(user, programme: Programme, pk: int) -> models.Continuation:
    """One continuation of the programme; ``PermissionDenied`` alike for a missing one and one of another
    programme."""
    continuation = continuations_of(programme).filter(pk=pk).first()
    if continuation is None or not access.can_manage_allocation(user):
        raise PermissionDenied(NOT_ALLOWED)
    return continuation


def continuation_totals(programme: Programme) -> list[tuple[int, int, int]]:
    """(year, total NOK, number of continuations) for every programme year, zeros included."""
    sums = {row["year"]: (row["total"], row["n"]) for row in programme.continuations.values("year").annotate(
        total=Sum("amount"), n=Count("id"))}
    return [(year, *sums.get(year, (0, 0))) for year in programme.years]


# --- The engine's verdict ---------------------------------------------------------------------------------

def _with_stand_in(spec: ProgrammeSpec) -> ProgrammeSpec:
    """The programme's rules with one stand-in participant and no participant data. An indicator used by a
    distribution key or the surplus counts 1 for it (so its sum is not zero); one used only by a rate counts 0
    (so a budget check does not fail on an invented amount). If the rules fail here, they fail for any
    participants."""
    weighted = {(r.indicator, indicator_year(spec, r)) for r in spec.schemes if r.method == "key" and r.indicator}
    if spec.surplus_indicator:
        year = spec.surplus_indicator_year if spec.surplus_indicator_year is not None else spec.base_year - 1
        weighted.add((spec.surplus_indicator, year))
    rated = {(r.indicator, indicator_year(spec, r)) for r in spec.schemes if r.method == "rate" and r.indicator}
    indicators = {(STAND_IN, code, year): Decimal(0) for code, year in rated}
    indicators |= {(STAND_IN, code, year): Decimal(1) for code, year in weighted}
    return dataclasses.replace(spec, municipalities=(MunicipalityRef(STAND_IN, "–"),), awards={},
                               indicators=indicators, decided={}, continuations=())


def engine_problem(programme: Programme) -> AllocationError | None:
    """The engine's objection to the programme as stored now, or None when it computes the allocation."""
    spec = programme_spec(programme)
    if not spec.municipalities:
        spec = _with_stand_in(spec)
    try:
        allocate(spec)
    except AllocationError as error:
        return error
    return None


def engine_problem_text(error: AllocationError) -> str:
    """The engine's problem as a sentence in the active language (the engine's own wording, translated)."""
    return error_text(error)
