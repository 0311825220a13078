"""Write the ILLUSTRATIVE reflection-form answers of this folder (items.csv, responses.csv, responses_other.csv).

    python examples/reflection-illustrative/generate.py [OUTPUT_FOLDER]

Deterministic: the same files every run. The answers are invented. For the three items of Figure 7 of the
final evaluation report the means per item and wave are fixed to the printed values (rounded to one
decimal): every cell is built so that the mean is as close to the printed value as n allows (never off by
0.05 or more), and the first item's 2019→2022 change rounds to the report's 27 percent.

The further items of section 5.5 have no printed means. Their means here are invented, chosen only so that
what the report does say holds: the two Figure 9 items rise 23 and 21 percent from 2019 to 2022 (rounded to
whole percent), top management was generally engaged, most municipalities answered "no" on routines for new
calls. Their answers come from a random stream of their own, so the Figure 7 answers are the same as before
these items were added.
"""

from __future__ import annotations

import csv
import random
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2019  # the Figure 7 answers
SEED_MORE = 552  # the answers of the other section 5.5 items
WAVES = ("2019", "2020", "2022")
# The 12 pilot municipalities by their 2020–2023 numbers (examples/pilot-2020/municipalities.csv).
MUNICIPALITIES = ("3420", "3427", "3443", "3448", "5001", "5007", "5014", "5060", "3801", "3805", "3812", "3813")
LIKERT, SINGLE_CHOICE, FREE_TEXT = "likert", "single_choice", "free_text"

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
    # the section 5.5 items below
    ("2020", "fig9_q2", "3448"): "dk",
    ("2020", "fig9_q1", "3805"): "",
    ("2022", "fig11_q2", "3813"): "dk",
    ("2022", "s553_leadership", "5060"): "",
}
SPREAD_MOVES = 4  # random +1/−1 swaps per cell: some spread without moving the mean

# The further items of section 5.5 (ILLUSTRATIVE means). Each: code, type, theme (nb, en), text (nb, en),
# {wave: invented mean} for scale items or {wave: {municipality: answer}} for the others.
YES_NO = (("ja", "Ja", "Yes"), ("nei", "Nei", "No"))
MORE_ITEMS = (
    ("fig9_q1", LIKERT, "Brukerbehovet", "User needs",
     "Informasjon om behovet til barn og unge og deres familier deles på tvers av tjenester",
     "Information about the needs of children and young people and their families is shared across services",
     {"2019": "2.6", "2020": "2.9", "2022": "3.2"}),
    ("fig9_q2", LIKERT, "Brukerbehovet", "User needs",
     "Det samles informasjon/data om behovet til barn og unge og deres familier på tvers av tjenester i kommunen",
     "Information/data on the needs of children and young people and their families is collected across "
     "services in the municipality",
     {"2019": "2.4", "2020": "2.6", "2022": "2.9"}),
    ("s553_leadership", LIKERT, "Om pilotprosjektet i kommunen", "About the pilot project in the municipality",
     "I hvilken grad har kommunens toppledelse vært engasjert i piloten for programfinansiering?",
     "To what degree has the municipality's top management been engaged in the programme financing pilot?",
     {"2022": "3.8"}),
    ("s553_routines", SINGLE_CHOICE, "Om pilotprosjektet i kommunen", "About the pilot project in the municipality",
     "Har kommunen etablert rutiner, strukturer eller prosesser for å håndtere utlysninger av nye "
     "programfinansieringsmidler?",
     "Has the municipality established routines, structures or processes for handling calls for new programme "
     "financing funds?",
     # most of those who answered said no; two did not answer
     {"2022": {"3420": "nei", "3427": "nei", "3443": "ja", "3448": "nei", "5001": "ja", "5007": "nei",
               "5014": "nei", "3801": "nei", "3805": "ja", "3812": "nei"}}),
    ("s554_adjust", FREE_TEXT, "Hemmere og fremmere", "Barriers and enablers",
     "Hva kunne vært justert i piloten for å stimulere mer til utviklingsarbeid og arbeid på tvers?",
     "What could have been adjusted in the pilot to stimulate more development work and cross-sector work?",
     # the report's bullet list (section 5.5.4); which municipality said what is invented
     {"2022": {"3427": "Større involvering av sektorsjefer.",
               "3448": "Samhandling som fast punkt på agendaen til kommunedirektørens ledergruppe og i andre "
                       "ledermøter.",
               "5007": "Lengre pilotperiode.",
               "3801": "Mer midler til gjennomføring og mer forutsigbare økonomiske rammer.",
               "3812": "At kompetansemiljøene kom tidligere inn i prosessen."}}),
    ("fig11_q1", LIKERT, "Programfinansieringens bidrag", "Contribution of programme financing",
     "Programfinansieringen har bidratt til at kommunen arbeider mer på tvers av sektorer",
     "Programme financing has helped the municipality work more across sectors",
     {"2020": "3.3", "2022": "3.6"}),
    ("fig11_q2", LIKERT, "Programfinansieringens bidrag", "Contribution of programme financing",
     "Programfinansieringen har gitt handlingsrom til å prøve ut nye tiltak",
     "Programme financing has given room to try out new measures",
     {"2020": "3.5", "2022": "3.9"}),
)
# The report's changes from 2019 to 2022 in whole percent (section 5.5.1 and 5.5.2).
REPORTED_CHANGE_PCT = {"fig7_q1": 27, "fig9_q1": 23, "fig9_q2": 21}


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


