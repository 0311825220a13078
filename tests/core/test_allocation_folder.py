"""Reading programme folders: every bad input names file, line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samla.core.allocation import InputError, load_programme_folder
from tests.conftest import PILOT


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "programme"
    shutil.copytree(PILOT, target)
    return target


def append(path: Path, line: str) -> int:
    """Append a line and return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def replace_line(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def error(folder: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_programme_folder(folder)
    return info.value


def test_the_pilot_folder_loads() -> None:
    spec = load_programme_folder(PILOT)
    assert spec.years == (2020, 2021, 2022)
    assert len(spec.municipalities) == 12
    assert [s.key for s in spec.schemes] == ["231.63", "231.66", "621.63", "765.60", "846.62"]
    assert str(spec.growth[2021].rate) == "0.031"
    assert "not the published municipal deflator" in spec.growth[2022].source


def test_negative_amount(folder: Path) -> None:
    line = replace_line(folder / "awards.csv", "3420,231.63,2019,387000", "3420,231.63,2019,-387000")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("awards.csv", line, "amount")
    assert "whole, non-negative number of NOK, found '-387000'" in e.message


@pytest.mark.parametrize("value", ["387000.5", "387 000", "abc", ""])
def test_non_integer_amount(folder: Path, value: str) -> None:
    line = replace_line(folder / "awards.csv", "3420,231.63,2019,387000", f"3420,231.63,2019,{value}")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("awards.csv", line, "amount")


def test_unknown_municipality(folder: Path) -> None:
    line = append(folder / "awards.csv", "9999,231.63,2019,1000")
    e = error(folder)
    assert (e.file, e.line, e.column, e.message) == ("awards.csv", line, "municipality", "unknown municipality 9999")


def test_malformed_municipality_number(folder: Path) -> None:
    line = append(folder / "decided.csv", "342,2020,1000")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("decided.csv", line, "municipality")


def test_duplicate_row(folder: Path) -> None:
    line = append(folder / "awards.csv", "3420,231.63,2019,1000")
    e = error(folder)
    assert (e.file, e.line) == ("awards.csv", line)
    assert e.message == "duplicate row (first at line 5)"


def test_duplicate_municipality(folder: Path) -> None:
    line = append(folder / "municipalities.csv", "3420,Elverum,Innlandet")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("municipalities.csv", line, "number")


def test_wrong_header(folder: Path) -> None:
    line = replace_line(folder / "awards.csv", "municipality,scheme,year,amount", "kommune,scheme,year,amount")
    e = error(folder)
    assert (e.file, e.line) == ("awards.csv", line)
    assert e.message == "wrong header: expected municipality,scheme,year,amount, found kommune,scheme,year,amount"


def test_wrong_number_of_columns(folder: Path) -> None:
    line = append(folder / "continuations.csv", "5001,765.60,2020")
    e = error(folder)
    assert (e.file, e.line) == ("continuations.csv", line)


def test_unknown_scheme(folder: Path) -> None:
    line = append(folder / "awards.csv", "3420,999.99,2019,1000")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("awards.csv", line, "scheme")


def test_continuation_outside_the_programme_years(folder: Path) -> None:
    line = append(folder / "continuations.csv", "5001,765.60,2019,1000")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("continuations.csv", line, "year")


def test_bad_indicator_value(folder: Path) -> None:
    (folder / "indicators.csv").write_text("municipality,indicator,year,value\n3420,pop_0_24,2019,-3\n")
    e = error(folder)
    assert (e.file, e.line, e.column) == ("indicators.csv", 2, "value")


def test_not_valid_toml(folder: Path) -> None:
    (folder / "programme.toml").write_text("name = \n")
    e = error(folder)
    assert e.file == "programme.toml"
    assert e.message.startswith("not valid TOML")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('residual_policy = "largest"', 'residual_policy = "biggest"', "residual_policy must be one of"),
    ("rounding_unit = 1000", "rounding_unit = 0", "rounding_unit must be a positive"),
    ("rounding_unit = 1000", "rounding_unit = -5", "rounding_unit must be a whole, non-negative number"),
    ("floor = 1790000", "flor = 1790000", "unknown key 'flor' in programme.toml"),
    ('key = "231.63"', 'key = "231-63"', "key must look like chapter.post"),
    ('rate = 0.031', 'rate = "x"', "growth.2021.rate must be a number"),
])
def test_bad_programme_toml(folder: Path, old: str, new: str, message: str) -> None:
    path = folder / "programme.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    e = error(folder)
    assert e.file == "programme.toml"
    assert message in e.message


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_programme_folder(tmp_path / "nothing")


def test_missing_municipalities_file(folder: Path) -> None:
    (folder / "municipalities.csv").unlink()
    assert "missing municipalities.csv" in str(error(folder))


def test_row_order_does_not_matter(folder: Path) -> None:
    path = folder / "awards.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    header, *rows = [line for line in lines if not line.startswith("#")]
    path.write_text("\n".join([*comments, header, *reversed(rows)]) + "\n", encoding="utf-8")
    assert load_programme_folder(folder).awards == load_programme_folder(PILOT).awards
