"""municipality_by_number: the row whose validity covers the day, boundary days included."""

from __future__ import annotations

import datetime as dt

import pytest

from samla.registry.models import Municipality
from samla.registry.selectors import NO_MUNICIPALITY_ON, municipality_by_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "day", "name", "region"),
    [
        ("0427", dt.date(2019, 12, 31), "Elverum", "Hedmark"),
        ("3420", dt.date(2020, 1, 1), "Elverum", "Innlandet"),
        ("3813", dt.date(2020, 1, 1), "Bamble", "Vestfold og Telemark"),
        ("3813", dt.date(2023, 12, 31), "Bamble", "Vestfold og Telemark"),
        ("4012", dt.date(2024, 1, 1), "Bamble", "Telemark"),
        ("3901", dt.date(2024, 1, 1), "Horten", "Vestfold"),
        ("5001", dt.date(2018, 1, 1), "Trondheim", "Trøndelag"),
        ("5001", dt.date(2030, 6, 1), "Trondheim", "Trøndelag"),
        ("5007", dt.date(2020, 1, 1), "Namsos", "Trøndelag"),
        ("5005", dt.date(2019, 12, 31), "Namsos", "Trøndelag"),
    ],
)
def test_a_number_resolves_to_the_row_valid_on_the_day(reference_data, number, day, name, region) -> None:
    municipality = municipality_by_number(number, day)
    assert (municipality.number, municipality.name, municipality.region.name) == (number, name, region)


@pytest.mark.parametrize(
    ("number", "day"),
    [
        ("0427", dt.date(2020, 1, 1)),  # the day after its last day
        ("3420", dt.date(2019, 12, 31)),  # the day before its first day
        ("3813", dt.date(2024, 1, 1)),
        ("4012", dt.date(2023, 12, 31)),
        ("9999", dt.date(2021, 1, 1)),
    ],
)
def test_a_number_not_valid_on_the_day_raises_does_not_exist_with_a_clear_message(reference_data, number,
                                                                                  day) -> None:
    with pytest.raises(Municipality.DoesNotExist) as caught:
        municipality_by_number(number, day)
    assert str(caught.value) == NO_MUNICIPALITY_ON.format(number=number, day=day.isoformat())
