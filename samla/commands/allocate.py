"""``samla allocate``: a programme's allocation as JSON, CSV or a table.

    samla allocate FOLDER [--format json|csv|table] [--explain NUMBER --year YEAR]
        computes the allocation of a programme folder (a draft: nothing is decided by computing it);
    samla allocate --programme SLUG [--format ...] [--explain NUMBER --year YEAR]
        prints the programme's DECIDED amounts: its locked allocation run in the configured database
        (``DATABASE_URL``), read through the same selector as the pages, the letters and the API.

Bad input exits with code 1 and one line on stderr naming the problem; nothing goes to stdout. Computing a
folder needs no Django (the command starts in a blink at national scale).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from samla.commands.jsonout import dumps
from samla.core.money import format_amount, format_exact, to_decimal

if TYPE_CHECKING:  # the engine is imported when the command runs, so `samla --help` and other commands start fast
    from samla.core.allocation import AllocationResult, Explanation

NO_LOCKED_RUN = "programme {slug} has no locked allocation run: no amount is decided yet"
NO_PROGRAMME = "no programme {slug} in the database"


def add_allocate_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="compute a programme folder's allocation, or print a programme's decided one",
                       description="Compute a programme's allocation from a programme folder (programme.toml + "
                                   "CSV files; see docs/allocation.md), or print the decided amounts of a "
                                   "programme in the database (--programme).")
    p.add_argument("folder", nargs="?", help="programme folder, e.g. examples/pilot-2020")
    p.add_argument("--programme", metavar="SLUG", help="print the decided amounts (the locked run) of a programme "
                                                      "in the configured database instead")
    p.add_argument("--format", choices=["json", "csv", "table"], default="table")
    p.add_argument("--explain", metavar="NUMBER", help="explain one municipality's amount (needs --year)")
    p.add_argument("--year", type=int, help="year of the amount to explain")
    p.set_defaults(func=run)


def _fraction(value: Any) -> dict[str, str]:
    """An exact share as NOK with two decimals (rounded half up from the exact value) and as n/d."""
    return {"nok": str(value.numerator) if value.denominator == 1 else f"{to_decimal(value):.2f}",
            "exact": format_exact(value)}


def result_to_dict(result: AllocationResult, programme: dict[str, Any]) -> dict[str, Any]:
    names = {m.number: m for m in result.municipalities}
    allocations = [
        {"municipality": m, "name": names[m].name, "region": names[m].region, "year": y, "amount": amount}
        for (m, y), amount in sorted(result.amounts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    continuations = [
        {"municipality": r.municipality, "name": names[r.municipality].name, "year": r.year,
         "baseline": r.baseline, "programme": r.programme, "continuations": r.continuations,
         "as_run": r.as_run, "strict_pooling": r.strict_pooling, "strict_programme": r.strict_programme,
         "double_financing": r.continuations > 0, "by_scheme": dict(r.by_scheme)}
        for r in result.continuation_rows
    ]
    scenarios = {
        name: {str(y): sum(getattr(r, field) for r in result.continuation_rows if r.year == y)
               for y in result.years}
        for name, field in (("as_run", "as_run"), ("strict_pooling", "strict_programme"))
    }
    return {
        "programme": programme,
        "years": list(result.years),
        "totals": {str(y): t for y, t in result.totals.items()},
        "allocations": allocations,
        "continuations": continuations,
        "scenarios": scenarios,
        "warnings": [str(w) for w in result.warnings],
    }


def folder_programme(result: AllocationResult) -> dict[str, Any]:
    spec = result.spec
    return {
        "name": spec.name, "rounding_unit": spec.rounding_unit, "residual_policy": spec.residual_policy,
        "floor": spec.floor, "budget": spec.budget,
        "growth": {str(y): {"rate": str(g.rate), "source": g.source} for y, g in sorted(spec.growth.items())},
        "schemes": [s.key for s in spec.schemes],
    }


def explanation_to_dict(e: Explanation) -> dict[str, Any]:
    return {
        "municipality": e.municipality.number, "name": e.municipality.name, "year": e.year, "amount": e.amount,
        "rule": e.rule,
        "parts": [{"code": p.code, "label": p.label, **_fraction(p.value), "detail": p.detail,
                   **({"scheme": p.scheme} if p.scheme else {})} for p in e.parts],
        "factors": dict(e.factors), "steps": list(e.steps),
    }


def render_table(result: AllocationResult, title: str) -> str:
    names = {m.number: m for m in result.municipalities}
    years = result.years
    header = ["Number", "Municipality", "Region", *map(str, years), "Sum"]
    rows = []
    for m in sorted(names):
        amounts = [result.amounts[(m, y)] for y in years]
        rows.append([m, names[m].name, names[m].region, *map(format_amount, amounts), format_amount(sum(amounts))])
    totals = [result.totals[y] for y in years]
    rows.append(["", "Total", "", *map(format_amount, totals), format_amount(sum(totals))])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = io.StringIO()
    out.write(f"{title}\n")
    for i, row in enumerate([header, *rows]):
        if i == len(rows):
            out.write("  ".join("-" * w for w in widths) + "\n")
        out.write("  ".join(str(c).ljust(w) if j < 3 else str(c).rjust(w)
                            for j, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip() + "\n")
        if i == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    if result.warnings:
        out.write("\nWarnings:\n" + "".join(f"- {w}\n" for w in result.warnings))
    return out.getvalue()


def _nok_2(value: Any) -> str:
    """An exact share with two decimals, space-grouped (``2 784 000.00``)."""
    return f"{to_decimal(value):,.2f}".replace(",", " ")


def render_explanation(e: Explanation) -> str:
    lines = [f"{e.municipality.number} {e.municipality.name}, {e.year}: {format_amount(e.amount)} NOK",
             f"Rule: {e.rule}", ""]
    width = max(len(p.label) for p in e.parts)
    for p in e.parts:
        lines.append(f"  {p.label.ljust(width)}  {_nok_2(p.value):>16}  {p.detail}".rstrip())
    lines.append(f"  {'= amount'.ljust(width)}  {_nok_2(e.total()):>16}")
    lines += ["", "Factors:", *(f"  {k}: {v}" for k, v in e.factors), "", "Steps:", *(f"  {s}" for s in e.steps)]
    return "\n".join(lines) + "\n"


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["municipality", "name", "region", "year", "amount"])
    for row in rows:
        writer.writerow([row["municipality"], row["name"], row["region"], row["year"], row["amount"]])
    return buf.getvalue()


def decided(slug: str) -> tuple[AllocationResult, dict[str, Any]]:
    """The programme's decided amounts from the configured database (Django is started only here)."""
    from samla.core.allocation import AllocationError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
    import django

    django.setup()
    from samla.allocation.selectors import locked_allocation, programme_by_slug

    programme = programme_by_slug(slug)
    if programme is None:
        raise AllocationError(NO_PROGRAMME.format(slug=slug))
    allocation = locked_allocation(programme)
    if allocation is None:
        raise AllocationError(NO_LOCKED_RUN.format(slug=slug))
    run = allocation.run
    return allocation.result, {
        "name": programme.name, "slug": programme.slug, "run": run.number, "scenario": run.scenario,
        "locked_at": run.locked_at.isoformat() if run.locked_at else None, "lock_reason": run.lock_reason,
        "input_sha256": run.input_sha256, "result_sha256": run.result_sha256,
    }


def run(ns: argparse.Namespace) -> int:
    from samla.core.allocation import AllocationError, allocate, load_programme_folder

    try:
        if ns.explain and ns.year is None:
            raise AllocationError("--explain needs --year")
        if bool(ns.folder) == bool(ns.programme):
            raise AllocationError("give a programme FOLDER or --programme SLUG (one of them)")
        if ns.programme:
            result, programme = decided(ns.programme)
            title = f"{programme['name']} (decided: locked run {programme['run']})"
        else:
            result = allocate(load_programme_folder(ns.folder))
            programme, title = folder_programme(result), result.name
        if ns.explain:
            if (ns.explain, ns.year) not in result.amounts:
                raise AllocationError(f"no amount for municipality {ns.explain} in {ns.year}")
            explanation = result.explain(ns.explain, ns.year)
            text = (json.dumps(explanation_to_dict(explanation), ensure_ascii=False, indent=2) + "\n"
                    if ns.format == "json" else render_explanation(explanation))
        elif ns.format == "json":
            text = dumps(result_to_dict(result, programme))
        elif ns.format == "csv":
            text = _csv(result_to_dict(result, programme)["allocations"])
        else:
            text = render_table(result, title)
    except AllocationError as exc:
        print(f"samla allocate: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
