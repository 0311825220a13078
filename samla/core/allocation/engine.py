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
6. Each year's amounts sum exactly to T(y) by the residual policy (see rounding.apportion_ratios).

How it stays exact and fast: every share is an integer numerator over one denominator per stage (Python
integers do not overflow), so no Fraction is made per amount. Schemes with the same method, indicator and
year are summed before they are shared out (Σ_s budget(s) × v(m) / Σv = (Σ_s budget(s)) × v(m) / Σv), so
250 schemes cost a handful of products per municipality. Explanations are built on demand (explain.py), from
the same numbers, for the municipality and year asked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from samla.core.allocation import errors as E
from samla.core.allocation.explain import EngineExplanations
from samla.core.allocation.model import (
    METHODS,
    RESIDUAL_POLICIES,
    SURPLUS_METHODS,
    AllocationResult,
    ContinuationRow,
    EngineTrace,
    ProgrammeSpec,
    SchemeEntitlements,
    indicator_year,
    scheme_base_year,
)
from samla.core.allocation.rounding import Apportionment, apportion_ratios, round_half_up_ratio
from samla.core.allocation.text import Text, gettext_noop
from samla.core.money import format_amount


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
            raise E.InputError(Text(E.BUDGET_NOT_MULTIPLE, budget=format_amount(spec.budget),
                                    unit=format_amount(spec.rounding_unit)))
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
        if rule.method == "rate" and (rule.rate is None or not rule.rate.is_finite() or rule.rate < 0):
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


