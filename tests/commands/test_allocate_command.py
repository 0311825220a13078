"""`samla allocate`: JSON, CSV, table, --explain, and bad input (exit 1, one line, empty stdout)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samla.cli import main
from tests.conftest import PILOT, ROOT, read_reference


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["allocate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_carries_years_totals_allocations_continuations_and_warnings(capsys) -> None:
    code, out, err = run(capsys, str(PILOT), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["years"] == [2020, 2021, 2022]
    assert data["totals"] == {"2020": 39310000, "2021": 40529000, "2022": 41583000}
    assert {"municipality": "3420", "year": 2020, "amount": 2700000}.items() <= data["allocations"][0].items()
    assert len(data["allocations"]) == 36
    trondheim = next(c for c in data["continuations"] if c["municipality"] == "5001" and c["year"] == 2020)
    assert trondheim["double_financing"] is True
    assert trondheim["by_scheme"] == {"765.60": 7041000}
    assert data["scenarios"]["as_run"]["2020"] == 39310000 + 7891000
    assert data["scenarios"]["strict_pooling"]["2020"] == 39310000 - 7891000
    assert any(w.startswith("double financing") for w in data["warnings"])


def test_csv_is_long_format_and_matches_table_2(capsys) -> None:
    code, out, _ = run(capsys, str(PILOT), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_name = {(r["name"], int(r["year"])): int(r["amount"]) for r in rows}
    for ref in read_reference("pilot_allocations_table2.csv"):
        if ref["municipality"] != "TOTAL_PRINTED":
            for year in (2020, 2021, 2022):
                assert by_name[(ref["municipality"], year)] == int(ref[f"y{year}"])


def test_table_shows_totals_and_warnings(capsys) -> None:
    code, out, _ = run(capsys, str(PILOT))
    assert code == 0
    assert "39 310 000  40 529 000  41 583 000  121 422 000" in out
    assert "Warnings:" in out


def test_explain_prints_the_parts_that_sum_to_the_amount(capsys) -> None:
    code, out, _ = run(capsys, str(PILOT), "--explain", "3420", "--year", "2021")
    assert code == 0
    assert out.startswith("3420 Elverum, 2021: 2 784 000 NOK")
    assert "= amount" in out and "2 784 000.00" in out
    assert "T(2021) = round(T(2020) × 1.031) = 40 529 000" in out


def test_explain_as_json(capsys) -> None:
    code, out, _ = run(capsys, str(PILOT), "--explain", "5001", "--year", "2020", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["amount"] == 12300000
    assert sum(int(p["exact"]) for p in data["parts"]) == 12300000


@pytest.mark.parametrize(("args", "message"), [
    (["--explain", "3420"], "--explain needs --year"),
    (["--explain", "9999", "--year", "2021"], "no amount for municipality 9999 in 2021"),
    (["--explain", "3420", "--year", "2030"], "no amount for municipality 3420 in 2030"),
])
def test_bad_explain_requests(capsys, args, message) -> None:
    code, out, err = run(capsys, str(PILOT), *args)
    assert (code, out) == (1, "")
    assert err == f"samla allocate: error: {message}\n"


def test_bad_file_exits_1_with_one_line_and_nothing_on_stdout(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PILOT, folder)
    with (folder / "awards.csv").open("a", encoding="utf-8") as fh:
        fh.write("3420,231.63,2020,-5\n")
    code, out, err = run(capsys, str(folder), "--format", "json")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("samla allocate: error: awards.csv, line 65, column amount: ")


def test_infeasible_budget_exits_1(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PILOT, folder)
    (folder / "decided.csv").unlink()
    toml = folder / "programme.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("floor = 1790000", "floor = 1790000\nbudget = 39310000"),
                    encoding="utf-8")
    code, out, err = run(capsys, str(folder))
    assert (code, out) == (1, "")
    assert "hold-harmless cannot be met: the pots sum to 41 755 000 NOK, more than the budget 39 310 000 NOK" in err


def test_the_installed_command_runs(tmp_path: Path) -> None:
    samla = Path(sys.executable).parent / "samla"
    proc = subprocess.run([str(samla), "allocate", str(PILOT), "--format", "json"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"]["2022"] == 41583000


# --- samla allocate --programme SLUG: the decided amounts from the database ------------------------------------

def test_programme_prints_the_locked_runs_amounts_not_a_fresh_computation(capsys, decided_pilot) -> None:
    growth = decided_pilot.growth_factors.get(year=2021)
    growth.rate = "0.5"  # a rules change after locking: the decided amounts stay
    growth.save()
    code, out, err = run(capsys, "--programme", decided_pilot.slug, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["programme"]["run"] == 1 and len(data["programme"]["result_sha256"]) == 64
    assert data["totals"] == {"2020": 39310000, "2021": 40529000, "2022": 41583000}
    amounts = {(a["municipality"], a["year"]): a["amount"] for a in data["allocations"]}
    assert amounts[("3420", 2021)] == 2_784_000
    code, out, _ = run(capsys, "--programme", decided_pilot.slug, "--explain", "5001", "--year", "2020")
    assert code == 0 and out.startswith("5001 Trondheim, 2020: 12 300 000 NOK")


def test_programme_without_a_locked_run_or_unknown_is_refused(capsys, pilot) -> None:
    code, out, err = run(capsys, "--programme", pilot.slug)
    assert (code, out) == (1, "")
    assert err == (f"samla allocate: error: programme {pilot.slug} has no locked allocation run: "
                   "no amount is decided yet\n")
    code, out, err = run(capsys, "--programme", "nope")
    assert (code, out, err) == (1, "", "samla allocate: error: no programme nope in the database\n")


def test_a_folder_and_a_programme_together_are_refused(capsys) -> None:
    code, out, err = run(capsys, str(PILOT), "--programme", "pilot-2020")
    assert (code, out) == (1, "") and "one of them" in err
