"""The illustrative example reproduces Figure 7's means (tests/reference/reflection_fig7_means.csv)."""

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
    assert {(a.item, a.wave) for a in answers} == {(i, w) for i in ITEMS for w in WAVES}
    assert len(answers) == 12 * 3 * 3
    values = [a.value for a in answers]
    assert values.count("dk") >= 3 and values.count(None) >= 3
    assert {v for v in values if isinstance(v, int)} <= {1, 2, 3, 4, 5}


def test_item_texts_in_bokmal_and_english_match_the_figure() -> None:
    with (FOLDER / "items.csv").open(encoding="utf-8") as fh:
        items = list(csv.DictReader(fh))
    assert [i["item"] for i in items] == list(ITEMS)
    for item, ref in zip(items, figure_7(), strict=True):
        assert ref["item"] in item["text_en"]
        assert item["text_nb"].startswith("Slik dere vurderer det, hvor god er kommunen i å arbeide på tvers")
        assert item["theme_nb"] and item["theme_en"]


def test_the_example_says_it_is_illustrative() -> None:
    assert "ILLUSTRATIVE" in (FOLDER / "README.md").read_text(encoding="utf-8")


def test_the_generator_rewrites_the_same_files(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(FOLDER / "generate.py"), str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    for name in ("responses.csv", "items.csv"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
