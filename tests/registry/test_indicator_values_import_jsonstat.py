"""indicator_values_import_jsonstat: indicator values from an SSB-like JSON-stat 2.0 dataset."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from samla.core import jsonstat
from samla.registry import importers as imp
from samla.registry import services
from samla.registry.importers import ImportFailed
from samla.registry.models import Indicator, IndicatorValue
from samla.registry.services import indicator_values_import_jsonstat

from .conftest import FIXTURES

MINORITY = FIXTURES / "ssb_minority_children.json"
POPULATION = FIXTURES / "ssb_population_sparse.json"


def stored(code: str) -> dict[tuple[str, int], Decimal]:
    return {(v.municipality.number, v.year): v.value
            for v in IndicatorValue.objects.filter(indicator__code=code).select_related("municipality")}


@pytest.fixture
def minority(reference_data) -> Indicator:
    return Indicator.objects.create(code="minority-children", name="Minority-language children")


def test_k_prefixed_and_plain_region_codes_are_both_accepted_and_missing_values_skipped(minority) -> None:
    assert indicator_values_import_jsonstat(path=MINORITY, indicator="minority-children") == 5
    assert stored("minority-children") == {
        ("3420", 2020): 112, ("3420", 2021): 118, ("3427", 2020): 31, ("3443", 2020): 74, ("3443", 2021): 80,
    }


def test_reimporting_the_dataset_changes_nothing(minority) -> None:
    indicator_values_import_jsonstat(path=MINORITY, indicator="minority-children")
    indicator_values_import_jsonstat(path=MINORITY, indicator="minority-children")
    assert IndicatorValue.objects.count() == 5


def test_other_dimensions_are_summed_when_asked_and_one_content_is_chosen(reference_data) -> None:
    count = indicator_values_import_jsonstat(path=POPULATION, indicator="population", content_code="Personer1",
                                             sum_other_dimensions=True, create_indicators=True)
    assert count == 2
    assert stored("population") == {("5001", 2022): Decimal("41000"), ("5014", 2022): Decimal("1350.5")}
    assert Indicator.objects.get(code="population").name == "Persons"


def test_several_contents_without_a_choice_and_an_unsummed_dimension_are_refused(reference_data) -> None:
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_jsonstat(path=POPULATION, indicator="population", create_indicators=True)
    assert [(p.column, p.message) for p in caught.value.problems] == [
        ("dimension.ContentsCode", services.JSONSTAT_CONTENT_REQUIRED.format(count=2, codes="Personer1, Dode")),
        ("dimension.Kjonn", services.JSONSTAT_EXTRA_DIMENSION.format(dimension="Kjonn", count=2)),
    ]
    assert not Indicator.objects.exists()


def test_an_unknown_indicator_is_refused(reference_data) -> None:
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_jsonstat(path=MINORITY, indicator="minority-children")
    assert str(caught.value) == "ssb_minority_children.json: " + imp.UNKNOWN_INDICATOR.format(
        code="minority-children")


def rewrite(tmp_path: Path, change) -> Path:
    data = json.loads(MINORITY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_malformed_dataset_is_refused_with_the_json_path_as_column(minority, tmp_path) -> None:
    path = rewrite(tmp_path, lambda d: d.update(value=[1, 2, 3]))
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_jsonstat(path=path, indicator="minority-children")
    assert str(caught.value) == "bad.json, column value: " + jsonstat.VALUE_COUNT.format(values=3, cells=6)
    assert not IndicatorValue.objects.exists()


def test_text_that_is_not_json_is_refused(minority, tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"version": "2.0",', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"^bad\.json: not valid JSON"):
        indicator_values_import_jsonstat(path=path, indicator="minority-children")


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        (lambda d: d["dimension"]["Region"]["category"].update(index={"K-3420": 0, "K-3427": 1, "EAK": 2}),
         "dimension.Region", services.JSONSTAT_NOT_MUNICIPALITY.format(code="EAK")),
        (lambda d: d["dimension"]["Tid"]["category"].update(index={"2020K1": 0, "2021": 1}),
         "dimension.Tid", services.JSONSTAT_NOT_YEAR.format(code="2020K1")),
        (lambda d: d["dimension"]["Region"]["category"].update(index={"K-3420": 0, "K-3427": 1, "K-9999": 2}),
         "dimension.Region", imp.UNKNOWN_MUNICIPALITY.format(number="9999", day="2020-01-01")),
        (lambda d: d.update(value=[1, 2, 3, 4, 5, -6]), "value[5]", imp.NEGATIVE_VALUE.format(value=-6)),
    ],
    ids=["whole country", "quarter", "unknown municipality", "negative"],
)
def test_a_bad_category_or_value_is_refused_and_nothing_written(minority, tmp_path, change, column,
                                                                message) -> None:
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_jsonstat(path=rewrite(tmp_path, change), indicator="minority-children")
    assert (caught.value.column, caught.value.message) == (column, message)
    assert not IndicatorValue.objects.exists()


def test_as_of_resolves_pre_reform_numbers_to_their_successors(minority, tmp_path) -> None:
    def to_2019(d: dict) -> None:
        d["dimension"]["Region"]["category"]["index"] = {"K-0427": 0, "K-0437": 1, "0529": 2}
        d["dimension"]["Tid"]["category"]["index"] = {"2018": 0, "2019": 1}

    indicator_values_import_jsonstat(path=rewrite(tmp_path, to_2019), indicator="minority-children",
                                     as_of=dt.date(2020, 1, 1))
    assert set(stored("minority-children")) == {("3420", 2018), ("3420", 2019), ("3427", 2018),
                                                ("3443", 2018), ("3443", 2019)}


def test_a_missing_region_dimension_is_named(minority) -> None:
    with pytest.raises(ImportFailed) as caught:
        indicator_values_import_jsonstat(path=MINORITY, indicator="minority-children", region_dimension="Kommune")
    assert caught.value.message == services.JSONSTAT_NO_DIMENSION.format(
        dimension="Kommune", available="Region, ContentsCode, Tid")
