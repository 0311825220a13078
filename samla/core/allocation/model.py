"""The engine's types: its input (``ProgrammeSpec``) and its result (``AllocationResult``).

Money is int NOK; shares are exact Fractions. This module imports nothing else of the engine, so every other
module can import it (engine → explain → model, document → model; no cycles).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

if TYPE_CHECKING:  # pragma: no cover - types only
    from samla.core.allocation.rounding import Apportionment

Method = Literal["historical", "key", "rate"]
ResidualPolicy = Literal["largest", "largest_remainder"]
SurplusMethod = Literal["indicator", "equal", "pot"]
Scenario = Literal["as_run", "strict_pooling", "without_continuations"]

METHODS: tuple[str, ...] = ("historical", "key", "rate")
RESIDUAL_POLICIES: tuple[str, ...] = ("largest", "largest_remainder")
SURPLUS_METHODS: tuple[str, ...] = ("indicator", "equal", "pot")
SCENARIOS: tuple[str, ...] = ("as_run", "strict_pooling", "without_continuations")


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


def scheme_base_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    """The year whose award a historical scheme holds harmless (default: the year before the programme)."""
    return rule.base_year if rule.base_year is not None else spec.base_year - 1


def indicator_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    """The year of the indicator a key or rate scheme reads (default: the year before the programme)."""
    return rule.indicator_year if rule.indicator_year is not None else spec.base_year - 1


@dataclass(frozen=True)
class ExplanationPart:
    """One addend of an amount. The parts of an explanation sum exactly to the amount.

    ``label`` and ``detail`` (like an explanation's rule, factors and steps, and the result's warnings) are
    ``Text`` objects: English strings that a user interface can render in its own language (see text.py)."""

    code: str  # entitlement, floor, surplus, decision, base, growth, rounding, residual, continuation
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

    def entitlements(self) -> dict[str, Fraction]:
        """The hold-harmless entitlement per scheme (the parts of a base-year explanation)."""
        return {p.scheme: p.value for p in self.parts if p.code == "entitlement" and p.scheme}


class ContinuationRow(NamedTuple):
    """Hold-harmless comparison of one municipality in one year, with both scenarios."""

    municipality: str
    year: int
    baseline: int  # Σ of the base-year entitlements from the pooled schemes (hold-harmless level), rounded
    programme: int  # programme amount
    continuations: int  # old grants running beside the programme
    as_run: int  # programme + continuations
    strict_pooling: int  # programme with continuations deducted: the continuations are paid from the pot
    strict_programme: int  # what the programme itself pays under strict pooling (≥ 0)
    by_scheme: tuple[tuple[str, int], ...] = ()


def continuation_row(municipality: str, year: int, baseline: int, programme: int, continuations: int,
                     by_scheme: tuple[tuple[str, int], ...] = ()) -> ContinuationRow:
    """The row, with the scenario amounts derived from programme and continuations."""
    strict_programme = programme - continuations if programme > continuations else 0
    return ContinuationRow(municipality, year, baseline, programme, continuations, programme + continuations,
                           strict_programme + continuations, strict_programme, by_scheme)


class Explanations(Protocol):
    """Where a result's explanations come from: built on demand by the engine, or read from a stored run."""

    def explain(self, result: AllocationResult, municipality: str, year: int) -> Explanation: ...


@dataclass(frozen=True)
class EngineTrace:
    """How the engine reached the amounts, for explanations built on demand and for the property tests.

    Shares are kept as integer numerators over one denominator each (exact and fast); the methods give them
    as Fractions."""

    spec: ProgrammeSpec
    numbers: tuple[str, ...]  # the participants, sorted
    entitled_num: Mapping[str, int]  # Σ entitlements over ``entitled_den``
    entitled_den: int
    pot_num: Mapping[str, int]  # max(entitled, floor) over ``entitled_den``
    surplus_num: Mapping[str, int]  # share of the budget surplus over ``base_den``
    base_num: Mapping[str, int]  # exact base-year amount (pot + surplus) over ``base_den``
    base_den: int
    rounds: Mapping[int, Apportionment]
    scheme_entitlement: SchemeEntitlements

    def entitled(self, municipality: str) -> Fraction:
        return Fraction(self.entitled_num[municipality], self.entitled_den)

    def pot(self, municipality: str) -> Fraction:
        return Fraction(self.pot_num[municipality], self.entitled_den)

    def surplus(self, municipality: str) -> Fraction:
        return Fraction(self.surplus_num[municipality], self.base_den)

    def base_exact(self, municipality: str) -> Fraction:
        return Fraction(self.base_num[municipality], self.base_den)

    @property
    def entitlements(self) -> SchemeEntitlements:
        return self.scheme_entitlement


class SchemeEntitlements(Mapping[tuple[str, str], Fraction]):
    """entitlement[(municipality, scheme)] as an exact Fraction, computed when asked."""

    def __init__(self, values: Mapping[str, Mapping[str, int]], denominators: Mapping[str, int],
                 numbers: tuple[str, ...]) -> None:
        self._values = values  # scheme → municipality → numerator
        self._den = denominators  # scheme → denominator
        self._numbers = numbers
        self._participants = frozenset(numbers)

    def __getitem__(self, key: tuple[str, str]) -> Fraction:
        municipality, scheme = key
        if scheme not in self._den or municipality not in self._participants:
            raise KeyError(key)
        return Fraction(self._values[scheme].get(municipality, 0), self._den[scheme])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for scheme in self._den:
            for municipality in self._numbers:
                yield municipality, scheme

    def __len__(self) -> int:
        return len(self._den) * len(self._numbers)


@dataclass(frozen=True, eq=False)
class AllocationResult:
    """A computed or stored allocation: amounts per municipality and year, totals, continuations, warnings and
    an explanation of every amount.

    ``allocate()`` returns one with its ``trace`` and explanations built on demand; ``document.result_from_data``
    reads one back from a stored run (``trace`` None, explanations as stored). ``scenario`` says how the
    continuations were treated (``scenarios.py``). Everything a page, a letter, the API or the command line shows
    of an amount comes from here."""

    name: str
    years: tuple[int, ...]
    municipalities: tuple[MunicipalityRef, ...]
    schemes: tuple[SchemeRule, ...]
    totals: Mapping[int, int]
    amounts: Mapping[tuple[str, int], int]
    continuation_rows: tuple[ContinuationRow, ...]
    warnings: tuple[str, ...]
    explanations: Explanations = field(repr=False)
    scenario: Scenario = "as_run"
    trace: EngineTrace | None = field(default=None, repr=False)

    def municipality(self, number: str) -> MunicipalityRef:
        for m in self.municipalities:
            if m.number == number:
                return m
        raise KeyError(number)

    def amount(self, municipality: str, year: int) -> int:
        return self.amounts[(municipality, year)]

    def explain(self, municipality: str, year: int) -> Explanation:
        """Why the amount is what it is. ``KeyError`` for a municipality or year without an amount."""
        if (municipality, year) not in self.amounts:
            raise KeyError((municipality, year))
        return self.explanations.explain(self, municipality, year)

    def row(self, municipality: str, year: int) -> ContinuationRow:
        for r in self.continuation_rows:
            if r.municipality == municipality and r.year == year:
                return r
        raise KeyError((municipality, year))

    @property
    def spec(self) -> ProgrammeSpec:
        """The input of a computed result (a stored result has none: its input is stored beside it)."""
        if self.trace is None:
            raise AttributeError("a stored allocation result carries no engine input")
        return self.trace.spec
