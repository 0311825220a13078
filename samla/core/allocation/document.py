"""An allocation result as a JSON document, and back: the one serialiser and the one reader of stored results.

``result_to_data(result)`` gives the document (schema version ``SCHEMA_VERSION``); ``result_from_data(data)``
reads any version ever written back into an ``AllocationResult`` whose amounts, totals, continuations,
warnings and explanations are the ones stored (nothing is recomputed). Every text is stored as
``Text.as_data()`` (English, template, parameters), so a stored result renders in any language.

Version 2 (written now)::

    {"schema": 2, "name": "...", "scenario": "as_run", "years": [2020, 2021, 2022],
     "municipalities": [{"number": "3420", "name": "Elverum", "region": "Innlandet", "baseline": 2150000}, ...],
     "schemes": [{"key": "231.63", "method": "historical", "title": "...", "ministry": "KD", "base_year": 2019}],
     "totals": {"2020": 39310000, ...},
     "cells": {"3420": {"2020": {"amount": 2700000, "programme": 2700000, "continuations": 0,
                                 "by_scheme": {"765.60": 0}, "explanation": {...}}, ...}, ...},
     "warnings": [{"text": "...", "template": "...", "params": {...}}, ...]}

Version 1 (allocation runs stored before 2026-12) has no ``schema`` key, no ``schemes``, no ``baseline`` and no
``by_scheme``: the reader takes the schemes and each baseline from the stored base-year explanations (the
entitlement parts), and continuations without their split by scheme.

A caller may add top-level keys of its own (the web application adds ``places``: where each municipality is in
its registry); the reader leaves them alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from samla.core.allocation.errors import AllocationError
from samla.core.allocation.model import (
    SCENARIOS,
    AllocationResult,
    ContinuationRow,
    Explanation,
    ExplanationPart,
    MunicipalityRef,
    SchemeRule,
    continuation_row,
)
from samla.core.allocation.rounding import round_half_up
from samla.core.allocation.text import Text, gettext_noop, text_data

SCHEMA_VERSION = 2
UNKNOWN_VERSION = gettext_noop("a stored allocation of schema version {version} cannot be read (known: 1 and {known})")
NOT_A_DOCUMENT = gettext_noop("not a stored allocation result: {problem}")

# The explanation templates that say which method a v1 entitlement part came from (see explain.py).
_METHOD_OF_DETAIL = {"award in {year}": "historical",
                     "budget {budget} × {indicator} ({year}) share of the participants": "key",
                     "rate {rate} × {indicator} ({year})": "rate"}


def explanation_to_data(e: Explanation) -> dict[str, Any]:
    return {
        "amount": e.amount, "rule": text_data(e.rule),
        "parts": [{"code": p.code, "label": text_data(p.label), "value": str(p.value), "detail": text_data(p.detail),
                   "scheme": p.scheme} for p in e.parts],
        "factors": [[text_data(name), text_data(value)] for name, value in e.factors],
        "steps": [text_data(step) for step in e.steps],
    }


def explanation_from_data(data: Mapping[str, Any], municipality: MunicipalityRef, year: int) -> Explanation:
    parts = tuple(ExplanationPart(p["code"], Text.from_data(p["label"]), Fraction(p["value"]),
                                  Text.from_data(p.get("detail")), p.get("scheme")) for p in data["parts"])
    return Explanation(municipality, year, data["amount"], Text.from_data(data["rule"]), parts,
                       tuple((Text.from_data(name), Text.from_data(value)) for name, value in data["factors"]),
                       tuple(Text.from_data(step) for step in data["steps"]))


def result_to_data(result: AllocationResult) -> dict[str, Any]:
    """The document of ``result``, with every amount's explanation (built now if it is built on demand)."""
    rows = {(r.municipality, r.year): r for r in result.continuation_rows}
    baseline = {r.municipality: r.baseline for r in result.continuation_rows}
    refs = sorted(result.municipalities, key=lambda m: (m.region, m.name, m.number))
    cells: dict[str, dict[str, Any]] = {}
    for ref in refs:
        cells[ref.number] = {}
        for year in result.years:
            row = rows[(ref.number, year)]
            cell: dict[str, Any] = {"amount": result.amounts[(ref.number, year)], "programme": row.programme,
                                    "continuations": row.continuations}
            if row.by_scheme:
                cell["by_scheme"] = dict(row.by_scheme)
            cell["explanation"] = explanation_to_data(result.explain(ref.number, year))
            cells[ref.number][str(year)] = cell
    return {
        "schema": SCHEMA_VERSION, "name": result.name, "scenario": result.scenario, "years": list(result.years),
        "municipalities": [{"number": m.number, "name": m.name, "region": m.region,
                            "baseline": baseline.get(m.number, 0)} for m in refs],
        "schemes": [{"key": s.key, "method": s.method, "title": s.title, "ministry": s.ministry,
                     "base_year": s.base_year} for s in result.schemes],
        "totals": {str(y): result.totals[y] for y in result.years},
        "cells": cells,
        "warnings": [text_data(w) for w in result.warnings],
    }


