"""regions_import_csv: counties with their county-governor office."""

from __future__ import annotations

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.registry.models import Region
from samla.registry.services import regions_import_csv

pytestmark = pytest.mark.django_db

HEADER = "code,name,office_name,valid_from,valid_to\n"


def test_regions_are_imported_and_reimporting_updates_instead_of_duplicating(write) -> None:
    path = write("regions.csv", HEADER + "34,Innlandet,Fylkesmannen i Innlandet,2020-01-01,\n"
                                         "38,Vestfold og Telemark,Fylkesmannen i V og T,2020-01-01,2023-12-31\n")
    assert regions_import_csv(path=path) == 2
    path = write("regions.csv", HEADER + "34,Innlandet,Statsforvalteren i Innlandet,2020-01-01,\n")
    assert regions_import_csv(path=path) == 1
    assert Region.objects.count() == 2
    assert Region.objects.get(code="34").office_name == "Statsforvalteren i Innlandet"


def test_overlapping_periods_of_one_county_are_refused_and_nothing_is_written(write) -> None:
    path = write("regions.csv", HEADER + "34,Innlandet,Office,2020-01-01,\n"
                                         "34,Innlandet,Office,2024-01-01,\n")
    with pytest.raises(ImportFailed) as caught:
        regions_import_csv(path=path)
    assert str(caught.value) == "regions.csv, line 3, column valid_from: " + imp.OVERLAPPING_PERIOD.format(
        what="county", code="34", period="2024-01-01..", other_period="2020-01-01..", where="line 2")
    assert Region.objects.count() == 0


def test_a_bad_code_and_a_period_ending_before_it_starts_are_both_reported(write) -> None:
    path = write("regions.csv", HEADER + "3,Innlandet,Office,2020-01-01,\n"
                                         "38,VT,Office,2020-01-01,2019-12-31\n")
    with pytest.raises(ImportFailed) as caught:
        regions_import_csv(path=path)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (2, "code", imp.BAD_REGION_CODE.format(value="3")),
        (3, "valid_to", imp.PERIOD_ENDS_BEFORE_START.format(valid_to="2019-12-31", valid_from="2020-01-01")),
    ]
    assert Region.objects.count() == 0
