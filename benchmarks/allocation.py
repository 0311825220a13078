"""Allocation engine at national scale: 357 municipalities × 250 schemes × 10 years.

Run:  .venv/bin/python -m benchmarks.allocation [--repeat N]

Builds a synthetic programme (200 historical schemes, 35 distribution keys, 15 rates; budget with a
surplus shared by an indicator; growth every year), times the engine (exact integer/Fraction arithmetic,
explanations available) and a plain-numpy float64 lower bound of the same arithmetic in one run, and
prints as its last line:

    allocation national: engine_s=<s> numpy_s=<s> ratio=<engine/numpy>

Each figure is the best of --repeat runs (default 5). Target: engine under 0.3 s.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

import numpy as np

from samla.core.allocation import GrowthFactor, MunicipalityRef, ProgrammeSpec, SchemeRule, allocate

N_MUNICIPALITIES = 357
N_HISTORICAL, N_KEY, N_RATE = 200, 35, 15
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
    for i in range(N_HISTORICAL):
        key = f"{100 + i}.60"
        schemes.append(SchemeRule(key, "historical", base_year=2025))
        for m in numbers:
            if rnd.random() < 0.4:
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
    numbers = sorted(m.number for m in spec.municipalities)
    # sanity: the float lower bound agrees with the exact engine to within one unit on every amount
    worst = max(abs(result.amounts[(m, y)] - matrix[k, i]) for k, y in enumerate(spec.years)
                for i, m in enumerate(numbers))
    print(f"municipalities={len(numbers)} schemes={len(spec.schemes)} years={len(spec.years)} "
          f"awards={len(spec.awards)} total_{spec.years[-1]}={result.totals[spec.years[-1]]} "
          f"max_abs_diff_vs_numpy={worst:.0f}")
    print(f"allocation national: engine_s={engine_s:.4f} numpy_s={numpy_s:.4f} ratio={engine_s / numpy_s:.1f}")


if __name__ == "__main__":
    main()
