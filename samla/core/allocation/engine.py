"""The allocation engine. Exact arithmetic throughout; only final amounts are rounded.

Rules (docs/allocation.md has the full text):

1. Entitlement of municipality m from scheme s (hold-harmless):
   historical: m's award from s in the scheme's base year;
   key:        budget(s) × indicator(m) / Σ indicator over the participants;
   rate:       rate(s) × indicator(m).
2. pot(m) = max(Σ_s entitlement(m, s), floor).
3. Budget B (optional): Σ pot > B is an error; a surplus B − Σ pot is shared pro rata to an
   indicator, equally, or pro rata to the pots. T0 = B, or Σ pot rounded to the unit.
4. Decided base amounts (optional) replace the computed ones; then T0 = their sum.
5. Later years: T(y) = round(T(y−1) × (1 + growth(y))); amount(m, y) = round(base(m) × T(y) / T0).
6. Each year's amounts sum exactly to T(y) by the residual policy (see rounding.apportion).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction

from samla.core.allocation import errors as E
from samla.core.allocation.model import (
    METHODS,
    RESIDUAL_POLICIES,
    SURPLUS_METHODS,
    AllocationResult,
    ContinuationRow,
    ProgrammeSpec,
    SchemeRule,
)
from samla.core.allocation.rounding import Apportionment, apportion, round_half_up


def _scaled(value: Decimal) -> tuple[int, int]:
    """A non-negative Decimal as (integer, power of ten): 12.5 → (125, 1)."""
    sign, digits, exponent = value.as_tuple()
    if sign or not isinstance(exponent, int):
        raise E.AllocationError(f"invalid indicator value {value}")
    number = int("".join(map(str, digits)) or "0")
    if exponent >= 0:
        return number * 10**exponent, 0
    return number, -exponent


class EntitlementTable(Mapping[tuple[str, str], Fraction]):
    """Entitlements kept as integer numerators over one denominator per scheme (fast, exact)."""

    def __init__(self, numerators: dict[str, dict[str, int]], denominators: dict[str, int]) -> None:
        self._num = numerators  # scheme → municipality → numerator
        self._den = denominators  # scheme → denominator

    def __getitem__(self, key: tuple[str, str]) -> Fraction:
        municipality, scheme = key
        return Fraction(self._num[scheme].get(municipality, 0), self._den[scheme])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for scheme, row in self._num.items():
            for municipality in row:
                yield municipality, scheme

    def __len__(self) -> int:
        return sum(len(row) for row in self._num.values())

    def total(self, municipality: str) -> Fraction:
        by_den: dict[int, int] = defaultdict(int)
        for scheme, row in self._num.items():
            by_den[self._den[scheme]] += row.get(municipality, 0)
        return sum((Fraction(n, d) for d, n in by_den.items()), Fraction(0))


def scheme_base_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    return rule.base_year if rule.base_year is not None else spec.base_year - 1


def indicator_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    return rule.indicator_year if rule.indicator_year is not None else spec.base_year - 1


def _validate(spec: ProgrammeSpec) -> None:
    if not spec.municipalities:
        raise E.InputError(E.NO_PARTICIPANTS)
    numbers = [m.number for m in spec.municipalities]
    if len(set(numbers)) != len(numbers):
        raise E.InputError("duplicate municipality in the programme")
    years = list(spec.years)
    if not years or years != list(range(years[0], years[0] + len(years))):
        raise E.InputError("years must be consecutive and increasing, e.g. [2020, 2021, 2022]")
    if spec.rounding_unit <= 0:
        raise E.InputError("rounding_unit must be a positive whole number of NOK")
    if spec.residual_policy not in RESIDUAL_POLICIES:
        raise E.InputError(f"residual_policy must be one of {', '.join(RESIDUAL_POLICIES)}")
    if spec.surplus not in SURPLUS_METHODS:
        raise E.InputError(f"surplus method must be one of {', '.join(SURPLUS_METHODS)}")
    if spec.floor < 0:
        raise E.InputError("floor must not be negative")
    if spec.budget is not None:
        if spec.budget < 0:
            raise E.InputError("budget must not be negative")
        if spec.budget % spec.rounding_unit:
            raise E.InputError(E.BUDGET_NOT_MULTIPLE.format(budget=spec.budget, unit=spec.rounding_unit))
    for year in years[1:]:
        if year not in spec.growth:
            raise E.InputError(E.NO_GROWTH.format(year=year))
    keys = [s.key for s in spec.schemes]
    if len(set(keys)) != len(keys):
        raise E.InputError("duplicate scheme in the programme")
    for rule in spec.schemes:
        if rule.method not in METHODS:
            raise E.InputError(f"scheme {rule.key}: method must be one of {', '.join(METHODS)}")
        if rule.method in ("key", "rate") and not rule.indicator:
            raise E.InputError(f"scheme {rule.key}: method {rule.method} needs an indicator")
        if rule.method == "key" and (rule.budget is None or rule.budget < 0):
            raise E.InputError(f"scheme {rule.key}: method key needs a non-negative budget")
        if rule.method == "rate" and (rule.rate is None or rule.rate < 0):
            raise E.InputError(f"scheme {rule.key}: method rate needs a non-negative rate")
    participants = set(numbers)
    for (number, year), amount in spec.decided.items():
        if number not in participants:
            raise E.InputError(E.UNKNOWN_MUNICIPALITY.format(number=number))
        if year != spec.base_year:
            raise E.InputError(E.DECIDED_WRONG_YEAR.format(base=spec.base_year, year=year))
        if amount < 0:
            raise E.InputError("decided amounts must not be negative")
    if spec.decided:
        missing = sorted(participants - {m for m, _ in spec.decided})
        if missing:
            raise E.InputError(E.DECIDED_INCOMPLETE.format(missing=", ".join(missing)))
    for c in spec.continuations:
        if c.municipality not in participants:
            raise E.InputError(E.UNKNOWN_MUNICIPALITY.format(number=c.municipality))
        if c.scheme not in keys:
            raise E.InputError(E.UNKNOWN_SCHEME.format(key=c.scheme))
        if c.year not in years:
            raise E.InputError(f"continuation year {c.year} is outside the programme years")
        if c.amount < 0:
            raise E.InputError("continuation amounts must not be negative")


def _entitlements(spec: ProgrammeSpec, numbers: list[str]) -> EntitlementTable:
    numerators: dict[str, dict[str, int]] = {}
    denominators: dict[str, int] = {}
    awards = spec.awards
    indicators = spec.indicators
    for rule in spec.schemes:
        if rule.method == "historical":
            year = scheme_base_year(spec, rule)
            numerators[rule.key] = {m: awards.get((m, rule.key, year), 0) for m in numbers}
            denominators[rule.key] = 1
            continue
        year = indicator_year(spec, rule)
        scaled: dict[str, tuple[int, int]] = {}
        for m in numbers:
            value = indicators.get((m, rule.indicator or "", year))
            if value is None:
                raise E.InputError(E.MISSING_INDICATOR.format(
                    scheme=rule.key, indicator=rule.indicator, year=year, municipality=m))
            scaled[m] = _scaled(value)
        power = max(p for _, p in scaled.values())
        ints = {m: n * 10 ** (power - p) for m, (n, p) in scaled.items()}
        if rule.method == "key":
            total = sum(ints.values())
            if total == 0:
                raise E.InputError(E.INDICATOR_SUM_ZERO.format(
                    scheme=rule.key, indicator=rule.indicator, year=year))
            budget = rule.budget or 0
            numerators[rule.key] = {m: budget * v for m, v in ints.items()}
            denominators[rule.key] = total
        else:
            rate_int, rate_power = _scaled(rule.rate or Decimal(0))
            numerators[rule.key] = {m: rate_int * v for m, v in ints.items()}
            denominators[rule.key] = 10 ** (power + rate_power)
    return EntitlementTable(numerators, denominators)


def _surplus_weights(spec: ProgrammeSpec, numbers: list[str], pots: dict[str, Fraction]) -> dict[str, Fraction]:
    if spec.surplus == "equal":
        return {m: Fraction(1) for m in numbers}
    if spec.surplus == "pot":
        return dict(pots)
    indicator = spec.surplus_indicator
    if not indicator:
        raise E.InputError("surplus method indicator needs surplus_indicator")
    year = spec.surplus_indicator_year if spec.surplus_indicator_year is not None else spec.base_year - 1
    weights = {}
    for m in numbers:
        value = spec.indicators.get((m, indicator, year))
        if value is None:
            raise E.InputError(E.MISSING_INDICATOR.format(
                scheme="surplus", indicator=indicator, year=year, municipality=m))
        weights[m] = Fraction(value)
    return weights


def _money(amount: int | Fraction) -> str:
    return f"{int(amount):,}".replace(",", " ") if Fraction(amount).denominator == 1 else f"{float(amount):,.2f}"


def allocate(spec: ProgrammeSpec) -> AllocationResult:
    """Compute every year's amounts for every participant. Raises AllocationError on bad input."""
    _validate(spec)
    numbers = sorted(m.number for m in spec.municipalities)
    names = {m.number: m.name for m in spec.municipalities}
    unit = spec.rounding_unit
    warnings: list[str] = []

    table = _entitlements(spec, numbers)
    entitled = {m: table.total(m) for m in numbers}
    pots = {m: max(entitled[m], Fraction(spec.floor)) for m in numbers}
    pot_sum = sum(pots.values(), Fraction(0))

    surplus = dict.fromkeys(numbers, Fraction(0))
    if spec.budget is not None and not spec.decided:
        if pot_sum > spec.budget:
            raise E.AllocationError(E.HOLD_HARMLESS_EXCEEDS_BUDGET.format(
                pots=_money(round_half_up(pot_sum, 1)), budget=_money(spec.budget)))
        remaining = spec.budget - pot_sum
        if remaining:
            weights = _surplus_weights(spec, numbers, pots)
            weight_sum = sum(weights.values(), Fraction(0))
            if weight_sum == 0:
                raise E.InputError("the surplus weights sum to zero")
            surplus = {m: remaining * weights[m] / weight_sum for m in numbers}

    base_exact = {m: pots[m] + surplus[m] for m in numbers}
    base_year = spec.base_year
    if spec.decided:
        base = {m: spec.decided[(m, base_year)] for m in numbers}
        t0 = sum(base.values())
        if spec.budget is not None and t0 != spec.budget:
            warnings.append(f"the decided amounts sum to {_money(t0)} NOK, not the budget {_money(spec.budget)} NOK")
        base_round = Apportionment(t0, base, dict(base), dict.fromkeys(numbers, 0), 0, None)
    else:
        t0 = spec.budget if spec.budget is not None else round_half_up(sum(base_exact.values(), Fraction(0)), unit)
        base_round = apportion(base_exact, t0, unit, spec.residual_policy)
        base = base_round.amounts

    years = tuple(spec.years)
    totals = {base_year: t0}
    rounds = {base_year: base_round}
    amounts = {(m, base_year): base[m] for m in numbers}
    for year in years[1:]:
        growth = spec.growth[year].rate
        totals[year] = round_half_up(Fraction(totals[year - 1]) * (1 + Fraction(growth)), unit)
        if t0 == 0:
            raise E.AllocationError("the base-year total is zero, so later years cannot be indexed")
        exact = {m: Fraction(base[m] * totals[year], t0) for m in numbers}
        rounds[year] = apportion(exact, totals[year], unit, spec.residual_policy)
        for m in numbers:
            amounts[(m, year)] = rounds[year].amounts[m]

    rows = _continuation_rows(spec, numbers, entitled, amounts)
    continued = {row.municipality: row.continuations for row in rows if row.year == base_year}
    # Computed pots are ≥ the entitlements by construction (up to rounding to the unit); only decided
    # amounts can break hold-harmless, so only they are checked.
    for m in numbers if spec.decided else ():
        if base[m] < entitled[m]:
            short = round_half_up(entitled[m] - base[m], 1)
            message = (f"hold-harmless not met for {m} {names[m]} in {base_year}: programme amount "
                       f"{_money(base[m])} NOK is {_money(short)} NOK below the pooled schemes' "
                       f"{_money(round_half_up(entitled[m], 1))} NOK")
            if continued[m]:
                gap = round_half_up(entitled[m] - base[m] - continued[m], 1)
                message += (f"; with {_money(continued[m])} NOK of continued grants the gap is {_money(gap)} NOK"
                            if gap > 0 else f"; met only through {_money(continued[m])} NOK of continued grants")
            warnings.append(message)

    for row in rows:
        if row.continuations:
            schemes = ", ".join(k for k, _ in row.by_scheme)
            warnings.append(
                f"double financing: {row.municipality} {names[row.municipality]} receives "
                f"{_money(row.continuations)} NOK in {row.year} from continued grants ({schemes}) "
                f"beside its programme amount {_money(row.programme)} NOK"
            )

    result = AllocationResult(
        spec=spec, years=years, totals=totals, amounts=amounts, entitlements=table,
        pots=pots, continuation_rows=rows, warnings=warnings,
    )
    result._trace = {"entitled": entitled, "surplus": surplus, "base_exact": base_exact, "rounds": rounds}
    return result


def _continuation_rows(spec: ProgrammeSpec, numbers: list[str], entitled: dict[str, Fraction],
                       amounts: dict[tuple[str, int], int]) -> list[ContinuationRow]:
    by_key: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in spec.continuations:
        by_key[(c.municipality, c.year)][c.scheme] += c.amount
    rows = []
    for m in numbers:
        baseline = round_half_up(entitled[m], 1)
        for year in spec.years:
            schemes = by_key.get((m, year), {})
            cont = sum(schemes.values())
            programme = amounts[(m, year)]
            strict_programme = max(programme - cont, 0)
            rows.append(ContinuationRow(
                municipality=m, year=year, baseline=baseline, programme=programme, continuations=cont,
                as_run=programme + cont, strict_pooling=strict_programme + cont,
                strict_programme=strict_programme, by_scheme=tuple(sorted(schemes.items())),
            ))
    return rows
