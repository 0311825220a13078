"""municipalities_import_csv: numbers with validity, the county resolved at valid_from."""

from __future__ import annotations

import datetime as dt

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.registry.models import Municipality, Region
from samla.registry.services import municipalities_import_csv

pytestmark = pytest.mark.django_db

HEADER = "number,name,region_code,valid_from,valid_to\n"


@pytest.fixture
def regions(db) -> None:
    Region.objects.create(code="08", name="Telemark", office_name="O", valid_from=dt.date(2018, 1, 1),
                          valid_to=dt.date(2019, 12, 31))
    Region.objects.create(code="38", name="Vestfold og Telemark", office_name="O", valid_from=dt.date(2020, 1, 1),
                          valid_to=dt.date(2023, 12, 31))


def test_municipalities_get_the_county_valid_on_their_first_day(regions, write) -> None:
    path = write("m.csv", "# comment\n" + HEADER + "0814,Bamble,08,2018-01-01,2019-12-31\n"
                                                   "3813,Bamble,38,2020-01-01,2023-12-31\n")
    assert municipalities_import_csv(path=path) == 2
    assert Municipality.objects.get(number="3813").region.name == "Vestfold og Telemark"
    assert municipalities_import_csv(path=path) == 2
    assert Municipality.objects.count() == 2


def test_a_county_not_valid_on_the_first_day_is_refused(regions, write) -> None:
    path = write("m.csv", HEADER + "3813,Bamble,38,2019-01-01,\n")
    with pytest.raises(ImportFailed) as caught:
        municipalities_import_csv(path=path)
    assert str(caught.value) == "m.csv, line 2, column region_code: " + imp.UNKNOWN_REGION.format(
        code="38", day="2019-01-01")
    assert Municipality.objects.count() == 0


def test_periods_of_one_number_overlapping_within_the_file_are_refused(regions, write) -> None:
    path = write("m.csv", HEADER + "3813,Bamble,38,2020-01-01,2023-12-31\n"
                                   "3813,Bamble,38,2023-12-31,\n")
    with pytest.raises(ImportFailed) as caught:
        municipalities_import_csv(path=path)
    assert caught.value.line == 3
    assert caught.value.message == imp.OVERLAPPING_PERIOD.format(
        what="municipality", code="3813", period="2023-12-31..", other_period="2020-01-01..2023-12-31",
        where="line 2")
    assert Municipality.objects.count() == 0


def test_a_period_overlapping_a_stored_row_is_refused(regions, write) -> None:
    municipalities_import_csv(path=write("a.csv", HEADER + "3813,Bamble,38,2020-01-01,\n"))
    with pytest.raises(ImportFailed) as caught:
        municipalities_import_csv(path=write("b.csv", HEADER + "3813,Bamble,38,2021-01-01,\n"))
    assert caught.value.message == imp.OVERLAPPING_PERIOD.format(
        what="municipality", code="3813", period="2021-01-01..", other_period="2020-01-01..",
        where="already stored")
    assert Municipality.objects.count() == 1


def test_closing_a_stored_period_by_reimporting_it_is_allowed(regions, write) -> None:
    municipalities_import_csv(path=write("a.csv", HEADER + "3813,Bamble,38,2020-01-01,\n"))
    municipalities_import_csv(path=write("a.csv", HEADER + "3813,Bamble,38,2020-01-01,2023-12-31\n"))
    assert Municipality.objects.get(number="3813").valid_to == dt.date(2023, 12, 31)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("381,Bamble,38,2020-01-01,", "number", imp.BAD_MUNICIPALITY_NUMBER.format(value="381")),
        ("3813,,38,2020-01-01,", "name", imp.REQUIRED),
        ("3813,Bamble,38,01.01.2020,", "valid_from", imp.BAD_DATE.format(value="01.01.2020")),
        ("3813,Bamble,38,2020-01-01", None, imp.WRONG_FIELD_COUNT.format(expected=5, got=4)),
    ],
)
def test_a_bad_row_is_reported_with_line_and_column(regions, write, line, column, message) -> None:
    with pytest.raises(ImportFailed) as caught:
        municipalities_import_csv(path=write("m.csv", HEADER + "0814,Bamble,08,2018-01-01,2019-12-31\n" + line))
    assert (caught.value.line, caught.value.column, caught.value.message) == (3, column, message)
    assert Municipality.objects.count() == 0
