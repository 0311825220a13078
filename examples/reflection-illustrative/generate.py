"""Write the ILLUSTRATIVE reflection-form answers of this folder (responses.csv, items.csv).

    python examples/reflection-illustrative/generate.py [OUTPUT_FOLDER]

Deterministic: the same files every run. The answers are invented; only their means per item and wave
are fixed, to the values printed in Figure 7 of the final evaluation report (rounded to one decimal).
Every cell is built so that the mean is as close to the printed value as n allows (never off by 0.05
or more), and the first item's 2019→2022 change rounds to the report's 27 percent.
"""

from __future__ import annotations

import csv
import random
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2019
WAVES = ("2019", "2020", "2022")
# The 12 pilot municipalities by their 2020–2023 numbers (examples/pilot-2020/municipalities.csv).
MUNICIPALITIES = ("3420", "3427", "3443", "3448", "5001", "5007", "5014", "5060", "3801", "3805", "3812", "3813")

THEME_NB, THEME_EN = "Status for arbeid på tvers", "Status of cross-sector work"
STEM_NB = "Slik dere vurderer det, hvor god er kommunen i å arbeide på tvers mellom "
STEM_EN = "As you assess it, how good is the municipality at working across "
# item code, end of the question (bokmål, English), Figure 7's means for 2019, 2020, 2022
ITEMS = (
    ("fig7_q1",
     "tjenester i ulike sektorer som har 0–24 i målgruppen (tjenesteproduksjon)?",
     "services in different sectors that serve ages 0-24 (service delivery)?",
     ("2.5", "3.0", "3.2")),
    ("fig7_q2",
     "tjenester internt i samme sektor som har 0–24 i målgruppen (tjenesteproduksjon)?",
     "services within the same sector that serve ages 0-24 (service delivery)?",
     ("3.4", "3.5", "3.7")),
    ("fig7_q3",
     "sektorer som har 0–24 i målgruppen (her tenker vi på ledernivå og tema som strukturer, systemer, "
     "behovsforståelse, prioriteringer og strategier)?",
     "sectors that serve ages 0-24 (leadership level: structures, systems, needs understanding, priorities, "
     "strategies)?",
     ("2.9", "3.2", "3.5")),
)
# A few "don't know" (dk) and missing ("") answers: (wave, item, municipality) -> value.
IRREGULAR = {
    ("2019", "fig7_q2", "3427"): "",
    ("2019", "fig7_q3", "3801"): "dk",
    ("2020", "fig7_q1", "5014"): "dk",
    ("2020", "fig7_q2", "3812"): "dk",
    ("2020", "fig7_q3", "5014"): "",
    ("2022", "fig7_q2", "5060"): "",
    ("2022", "fig7_q3", "5007"): "dk",
    ("2022", "fig7_q3", "3443"): "dk",
}
SPREAD_MOVES = 4  # random +1/−1 swaps per cell: some spread without moving the mean


def cell_values(rnd: random.Random, target: Fraction, n: int) -> list[int]:
    """n values in 1..5 whose sum is the nearest integer to target × n."""
    total = round(target * n)
    values = [total // n + (1 if i < total % n else 0) for i in range(n)]
    for _ in range(SPREAD_MOVES):
        i, j = rnd.sample(range(n), 2)
        if values[i] < 5 and values[j] > 1:
            values[i] += 1
            values[j] -= 1
    rnd.shuffle(values)
    assert sum(values) == total and all(1 <= v <= 5 for v in values)
    assert abs(Fraction(total, n) - target) < Fraction(1, 20), (target, n)
    return values


def responses() -> list[tuple[str, str, str, str]]:
    rnd = random.Random(SEED)
    rows = []
    for w, wave in enumerate(WAVES):
        for code, _nb, _en, means in ITEMS:
            answered = [m for m in MUNICIPALITIES if (wave, code, m) not in IRREGULAR]
            values = dict(zip(answered, cell_values(rnd, Fraction(means[w]), len(answered)), strict=True))
            for m in MUNICIPALITIES:
                value = IRREGULAR.get((wave, code, m), str(values.get(m)))
                rows.append((m, wave, code, value))
    return rows


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "responses.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("municipality", "wave", "item", "value"))
        writer.writerows(responses())
    with (folder / "items.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("item", "theme_nb", "theme_en", "text_nb", "text_en"))
        writer.writerows((code, THEME_NB, THEME_EN, STEM_NB + nb, STEM_EN + en) for code, nb, en, _ in ITEMS)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