class StoredExplanations:
    """Explanations as stored in a document, read when asked (a run page asks for one at a time)."""

    def __init__(self, cells: Mapping[str, Mapping[str, Any]]) -> None:
        self._cells = cells
        self._read: dict[tuple[str, int], Explanation] = {}

    def explain(self, result: AllocationResult, municipality: str, year: int) -> Explanation:
        key = (municipality, year)
        if key not in self._read:
            data = self._cells[municipality][str(year)]["explanation"]
            self._read[key] = explanation_from_data(data, result.municipality(municipality), year)
        return self._read[key]


def _fail(problem: str) -> AllocationError:
    return AllocationError(Text(NOT_A_DOCUMENT, problem=problem))


def _v1_schemes(cells: Mapping[str, Mapping[str, Any]], base_year: int) -> tuple[SchemeRule, ...]:
    """The schemes of a version-1 document, in the order of its base-year explanations' entitlement parts."""
    for by_year in cells.values():
        parts = by_year[str(base_year)]["explanation"]["parts"]
        rules = []
        for part in parts:
            if part["code"] == "entitlement" and part.get("scheme"):
                detail = Text.from_data(part.get("detail"))
                method = _METHOD_OF_DETAIL.get(getattr(detail, "template", ""), "historical")
                rules.append(SchemeRule(part["scheme"], method))  # type: ignore[arg-type]
        return tuple(rules)
    return ()


def _v1_baseline(cell: Mapping[str, Any]) -> int:
    """Σ entitlements of a stored base-year explanation, rounded to the krone (the hold-harmless level)."""
    parts = cell["explanation"]["parts"]
    return round_half_up(sum((Fraction(p["value"]) for p in parts if p["code"] == "entitlement"), Fraction(0)), 1)


def result_from_data(data: Mapping[str, Any]) -> AllocationResult:
    """The stored result of a document of any known version. ``AllocationError`` for an unknown version or a
    document that is not a stored allocation."""
    if not isinstance(data, Mapping):
        raise _fail("not a JSON object")
    version = data.get("schema", 1)
    if version not in (1, SCHEMA_VERSION):
        raise AllocationError(Text(UNKNOWN_VERSION, version=version, known=SCHEMA_VERSION))
    try:
        years = tuple(int(y) for y in data["years"])
        cells: Mapping[str, Mapping[str, Any]] = data["cells"]
        scenario = data.get("scenario", "as_run")
        if scenario not in SCENARIOS:
            raise _fail(f"unknown scenario {scenario!r}")
        refs = tuple(MunicipalityRef(m["number"], m["name"], m.get("region", "")) for m in data["municipalities"])
        if version == 1:
            schemes = _v1_schemes(cells, years[0]) if years else ()
            baseline = {m.number: _v1_baseline(cells[m.number][str(years[0])]) for m in refs}
        else:
            schemes = tuple(SchemeRule(s["key"], s.get("method", "historical"), s.get("title", ""),
                                       s.get("ministry", ""), s.get("base_year")) for s in data["schemes"])
            baseline = {m["number"]: int(m["baseline"]) for m in data["municipalities"]}
        amounts: dict[tuple[str, int], int] = {}
        rows: list[ContinuationRow] = []
        for ref in sorted(refs, key=lambda m: m.number):  # rows in the engine's order
            for year in years:
                cell = cells[ref.number][str(year)]
                amounts[(ref.number, year)] = int(cell["amount"])
                by_scheme = tuple(sorted((k, int(v)) for k, v in (cell.get("by_scheme") or {}).items()))
                rows.append(continuation_row(ref.number, year, baseline[ref.number], int(cell["programme"]),
                                             int(cell["continuations"]), by_scheme))
        totals = {int(y): int(t) for y, t in data["totals"].items()}
        warnings = tuple(Text.from_data(w) for w in data.get("warnings", ()))
        name = str(data.get("name", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(f"{type(exc).__name__}: {exc}") from exc
    return AllocationResult(name=name, years=years, municipalities=refs, schemes=schemes, totals=totals,
                            amounts=amounts, continuation_rows=tuple(rows), warnings=warnings,
                            explanations=StoredExplanations(cells), scenario=scenario)
