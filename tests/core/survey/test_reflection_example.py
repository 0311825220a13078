"""The illustrative example reproduces Figure 7's means (tests/reference/reflection_fig7_means.csv) and what
section 5.5 of the report says about the further items (Figure 9's changes, Figure 11's waves)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from samla.cli import main
from samla.core.survey import read_long_csv
from tests.conftest import EXAMPLES, REFERENCE

FOLDER = EXAMPLES / "reflection-illustrative"
RESPONSES = FOLDER / "responses.csv"
ITEMS = ("fig7_q1", "fig7_q2", "fig7_q3")  # the rows of the reference, in order
WAVES = ("2019", "2020", "2022")
# The further items of section 5.5 and the waves that asked them.
MORE = {"fig9_q1": WAVES, "fig9_q2": WAVES, "s553_leadership": ("2022",), "s553_routines": ("2022",),
        "s554_adjust": ("2022",), "fig11_q1": ("2020", "2022"), "fig11_q2": ("2020", "2022")}
SCALE_MORE = ("fig9_q1", "fig9_q2", "s553_leadership", "fig11_q1", "fig11_q2")


def figure_7() -> list[dict[str, str]]:
    """The reference rows. The third item's text holds unquoted commas, so split from the right."""
    lines = [line for line in (REFERENCE / "reflection_fig7_means.csv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header = lines[0].split(",")
    assert header == ["item", "round_2019", "round_2020", "round_2022"]
    return [dict(zip(header, line.rsplit(",", 3), strict=True)) for line in lines[1:]]


def one_decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def summary(capsys, *args: str) -> dict:
    code = main(["survey", "summary", str(RESPONSES), "--format", "json", *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out)


def test_the_summary_reproduces_every_mean_of_figure_7(capsys) -> None:
    means = {(i["item"], i["wave"]): i["mean"] for i in summary(capsys)["items"]}
    reference = figure_7()
    assert len(reference) == len(ITEMS)
    checked = 0
    for code, row in zip(ITEMS, reference, strict=True):
        for wave in WAVES:
            assert one_decimal(means[(code, wave)]) == Decimal(row[f"round_{wave}"]), (code, wave)
            checked += 1
    assert checked == 9


def test_the_first_item_rises_27_percent_from_2019_to_2022_as_the_report_says(capsys) -> None:
    changes = {c["item"]: c for c in summary(capsys, "--from", "2019", "--to", "2022")["changes"]}
    assert round(changes["fig7_q1"]["change_pct"]) == 27


def test_twelve_municipalities_three_waves_with_some_dont_know_and_missing() -> None:
    answers = read_long_csv(RESPONSES)
    assert len({a.municipality for a in answers}) == 12
    assert {(a.item, a.wave) for a in answers} == {(i, w) for i in ITEMS for w in WAVES} | {
        (i, w) for i in SCALE_MORE for w in MORE[i]}
    assert len(answers) == 12 * (3 * 3 + 2 * 3 + 2 * 2 + 1)
    assert sum(1 for a in answers if a.item in ITEMS) == 12 * 3 * 3
    values = [a.value for a in answers]
    assert values.count("dk") >= 3 and values.count(None) >= 3
    assert {v for v in values if isinstance(v, int)} <= {1, 2, 3, 4, 5}


def test_item_texts_in_bokmal_and_english_match_the_figure() -> None:
    with (FOLDER / "items.csv").open(encoding="utf-8") as fh:
        items = list(csv.DictReader(fh))
    assert [i["item"] for i in items] == [*ITEMS, "fig9_q1", "fig9_q2", "s553_leadership", "s553_routines",
                                          "s554_adjust", "fig11_q1", "fig11_q2"]
    for item, ref in zip(items[:3], figure_7(), strict=True):
        assert ref["item"] in item["text_en"]
        assert item["text_nb"].startswith("Slik dere vurderer det, hvor god er kommunen i å arbeide på tvers")
        assert item["theme_nb"] and item["theme_en"]


def test_the_example_says_it_is_illustrative() -> None:
    assert "ILLUSTRATIVE" in (FOLDER / "README.md").read_text(encoding="utf-8")


def test_the_generator_rewrites_the_same_files(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(FOLDER / "generate.py"), str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    for name in ("responses.csv", "responses_other.csv", "items.csv"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name


def test_the_figure_9_items_rise_23_and_21_percent_from_2019_to_2022_as_the_report_says(capsys) -> None:
    changes = {c["item"]: c for c in summary(capsys, "--from", "2019", "--to", "2022")["changes"]}
    assert round(changes["fig9_q1"]["change_pct"]) == 23
    assert round(changes["fig9_q2"]["change_pct"]) == 21
    # the items first asked in 2020 or 2022 have no change from 2019
    assert set(changes) == {*ITEMS, "fig9_q1", "fig9_q2"}


def test_the_figure_11_items_have_no_2019_row_and_change_only_from_2020_to_2022(capsys) -> None:
    answers = read_long_csv(RESPONSES)
    for code in ("fig11_q1", "fig11_q2"):
        assert {a.wave for a in answers if a.item == code} == {"2020", "2022"}
        assert sum(1 for a in answers if a.item == code) == 12 * 2
    data = summary(capsys)  # default: changes between consecutive waves
    assert {(i["item"], i["wave"]) for i in data["items"] if i["item"].startswith("fig11_")} == {
        ("fig11_q1", "2020"), ("fig11_q1", "2022"), ("fig11_q2", "2020"), ("fig11_q2", "2022")}
    assert [(c["item"], c["from"], c["to"]) for c in data["changes"] if c["item"].startswith("fig11_")] == [
        ("fig11_q1", "2020", "2022"), ("fig11_q2", "2020", "2022")]
    assert all(c["change_pct"] is not None for c in data["changes"])


def test_the_section_5_5_items_follow_the_report() -> None:
    with (FOLDER / "items.csv").open(encoding="utf-8") as fh:
        items = {row["item"]: row for row in csv.DictReader(fh)}
    assert {code: tuple(items[code]["waves"].split()) for code in MORE} == MORE
    assert all(items[code]["waves"].split() == list(WAVES) for code in ITEMS)
    assert {code: row["type"] for code, row in items.items()} == {
        **dict.fromkeys(ITEMS, "likert"), **dict.fromkeys(SCALE_MORE, "likert"),
        "s553_routines": "single_choice", "s554_adjust": "free_text"}
    assert items["s553_routines"]["choices"] == "ja;Ja;Yes|nei;Nei;No"
    assert all(row["text_nb"] and row["text_en"] and row["theme_nb"] and row["theme_en"] for row in items.values())
    # top management "jevnt over engasjert": above the middle of the scale in 2022
    leadership = [a.value for a in read_long_csv(RESPONSES) if a.item == "s553_leadership" and isinstance(a.value, int)]
    assert sum(leadership) / len(leadership) > 3.5
    with (FOLDER / "responses_other.csv").open(encoding="utf-8") as fh:
        other = list(csv.DictReader(fh))
    assert {(r["item"], r["wave"]) for r in other} == {("s553_routines", "2022"), ("s554_adjust", "2022")}
    routines = [r["value"] for r in other if r["item"] == "s553_routines"]
    # "de fleste av kommunene som har besvart spørsmålet, nei": most of those who answered, and not all answered
    assert set(routines) == {"ja", "nei"} and routines.count("nei") > len(routines) / 2 and len(routines) < 12
    texts = [r["value"] for r in other if r["item"] == "s554_adjust"]
    assert texts and all(t and len(t) < 120 for t in texts)
