"""Reads of the allocation app: programmes, the engine input built from the database, and page tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import QuerySet

from samla.allocation.models import Programme
from samla.core.allocation import (
    AllocationResult,
    Continuation,
    ContinuationRow,
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
