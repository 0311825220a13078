"""The county-governor office's name by date: "Fylkesmannen" until 2020, "Statsforvalteren" from 2021, the 2019
mergers of the offices; stored with validity periods like the municipalities' numbers and used by documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.registry.models import OfficeName, Region
from samla.registry.selectors import office_name_on
from samla.registry.services import office_names_import_csv, registry_load_reference_data

pytestmark = pytest.mark.django_db
HEADER = "county_code,name,valid_from,valid_to\n"


def _region(code: str) -> Region:
    return Region.objects.valid_on(dt.date(2022, 1, 1)).get(code=code)


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2020, 12, 31), "Fylkesmannen i Innlandet"),
    (dt.date(2021, 1, 1), "Statsforvalteren i Innlandet"),
    (dt.date(2026, 12, 4), "Statsforvalteren i Innlandet"),
    (dt.date(2019, 3, 15), "Fylkesmannen i Innlandet"),  # before the county (2020): the nearest name
])
def test_the_name_valid_on_the_day(day, expected) -> None:
    registry_load_reference_data()
    assert office_name_on(_region("34"), day) == expected


def test_the_2019_merger_and_the_shared_office_after_2024() -> None:
    registry_load_reference_data()
    hedmark = Region.objects.get(code="04")
    assert office_name_on(hedmark, dt.date(2018, 6, 1)) == "Fylkesmannen i Hedmark"
    assert office_name_on(hedmark, dt.date(2019, 6, 1)) == "Fylkesmannen i Innlandet"
    telemark = Region.objects.valid_on(dt.date(2024, 1, 1)).get(code="40")
    assert office_name_on(telemark, dt.date(2025, 1, 1)) == "Statsforvalteren i Vestfold og Telemark"
    assert office_name_on(_region("38"), dt.date(2020, 5, 1)) == "Fylkesmannen i Vestfold og Telemark"


def test_without_dated_names_the_regions_own_name() -> None:
    region = Region.objects.create(code="99", name="Prøve", office_name="Kontoret i Prøve",
                                   valid_from=dt.date(2020, 1, 1))
    assert office_name_on(region, dt.date(2021, 1, 1)) == "Kontoret i Prøve"


def test_import_is_idempotent_and_overlaps_are_refused(write) -> None:
    path = write("office_names.csv", HEADER + "34,Fylkesmannen i Innlandet,2020-01-01,2020-12-31\n"
                                              "34,Statsforvalteren i Innlandet,2021-01-01,\n")
    assert office_names_import_csv(path=path) == 2
    assert office_names_import_csv(path=path) == 2 and OfficeName.objects.count() == 2
    bad = write("office_names.csv", HEADER + "50,A,2020-01-01,\n50,B,2021-01-01,\n")
    with pytest.raises(ImportFailed) as caught:
        office_names_import_csv(path=bad)
    assert str(caught.value) == "office_names.csv, line 3, column valid_from: " + imp.OVERLAPPING_PERIOD.format(
        what="county-governor office of county", code="50", period="2021-01-01..", other_period="2020-01-01..",
        where="line 2")
    assert OfficeName.objects.count() == 2


def test_clean_and_the_database_refuse_overlapping_names() -> None:
    OfficeName.objects.create(county_code="34", name="Fylkesmannen i Innlandet", valid_from=dt.date(2020, 1, 1),
                              valid_to=dt.date(2020, 12, 31))
    overlapping = OfficeName(county_code="34", name="Statsforvalteren i Innlandet", valid_from=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()
    OfficeName.objects.create(county_code="34", name="Statsforvalteren i Innlandet", valid_from=dt.date(2021, 1, 1))
