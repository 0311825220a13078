"""registry_load_reference_data: the shipped code lists, loadable any number of times."""

from __future__ import annotations

import datetime as dt

import pytest

from samla.registry.models import Municipality, MunicipalityCodeChange, Region
from samla.registry.selectors import municipalities_valid_on, municipality_successors
from samla.registry.services import registry_load_reference_data

pytestmark = pytest.mark.django_db

PILOT_2020 = {"3420": "Elverum", "3427": "Tynset", "3443": "Vestre Toten", "3448": "Nordre Land",
              "3801": "Horten", "3805": "Larvik", "3812": "Siljan", "3813": "Bamble", "5014": "Frøya",
              "5007": "Namsos", "5060": "Nærøysund", "5001": "Trondheim"}
PILOT_2024 = {"3420", "3427", "3443", "3448", "3901", "3909", "4010", "4012", "5014", "5007", "5060", "5001"}


def counts() -> tuple[int, int, int]:
    return Region.objects.count(), Municipality.objects.count(), MunicipalityCodeChange.objects.count()


def test_loading_twice_gives_the_same_rows() -> None:
    registry_load_reference_data()
    first = counts()
    registry_load_reference_data()
    assert counts() == first == (9, 30, 28)


def test_the_twelve_pilot_municipalities_are_valid_in_2020_and_2024(reference_data) -> None:
    assert {m.number: m.name for m in municipalities_valid_on(dt.date(2020, 1, 1))} == PILOT_2020
    assert {m.number for m in municipalities_valid_on(dt.date(2024, 1, 1))} == PILOT_2024


def test_every_pre_2020_number_leads_to_one_pilot_municipality(reference_data) -> None:
    for municipality in municipalities_valid_on(dt.date(2019, 12, 31)):
        successors = municipality_successors(municipality.number, dt.date(2020, 1, 1))
        assert len(successors) == 1 and successors[0].number in PILOT_2020, municipality


def test_each_municipality_lies_in_a_county_valid_over_its_period(reference_data) -> None:
    for m in Municipality.objects.select_related("region"):
        assert m.region.is_valid_on(m.valid_from), m
        assert m.valid_to is None or m.region.is_valid_on(m.valid_to), m


def test_the_counties_of_2020_and_2024() -> None:
    registry_load_reference_data()
    assert set(Region.objects.valid_on(dt.date(2020, 1, 1)).values_list("name", flat=True)) == {
        "Innlandet", "Vestfold og Telemark", "Trøndelag"}
    assert set(Region.objects.valid_on(dt.date(2024, 1, 1)).values_list("code", flat=True)) == {
        "34", "39", "40", "50"}
