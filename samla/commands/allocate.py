"""``samla allocate FOLDER``: compute a programme's allocation and print it as JSON, CSV or a table.

Bad input exits with code 1 and one line on stderr naming the problem; nothing goes to stdout.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from fractions import Fraction
from typing import Any

from samla.core.allocation import AllocationError, AllocationResult, Explanation, allocate, load_programme_folder


def add_allocate_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="compute a programme's allocation from a programme folder",
                       description="Compute a programme's allocation from a programme folder "
                                   "(programme.toml + CSV files; see docs/allocation.md).")
    p.add_argument("folder", help="programme folder, e.g. examples/pilot-2020")
    p.add_argument("--format", choices=["json", "csv", "table"], default="table")
    p.add_argument("--explain", metavar="NUMBER", help="explain one municipality's amount (needs --year)")
    p.add_argument("--year", type=int, help="year of the amount to explain")
    p.set_defaults(func=run)


def _fraction(value: Fraction) -> dict[str, str]:
    return {"nok": f"{float(value):.2f}" if value.denominator != 1 else str(value.numerator),
            "exact": f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)}


def result_to_dict(result: AllocationResult) -> dict[str, Any]:
    spec = result.spec
    names = {m.number: m for m in spec.municipalities}
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
        "programme": {
            "name": spec.name, "rounding_unit": spec.rounding_unit, "residual_policy": spec.residual_policy,
            "floor": spec.floor, "budget": spec.budget,
            "growth": {str(y): {"rate": str(g.rate), "source": g.source} for y, g in sorted(spec.growth.items())},
            "schemes": [s.key for s in spec.schemes],
        },
        "years": list(result.years),
        "totals": {str(y): t for y, t in result.totals.items()},
        "allocations": allocations,
        "continuations": continuations,
        "scenarios": scenarios,
        "warnings": list(result.warnings),
    }


def explanation_to_dict(e: Explanation) -> dict[str, Any]:
    return {
        "municipality": e.municipality.number, "name": e.municipality.name, "year": e.year, "amount": e.amount,
        "rule": e.rule,
        "parts": [{"code": p.code, "label": p.label, **_fraction(p.value), "detail": p.detail,
                   **({"scheme": p.scheme} if p.scheme else {})} for p in e.parts],
        "factors": dict(e.factors), "steps": list(e.steps),
    }


def _nok(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def render_table(result: AllocationResult) -> str:
    names = {m.number: m for m in result.spec.municipalities}
    years = result.years
    header = ["Number", "Municipality", "Region", *map(str, years), "Sum"]
    rows = []
    for m in sorted(names):
        amounts = [result.amounts[(m, y)] for y in years]
        rows.append([m, names[m].name, names[m].region, *map(_nok, amounts), _nok(sum(amounts))])
    totals = [result.totals[y] for y in years]
    rows.append(["", "Total", "", *map(_nok, totals), _nok(sum(totals))])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = io.StringIO()
    out.write(f"{result.spec.name}\n")
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


def render_explanation(e: Explanation) -> str:
    lines = [f"{e.municipality.number} {e.municipality.name}, {e.year}: {_nok(e.amount)} NOK", f"Rule: {e.rule}", ""]
    width = max(len(p.label) for p in e.parts)
    for p in e.parts:
        value = f"{float(p.value):>16,.2f}".replace(",", " ")
        lines.append(f"  {p.label.ljust(width)}  {value}  {p.detail}".rstrip())
    lines.append(f"  {'= amount'.ljust(width)}  {float(e.total()):>16,.2f}".replace(",", " "))
    lines += ["", "Factors:", *(f"  {k}: {v}" for k, v in e.factors), "", "Steps:", *(f"  {s}" for s in e.steps)]
    return "\n".join(lines) + "\n"


def run(ns: argparse.Namespace) -> int:
    try:
        if ns.explain and ns.year is None:
            raise AllocationError("--explain needs --year")
        result = allocate(load_programme_folder(ns.folder))
        if ns.explain:
            if (ns.explain, ns.year) not in result.amounts:
                raise AllocationError(f"no amount for municipality {ns.explain} in {ns.year}")
            explanation = result.explain(ns.explain, ns.year)
            text = (json.dumps(explanation_to_dict(explanation), ensure_ascii=False, indent=2) + "\n"
                    if ns.format == "json" else render_explanation(explanation))
        elif ns.format == "json":
            text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
        elif ns.format == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(["municipality", "name", "region", "year", "amount"])
            for row in result_to_dict(result)["allocations"]:
                writer.writerow([row["municipality"], row["name"], row["region"], row["year"], row["amount"]])
            text = buf.getvalue()
        else:
            text = render_table(result)
    except AllocationError as exc:
        print(f"samla allocate: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
