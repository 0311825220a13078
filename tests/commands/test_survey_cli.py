"""`samla survey summary`: JSON, CSV, changes, suppression, and bad input (exit 1, one line, empty stdout)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samla.cli import main
from tests.conftest import EXAMPLES, ROOT

RESPONSES = EXAMPLES / "reflection-illustrative" / "responses.csv"
HEADER = "municipality,wave,item,value\n"
# q1: 2019 → 2, 3 (mean 2.5); 2022 → 3, 3, 3, 3, 4 (mean 3.2). q2 only in 2019 with two answers and a dk.
SMALL = HEADER + "".join([
    "A,2019,q1,2\n", "B,2019,q1,3\n", "C,2019,q1,\n",
    "A,2022,q1,3\n", "B,2022,q1,3\n", "C,2022,q1,3\n", "D,2022,q1,3\n", "E,2022,q1,4\n",
    "A,2019,q2,5\n", "B,2019,q2,dk\n", "C,2019,q2,1\n",
])


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["survey", "summary", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small(tmp_path: Path) -> str:
    path = tmp_path / "small.csv"
    path.write_text(SMALL, encoding="utf-8")
    return str(path)


def test_json_has_items_and_changes_as_in_the_issue(capsys, small: str) -> None:
    code, out, err = run(capsys, small, "--format", "json", "--min-group", "1")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["items", "changes"]
    assert data["items"][0] == {
        "item": "q1", "wave": "2019", "n": 2, "n_dk": 0, "n_missing": 1, "mean": 2.5,
        "sd": 0.7071067811865476, "median": 2.5, "distribution": {"1": 0, "2": 1, "3": 1, "4": 0, "5": 0},
        "suppressed": False,
    }
    assert [(i["item"], i["wave"], i["n"], i["mean"]) for i in data["items"]] == [
        ("q1", "2019", 2, 2.5), ("q1", "2022", 5, 3.2), ("q2", "2019", 2, 3.0)]
    # exact arithmetic: 3.2 − 2.5 is 0.7 and 0.7 / 2.5 is 28 %, not 0.7000000000000002 and 28.000000000000004
    assert data["changes"] == [{"item": "q1", "from": "2019", "to": "2022", "diff": 0.7, "change_pct": 28.0,
                                "suppressed": False}]


def test_json_is_the_default_and_keeps_full_precision(capsys) -> None:
    code, out, _ = run(capsys, str(RESPONSES))
    assert code == 0
    q1_2022 = next(i for i in json.loads(out)["items"] if (i["item"], i["wave"]) == ("fig7_q1", "2022"))
    assert q1_2022["mean"] == 38 / 12 and '"mean": 3.1666666666666665' in out


def test_default_changes_are_between_consecutive_waves(capsys) -> None:
    code, out, _ = run(capsys, str(RESPONSES))
    pairs = [(c["item"], c["from"], c["to"]) for c in json.loads(out)["changes"]]
    fig7_fig9 = ["fig7_q1", "fig7_q2", "fig7_q3", "fig9_q1", "fig9_q2"]
    # fig11_* were first asked in 2020 and s553_leadership only in 2022: no change before that
    assert pairs == [(i, "2019", "2020") for i in fig7_fig9] + [
        (i, "2020", "2022") for i in [*fig7_fig9, "fig11_q1", "fig11_q2"]]


def test_from_and_to_choose_the_waves(capsys) -> None:
    code, out, _ = run(capsys, str(RESPONSES), "--from", "2019", "--to", "2022")
    changes = json.loads(out)["changes"]
    assert code == 0 and [(c["from"], c["to"]) for c in changes] == [("2019", "2022")] * 5
    assert [c["item"] for c in changes] == ["fig7_q1", "fig7_q2", "fig7_q3", "fig9_q1", "fig9_q2"]
    assert changes[0]["diff"] == pytest.approx(2 / 3) and changes[0]["change_pct"] == pytest.approx(80 / 3)


def test_suppression_below_the_default_minimum_group_of_three(capsys, small: str) -> None:
    code, out, _ = run(capsys, small)
    data = json.loads(out)
    q1_2019, q1_2022, q2 = data["items"]
    assert q1_2019 == {"item": "q1", "wave": "2019", "n": 2, "n_dk": 0, "n_missing": 1, "mean": None,
                       "sd": None, "median": None, "distribution": None, "suppressed": True}
    assert q1_2022["suppressed"] is False and q1_2022["mean"] == 3.2
    assert q2["suppressed"] is True
    assert data["changes"] == [{"item": "q1", "from": "2019", "to": "2022", "diff": None, "change_pct": None,
                                "suppressed": True}]


def test_csv_gives_one_row_per_item_and_wave(capsys, small: str) -> None:
    code, out, _ = run(capsys, small, "--format", "csv", "--min-group", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "item,wave,n,n_dk,n_missing,mean,sd,median,n_1,n_2,n_3,n_4,n_5,suppressed"
    assert lines[1:] == [
        "q1,2019,2,0,1,2.5,0.7071067811865476,2.5,0,1,1,0,0,false",
        "q1,2022,5,0,0,3.2,0.4472135954999579,3.0,0,0,4,1,0,false",
        "q2,2019,2,1,0,3.0,2.8284271247461903,3.0,1,0,0,0,1,false",
    ]


def test_csv_leaves_suppressed_and_missing_figures_empty(capsys, small: str) -> None:
    code, out, _ = run(capsys, small, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["suppressed"] == "true" and rows[0]["mean"] == rows[0]["n_1"] == "" and rows[0]["n"] == "2"
    assert rows[1]["suppressed"] == "false" and rows[1]["mean"] == "3.2"


def test_csv_changes_table(capsys, small: str) -> None:
    code, out, _ = run(capsys, small, "--format", "csv", "--changes", "--min-group", "1")
    assert code == 0
    assert out == "item,from,to,diff,change_pct,suppressed\nq1,2019,2022,0.7,28.0,false\n"


def write(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "bad.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("text", "problem"), [
    (HEADER + "A,2019,q1,3\nB,2019,q1,7\n", "3: value '7' is not one of 1, 2, 3, 4, 5, dk or empty"),
    (HEADER + "A,2019,q1,3\nA,2019,q1,4\n",
     "3: duplicate answer for municipality A, wave 2019, item q1 (first on line 2)"),
    ("kommune,wave,item,value\nA,2019,q1,3\n",
     "1: the header must be municipality,wave,item,value, not kommune,wave,item,value"),
    ("", "1: the file is empty; expected the header municipality,wave,item,value"),
    (HEADER + "A,2019,q1\n", "2: expected 4 fields (municipality,wave,item,value), found 3"),
    ((HEADER + "Frøya,2019,q1,3\n").encode("latin-1"), "2: the file is not UTF-8 text"),
])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_bad_input_exits_1_with_one_line_naming_file_and_line(capsys, tmp_path: Path, text, problem: str,
                                                                fmt: str) -> None:
    path = write(tmp_path, text)
    code, out, err = run(capsys, path, "--format", fmt)
    assert (code, out) == (1, "")
    assert err == f"samla survey: error: {path}:{problem}\n"


def test_an_unreadable_file(capsys, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.csv")
    assert run(capsys, missing) == (1, "", f"samla survey: error: {missing}: cannot read the file: "
                                           "No such file or directory\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2019"], "--from and --to must be given together"),
    (["--to", "2022"], "--from and --to must be given together"),
    (["--from", "2019", "--to", "2021"], "{path}: no answers for wave 2021"),
    (["--from", "2019", "--to", "2019"], "a change needs two different waves, not 2019 twice"),
    (["--min-group", "0"], "the minimum group size must be at least 1, not 0"),
])
def test_bad_options_exit_1(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, str(RESPONSES), *args)
    assert (code, out) == (1, "")
    assert err == f"samla survey: error: {message.format(path=RESPONSES)}\n"


def test_the_installed_command_runs_and_fails_cleanly(tmp_path: Path) -> None:
    samla = Path(sys.executable).parent / "samla"
    ok = subprocess.run([str(samla), "survey", "summary", str(RESPONSES), "--format", "csv"], capture_output=True,
                        text=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.splitlines()) == 1 + 9 + 6 + 4 + 1  # fig7, fig9 (3 waves), fig11 (2), s553 (1)
    bad = subprocess.run([str(samla), "survey", "summary", write(tmp_path, HEADER + "A,2019,q1,x\n")],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.count("\n") == 1 and ":2: value 'x'" in bad.stderr


def test_allocate_is_still_there(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["allocate", "--help"])
    assert "programme folder" in capsys.readouterr().out
