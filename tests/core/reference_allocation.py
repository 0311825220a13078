"""The reference path: the allocation engine as it was written first, with one Fraction per share (slow, plain).

The engine (samla/core/allocation/engine.py) now keeps shares as integer numerators over common denominators
and sums schemes by indicator before sharing them out. tests/core/test_allocation_fast_path.py checks, on
random programmes, that it gives exactly what this plain computation gives: every amount, total, continuation
row, warning and explanation. Texts and validation are the engine's own (imported), so only the arithmetic is
compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from samla.core.allocation import errors as E
from samla.core.allocation.engine import (
    DECIDED_NOT_BUDGET,
    DOUBLE_FINANCING,
    HOLD_HARMLESS_BY_CONTINUATIONS,
    HOLD_HARMLESS_GAP,
    HOLD_HARMLESS_NOT_MET,
    _validate,
)
from samla.core.allocation.model import ContinuationRow, ProgrammeSpec, SchemeRule
from samla.core.allocation.rounding import Apportionment, apportion, round_half_up
from samla.core.allocation.text import Text
from samla.core.money import format_amount


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


@dataclass
class Reference:
    spec: ProgrammeSpec
    years: tuple[int, ...]
    totals: dict[int, int]
    amounts: dict[tuple[str, int], int]
    entitlements: Mapping[tuple[str, str], Fraction]
    pots: dict[str, Fraction]
    continuation_rows: list[ContinuationRow]
    warnings: list[str]
    trace: dict = field(repr=False, default_factory=dict)

    def municipality(self, number: str):
        return next(m for m in self.spec.municipalities if m.number == number)

    def explain(self, municipality: str, year: int):
        return reference_explain(self, municipality, year)


def scheme_base_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    return rule.base_year if rule.base_year is not None else spec.base_year - 1


def indicator_year(spec: ProgrammeSpec, rule: SchemeRule) -> int:
    return rule.indicator_year if rule.indicator_year is not None else spec.base_year - 1


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


def _money(amount: int | Fraction) -> str:
    return format_amount(amount)


def reference_allocate(spec: ProgrammeSpec) -> Reference:
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

    return Reference(spec=spec, years=years, totals=totals, amounts=amounts, entitlements=table, pots=pots,
                     continuation_rows=rows, warnings=warnings,
                     trace={"entitled": entitled, "surplus": surplus, "base_exact": base_exact, "rounds": rounds})


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

from samla.core.allocation.explain import (  # noqa: E402  (the explanation texts are the engine's)
    AMOUNT_STEP,
    AWARD_IN,
    BASE_AMOUNT,
    BASE_YEAR_RULE,
    BASE_YEAR_STEP,
    DECISION,
    DECISION_DETAIL,
    DECISION_RULE,
    DECISION_STEP,
    ENTITLED_STEP,
    ENTITLEMENT,
    FLOOR,
    FLOOR_DETAIL,
    FLOOR_STEP,
    FLOOR_TOP_UP,
    GROWTH,
    GROWTH_WITH_SOURCE,
    INDEXATION,
    INDEXATION_DETAIL,
    KEY_SHARE,
    LATER_YEAR_RULE,
    NOK,
    POLICIES,
    RATE_TIMES,
    RESIDUAL,
    RESIDUAL_LARGEST,
    RESIDUAL_POLICY,
    RESIDUAL_REMAINDERS,
    ROUNDED,
    ROUNDING,
    ROUNDING_UNIT,
    SURPLUS_DETAIL,
    SURPLUS_SHARE,
    SURPLUS_STEP,
    TOTAL_BASE,
    TOTAL_STEP,
    TOTAL_T0,
    TOTAL_YEAR,
    _pct,
)
from samla.core.allocation.model import Explanation, ExplanationPart  # noqa: E402

_nok = format_amount


def _kr(value: Fraction | int) -> Text:
    return Text(NOK, amount=_nok(value))


def _rounding_parts(result: Reference, rounding: Apportionment, m: str,
                    exact: Fraction) -> list[ExplanationPart]:
    unit = result.spec.rounding_unit
    policy = result.spec.residual_policy
    label = Text(ROUNDING["largest" if policy == "largest" else "largest_remainder"], unit=_nok(unit))
    parts = [ExplanationPart("rounding", label, rounding.rounded[m] - exact,
                             Text(ROUNDED, exact=_nok(exact), rounded=_nok(rounding.rounded[m])))]
    adjustment = rounding.adjustment[m]
    if adjustment or rounding.holder == m:
        if policy == "largest":
            detail = Text(RESIDUAL_LARGEST, residual=_nok(rounding.residual))
        else:
            detail = Text(RESIDUAL_REMAINDERS)
        parts.append(ExplanationPart("residual", Text(RESIDUAL), Fraction(adjustment), detail))
    return parts


def reference_explain(result: Reference, m: str, year: int) -> Explanation:
    spec = result.spec
    if (m, year) not in result.amounts:
        raise KeyError((m, year))
    trace = result.trace
    ref = result.municipality(m)
    amount = result.amounts[(m, year)]
    t0 = result.totals[spec.base_year]
    base_year = spec.base_year
    policy = POLICIES.get(spec.residual_policy)
    factors: list[tuple[Text, Text]] = [
        (Text(ROUNDING_UNIT), _kr(spec.rounding_unit)),
        (Text(RESIDUAL_POLICY), Text(policy) if policy else Text(spec.residual_policy)),
        (Text(TOTAL_T0, year=base_year), _kr(t0)),
    ]
    steps: list[Text] = []
    parts: list[ExplanationPart] = []

    if year == base_year:
        for rule in spec.schemes:
            value = result.entitlements[(m, rule.key)]
            if rule.method == "historical":
                detail = Text(AWARD_IN, year=scheme_base_year(spec, rule))
            elif rule.method == "key":
                detail = Text(KEY_SHARE, budget=_nok(rule.budget or 0), indicator=rule.indicator,
                              year=indicator_year(spec, rule))
            else:
                detail = Text(RATE_TIMES, rate=rule.rate, indicator=rule.indicator, year=indicator_year(spec, rule))
            parts.append(ExplanationPart("entitlement", Text(ENTITLEMENT, scheme=rule.key), value, detail, rule.key))
        entitled = trace["entitled"][m]
        steps.append(Text(ENTITLED_STEP, amount=_nok(entitled)))
        pot = result.pots[m]
        if pot > entitled:
            parts.append(ExplanationPart("floor", Text(FLOOR_TOP_UP), pot - entitled,
                                         Text(FLOOR_DETAIL, floor=_nok(spec.floor))))
            steps.append(Text(FLOOR_STEP, floor=_nok(spec.floor)))
        factors.append((Text(FLOOR), _kr(spec.floor)))
        surplus = trace["surplus"][m]
        if surplus:
            parts.append(ExplanationPart("surplus", Text(SURPLUS_SHARE), surplus,
                                         Text(SURPLUS_DETAIL[spec.surplus], budget=_nok(spec.budget or 0))))
            steps.append(Text(SURPLUS_STEP[spec.surplus], amount=_nok(surplus)))
        exact = trace["base_exact"][m]
        if spec.decided:
            parts.append(ExplanationPart("decision", Text(DECISION), Fraction(amount) - exact,
                                         Text(DECISION_DETAIL, decided=_nok(amount), computed=_nok(exact))))
            steps.append(Text(DECISION_STEP, amount=_nok(amount)))
            rule_text = Text(DECISION_RULE)
        else:
            parts.extend(_rounding_parts(result, trace["rounds"][year], m, exact))
            steps.append(Text(BASE_YEAR_STEP, unit=_nok(spec.rounding_unit), total=_nok(t0)))
            rule_text = Text(BASE_YEAR_RULE)
    else:
        base = result.amounts[(m, base_year)]
        total = result.totals[year]
        exact = Fraction(base * total, t0)
        parts.append(ExplanationPart("base", Text(BASE_AMOUNT, year=base_year), Fraction(base)))
        parts.append(ExplanationPart("growth", Text(INDEXATION), exact - base,
                                     Text(INDEXATION_DETAIL, base=_nok(base), total=_nok(total), t0=_nok(t0),
                                          exact=_nok(exact))))
        parts.extend(_rounding_parts(result, trace["rounds"][year], m, exact))
        chain = [Text(TOTAL_BASE, year=base_year, total=_nok(t0))]
        for y in range(base_year + 1, year + 1):
            g = spec.growth[y]
            rate = Text(GROWTH_WITH_SOURCE, rate=_pct(g.rate), source=g.source) if g.source else _pct(g.rate)
            factors.append((Text(GROWTH, year=y), rate if isinstance(rate, Text) else Text(rate)))
            chain.append(Text(TOTAL_STEP, year=y, previous=y - 1, factor=1 + g.rate, total=_nok(result.totals[y])))
        factors.append((Text(TOTAL_YEAR, year=year), _kr(total)))
        steps.extend(chain)
        steps.append(Text(AMOUNT_STEP, year=year, amount=_nok(amount)))
        rule_text = Text(LATER_YEAR_RULE)
    return Explanation(ref, year, amount, rule_text, tuple(parts), tuple(factors), tuple(steps))