def _cell(rnd: random.Random, wave: str, code: str, mean: str) -> list[tuple[str, str, str, str]]:
    answered = [m for m in MUNICIPALITIES if (wave, code, m) not in IRREGULAR]
    values = dict(zip(answered, cell_values(rnd, Fraction(mean), len(answered)), strict=True))
    return [(m, wave, code, IRREGULAR.get((wave, code, m), str(values.get(m)))) for m in MUNICIPALITIES]


def responses() -> list[tuple[str, str, str, str]]:
    """The scale answers, wave by wave: the Figure 7 items, then the other scale items asked in that wave."""
    rnd, more = random.Random(SEED), random.Random(SEED_MORE)
    rows = []
    for w, wave in enumerate(WAVES):
        for code, _nb, _en, means in ITEMS:
            rows += _cell(rnd, wave, code, means[w])
        for code, kind, *_texts, by_wave in MORE_ITEMS:
            if kind == LIKERT and wave in by_wave:
                rows += _cell(more, wave, code, by_wave[wave])
    _check_changes(rows)
    return rows


def responses_other() -> list[tuple[str, str, str, str]]:
    """The single-choice and free-text answers (no row: not answered)."""
    return [(m, wave, code, answers[m]) for wave in WAVES for code, kind, *_texts, by_wave in MORE_ITEMS
            if kind != LIKERT and wave in by_wave for m in MUNICIPALITIES if m in (answers := by_wave[wave])]


def _check_changes(rows: list[tuple[str, str, str, str]]) -> None:
    values: dict[tuple[str, str], list[int]] = {}
    for _m, wave, code, value in rows:
        if value.isdigit():
            values.setdefault((code, wave), []).append(int(value))
    for code, pct in REPORTED_CHANGE_PCT.items():
        first, last = (Fraction(sum(v), len(v)) for v in (values[(code, "2019")], values[(code, "2022")]))
        assert round((last - first) / first * 100) == pct, (code, float((last - first) / first * 100))


def items() -> list[tuple[str, ...]]:
    """items.csv: code, themes, texts, type, the waves that asked it, and the choices of a single-choice item
    as value;label_nb;label_en separated by |."""
    rows = [(code, THEME_NB, THEME_EN, STEM_NB + nb, STEM_EN + en, LIKERT, " ".join(WAVES), "")
            for code, nb, en, _ in ITEMS]
    for code, kind, theme_nb, theme_en, text_nb, text_en, by_wave in MORE_ITEMS:
        choices = "|".join(";".join(c) for c in YES_NO) if kind == SINGLE_CHOICE else ""
        rows.append((code, theme_nb, theme_en, text_nb, text_en, kind, " ".join(w for w in WAVES if w in by_wave),
                     choices))
    return rows


def _write(path: Path, header: tuple[str, ...], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "responses.csv", ("municipality", "wave", "item", "value"), responses())
    _write(folder / "responses_other.csv", ("municipality", "wave", "item", "value"), responses_other())
    _write(folder / "items.csv", ("item", "theme_nb", "theme_en", "text_nb", "text_en", "type", "waves", "choices"),
           items())


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
