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
from samla.core.allocation.text import Text, gettext_noop


def _scaled(value: Decimal) -> tuple[int, int]:
    """A non-negative Decimal as (integer, power of ten): 12.5 → (125, 1)."""
    sign, digits, exponent = value.as_tuple()
    if sign or not isinstance(exponent, int):
        raise E.AllocationError(Text(E.INVALID_INDICATOR_VALUE, value=value))
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
        raise E.InputError(Text(E.NO_PARTICIPANTS))
    numbers = [m.number for m in spec.municipalities]
    if len(set(numbers)) != len(numbers):
        raise E.InputError(Text(E.DUPLICATE_MUNICIPALITY))
    years = list(spec.years)
    if not years or years != list(range(years[0], years[0] + len(years))):
        raise E.InputError(Text(E.YEARS_NOT_CONSECUTIVE))
    if spec.rounding_unit <= 0:
        raise E.InputError(Text(E.ROUNDING_UNIT_NOT_POSITIVE))
    if spec.residual_policy not in RESIDUAL_POLICIES:
        raise E.InputError(Text(E.RESIDUAL_POLICY_UNKNOWN, choices=", ".join(RESIDUAL_POLICIES)))
    if spec.surplus not in SURPLUS_METHODS:
        raise E.InputError(Text(E.SURPLUS_METHOD_UNKNOWN, choices=", ".join(SURPLUS_METHODS)))
    if spec.floor < 0:
        raise E.InputError(Text(E.FLOOR_NEGATIVE))
    if spec.budget is not None:
        if spec.budget < 0:
            raise E.InputError(Text(E.BUDGET_NEGATIVE))
        if spec.budget % spec.rounding_unit:
            raise E.InputError(Text(E.BUDGET_NOT_MULTIPLE, budget=_money(spec.budget), unit=_money(spec.rounding_unit)))
    for year in years[1:]:
        if year not in spec.growth:
            raise E.InputError(Text(E.NO_GROWTH, year=year))
    keys = [s.key for s in spec.schemes]
    if len(set(keys)) != len(keys):
        raise E.InputError(Text(E.DUPLICATE_SCHEME))
    for rule in spec.schemes:
        if rule.method not in METHODS:
            raise E.InputError(Text(E.SCHEME_METHOD_UNKNOWN, scheme=rule.key, choices=", ".join(METHODS)))
        if rule.method in ("key", "rate") and not rule.indicator:
            raise E.InputError(Text(E.SCHEME_NEEDS_INDICATOR[rule.method], scheme=rule.key))
        if rule.method == "key" and (rule.budget is None or rule.budget < 0):
            raise E.InputError(Text(E.KEY_NEEDS_BUDGET, scheme=rule.key))
        if rule.method == "rate" and (rule.rate is None or rule.rate < 0):
            raise E.InputError(Text(E.RATE_NEEDS_RATE, scheme=rule.key))
    participants = set(numbers)
    for (number, year), amount in spec.decided.items():
        if number not in participants:
            raise E.InputError(Text(E.UNKNOWN_MUNICIPALITY, number=number))
        if year != spec.base_year:
            raise E.InputError(Text(E.DECIDED_WRONG_YEAR, base=spec.base_year, year=year))
        if amount < 0:
            raise E.InputError(Text(E.DECIDED_NEGATIVE))
    if spec.decided:
        missing = sorted(participants - {m for m, _ in spec.decided})
        if missing:
            raise E.InputError(Text(E.DECIDED_INCOMPLETE, missing=", ".join(missing)))
    for c in spec.continuations:
        if c.municipality not in participants:
            raise E.InputError(Text(E.UNKNOWN_MUNICIPALITY, number=c.municipality))
        if c.scheme not in keys:
            raise E.InputError(Text(E.UNKNOWN_SCHEME, key=c.scheme))
        if c.year not in years:
            raise E.InputError(Text(E.CONTINUATION_YEAR_OUTSIDE, year=c.year))
        if c.amount < 0:
            raise E.InputError(Text(E.CONTINUATION_NEGATIVE))


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
                raise E.InputError(Text(E.MISSING_INDICATOR, scheme=rule.key, indicator=rule.indicator, year=year,
                                        municipality=m))
            scaled[m] = _scaled(value)
        power = max(p for _, p in scaled.values())
        ints = {m: n * 10 ** (power - p) for m, (n, p) in scaled.items()}
        if rule.method == "key":
            total = sum(ints.values())
            if total == 0:
                raise E.InputError(Text(E.INDICATOR_SUM_ZERO, scheme=rule.key, indicator=rule.indicator, year=year))
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
        raise E.InputError(Text(E.SURPLUS_NEEDS_INDICATOR))
    year = spec.surplus_indicator_year if spec.surplus_indicator_year is not None else spec.base_year - 1
    weights = {}
    for m in numbers:
        value = spec.indicators.get((m, indicator, year))
        if value is None:
            raise E.InputError(Text(E.MISSING_SURPLUS_INDICATOR, indicator=indicator, year=year, municipality=m))
        weights[m] = Fraction(value)
    return weights


