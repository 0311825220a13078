"""Why an amount is what it is: parts that sum exactly to it, the factors, and the steps."""

from __future__ import annotations

from fractions import Fraction

from samla.core.allocation.engine import indicator_year, scheme_base_year
from samla.core.allocation.model import AllocationResult, Explanation, ExplanationPart
from samla.core.allocation.rounding import Apportionment


def _nok(value: Fraction | int) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}".replace(",", " ")
    return f"{float(value):,.2f}".replace(",", " ")


def _pct(rate: object) -> str:
    from decimal import Decimal

    return f"{(Decimal(str(rate)) * 100).normalize():f} %"


def _rounding_parts(result: AllocationResult, rounding: Apportionment, m: str,
                    exact: Fraction) -> list[ExplanationPart]:
    unit = result.spec.rounding_unit
    policy = result.spec.residual_policy
    how = "half up" if policy == "largest" else "down"
    parts = [ExplanationPart("rounding", f"rounding {how} to {_nok(unit)} NOK",
                             rounding.rounded[m] - exact, f"{_nok(exact)} → {_nok(rounding.rounded[m])}")]
    adjustment = rounding.adjustment[m]
    if adjustment or rounding.holder == m:
        if policy == "largest":
            detail = (f"the year's residual {_nok(rounding.residual)} NOK goes to the largest recipient "
                      "(ties: lowest municipality number)")
        else:
            detail = "one rounding unit each to the largest remainders (ties: lowest municipality number)"
        parts.append(ExplanationPart("residual", "residual", Fraction(adjustment), detail))
    return parts


def explain(result: AllocationResult, m: str, year: int) -> Explanation:
    spec = result.spec
    if (m, year) not in result.amounts:
        raise KeyError((m, year))
    trace = result._trace
    ref = result.municipality(m)
    amount = result.amounts[(m, year)]
    t0 = result.totals[spec.base_year]
    base_year = spec.base_year
    factors: list[tuple[str, str]] = [
        ("rounding unit", f"{_nok(spec.rounding_unit)} NOK"),
        ("residual policy", spec.residual_policy),
        (f"total {base_year} (T0)", f"{_nok(t0)} NOK"),
    ]
    steps: list[str] = []
    parts: list[ExplanationPart] = []

    if year == base_year:
        for rule in spec.schemes:
            value = result.entitlements[(m, rule.key)]
            if rule.method == "historical":
                detail = f"award in {scheme_base_year(spec, rule)}"
            elif rule.method == "key":
                detail = (f"budget {_nok(rule.budget or 0)} × {rule.indicator} ({indicator_year(spec, rule)}) "
                          "share of the participants")
            else:
                detail = f"rate {rule.rate} × {rule.indicator} ({indicator_year(spec, rule)})"
            parts.append(ExplanationPart("entitlement", f"entitlement {rule.key}", value, detail, rule.key))
        entitled = trace["entitled"][m]
        steps.append(f"hold-harmless entitlement: Σ schemes = {_nok(entitled)} NOK")
        pot = result.pots[m]
        if pot > entitled:
            parts.append(ExplanationPart("floor", "floor top-up", pot - entitled,
                                         f"floor {_nok(spec.floor)} NOK"))
            steps.append(f"pot raised to the floor {_nok(spec.floor)} NOK")
        factors.append(("floor", f"{_nok(spec.floor)} NOK"))
        surplus = trace["surplus"][m]
        if surplus:
            parts.append(ExplanationPart("surplus", "share of the surplus", surplus,
                                         f"budget {_nok(spec.budget or 0)} shared by {spec.surplus}"))
            steps.append(f"share of the budget surplus ({spec.surplus}): {_nok(surplus)} NOK")
        exact = trace["base_exact"][m]
        if spec.decided:
            parts.append(ExplanationPart("decision", "decided amount: adjustment to the formula",
                                         Fraction(amount) - exact,
                                         f"decided {_nok(amount)} NOK replaces the computed {_nok(exact)} NOK"))
            steps.append(f"decided base amount {_nok(amount)} NOK replaces the computed pot; T0 = Σ decided")
            rule_text = "decided base-year amount (the formula's pot shown for comparison)"
        else:
            parts.extend(_rounding_parts(result, trace["rounds"][year], m, exact))
            steps.append(f"base-year amount: pot rounded to {_nok(spec.rounding_unit)} NOK, "
                         f"all amounts summing to T0 = {_nok(t0)} NOK")
            rule_text = "max(Σ entitlements, floor) + surplus share, rounded to the unit"
    else:
        base = result.amounts[(m, base_year)]
        total = result.totals[year]
        exact = Fraction(base * total, t0)
        parts.append(ExplanationPart("base", f"base amount {base_year}", Fraction(base)))
        parts.append(ExplanationPart("growth", "indexation", exact - base,
                                     f"{_nok(base)} × {_nok(total)} / {_nok(t0)} = {_nok(exact)}"))
        parts.extend(_rounding_parts(result, trace["rounds"][year], m, exact))
        chain = [f"T({base_year}) = {_nok(t0)}"]
        for y in range(base_year + 1, year + 1):
            g = spec.growth[y]
            factors.append((f"growth {y}", f"{_pct(g.rate)} ({g.source})" if g.source else _pct(g.rate)))
            chain.append(f"T({y}) = round(T({y - 1}) × {1 + g.rate}) = {_nok(result.totals[y])}")
        factors.append((f"total {year}", f"{_nok(total)} NOK"))
        steps.extend(chain)
        steps.append(f"amount = round(base × T({year}) / T0) = {_nok(amount)} NOK")
        rule_text = "base amount × T(year) / T0, rounded to the unit, residual by policy"
    return Explanation(ref, year, amount, rule_text, tuple(parts), tuple(factors), tuple(steps))
