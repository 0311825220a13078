"""The JSON-stat 2.0 parser (pure Python)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from samla.core import jsonstat
from samla.core.jsonstat import JsonStatError

FIXTURES = Path(__file__).resolve().parent.parent / "registry" / "fixtures"


@pytest.fixture
def minority() -> dict:
    return json.loads((FIXTURES / "ssb_minority_children.json").read_text(encoding="utf-8"))


def cells_by_key(dataset: jsonstat.Dataset, *dims: str) -> dict[tuple[str, ...], Decimal | None]:
    return {tuple(c.categories[d] for d in dims): c.value for c in dataset.cells()}


def test_a_dense_dataset_is_read_in_row_major_order_over_id_and_size() -> None:
    dataset = jsonstat.load(FIXTURES / "ssb_minority_children.json")
    assert dataset.ids == ("Region", "ContentsCode", "Tid")
    assert dataset.sizes == (3, 1, 2)
    assert cells_by_key(dataset, "Region", "Tid") == {
        ("K-3420", "2020"): 112, ("K-3420", "2021"): 118,
        ("K-3427", "2020"): 31, ("K-3427", "2021"): None,
        ("3443", "2020"): 74, ("3443", "2021"): 80,
    }


def test_labels_status_and_metadata_are_kept() -> None:
    dataset = jsonstat.load(FIXTURES / "ssb_minority_children.json")
    assert dataset.dimensions["Region"].label_of("K-3427") == "Tynset"
    assert dataset.dimensions["ContentsCode"].label_of("MinSprBarnBhg") == "Minority-language children in kindergarten"
    statuses = {c.categories["Region"]: c.status for c in dataset.cells() if c.status}
    assert statuses == {"K-3427": ".."}
    assert dataset.source.startswith("Statistics Norway")


def test_a_sparse_value_object_fills_missing_positions_with_none() -> None:
    dataset = jsonstat.load(FIXTURES / "ssb_population_sparse.json")
    values = [c.value for c in dataset.cells()]
    assert values == [20000, 10, 21000, 12, 700, None, Decimal("650.5"), 2]
    assert dataset.statuses == {5: ":"}


def test_a_dimension_without_index_and_one_label_has_that_one_category() -> None:
    dataset = jsonstat.load(FIXTURES / "ssb_population_sparse.json")
    assert dataset.dimensions["Tid"].codes == ("2022",)


def test_decimal_values_never_pass_through_binary_floats() -> None:
    text = (FIXTURES / "ssb_minority_children.json").read_text(encoding="utf-8").replace("112", "0.1")
    dataset = jsonstat.loads(text)
    assert dataset.values[0] == Decimal("0.1")
    assert jsonstat.parse({**json.loads(text), "value": [0.1, 0, 0, 0, 0, 0]}).values[0] == Decimal("0.1")


def test_one_status_string_applies_to_every_cell(minority: dict) -> None:
    minority["status"] = "p"
    assert set(jsonstat.parse(minority).statuses.values()) == {"p"}
    assert len(jsonstat.parse(minority).statuses) == 6


def test_an_index_given_as_a_list_equals_the_same_index_as_an_object(minority: dict) -> None:
    as_list = copy.deepcopy(minority)
    as_list["dimension"]["Region"]["category"]["index"] = ["K-3420", "K-3427", "3443"]
    assert jsonstat.parse(as_list).values == jsonstat.parse(minority).values
    assert jsonstat.parse(as_list).dimensions["Region"].codes == ("K-3420", "K-3427", "3443")


@pytest.mark.parametrize(
    ("change", "message", "where"),
    [
        (lambda d: d.update(version="1.0"), jsonstat.WRONG_VERSION.format(version="1.0"), "version"),
        (lambda d: d.update({"class": "collection"}), jsonstat.WRONG_CLASS.format(cls="collection"), "class"),
        (lambda d: d.pop("value"), jsonstat.MISSING_KEY.format(key="value"), ""),
        (lambda d: d.update(size=[3, 1]), jsonstat.ID_SIZE_MISMATCH.format(ids=3, sizes=2), "size"),
        (lambda d: d.update(size=[3, 0, 2]), jsonstat.BAD_SIZE, "size"),
        (lambda d: d["dimension"].pop("Tid"), jsonstat.UNKNOWN_DIMENSION.format(dimension="Tid"), "dimension.Tid"),
        (lambda d: d.update(value=[1, 2, 3]), jsonstat.VALUE_COUNT.format(values=3, cells=6), "value"),
        (lambda d: d.update(value={"6": 1}), jsonstat.VALUE_POSITION.format(position="6", last=5), "value"),
        (lambda d: d.update(value=[1, 2, "x", 4, 5, 6]), jsonstat.BAD_VALUE.format(value="x"), "value[2]"),
        (lambda d: d.update(value=[1, 2, True, 4, 5, 6]), jsonstat.BAD_VALUE.format(value=True), "value[2]"),
        (lambda d: d.update(size=[2, 1, 2], value=[1, 2, 3, 4]),
         jsonstat.SIZE_MISMATCH.format(dimension="Region", categories=3, size=2), "dimension.Region"),
        (lambda d: d["dimension"]["Tid"]["category"].update(index={"2020": 0, "2021": 0}),
         jsonstat.BAD_INDEX.format(dimension="Tid", last=1), "dimension.Tid.category.index"),
        (lambda d: d["dimension"]["Tid"]["category"].pop("index"),
         jsonstat.NO_INDEX.format(dimension="Tid"), "dimension.Tid.category"),
    ],
    ids=["version", "class", "no value", "id/size", "zero size", "undescribed dimension", "value count",
         "sparse position", "text value", "boolean value", "category count", "index positions", "no index"],
)
def test_a_malformed_dataset_is_refused_with_a_message_and_a_json_path(minority, change, message, where) -> None:
    change(minority)
    with pytest.raises(JsonStatError) as caught:
        jsonstat.parse(minority)
    assert caught.value.message == message
    assert caught.value.where == where


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(JsonStatError, match="not valid JSON"):
        jsonstat.loads("{not json")


def test_a_list_at_the_top_is_refused() -> None:
    with pytest.raises(JsonStatError) as caught:
        jsonstat.parse([])
    assert caught.value.message == jsonstat.NOT_AN_OBJECT


def test_the_parser_does_not_import_django() -> None:
    import ast

    tree = ast.parse(Path(jsonstat.__file__).read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [m for m in modules if m.split(".")[0] in ("django", "samla")]
