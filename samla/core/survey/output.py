"""Plain-data forms of the statistics, shared by the CLI and the web exports (one rule for suppression)."""

from __future__ import annotations

from typing import Any

from samla.core.survey.model import SCALE, Change, ItemStats

ITEM_COLUMNS: tuple[str, ...] = ("item", "wave", "n", "n_dk", "n_missing", "mean", "sd", "median",
                                 *(f"n_{v}" for v in SCALE), "suppressed")
CHANGE_COLUMNS: tuple[str, ...] = ("item", "from", "to", "diff", "change_pct", "suppressed")


def item_as_dict(s: ItemStats, *, min_group: int = 1) -> dict[str, Any]:
    """JSON shape of one ItemStats. Below ``min_group`` answers the mean, sd, median and distribution
    are None and ``suppressed`` is True."""
    hidden = s.n < min_group
    return {
        "item": s.item, "wave": s.wave, "n": s.n, "n_dk": s.n_dk, "n_missing": s.n_missing,
        "mean": None if hidden else s.mean, "sd": None if hidden else s.sd,
        "median": None if hidden else s.median,
        "distribution": None if hidden else {str(v): s.distribution[v] for v in SCALE},
        "suppressed": hidden,
    }


def change_as_dict(c: Change) -> dict[str, Any]:
    return {"item": c.item, "from": c.from_wave, "to": c.to_wave, "diff": c.diff, "change_pct": c.change_pct,
            "suppressed": c.suppressed}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def item_row(s: ItemStats, *, min_group: int = 1) -> list[str]:
    """One CSV row (ITEM_COLUMNS) of an ItemStats; floats at full precision, None as an empty cell."""
    d = item_as_dict(s, min_group=min_group)
    dist = d["distribution"] or {}
    return [_cell(d[k]) for k in ITEM_COLUMNS[:8]] + [_cell(dist.get(str(v))) for v in SCALE] + [_cell(d["suppressed"])]


def change_row(c: Change) -> list[str]:
    d = change_as_dict(c)
    return [_cell(d[k]) for k in CHANGE_COLUMNS]
