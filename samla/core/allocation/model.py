"""Input and output types of the allocation engine. Money is int NOK; shares are exact Fractions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

Method = Literal["historical", "key", "rate"]
ResidualPolicy = Literal["largest", "largest_remainder"]
SurplusMethod = Literal["indicator", "equal", "pot"]

METHODS: tuple[str, ...] = ("historical", "key", "rate")
RESIDUAL_POLICIES: tuple[str, ...] = ("largest", "largest_remainder")
SURPLUS_METHODS: tuple[str, ...] = ("indicator", "equal", "pot")


@dataclass(frozen=True)
class MunicipalityRef:
    number: str
    name: str
    region: str = ""


@dataclass(frozen=True)
class SchemeRule:
    """How one pooled scheme turns into an entitlement per municipality.

    historical: the municipality's award from the scheme in ``base_year``.
    key:        ``budget`` × indicator(m) / Σ indicator over the participants.
    rate:       ``rate`` × indicator(m).
    """

    key: str
    method: Method = "historical"
    title: str = ""
    ministry: str = ""
    base_year: int | None = None
    budget: int | None = None
    indicator: str | None = None
    indicator_year: int | None = None
    rate: Decimal | None = None


@dataclass(frozen=True)
class GrowthFactor:
    year: int
    rate: Decimal
    source: str = ""


@dataclass(frozen=True)
class Continuation:
    """An old grant from a pooled scheme that keeps running beside the programme."""

    municipality: str
    scheme: str
    year: int
    amount: int


@dataclass(frozen=True)
class ProgrammeSpec:
    name: str
    years: tuple[int, ...]
    municipalities: tuple[MunicipalityRef, ...]
    schemes: tuple[SchemeRule, ...]
    rounding_unit: int = 1
    residual_policy: ResidualPolicy = "largest"
    floor: int = 0
    budget: int | None = None
    surplus: SurplusMethod = "indicator"
    surplus_indicator: str | None = None
    surplus_indicator_year: int | None = None
    growth: Mapping[int, GrowthFactor] = field(default_factory=dict)
    awards: Mapping[tuple[str, str, int], int] = field(default_factory=dict)
    indicators: Mapping[tuple[str, str, int], Decimal] = field(default_factory=dict)
    decided: Mapping[tuple[str, int], int] = field(default_factory=dict)
    continuations: tuple[Continuation, ...] = ()
    description: str = ""

    @property
    def base_year(self) -> int:
        return self.years[0]


@dataclass(frozen=True)
class ExplanationPart:
    """One addend of an amount. The parts of an explanation sum exactly to the amount.

    ``label`` and ``detail`` (like an explanation's rule, factors and steps, and the result's warnings) are
    ``Text`` objects: English strings that a user interface can render in its own language (see text.py)."""

    code: str  # entitlement, floor, surplus, decision, base, growth, rounding, residual
    label: str
    value: Fraction
    detail: str = ""
    scheme: str | None = None


@dataclass(frozen=True)
class Explanation:
    municipality: MunicipalityRef
    year: int
    amount: int
    rule: str
    parts: tuple[ExplanationPart, ...]
    factors: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]

    def total(self) -> Fraction:
        return sum((p.value for p in self.parts), Fraction(0))


@dataclass(frozen=True)
class ContinuationRow:
    """Hold-harmless comparison of one municipality in one year, with both scenarios."""

    municipality: str
    year: int
    baseline: int  # Σ of the base-year awards from the pooled schemes (hold-harmless level)
    programme: int  # programme amount
    continuations: int  # old grants running beside the programme
    as_run: int  # programme + continuations
    strict_pooling: int  # programme with continuations deducted: the continuations are paid from the pot
    strict_programme: int  # what the programme itself pays under strict pooling (≥ 0)
    by_scheme: tuple[tuple[str, int], ...] = ()


@dataclass
class AllocationResult:
    spec: ProgrammeSpec
    years: tuple[int, ...]
    totals: dict[int, int]
    amounts: dict[tuple[str, int], int]
    entitlements: Mapping[tuple[str, str], Fraction]
    pots: dict[str, Fraction]
    continuation_rows: list[ContinuationRow]
    warnings: list[str]
    _trace: dict = field(repr=False, default_factory=dict)

    @property
    def municipalities(self) -> tuple[MunicipalityRef, ...]:
        return self.spec.municipalities

    def municipality(self, number: str) -> MunicipalityRef:
        for m in self.spec.municipalities:
            if m.number == number:
                return m
        raise KeyError(number)

    def amount(self, municipality: str, year: int) -> int:
        return self.amounts[(municipality, year)]

    def explain(self, municipality: str, year: int) -> Explanation:
        from samla.core.allocation.explain import explain

        return explain(self, municipality, year)
