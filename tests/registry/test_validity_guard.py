"""Overlapping validity periods of one number are refused by clean() and by the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samla.registry.models import OVERLAPPING_PERIOD_MESSAGE, Municipality, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def bamble(db) -> Municipality:
    region = Region.objects.create(code="38", name="Vestfold og Telemark", office_name="O",
                                   valid_from=dt.date(2020, 1, 1))
    return Municipality.objects.create(number="3813", name="Bamble", region=region,
                                       valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2023, 12, 31))


def test_clean_refuses_a_period_overlapping_another_row_of_the_same_number(bamble) -> None:
    other = Municipality(number="3813", name="Bamble", region=bamble.region, valid_from=dt.date(2023, 12, 31))
    with pytest.raises(ValidationError) as caught:
        other.full_clean()
    assert caught.value.messages == [OVERLAPPING_PERIOD_MESSAGE % {"code": "3813",
                                                                   "other": "2020-01-01..2023-12-31"}]


def test_clean_accepts_the_next_period_and_the_row_itself(bamble) -> None:
    bamble.full_clean()
    Municipality(number="3813", name="Bamble", region=bamble.region, valid_from=dt.date(2024, 1, 1)).full_clean()


def test_the_database_refuses_an_overlapping_insert(bamble) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(number="3813", name="Bamble", region=bamble.region,
                                    valid_from=dt.date(2022, 1, 1))
    assert Municipality.objects.count() == 1


def test_the_database_refuses_an_update_that_makes_periods_overlap(bamble) -> None:
    later = Municipality.objects.create(number="3813", name="Bamble", region=bamble.region,
                                        valid_from=dt.date(2024, 1, 1))
    later.valid_from = dt.date(2023, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()


def test_the_database_refuses_overlapping_county_periods(bamble) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="38", name="Again", office_name="O", valid_from=dt.date(2021, 1, 1))


def test_the_database_allows_adjacent_periods_and_other_numbers(bamble) -> None:
    Municipality.objects.create(number="3813", name="Bamble", region=bamble.region, valid_from=dt.date(2024, 1, 1))
    Municipality.objects.create(number="3812", name="Siljan", region=bamble.region, valid_from=dt.date(2020, 1, 1))
    assert Municipality.objects.count() == 3
