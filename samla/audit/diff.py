"""A readable difference between two JSON snapshots of an object (plain Python, no Django)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MISSING = object()


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    changed: bool
    added: bool = False  # only in the after snapshot
    removed: bool = False  # only in the before snapshot


def show(value: Any) -> str:
    """A snapshot value as text: strings as they are, everything else as JSON; "" for a missing value."""
    if value is MISSING or value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None, *, everything: bool = False,
            display: Callable[[str, Any], str] | None = None) -> list[Change]:
    """The fields that differ (or, with ``everything``, every field): ``id`` first, then by name. (PostgreSQL's
    jsonb does not keep the order in which a snapshot's keys were written, so no order is kept here either.)

    ``display(field, value)`` writes a value for a reader (a page in the user's language); by default values are
    shown as stored (``show``), as the exports keep them. A missing value is passed as ``MISSING``."""
    if display is None:
        def display(_field: str, value: Any) -> str:
            return show(value)
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):  # a snapshot that is not an object
        before, after = {"value": before}, {"value": after}
    keys = sorted({*before, *after}, key=lambda k: (k != "id", k))
    out = []
    for key in keys:
        old, new = before.get(key, MISSING), after.get(key, MISSING)
        changed = old != new
        if changed or everything:
            out.append(Change(key, display(key, old), display(key, new), changed,
                              added=old is MISSING and new is not MISSING,
                              removed=new is MISSING and old is not MISSING))
    return out


def summary(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """One line for exports: ``field: old → new; …``."""
    return "; ".join(f"{c.field}: {c.before} → {c.after}" for c in changes(before, after))
