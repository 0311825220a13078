"""What an allocation run stores: its input as canonical JSON, and its result as the engine's document.

The result is ``samla.core.allocation.result_to_data`` of the engine's typed ``AllocationResult`` (schema
version in the JSON, every text as ``Text.as_data()``), plus one key of this app's: ``places``, where each
municipality of the run is in the registry (municipality id, region id), so pages can filter rows by the reader's
scope. It is read back only through ``stored_result`` (here) and ``selectors.stored_allocation``.

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

from samla.core.allocation import (
    AllocationResult,
    ProgrammeSpec,
    allocate_scenario,
    result_from_data,
    result_to_data,
)
from samla.core.allocation.text import Text

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


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a municipality of a run is in the registry."""

    municipality_id: int
    region_id: int | None


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
    """The engine input after the rule options: policy overridden, decisions ignored (the scenario is the
    engine's own: ``allocate_scenario``)."""
    changes: dict[str, Any] = {}
    if options.residual_policy != "programme":
        changes["residual_policy"] = options.residual_policy
    if not options.use_decided:
        changes["decided"] = {}
    return dataclasses.replace(spec, **changes)


def input_document(spec: ProgrammeSpec, options: RunOptions) -> str:
    return canonical_json({"options": options.as_dict(), "spec": _plain(spec)})


def compute(spec: ProgrammeSpec, options: RunOptions) -> tuple[str, AllocationResult]:
    """(canonical input JSON, the engine's result). Raises the engine's ``AllocationError`` on bad input."""
    return input_document(spec, options), allocate_scenario(run_input(spec, options), options.scenario)


def result_document(result: AllocationResult, places: Mapping[str, Place]) -> dict[str, Any]:
    """The JSON a run stores: the engine's document and this app's ``places``."""
    document = result_to_data(result)
    document["places"] = {number: [p.municipality_id, p.region_id] for number, p in sorted(places.items())}
    return document


def stored_result(document: Mapping[str, Any]) -> tuple[AllocationResult, dict[str, Place]]:
    """A run's stored JSON read back: the typed result and the places. Runs stored before the engine's document
    had a version (schema 1) kept the places in their municipality rows; both are read."""
    result = result_from_data(document)
    if "places" in document:
        places = {number: Place(int(ids[0]), None if ids[1] is None else int(ids[1]))
                  for number, ids in document["places"].items()}
    else:
        places = {m["number"]: Place(int(m["id"]), None if m.get("region_id") is None else int(m["region_id"]))
                  for m in document["municipalities"]}
    return result, places


def english(value: object) -> str:
    """A stored text (``Text.as_data()`` or an old plain string) as its English string."""
    return str(Text.from_data(value))