# The warnings (Text templates; see text.py).
DECIDED_NOT_BUDGET = gettext_noop("the decided amounts sum to {total} NOK, not the budget {budget} NOK")
HOLD_HARMLESS_NOT_MET = gettext_noop(
    "hold-harmless not met for {number} {name} in {year}: programme amount {amount} NOK is {short} NOK below "
    "the pooled schemes' {entitled} NOK")
HOLD_HARMLESS_GAP = gettext_noop(
    "hold-harmless not met for {number} {name} in {year}: programme amount {amount} NOK is {short} NOK below "
    "the pooled schemes' {entitled} NOK; with {continued} NOK of continued grants the gap is {gap} NOK")
HOLD_HARMLESS_BY_CONTINUATIONS = gettext_noop(
    "hold-harmless not met for {number} {name} in {year}: programme amount {amount} NOK is {short} NOK below "
    "the pooled schemes' {entitled} NOK; met only through {continued} NOK of continued grants")
DOUBLE_FINANCING = gettext_noop(
    "double financing: {number} {name} receives {amount} NOK in {year} from continued grants ({schemes}) "
    "beside its programme amount {programme} NOK")


def _money(amount: int | Fraction) -> str:
    return f"{int(amount):,}".replace(",", " ") if Fraction(amount).denominator == 1 else f"{float(amount):,.2f}"


def allocate(spec: ProgrammeSpec) -> AllocationResult:
    """Compute every year's amounts for every participant. Raises AllocationError on bad input."""
    _validate(spec)
    numbers = sorted(m.number for m in spec.municipalities)
    names = {m.number: m.name for m in spec.municipalities}
    unit = spec.rounding_unit
    warnings: list[Text] = []

    table = _entitlements(spec, numbers)
    entitled = {m: table.total(m) for m in numbers}
    pots = {m: max(entitled[m], Fraction(spec.floor)) for m in numbers}
    pot_sum = sum(pots.values(), Fraction(0))

    surplus = dict.fromkeys(numbers, Fraction(0))
    if spec.budget is not None and not spec.decided:
        if pot_sum > spec.budget:
            raise E.AllocationError(Text(E.HOLD_HARMLESS_EXCEEDS_BUDGET, pots=_money(round_half_up(pot_sum, 1)),
                                         budget=_money(spec.budget)))
        remaining = spec.budget - pot_sum
        if remaining:
            weights = _surplus_weights(spec, numbers, pots)
            weight_sum = sum(weights.values(), Fraction(0))
            if weight_sum == 0:
                raise E.InputError(Text(E.SURPLUS_WEIGHTS_ZERO))
            surplus = {m: remaining * weights[m] / weight_sum for m in numbers}

    base_exact = {m: pots[m] + surplus[m] for m in numbers}
    base_year = spec.base_year
    if spec.decided:
        base = {m: spec.decided[(m, base_year)] for m in numbers}
        t0 = sum(base.values())
        if spec.budget is not None and t0 != spec.budget:
            warnings.append(Text(DECIDED_NOT_BUDGET, total=_money(t0), budget=_money(spec.budget)))
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
            raise E.AllocationError(Text(E.BASE_TOTAL_ZERO))
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
            params = {"number": m, "name": names[m], "year": base_year, "amount": _money(base[m]),
                      "short": _money(short), "entitled": _money(round_half_up(entitled[m], 1))}
            if not continued[m]:
                warnings.append(Text(HOLD_HARMLESS_NOT_MET, **params))
                continue
            gap = round_half_up(entitled[m] - base[m] - continued[m], 1)
            if gap > 0:
                warnings.append(Text(HOLD_HARMLESS_GAP, continued=_money(continued[m]), gap=_money(gap), **params))
            else:
                warnings.append(Text(HOLD_HARMLESS_BY_CONTINUATIONS, continued=_money(continued[m]), **params))

    for row in rows:
        if row.continuations:
            warnings.append(Text(
                DOUBLE_FINANCING, number=row.municipality, name=names[row.municipality],
                amount=_money(row.continuations), year=row.year, schemes=", ".join(k for k, _ in row.by_scheme),
                programme=_money(row.programme)))

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
