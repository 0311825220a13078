"""Turning an engine input and result into the JSON an allocation run stores, and back.

Every text of the engine (explanations, warnings) is stored as ``Text.as_data()``: the English with its template and
parameters, so a stored run renders in either language (``allocation/texts.py``).

The input is stored as canonical JSON (sorted keys, no spaces, decimals as exact strings, every mapping as
a sorted list of rows), so the same programme with the same options always has the same SHA-256.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_noop

from samla.core.allocation import (
    AllocationResult,
    Explanation,
    ExplanationPart,
    MunicipalityRef,
    ProgrammeSpec,
    allocate,
)
from samla.core.allocation.text import Text, text_data

SCENARIOS = ("as_run", "strict_pooling", "without_continuations")
RESIDUAL_CHOICES = ("programme", "largest", "largest_remainder")


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """How the engine is run: the continuation scenario and the rule choices that may differ from the programme."""

    scenario: str = "as_run"
    residual_policy: str = "programme"  # "programme": the programme's own policy
    use_decided: bool = True  # False: the formula's amounts instead of the decided base-year amounts

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _plain(value: Any) -> Any:
    """A JSON-ready, order-independent form of engine input values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        rows = []
        for key, item in value.items():
            key = list(key) if isinstance(key, tuple) else [key]
            rows.append([*map(_plain, key), _plain(item)])
        return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, Fraction):
        return str(value)
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def run_input(spec: ProgrammeSpec, options: RunOptions) -> ProgrammeSpec:
    """The engine input after the options: continuations dropped, policy overridden, decisions ignored."""
    changes: dict[str, Any] = {}
    if options.scenario == "without_continuations":
        changes["continuations"] = ()
    if options.residual_policy != "programme":
        changes["residual_policy"] = options.residual_policy
    if not options.use_decided:
        changes["decided"] = {}
    return dataclasses.replace(spec, **changes)


def input_document(spec: ProgrammeSpec, options: RunOptions) -> str:
    return canonical_json({"options": options.as_dict(), "spec": _plain(spec)})


def _explanation_dict(e: Explanation) -> dict[str, Any]:
    """The explanation with every text stored as ``Text.as_data()`` (English, template, params), so a stored run
    renders in either language."""
    return {
        "amount": e.amount, "rule": text_data(e.rule),
        "parts": [{"code": p.code, "label": text_data(p.label), "value": str(p.value), "detail": text_data(p.detail),
                   "scheme": p.scheme} for p in e.parts],
        "factors": [[text_data(name), text_data(value)] for name, value in e.factors],
        "steps": [text_data(step) for step in e.steps],
    }


# Strict pooling is a scenario of the runs, not a rule of the engine; its texts are the allocation app's.
STRICT_LABEL = gettext_noop("continued grants paid from the pot")
STRICT_DETAIL = gettext_noop(
    "continuations {continuations} NOK; the programme pays max({programme} − {continuations}, 0)")
STRICT_STEP = gettext_noop("strict pooling: {programme} − {continuations} continued = {paid} NOK")
STRICT_RULE = gettext_noop("{rule}; strict pooling: minus the continued grants (not below 0)")


def _strict(explanation: dict[str, Any], programme: int, paid: int, continuations: int) -> dict[str, Any]:
    """Strict pooling: the continued grants are paid from the pot, so the programme pays less."""
    deducted = programme - paid
    amounts = {"programme": _nok(programme), "continuations": _nok(continuations)}
    parts = [*explanation["parts"], {
        "code": "continuation", "label": Text(STRICT_LABEL).as_data(), "value": str(-deducted),
        "detail": Text(STRICT_DETAIL, **amounts).as_data(), "scheme": None,
    }]
    steps = [*explanation["steps"], Text(STRICT_STEP, paid=_nok(paid), **amounts).as_data()]
    rule = Text(STRICT_RULE, rule=Text.from_data(explanation["rule"])).as_data()
    return {**explanation, "amount": paid, "parts": parts, "steps": steps, "rule": rule}


def _nok(amount: int) -> str:
    """An amount as the engine writes it: 7 891 000."""
    return f"{amount:,}".replace(",", " ")


def run_result(result: AllocationResult, options: RunOptions,
               places: Mapping[str, tuple[int, int | None]]) -> dict[str, Any]:
    """The complete result: per municipality and year the amount, the programme amount, the continuations and
    the explanation whose parts sum to the amount; totals per year; warnings. ``places`` maps a municipality
    number to (municipality id, region id), so pages can filter rows by the reader's scope."""
    rows = {(c.municipality, c.year): c for c in result.continuation_rows}
    cells: dict[str, dict[str, Any]] = {}
    totals = dict.fromkeys(result.years, 0)
    for ref in result.municipalities:
        cells[ref.number] = {}
        for year in result.years:
            row = rows[(ref.number, year)]
            explanation = _explanation_dict(result.explain(ref.number, year))
            amount = row.programme
            if options.scenario == "strict_pooling":
                amount = row.strict_programme
                if amount != row.programme:
                    explanation = _strict(explanation, row.programme, amount, row.continuations)
            totals[year] += amount
            cells[ref.number][str(year)] = {"amount": amount, "programme": row.programme,
                                            "continuations": row.continuations, "explanation": explanation}
    municipalities = sorted(
        ({"number": m.number, "name": m.name, "region": m.region, "id": places[m.number][0],
          "region_id": places[m.number][1]} for m in result.municipalities),
        key=lambda m: (m["region"], m["name"], m["number"]),
    )
    return {
        "scenario": options.scenario, "years": list(result.years), "municipalities": municipalities,
        "cells": cells, "totals": {str(y): t for y, t in totals.items()},
        "warnings": [text_data(w) for w in result.warnings],
    }


def compute(spec: ProgrammeSpec, options: RunOptions,
            places: Mapping[str, tuple[int, int | None]]) -> tuple[str, dict[str, Any]]:
    """(canonical input JSON, result document). Raises the engine's ``AllocationError`` on bad input."""
    effective = run_input(spec, options)
    return input_document(spec, options), run_result(allocate(effective), options, places)


def explanation_of(result: Mapping[str, Any], number: str, year: int) -> Explanation | None:
    """The stored explanation of one amount as the engine's type (for the shared explanation template)."""
    cell = result.get("cells", {}).get(number, {}).get(str(year))
    ref = next((m for m in result.get("municipalities", []) if m["number"] == number), None)
    if cell is None or ref is None:
        return None
    e = cell["explanation"]
    parts = tuple(ExplanationPart(p["code"], Text.from_data(p["label"]), Fraction(p["value"]),
                                  Text.from_data(p["detail"]), p["scheme"]) for p in e["parts"])
    return Explanation(MunicipalityRef(ref["number"], ref["name"], ref["region"]), year, e["amount"],
                       Text.from_data(e["rule"]), parts,
                       tuple((Text.from_data(name), Text.from_data(value)) for name, value in e["factors"]),
                       tuple(Text.from_data(step) for step in e["steps"]))


def english(value: object) -> str:
    """A stored text (``Text.as_data()`` or an old plain string) as its English string."""
    return str(Text.from_data(value))
