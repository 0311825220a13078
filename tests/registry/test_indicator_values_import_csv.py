"""indicator_values_import_csv: long-format indicator values per municipality and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.registry.models import Indicator, IndicatorValue
from samla.registry.services import indicator_values_import_csv

HEADER = "municipality,indicator,year,value\n"


@pytest.fixture
def population(reference_data) -> Indicator:
    return Indicator.objects.create(code="population-0-24", name="Population 0-24")


def stored() -> dict[tuple[str, str, int], Decimal]:
    return {(v.indicator.code, v.municipality.number, v.year): v.value
            for v in IndicatorValue.objects.select_related("indicator", "municipality")}


def test_numbers_are_resolved_on_the_first_of_january_of_the_row_year(population, write) -> None:
    path = write("i.csv", HEADER + "0814,population-0-24,2019,4100\n"
                                   "3813,population-0-24,2020,4050.5\n"
                                   "4012,population-0-24,2024,3900\n")
    assert indicator_values_import_csv(path=path) == 3
    assert stored() == {("population-0-24", "0814", 2019): Decimal("4100"),
                        ("population-0-24", "3813", 2020): Decimal("4050.5"),
                        ("population-0-24", "4012", 2024): Decimal("3900")}


def test_as_of_attaches_old_numbers_to_their_successors(population, write) -> None:
    path = write("i.csv", HEADER + "0814,population-0-24,2019,4100\n")
    indicator_values_import_csv(path=path, as_of=dt.date(2020, 1, 1))
    assert stored() == {("population-0-24", "3813", 2019): Decimal("4100")}


def test_reimporting_the_same_file_updates_and_does_not_duplicate(population, write) -> None:
    path = write("i.csv", HEADER + "3420,population-0-24,2020,5000\n")
    indicator_values_import_csv(path=path)
    indicator_values_import_csv(path=write("i.csv", HEADER + "3420,population-0-24,2020,5100\n"))
    assert stored() == {("population-0-24", "3420", 2020): Decimal("5100")}


def test_an_unknown_indicator_is_refused_unless_creation_is_asked_for(reference_data, write) -> None:
    path = write("i.csv", HEADER + "3420,minority-children,2020,112\n")
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_csv(path=path)
    assert str(caught.value) == "i.csv, line 2, column indicator: " + imp.UNKNOWN_INDICATOR.format(
        code="minority-children")
    assert not Indicator.objects.exists()
    assert indicator_values_import_csv(path=path, create_indicators=True) == 1
    assert stored() == {("minority-children", "3420", 2020): Decimal("112")}


def test_two_merged_numbers_resolving_to_one_municipality_are_refused(population, write) -> None:
    path = write("i.csv", HEADER + "5005,population-0-24,2019,3000\n5040,population-0-24,2019,400\n")
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_csv(path=path, as_of=dt.date(2020, 1, 1))
    assert caught.value.message == imp.SAME_TARGET.format(number="5040", other="5005", other_line=2,
                                                          target="5007", day="2020-01-01")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("9999,population-0-24,2020,1", "municipality", imp.UNKNOWN_MUNICIPALITY.format(number="9999",
                                                                                       day="2020-01-01")),
        ("3420,population-0-24,2019,1", "municipality", imp.UNKNOWN_MUNICIPALITY.format(number="3420",
                                                                                       day="2019-01-01")),
        ("3420,population-0-24,2020,-1", "value", imp.NEGATIVE_VALUE.format(value="-1")),
        ("3420,population-0-24,2020,many", "value", imp.BAD_NUMBER.format(value="many")),
        ("3420,population-0-24,20,1", "year", imp.BAD_YEAR.format(value="20")),
        ("3427,population-0-24,2020,2", "value", imp.DUPLICATE_ROW.format(key="3427/population-0-24/2020",
                                                                        first_line=2)),
    ],
)
def test_a_bad_row_is_reported_precisely_and_nothing_is_written(population, write, row, column, message) -> None:
    path = write("i.csv", HEADER + "3427,population-0-24,2020,1\n" + row + "\n")
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_csv(path=path)
    assert (caught.value.file, caught.value.line, caught.value.column, caught.value.message) == (
        "i.csv", 3, column, message)
    assert not IndicatorValue.objects.exists()
