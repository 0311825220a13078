"""Why an amount is what it is: parts that sum exactly to it, the factors, and the steps."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from samla.core.allocation.model import (
    AllocationResult,
    EngineTrace,
    Explanation,
    ExplanationPart,
    indicator_year,
    scheme_base_year,
)
from samla.core.allocation.rounding import Apportionment
from samla.core.allocation.text import Text, gettext_noop
from samla.core.money import format_amount as _nok


def _pct(rate: Decimal) -> str:
    return f"{(Decimal(rate) * 100).normalize():f} %"


# Every text of an explanation, as a Text template (see text.py).
ROUNDING = {
    "largest": gettext_noop("rounding half up to {unit} NOK"),
    "largest_remainder": gettext_noop("rounding down to {unit} NOK"),
}
ROUNDED = gettext_noop("{exact} → {rounded}")
RESIDUAL = gettext_noop("residual")
RESIDUAL_LARGEST = gettext_noop(
    "the year's residual {residual} NOK goes to the largest recipient (ties: lowest municipality number)")
RESIDUAL_REMAINDERS = gettext_noop(
    "one rounding unit each to the largest remainders (ties: lowest municipality number)")
NOK = gettext_noop("{amount} NOK")
POLICIES = {"largest": gettext_noop("largest"), "largest_remainder": gettext_noop("largest_remainder")}
ROUNDING_UNIT = gettext_noop("rounding unit")
RESIDUAL_POLICY = gettext_noop("residual policy")
TOTAL_T0 = gettext_noop("total {year} (T0)")
AWARD_IN = gettext_noop("award in {year}")
KEY_SHARE = gettext_noop("budget {budget} × {indicator} ({year}) share of the participants")
RATE_TIMES = gettext_noop("rate {rate} × {indicator} ({year})")
ENTITLEMENT = gettext_noop("entitlement {scheme}")
ENTITLED_STEP = gettext_noop("hold-harmless entitlement: Σ schemes = {amount} NOK")
FLOOR_TOP_UP = gettext_noop("floor top-up")
FLOOR_DETAIL = gettext_noop("floor {floor} NOK")
FLOOR_STEP = gettext_noop("pot raised to the floor {floor} NOK")
FLOOR = gettext_noop("floor")
SURPLUS_SHARE = gettext_noop("share of the surplus")
SURPLUS_DETAIL = {
    "indicator": gettext_noop("budget {budget} shared by indicator"),
    "equal": gettext_noop("budget {budget} shared by equal"),
    "pot": gettext_noop("budget {budget} shared by pot"),
}
SURPLUS_STEP = {
    "indicator": gettext_noop("share of the budget surplus (indicator): {amount} NOK"),
    "equal": gettext_noop("share of the budget surplus (equal): {amount} NOK"),
    "pot": gettext_noop("share of the budget surplus (pot): {amount} NOK"),
}
DECISION = gettext_noop("decided amount: adjustment to the formula")
DECISION_DETAIL = gettext_noop("decided {decided} NOK replaces the computed {computed} NOK")
DECISION_STEP = gettext_noop("decided base amount {amount} NOK replaces the computed pot; T0 = Σ decided")
DECISION_RULE = gettext_noop("decided base-year amount (the formula's pot shown for comparison)")
BASE_YEAR_STEP = gettext_noop(
    "base-year amount: pot rounded to {unit} NOK, all amounts summing to T0 = {total} NOK")
BASE_YEAR_RULE = gettext_noop("max(Σ entitlements, floor) + surplus share, rounded to the unit")
BASE_AMOUNT = gettext_noop("base amount {year}")
INDEXATION = gettext_noop("indexation")
INDEXATION_DETAIL = gettext_noop("{base} × {total} / {t0} = {exact}")
TOTAL_BASE = gettext_noop("T({year}) = {total}")
GROWTH = gettext_noop("growth {year}")
GROWTH_WITH_SOURCE = gettext_noop("{rate} ({source})")
TOTAL_STEP = gettext_noop("T({year}) = round(T({previous}) × {factor}) = {total}")
TOTAL_YEAR = gettext_noop("total {year}")
AMOUNT_STEP = gettext_noop("amount = round(base × T({year}) / T0) = {amount} NOK")
LATER_YEAR_RULE = gettext_noop("base amount × T(year) / T0, rounded to the unit, residual by policy")


def _kr(value: Fraction | int) -> Text:
    return Text(NOK, amount=_nok(value))


def _rounding_parts(spec_unit: int, policy: str, rounding: Apportionment, m: str,
                    exact: Fraction) -> list[ExplanationPart]:
    unit = spec_unit
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


class EngineExplanations:
    """Explanations of a computed result, built on demand from its trace (``AllocationResult.explanations``)."""

    def explain(self, result: AllocationResult, municipality: str, year: int) -> Explanation:
        if result.trace is None:
            raise ValueError("a computed result without its engine trace cannot be explained")
        return explain(result, result.trace, municipality, year)


def explain(result: AllocationResult, trace: EngineTrace, m: str, year: int) -> Explanation:
    """The explanation of ``m``'s amount in ``year``: parts that sum exactly to it, the factors and the steps."""
    spec = trace.spec
    if (m, year) not in result.amounts:
        raise KeyError((m, year))
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
            value = trace.entitlements[(m, rule.key)]
            if rule.method == "historical":
                detail = Text(AWARD_IN, year=scheme_base_year(spec, rule))
            elif rule.method == "key":
                detail = Text(KEY_SHARE, budget=_nok(rule.budget or 0), indicator=rule.indicator,
                              year=indicator_year(spec, rule))
            else:
                detail = Text(RATE_TIMES, rate=rule.rate, indicator=rule.indicator, year=indicator_year(spec, rule))
            parts.append(ExplanationPart("entitlement", Text(ENTITLEMENT, scheme=rule.key), value, detail, rule.key))
        entitled = trace.entitled(m)
        steps.append(Text(ENTITLED_STEP, amount=_nok(entitled)))
        pot = trace.pot(m)
        if pot > entitled:
            parts.append(ExplanationPart("floor", Text(FLOOR_TOP_UP), pot - entitled,
                                         Text(FLOOR_DETAIL, floor=_nok(spec.floor))))
            steps.append(Text(FLOOR_STEP, floor=_nok(spec.floor)))
        factors.append((Text(FLOOR), _kr(spec.floor)))
        surplus = trace.surplus(m)
        if surplus:
            parts.append(ExplanationPart("surplus", Text(SURPLUS_SHARE), surplus,
                                         Text(SURPLUS_DETAIL[spec.surplus], budget=_nok(spec.budget or 0))))
            steps.append(Text(SURPLUS_STEP[spec.surplus], amount=_nok(surplus)))
        exact = trace.base_exact(m)
        if spec.decided:
            parts.append(ExplanationPart("decision", Text(DECISION), Fraction(amount) - exact,
                                         Text(DECISION_DETAIL, decided=_nok(amount), computed=_nok(exact))))
            steps.append(Text(DECISION_STEP, amount=_nok(amount)))
            rule_text = Text(DECISION_RULE)
        else:
            parts.extend(_rounding_parts(spec.rounding_unit, spec.residual_policy, trace.rounds[year], m, exact))
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
        parts.extend(_rounding_parts(spec.rounding_unit, spec.residual_policy, trace.rounds[year], m, exact))
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
