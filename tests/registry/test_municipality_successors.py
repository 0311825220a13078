"""municipality_successors: follow the change table forward to the rows valid on a day."""

from __future__ import annotations

import datetime as dt

import pytest

from samla.registry.models import Municipality, MunicipalityCodeChange, Region
from samla.registry.selectors import municipality_successors

pytestmark = pytest.mark.django_db


def numbers(found: list[Municipality]) -> list[str]:
    return [m.number for m in found]


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [
        ("3813", dt.date(2024, 6, 1), ["4012"]),
        ("0427", dt.date(2021, 1, 1), ["3420"]),
        ("0814", dt.date(2024, 1, 1), ["4012"]),  # two steps: 0814 → 3813 → 4012
        ("0814", dt.date(2023, 12, 31), ["3813"]),
        ("0814", dt.date(2019, 12, 31), ["0814"]),  # still valid: its own successor
        ("5040", dt.date(2020, 1, 1), ["5007"]),  # merger
        ("5030", dt.date(2020, 1, 1), ["5001"]),  # Klæbu into Trondheim
        ("1601", dt.date(2019, 1, 1), ["5001"]),  # the 2018 Trøndelag numbers
        ("0709", dt.date(2024, 1, 1), ["3909"]),  # Larvik 0709 → 0712 → 3805 → 3909
        ("3420", dt.date(2019, 6, 1), []),  # not yet valid; the table is only followed forward
        ("9999", dt.date(2021, 1, 1), []),
    ],
)
def test_a_number_is_followed_to_the_rows_valid_on_the_day(reference_data, number, day, expected) -> None:
    assert numbers(municipality_successors(number, day)) == expected


def test_a_split_gives_every_successor(db) -> None:
    region = Region.objects.create(code="99", name="Test", office_name="Office", valid_from=dt.date(2000, 1, 1))
    Municipality.objects.create(number="1111", name="Old", region=region, valid_from=dt.date(2000, 1, 1),
                                valid_to=dt.date(2019, 12, 31))
    for number in ("2222", "3333"):
        Municipality.objects.create(number=number, name=f"New {number}", region=region,
                                    valid_from=dt.date(2020, 1, 1))
        MunicipalityCodeChange.objects.create(old_number="1111", old_name="Old", new_number=number,
                                              new_name=f"New {number}", changed_on=dt.date(2020, 1, 1))
    assert numbers(municipality_successors("1111", dt.date(2020, 1, 1))) == ["2222", "3333"]
    assert numbers(municipality_successors("1111", dt.date(2019, 12, 31))) == ["1111"]


def test_changes_after_the_day_are_not_followed(reference_data) -> None:
    assert numbers(municipality_successors("0814", dt.date(2019, 6, 1))) == ["0814"]
    assert numbers(municipality_successors("0709", dt.date(2017, 6, 1))) == []
