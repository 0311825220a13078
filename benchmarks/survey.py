"""Survey statistics at national scale: 357 municipalities × 60 items × 3 waves.

Run:  .venv/bin/python -m benchmarks.survey [--repeat N]

Builds 64 260 synthetic answers (about 3 % "don't know", 2 % missing), then times the statistics of
every item in every wave (exact integer/Fraction arithmetic) plus the changes between consecutive waves
and from the first to the last wave. Reading the same answers from a long CSV with ``read_long_csv`` is
timed separately, and so is the whole command a user runs, ``samla survey summary FILE --format json``, in
a fresh process. Prints as its last line (best of --repeat runs, default 5):

    survey national: seconds=<statistics s> read_s=<s> command_s=<s>

Targets on a 2-core machine: statistics under 0.2 s, the whole command under 0.15 s.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from samla.core.survey import DK, Answer, changes, consecutive_changes, item_statistics, read_long_csv

N_MUNICIPALITIES, N_ITEMS = 357, 60
WAVES = ("2019", "2020", "2022")


def build(seed: int = 2026) -> list[Answer]:
    rnd = random.Random(seed)
    answers = []
    for wave in WAVES:
        for i in range(N_ITEMS):
            item = f"q{i + 1:02d}"
            for m in range(N_MUNICIPALITIES):
                r = rnd.random()
                value = DK if r < 0.03 else None if r < 0.05 else rnd.randint(1, 5)
                answers.append(Answer(f"m{m + 1:03d}", wave, item, value))
    return answers


def statistics_and_changes(answers: list[Answer]) -> tuple[int, int]:
    stats = item_statistics(answers)
    moves = consecutive_changes(stats) + changes(stats, WAVES[0], WAVES[-1])
    return len(stats), len(moves)


def command(path: Path) -> dict:
    """``samla survey summary FILE --format json`` in a fresh process, as a user runs it."""
    script = Path(sys.executable).with_name("samla")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "samla.cli"]
    proc = subprocess.run([*argv, "survey", "summary", str(path), "--format", "json"], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"samla survey summary failed: {proc.stderr.strip()}")
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
    answers = build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.csv"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("municipality,wave,item,value\n")
            fh.writelines(f"{a.municipality},{a.wave},{a.item},{'' if a.value is None else a.value}\n"
                          for a in answers)
        read_s, read = best_of(ns.repeat, read_long_csv, path)
        command_s, printed = best_of(ns.repeat, command, path)
    assert read == answers
    assert len(printed["items"]) == N_ITEMS * len(WAVES)
    seconds, (n_stats, n_changes) = best_of(ns.repeat, statistics_and_changes, answers)
    print(f"answers={len(answers)} item_waves={n_stats} changes={n_changes} read_long_csv_s={read_s:.4f}")
    print(f"survey national: seconds={seconds:.4f} read_s={read_s:.4f} command_s={command_s:.4f}")


if __name__ == "__main__":
    main()
