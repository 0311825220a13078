"""How continued grants are treated: the scenarios of an allocation (domain.md §4, "no double financing").

- ``as_run``: the continued grants run beside the programme (what the pilot did);
- ``strict_pooling``: the continued grants are paid from the pot, so the programme pays
  max(programme − continuations, 0);
- ``without_continuations``: the programme as if no earlier grant continued.

``allocate_scenario(spec, scenario)`` is the engine with the scenario applied; its result says which scenario
it is, and under strict pooling every amount that changed explains the deduction.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from samla.core.allocation.engine import allocate
from samla.core.allocation.errors import InputError
from samla.core.allocation.model import (
    SCENARIOS,
    AllocationResult,
    Explanation,
    ExplanationPart,
    Explanations,
    ProgrammeSpec,
    Scenario,
)
from samla.core.allocation.text import Text, gettext_noop
from samla.core.money import format_amount

SCENARIO_UNKNOWN = gettext_noop("scenario must be one of {choices}")
STRICT_LABEL = gettext_noop("continued grants paid from the pot")
STRICT_DETAIL = gettext_noop(
    "continuations {continuations} NOK; the programme pays max({programme} − {continuations}, 0)")
STRICT_STEP = gettext_noop("strict pooling: {programme} − {continuations} continued = {paid} NOK")
STRICT_RULE = gettext_noop("{rule}; strict pooling: minus the continued grants (not below 0)")


def scenario_input(spec: ProgrammeSpec, scenario: str) -> ProgrammeSpec:
    """The engine input of a scenario: without continuations drops them; the others take the spec as it is."""
    if scenario not in SCENARIOS:
        raise InputError(Text(SCENARIO_UNKNOWN, choices=", ".join(SCENARIOS)))
    return dataclasses.replace(spec, continuations=()) if scenario == "without_continuations" else spec


def allocate_scenario(spec: ProgrammeSpec, scenario: Scenario | str = "as_run") -> AllocationResult:
    result = allocate(scenario_input(spec, scenario))
    if scenario == "strict_pooling":
        return strict_pooling(result)
    return dataclasses.replace(result, scenario=scenario)  # type: ignore[arg-type]


class _StrictExplanations:
    """The engine's explanations, with the deduction of the continued grants where it changed the amount."""

    def __init__(self, inner: Explanations, as_run: AllocationResult) -> None:
        self._inner = inner
        self._as_run = as_run

    def explain(self, result: AllocationResult, municipality: str, year: int) -> Explanation:
        explanation = self._inner.explain(self._as_run, municipality, year)
        row = self._as_run.row(municipality, year)
        if row.strict_programme == row.programme:
            return explanation
        return strict_explanation(explanation, row.programme, row.strict_programme, row.continuations)


def strict_explanation(explanation: Explanation, programme: int, paid: int, continuations: int) -> Explanation:
    """``explanation`` of the programme amount, ending in what strict pooling deducts from it."""
    amounts = {"programme": format_amount(programme), "continuations": format_amount(continuations)}
    part = ExplanationPart("continuation", Text(STRICT_LABEL), Fraction(paid - programme),
                           Text(STRICT_DETAIL, **amounts))
    return dataclasses.replace(
        explanation, amount=paid, parts=(*explanation.parts, part),
        steps=(*explanation.steps, Text(STRICT_STEP, paid=format_amount(paid), **amounts)),
        rule=Text(STRICT_RULE, rule=explanation.rule))


def strict_pooling(result: AllocationResult) -> AllocationResult:
    """The result with every amount replaced by what the programme pays under strict pooling."""
    amounts = {(r.municipality, r.year): r.strict_programme for r in result.continuation_rows}
    totals = dict.fromkeys(result.years, 0)
    for (_, year), amount in amounts.items():
        totals[year] += amount
    return dataclasses.replace(result, amounts=amounts, totals=totals, scenario="strict_pooling",
                               explanations=_StrictExplanations(result.explanations, result))
