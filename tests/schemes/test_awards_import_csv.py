"""awards_import_csv: historical awards per municipality, scheme and year, in whole NOK."""

from __future__ import annotations

import datetime as dt

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.schemes import services
from samla.schemes.models import Award
from samla.schemes.services import awards_import_csv, schemes_load_reference_data

HEADER = "municipality,scheme,year,amount\n"
GOOD = "0814,231.63,2019,252000\n"


@pytest.fixture
def registers(reference_data) -> None:
    schemes_load_reference_data()


def stored() -> dict[tuple[str, str, int], int]:
    return {(a.municipality.number, a.scheme.key, a.year): a.amount
            for a in Award.objects.select_related("municipality", "scheme")}


def test_awards_are_attached_to_the_number_valid_on_the_first_of_january(registers, write) -> None:
    assert awards_import_csv(path=write("awards.csv", HEADER + GOOD + "3813,621.63,2020,432000\n")) == 2
    assert stored() == {("0814", "231.63", 2019): 252000, ("3813", "621.63", 2020): 432000}


def test_as_of_attaches_2019_awards_to_the_2020_municipalities(registers, write) -> None:
    awards_import_csv(path=write("awards.csv", HEADER + GOOD), as_of=dt.date(2020, 1, 1))
    assert stored() == {("3813", "231.63", 2019): 252000}


def test_awards_of_merged_municipalities_are_added_up_under_as_of(registers, write) -> None:
    path = write("awards.csv", HEADER + "5005,621.63,2019,300000\n5040,621.63,2019,122000\n")
    assert awards_import_csv(path=path, as_of=dt.date(2020, 1, 1)) == 1
    assert stored() == {("5007", "621.63", 2019): 422000}


def test_reimporting_the_same_file_is_idempotent(registers, write) -> None:
    path = write("awards.csv", HEADER + GOOD)
    awards_import_csv(path=path)
    awards_import_csv(path=path)
    assert stored() == {("0814", "231.63", 2019): 252000}
    awards_import_csv(path=write("awards.csv", HEADER + "0814,231.63,2019,260000\n"))
    assert stored() == {("0814", "231.63", 2019): 260000}


def test_comment_lines_are_skipped_and_lines_are_counted_as_in_the_file(registers, write) -> None:
    path = write("awards.csv", "# awards 2019, in NOK\n" + HEADER + "# Bamble\n" + GOOD + "0811,231.63,2019,-5\n")
    with pytest.raises(ImportFailed) as caught:
        awards_import_csv(path=path)
    assert str(caught.value) == "awards.csv, line 5, column amount: negative amount -5"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("9999,231.63,2019,1000", "municipality", imp.UNKNOWN_MUNICIPALITY.format(number="9999",
                                                                                 day="2019-01-01")),
        ("3813,231.63,2019,1000", "municipality", imp.UNKNOWN_MUNICIPALITY.format(number="3813",
                                                                                 day="2019-01-01")),
        ("0814,231.63,2019,5", "municipality", imp.DUPLICATE_ROW.format(key="0814/231.63/2019", first_line=2)),
        ("0811,231.63,2019,-5", "amount", imp.NEGATIVE_AMOUNT.format(value=-5)),
        ("0811,231.63,2019,12.5", "amount", imp.NOT_INTEGER.format(value="12.5")),
        ("0811,231.63,2019,abc", "amount", imp.NOT_INTEGER.format(value="abc")),
        ("0811,231.63,2019,", "amount", imp.REQUIRED),
        ("0811,999.99,2019,1000", "scheme", services.UNKNOWN_SCHEME.format(key="999.99")),
        ("0811,231.63,19,1000", "year", imp.BAD_YEAR.format(value="19")),
        ("811,231.63,2019,1000", "municipality", imp.BAD_MUNICIPALITY_NUMBER.format(value="811")),
    ],
    ids=["unknown municipality", "number not yet valid", "duplicate row", "negative", "fraction", "text", "empty",
         "unknown scheme", "bad year", "3-digit number"],
)
def test_a_bad_row_is_reported_precisely_and_nothing_is_written(registers, write, row, column, message) -> None:
    with pytest.raises(ImportFailed) as caught:
        awards_import_csv(path=write("awards.csv", HEADER + GOOD + row + "\n"))
    assert (caught.value.file, caught.value.line, caught.value.column, caught.value.message) == (
        "awards.csv", 3, column, message)
    assert not Award.objects.exists()


def test_a_wrong_header_is_refused(registers, write) -> None:
    with pytest.raises(ImportFailed) as caught:
        awards_import_csv(path=write("awards.csv", "kommune,scheme,year,amount\n" + GOOD))
    assert str(caught.value) == "awards.csv, line 1: " + imp.WRONG_HEADER.format(
        got="kommune,scheme,year,amount", expected="municipality,scheme,year,amount")
    assert not Award.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first(registers, write) -> None:
    path = write("awards.csv", HEADER + "0814,231.63,2019,-1\n0811,231.63,2019,x\n9999,231.63,2019,1\n")
    with pytest.raises(ImportFailed) as caught:
        awards_import_csv(path=path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "amount"), (3, "amount"),
                                                                     (4, "municipality")]
    assert str(caught.value).splitlines()[0] == "awards.csv, line 2, column amount: negative amount -1"
