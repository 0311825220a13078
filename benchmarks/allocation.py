"""Allocation engine at national scale: 357 municipalities × 250 schemes × 10 years.

Run:  .venv/bin/python -m benchmarks.allocation [--repeat N]

Builds a synthetic programme (200 historical schemes with 150 awards per municipality, 53 550 award rows;
35 distribution keys, 15 rates; budget with a surplus shared by an indicator; growth every year) and times in
one run:

(a) the engine on the data in memory (exact integer arithmetic; explanations built on demand);
(b) the whole command a user runs, ``samla allocate FOLDER --format json``, in a fresh process, on the
    programme written as a folder (programme.toml and CSV files) — reading, engine and JSON output;
(c) a plain-numpy float64 floor of the same arithmetic (not exact: a lower bound on time, not a reference).

It checks that the command's JSON equals the engine's amounts and that numpy agrees to the krone, and prints
as its last line:

    allocation national: engine_s=<s> end_to_end_s=<s> numpy_s=<s> ratio=<engine/numpy>

Each figure is the best of --repeat runs (default 5). Targets on a 2-core machine: engine under 0.03 s, end to
end under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from samla.core.allocation import GrowthFactor, MunicipalityRef, ProgrammeSpec, SchemeRule, allocate

N_MUNICIPALITIES = 357
N_HISTORICAL, N_KEY, N_RATE = 200, 35, 15
AWARDS_PER_MUNICIPALITY = 150  # of the 200 historical schemes: 357 × 150 = 53 550 award rows
N_YEARS = 10
UNIT = 1000


def build(seed: int = 2026) -> ProgrammeSpec:
    rnd = random.Random(seed)
    numbers = sorted({f"{rnd.randint(101, 5699):04d}" for _ in range(2000)})[:N_MUNICIPALITIES]
    indicators = {}
    for ind in ("pop_0_24", "minority_kids", "low_income", "dropouts", "nav_users"):
        for m in numbers:
            indicators[(m, ind, 2025)] = Decimal(rnd.randint(10, 200_000)) / (4 if ind == "nav_users" else 1)
    schemes = []
    awards = {}
    historical = [f"{100 + i}.60" for i in range(N_HISTORICAL)]
    schemes.extend(SchemeRule(key, "historical", base_year=2025) for key in historical)
    for m in numbers:
        for key in rnd.sample(historical, AWARDS_PER_MUNICIPALITY):
            awards[(m, key, 2025)] = rnd.randint(10_000, 5_000_000)
    inds = ("pop_0_24", "minority_kids", "low_income", "dropouts", "nav_users")
    for i in range(N_KEY):
        schemes.append(SchemeRule(f"{400 + i}.61", "key", budget=rnd.randint(1, 500) * 1_000_000,
                                  indicator=inds[i % 5], indicator_year=2025))
    for i in range(N_RATE):
        schemes.append(SchemeRule(f"{500 + i}.62", "rate", rate=Decimal(rnd.randint(1, 20000)) / 100,
                                  indicator=inds[i % 5], indicator_year=2025))
    years = tuple(range(2026, 2026 + N_YEARS))
    growth = {y: GrowthFactor(y, Decimal(rnd.randint(0, 60)) / 1000, "synthetic") for y in years[1:]}
    spec = ProgrammeSpec(
        name="national", years=years, municipalities=tuple(MunicipalityRef(m, m) for m in numbers),
        schemes=tuple(schemes), rounding_unit=UNIT, floor=2_000_000, growth=growth, awards=awards,
        indicators=indicators, surplus="indicator", surplus_indicator="pop_0_24", surplus_indicator_year=2025,
    )
    hold_harmless = allocate(spec).totals[years[0]]
    return ProgrammeSpec(**{**spec.__dict__, "budget": (hold_harmless // UNIT + 500_000) * UNIT})


def numpy_lower_bound(spec: ProgrammeSpec) -> np.ndarray:
    """The same arithmetic in float64 (not exact: a lower bound on time, not a reference)."""
    numbers = sorted(m.number for m in spec.municipalities)
    index = {m: i for i, m in enumerate(numbers)}
    n, unit = len(numbers), spec.rounding_unit
    hist = [s for s in spec.schemes if s.method == "historical"]
    col = {s.key: j for j, s in enumerate(hist)}
    matrix = np.zeros((n, len(hist)))
    for (m, key, _), amount in spec.awards.items():
        matrix[index[m], col[key]] = amount
    inds = sorted({s.indicator for s in spec.schemes if s.indicator} | {spec.surplus_indicator})
    ind = {name: np.array([float(spec.indicators[(m, name, 2025)]) for m in numbers]) for name in inds}
    entitled = matrix.sum(axis=1)
    for s in spec.schemes:
        if s.method == "key":
            entitled += s.budget * ind[s.indicator] / ind[s.indicator].sum()
        elif s.method == "rate":
            entitled += float(s.rate) * ind[s.indicator]
    pots = np.maximum(entitled, spec.floor)
    weights = ind[spec.surplus_indicator]
    base_exact = pots + (spec.budget - pots.sum()) * weights / weights.sum()
    totals = [float(spec.budget)]
    out = np.empty((len(spec.years), n))
    for k, year in enumerate(spec.years):
        if k:
            totals.append(np.floor(totals[-1] * (1 + float(spec.growth[year].rate)) / unit + 0.5) * unit)
        exact = base_exact * totals[k] / totals[0] if k else base_exact
        if k:
            exact = out[0] * totals[k] / totals[0]
        rounded = np.floor(exact / unit + 0.5) * unit
        rounded[np.argmax(exact)] += totals[k] - rounded.sum()
        out[k] = rounded
    return out


def write_folder(spec: ProgrammeSpec, folder: Path) -> None:
    """The programme as a programme folder (docs/allocation.md), as a directorate would keep it."""
    lines = [f'name = "{spec.name}"', f"years = {list(spec.years)}", f"rounding_unit = {spec.rounding_unit}",
             f"floor = {spec.floor}", f"budget = {spec.budget}",
             f'[surplus]\nmethod = "{spec.surplus}"\nindicator = "{spec.surplus_indicator}"\n'
             f"year = {spec.surplus_indicator_year}"]
    for year, g in sorted(spec.growth.items()):
        lines.append(f'[growth.{year}]\nrate = {g.rate}\nsource = "{g.source}"')
    for s in spec.schemes:
        table = [f'[[schemes]]\nkey = "{s.key}"\nmethod = "{s.method}"']
        table += [f"{k} = {v}" for k, v in (("base_year", s.base_year), ("budget", s.budget),
                                           ("indicator_year", s.indicator_year)) if v is not None]
        if s.indicator:
            table.append(f'indicator = "{s.indicator}"')
        if s.rate is not None:
            table.append(f"rate = {s.rate}")
        lines.append("\n".join(table))
    (folder / "programme.toml").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (folder / "municipalities.csv").write_text(
        "number,name,region\n" + "".join(f"{m.number},{m.name},{m.region}\n" for m in spec.municipalities),
        encoding="utf-8")
    (folder / "awards.csv").write_text(
        "municipality,scheme,year,amount\n" + "".join(f"{m},{k},{y},{a}\n" for (m, k, y), a in spec.awards.items()),
        encoding="utf-8")
    (folder / "indicators.csv").write_text(
        "municipality,indicator,year,value\n"
        + "".join(f"{m},{i},{y},{v}\n" for (m, i, y), v in spec.indicators.items()), encoding="utf-8")


def samla_command() -> list[str]:
    """The ``samla`` command of this environment (the one a user runs), else the module."""
    script = Path(sys.executable).with_name("samla")
    return [str(script)] if script.exists() else [sys.executable, "-m", "samla.cli"]


def end_to_end(folder: Path) -> dict:
    proc = subprocess.run([*samla_command(), "allocate", str(folder), "--format", "json"], capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"samla allocate failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def best_of(repeat: int, fn, *args):
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    ns = parser.parse_args()
    spec = build()
    engine_s, result = best_of(ns.repeat, allocate, spec)
    numpy_s, matrix = best_of(ns.repeat, numpy_lower_bound, spec)
    with tempfile.TemporaryDirectory(prefix="samla-national-") as tmp:
        folder = Path(tmp) / "national"
        folder.mkdir()
        write_folder(spec, folder)
        end_to_end_s, printed = best_of(ns.repeat, end_to_end, folder)
    from_command = {(a["municipality"], a["year"]): a["amount"] for a in printed["allocations"]}
    if from_command != dict(result.amounts):
        raise SystemExit("samla allocate FOLDER printed other amounts than the engine computed in memory")
    numbers = sorted(m.number for m in spec.municipalities)
    # sanity: the float lower bound agrees with the exact engine to within one unit on every amount
    worst = max(abs(result.amounts[(m, y)] - matrix[k, i]) for k, y in enumerate(spec.years)
                for i, m in enumerate(numbers))
    print(f"municipalities={len(numbers)} schemes={len(spec.schemes)} years={len(spec.years)} "
          f"awards={len(spec.awards)} total_{spec.years[-1]}={result.totals[spec.years[-1]]} "
          f"max_abs_diff_vs_numpy={worst:.0f} command_amounts_equal_engine=yes")
    print(f"allocation national: engine_s={engine_s:.4f} end_to_end_s={end_to_end_s:.4f} numpy_s={numpy_s:.4f} "
          f"ratio={engine_s / numpy_s:.1f}")


if __name__ == "__main__":
    main()