class _IndicatorColumn:
    """One indicator in one year over the participants, as integers over one denominator: v(m) = ints[m] / den.

    ``problem`` is the first participant (in number order) without a value, or with a negative or not finite
    one: the engine reports it for the first scheme that reads the column."""

    def __init__(self, spec: ProgrammeSpec, numbers: tuple[str, ...], code: str, year: int) -> None:
        self.problem: tuple[str, object] | None = None
        ratios: list[tuple[int, int]] = []
        indicators = spec.indicators
        for m in numbers:
            value = indicators.get((m, code, year))
            if value is None:
                self.problem = ("missing", m)
                break
            if not isinstance(value, Decimal):
                value = Decimal(value)
            if not value.is_finite() or value.is_signed():
                self.problem = ("invalid", value)
                break
            ratios.append(value.as_integer_ratio())
        if self.problem is not None:
            self.ints: dict[str, int] = {}
            self.den = 1
            self.total = 0
            return
        den = math.lcm(*{d for _, d in ratios}) if ratios else 1
        self.ints = {m: n * (den // d) for m, (n, d) in zip(numbers, ratios, strict=True)} if den != 1 \
            else {m: n for m, (n, _) in zip(numbers, ratios, strict=True)}
        self.den = den
        self.total = sum(self.ints.values())


def _entitlements(spec: ProgrammeSpec, numbers: tuple[str, ...]
                  ) -> tuple[dict[str, int], int, SchemeEntitlements]:
    """(Σ entitlements per municipality as numerators, their denominator, the per-scheme entitlements).

    Raises the first input problem in scheme order, as a reader of the rules would meet it."""
    columns: dict[tuple[str, int], _IndicatorColumn] = {}
    key_groups: dict[tuple[str, int], int] = defaultdict(int)  # (indicator, year) → Σ budgets
    rate_groups: dict[tuple[str, int], Fraction] = defaultdict(Fraction)  # (indicator, year) → Σ rates
    historical: dict[str, int] = {}  # scheme → its base year
    per_scheme_values: dict[str, dict[str, int]] = {}
    per_scheme_den: dict[str, int] = {}
    for rule in spec.schemes:
        if rule.method == "historical":
            historical[rule.key] = scheme_base_year(spec, rule)
            continue
        year = indicator_year(spec, rule)
        code = rule.indicator or ""
        column = columns.get((code, year))
        if column is None:
            column = columns[(code, year)] = _IndicatorColumn(spec, numbers, code, year)
        if column.problem is not None:
            kind, what = column.problem
            if kind == "missing":
                raise E.InputError(Text(E.MISSING_INDICATOR, scheme=rule.key, indicator=rule.indicator, year=year,
                                        municipality=what))
            raise E.AllocationError(Text(E.INVALID_INDICATOR_VALUE, value=what))
        if rule.method == "key":
            if column.total == 0:
                raise E.InputError(Text(E.INDICATOR_SUM_ZERO, scheme=rule.key, indicator=rule.indicator, year=year))
            budget = rule.budget or 0
            key_groups[(code, year)] += budget
            per_scheme_values[rule.key] = {m: budget * v for m, v in column.ints.items()}
            per_scheme_den[rule.key] = column.total
        else:
            rate = Fraction(rule.rate or 0)
            rate_groups[(code, year)] += rate
            per_scheme_values[rule.key] = {m: rate.numerator * v for m, v in column.ints.items()}
            per_scheme_den[rule.key] = rate.denominator * column.den

    # Historical schemes: one pass over the awards, keeping those of each scheme's base year.
    participants = set(numbers)
    hist = dict.fromkeys(numbers, 0)
    by_scheme: dict[str, dict[str, int]] = {key: {} for key in historical}
    for (m, key, year), amount in spec.awards.items():
        if historical.get(key) == year and m in participants:
            hist[m] += amount
            by_scheme[key][m] = amount
    for key in historical:
        per_scheme_values[key] = by_scheme[key]
        per_scheme_den[key] = 1

    # Σ over the groups, over one common denominator.
    terms: list[tuple[dict[str, int], int, int]] = []  # (ints per municipality, multiplier numerator, denominator)
    for group, budget in key_groups.items():
        column = columns[group]
        terms.append((column.ints, budget, column.total))
    for group, rate in rate_groups.items():
        column = columns[group]
        terms.append((column.ints, rate.numerator, rate.denominator * column.den))
    den = math.lcm(*(d for _, _, d in terms)) if terms else 1
    entitled = {m: hist[m] * den for m in numbers} if den != 1 else hist
    for ints, multiplier, d in terms:
        factor = multiplier * (den // d)
        if factor:
            for m, v in ints.items():
                entitled[m] += factor * v
    order = tuple(rule.key for rule in spec.schemes)
    table = SchemeEntitlements({k: per_scheme_values[k] for k in order}, {k: per_scheme_den[k] for k in order},
                               numbers)
    return entitled, den, table


def _surplus_weights(spec: ProgrammeSpec, numbers: tuple[str, ...], pot_num: dict[str, int]) -> dict[str, int]:
    """Integer weights (any common scale) for sharing the budget surplus."""
    if spec.surplus == "equal":
        return dict.fromkeys(numbers, 1)
    if spec.surplus == "pot":
        return dict(pot_num)
    indicator = spec.surplus_indicator
    if not indicator:
        raise E.InputError(Text(E.SURPLUS_NEEDS_INDICATOR))
    year = spec.surplus_indicator_year if spec.surplus_indicator_year is not None else spec.base_year - 1
    ratios = []
    for m in numbers:
        value = spec.indicators.get((m, indicator, year))
        if value is None:
            raise E.InputError(Text(E.MISSING_SURPLUS_INDICATOR, indicator=indicator, year=year, municipality=m))
        ratios.append(Fraction(value))
    den = math.lcm(*(r.denominator for r in ratios))
    return {m: r.numerator * (den // r.denominator) for m, r in zip(numbers, ratios, strict=True)}


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


def allocate(spec: ProgrammeSpec) -> AllocationResult:
    """Compute every year's amounts for every participant. Raises AllocationError on bad input."""
    _validate(spec)
    numbers = tuple(sorted(m.number for m in spec.municipalities))
    names = {m.number: m.name for m in spec.municipalities}
    unit = spec.rounding_unit
    policy = spec.residual_policy
    warnings: list[str] = []

    entitled, den, table = _entitlements(spec, numbers)
    floor = spec.floor * den
    pot = {m: v if v > floor else floor for m, v in entitled.items()}
    pot_sum = sum(pot.values())

    # Base-year shares: base(m) = base_num[m] / base_den.
    base_num, base_den = pot, den
    surplus = dict.fromkeys(numbers, 0)
    if spec.budget is not None and not spec.decided:
        budget = spec.budget * den
        if pot_sum > budget:
            raise E.AllocationError(Text(E.HOLD_HARMLESS_EXCEEDS_BUDGET,
                                         pots=format_amount(round_half_up_ratio(pot_sum, den, 1)),
                                         budget=format_amount(spec.budget)))
        remaining = budget - pot_sum
        if remaining:
            weights = _surplus_weights(spec, numbers, pot)
            weight_sum = sum(weights.values())
            if weight_sum == 0:
                raise E.InputError(Text(E.SURPLUS_WEIGHTS_ZERO))
            surplus = {m: remaining * weights[m] for m in numbers}
            base_num = {m: pot[m] * weight_sum + surplus[m] for m in numbers}
            base_den = den * weight_sum

    base_year = spec.base_year
    if spec.decided:
        base = {m: spec.decided[(m, base_year)] for m in numbers}
        t0 = sum(base.values())
        if spec.budget is not None and t0 != spec.budget:
            warnings.append(Text(DECIDED_NOT_BUDGET, total=format_amount(t0), budget=format_amount(spec.budget)))
        base_round = Apportionment(t0, base, dict(base), dict.fromkeys(numbers, 0), 0, None)
    else:
        t0 = spec.budget if spec.budget is not None else round_half_up_ratio(sum(base_num.values()), base_den, unit)
        base_round = apportion_ratios(numbers, [base_num[m] for m in numbers], base_den, t0, unit, policy)
        base = base_round.amounts

    years = tuple(spec.years)
    totals = {base_year: t0}
    rounds = {base_year: base_round}
    amounts: dict[tuple[str, int], int] = {(m, base_year): base[m] for m in numbers}
    base_list = [base[m] for m in numbers]
    for year in years[1:]:
        growth = Fraction(spec.growth[year].rate)
        previous = totals[year - 1]
        totals[year] = round_half_up_ratio(previous * (growth.denominator + growth.numerator),
                                           growth.denominator, unit)
        if t0 == 0:
            raise E.AllocationError(Text(E.BASE_TOTAL_ZERO))
        total = totals[year]
        rounds[year] = apportion_ratios(numbers, [b * total for b in base_list], t0, total, unit, policy)
        year_amounts = rounds[year].amounts
        for m in numbers:
            amounts[(m, year)] = year_amounts[m]

    baseline = {m: round_half_up_ratio(entitled[m], den, 1) for m in numbers}
    rows = _continuation_rows(spec, numbers, baseline, amounts)
    continued = {row.municipality: row.continuations for row in rows if row.year == base_year}
    # Computed pots are ≥ the entitlements by construction (up to rounding to the unit); only decided
    # amounts can break hold-harmless, so only they are checked.
    for m in numbers if spec.decided else ():
        shortfall = entitled[m] - base[m] * den  # over den
        if shortfall > 0:
            params = {"number": m, "name": names[m], "year": base_year, "amount": format_amount(base[m]),
                      "short": format_amount(round_half_up_ratio(shortfall, den, 1)),
                      "entitled": format_amount(baseline[m])}
            if not continued[m]:
                warnings.append(Text(HOLD_HARMLESS_NOT_MET, **params))
                continue
            gap = round_half_up_ratio(shortfall - continued[m] * den, den, 1)
            if gap > 0:
                warnings.append(Text(HOLD_HARMLESS_GAP, continued=format_amount(continued[m]),
                                     gap=format_amount(gap), **params))
            else:
                warnings.append(Text(HOLD_HARMLESS_BY_CONTINUATIONS, continued=format_amount(continued[m]),
                                     **params))

    for row in rows:
        if row.continuations:
            warnings.append(Text(
                DOUBLE_FINANCING, number=row.municipality, name=names[row.municipality],
                amount=format_amount(row.continuations), year=row.year,
                schemes=", ".join(k for k, _ in row.by_scheme), programme=format_amount(row.programme)))

    trace = EngineTrace(spec=spec, numbers=numbers, entitled_num=entitled, entitled_den=den, pot_num=pot,
                        surplus_num=surplus,
                        base_num=base_num, base_den=base_den, rounds=rounds, scheme_entitlement=table)
    return AllocationResult(
        name=spec.name, years=years, municipalities=tuple(spec.municipalities), schemes=tuple(spec.schemes),
        totals=totals, amounts=amounts, continuation_rows=rows, warnings=tuple(warnings),
        explanations=EngineExplanations(), trace=trace,
    )


def _continuation_rows(spec: ProgrammeSpec, numbers: tuple[str, ...], baseline: dict[str, int],
                       amounts: dict[tuple[str, int], int]) -> tuple[ContinuationRow, ...]:
    by_key: dict[tuple[str, int], dict[str, int]] = {}
    for c in spec.continuations:
        schemes = by_key.setdefault((c.municipality, c.year), {})
        schemes[c.scheme] = schemes.get(c.scheme, 0) + c.amount
    rows = []
    years = spec.years
    for m in numbers:
        level = baseline[m]
        for year in years:
            programme = amounts[(m, year)]
            found = by_key.get((m, year))
            if found is None:
                rows.append(ContinuationRow(m, year, level, programme, 0, programme, programme, programme, ()))
                continue
            cont = sum(found.values())
            strict_programme = programme - cont if programme > cont else 0
            rows.append(ContinuationRow(m, year, level, programme, cont, programme + cont, strict_programme + cont,
                                        strict_programme, tuple(sorted(found.items()))))
    return tuple(rows)
