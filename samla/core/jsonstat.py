"""A small parser for JSON-stat 2.0 datasets (the format of Statistics Norway's API).

Pure Python, no Django: it turns a dataset into cells ``{dimension id: category code}`` → value and
reports malformed input as ``JsonStatError`` with a JSON path (``where``) and a message constant.

What is supported (https://json-stat.org/format/):
- ``version`` "2.0" and ``class`` "dataset" (a ``collection`` or a JSON-stat 1.0 bundle is refused);
- ``id``/``size`` giving the dimension order; values in row-major order (the last dimension varies
  fastest);
- a category ``index`` given as a list or as an object code → position; without an index, a
  dimension of one category whose code is the only key of ``label``;
- ``value`` as a dense list or a sparse object ``{"position": value}``; ``null`` is a missing value;
- ``status`` as one string for all cells, a list, or a sparse object.

Numbers are returned as ``Decimal`` (``load``/``loads`` parse JSON floats as Decimal, so nothing passes
through binary floating point).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from math import prod
from pathlib import Path
from typing import Any

NOT_JSON = "not valid JSON: {error}"
NOT_AN_OBJECT = "expected a JSON object"
WRONG_VERSION = "unsupported JSON-stat version {version!r}; expected '2.0'"
WRONG_CLASS = "unsupported class {cls!r}; expected 'dataset'"
MISSING_KEY = "missing required key {key!r}"
ID_SIZE_MISMATCH = "'id' has {ids} dimensions but 'size' has {sizes}"
BAD_ID = "'id' must be a list of distinct dimension names"
BAD_SIZE = "'size' must be a list of positive integers"
UNKNOWN_DIMENSION = "dimension {dimension!r} is listed in 'id' but not described in 'dimension'"
NO_INDEX = "dimension {dimension!r} has no category index and more than one label"
BAD_INDEX = "category index of {dimension!r} must map each code to a distinct position 0..{last}"
SIZE_MISMATCH = "dimension {dimension!r} has {categories} categories but 'size' says {size}"
VALUE_COUNT = "'value' has {values} values but the sizes multiply to {cells}"
VALUE_POSITION = "sparse 'value' position {position!r} is not an integer in 0..{last}"
BAD_VALUE = "value {value!r} is not a number or null"
BAD_STATUS = "'status' must be a string, a list or an object"


class JsonStatError(ValueError):
    """Malformed JSON-stat. ``where`` is a JSON path such as ``dimension.Region`` or ``value[4]``."""

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)

    def label_of(self, code: str) -> str:
        return self.labels.get(code, code)


@dataclass(frozen=True)
class Cell:
    position: int
    categories: Mapping[str, str]  # dimension id -> category code
    value: Decimal | None
    status: str | None


@dataclass(frozen=True)
class Dataset:
    ids: tuple[str, ...]
    sizes: tuple[int, ...]
    dimensions: Mapping[str, Dimension]
    values: tuple[Decimal | None, ...]
    statuses: Mapping[int, str]
    label: str = ""
    source: str = ""
    updated: str = ""

    def cells(self) -> Iterator[Cell]:
        """Every cell in row-major order (including missing values, whose ``value`` is None)."""
        strides = _strides(self.sizes)
        for position, value in enumerate(self.values):
            categories = {}
            for dim_id, size, stride in zip(self.ids, self.sizes, strides, strict=True):
                categories[dim_id] = self.dimensions[dim_id].codes[(position // stride) % size]
            yield Cell(position, categories, value, self.statuses.get(position))


def _strides(sizes: tuple[int, ...]) -> list[int]:
    strides = []
    step = 1
    for size in reversed(sizes):
        strides.append(step)
        step *= size
    return list(reversed(strides))


def load(path: str | Path) -> Dataset:
    return loads(Path(path).read_text(encoding="utf-8-sig"))


def loads(text: str) -> Dataset:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise JsonStatError(NOT_JSON.format(error=error)) from error
    return parse(data)


def parse(data: Any) -> Dataset:
    """Check and convert an already decoded JSON-stat 2.0 dataset."""
    if not isinstance(data, dict):
        raise JsonStatError(NOT_AN_OBJECT)
    for key in ("version", "class", "id", "size", "dimension", "value"):
        if key not in data:
            raise JsonStatError(MISSING_KEY.format(key=key))
    if data["version"] != "2.0":
        raise JsonStatError(WRONG_VERSION.format(version=data["version"]), where="version")
    if data["class"] != "dataset":
        raise JsonStatError(WRONG_CLASS.format(cls=data["class"]), where="class")

    ids, sizes = data["id"], data["size"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        raise JsonStatError(BAD_ID, where="id")
    if not isinstance(sizes, list) or not all(type(s) is int and s > 0 for s in sizes):
        raise JsonStatError(BAD_SIZE, where="size")
    if len(ids) != len(sizes):
        raise JsonStatError(ID_SIZE_MISMATCH.format(ids=len(ids), sizes=len(sizes)), where="size")
    if not isinstance(data["dimension"], dict):
        raise JsonStatError(NOT_AN_OBJECT, where="dimension")

    dimensions = {
        dim_id: _dimension(dim_id, size, data["dimension"].get(dim_id))
        for dim_id, size in zip(ids, sizes, strict=True)
    }
    cells = prod(sizes)
    return Dataset(
        ids=tuple(ids),
        sizes=tuple(sizes),
        dimensions=dimensions,
        values=_values(data["value"], cells),
        statuses=_statuses(data.get("status"), cells),
        label=str(data.get("label", "")),
        source=str(data.get("source", "")),
        updated=str(data.get("updated", "")),
    )


def _dimension(dim_id: str, size: int, raw: Any) -> Dimension:
    where = f"dimension.{dim_id}"
    if raw is None:
        raise JsonStatError(UNKNOWN_DIMENSION.format(dimension=dim_id), where=where)
    if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
        raise JsonStatError(MISSING_KEY.format(key="category"), where=where)
    category = raw["category"]
    labels = category.get("label") or {}
    if not isinstance(labels, dict):
        raise JsonStatError(NOT_AN_OBJECT, where=f"{where}.category.label")
    index = category.get("index")
    if index is None:
        if len(labels) != 1:
            raise JsonStatError(NO_INDEX.format(dimension=dim_id), where=f"{where}.category")
        codes = [next(iter(labels))]
    elif isinstance(index, list):
        codes = index
    elif isinstance(index, dict):
        positions = sorted(index.values(), key=lambda p: p if type(p) is int else -1)
        if positions != list(range(len(index))):
            raise JsonStatError(BAD_INDEX.format(dimension=dim_id, last=len(index) - 1),
                                where=f"{where}.category.index")
        codes = sorted(index, key=index.__getitem__)
    else:
        raise JsonStatError(BAD_INDEX.format(dimension=dim_id, last=size - 1),
                            where=f"{where}.category.index")
    if not all(isinstance(c, str) for c in codes) or len(set(codes)) != len(codes):
        raise JsonStatError(BAD_INDEX.format(dimension=dim_id, last=len(codes) - 1),
                            where=f"{where}.category.index")
    if len(codes) != size:
        raise JsonStatError(SIZE_MISMATCH.format(dimension=dim_id, categories=len(codes), size=size),
                            where=where)
    return Dimension(
        id=dim_id,
        label=str(raw.get("label", dim_id)),
        codes=tuple(codes),
        labels={str(k): str(v) for k, v in labels.items()},
    )


def _number(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise JsonStatError(BAD_VALUE.format(value=value), where=where)
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise JsonStatError(BAD_VALUE.format(value=value), where=where) from None
        if number.is_finite():
            return number
    raise JsonStatError(BAD_VALUE.format(value=value), where=where)


def _position(key: Any, cells: int, where: str) -> int:
    try:
        position = int(key)
    except (TypeError, ValueError):
        position = -1
    if not 0 <= position < cells or str(position) != str(key).strip():
        raise JsonStatError(VALUE_POSITION.format(position=key, last=cells - 1), where=where)
    return position


def _values(raw: Any, cells: int) -> tuple[Decimal | None, ...]:
    if isinstance(raw, list):
        if len(raw) != cells:
            raise JsonStatError(VALUE_COUNT.format(values=len(raw), cells=cells), where="value")
        return tuple(_number(v, f"value[{i}]") for i, v in enumerate(raw))
    if isinstance(raw, dict):
        values: list[Decimal | None] = [None] * cells
        for key, v in raw.items():
            values[_position(key, cells, "value")] = _number(v, f"value[{key}]")
        return tuple(values)
    raise JsonStatError(MISSING_KEY.format(key="value"), where="value")


def _statuses(raw: Any, cells: int) -> dict[int, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return dict.fromkeys(range(cells), raw)
    if isinstance(raw, list):
        if len(raw) == 1 and isinstance(raw[0], str):  # one status for all cells (allowed by 2.0)
            return dict.fromkeys(range(cells), raw[0])
        return {i: str(s) for i, s in enumerate(raw[:cells]) if s is not None}
    if isinstance(raw, dict):
        return {_position(k, cells, "status"): str(s) for k, s in raw.items() if s is not None}
    raise JsonStatError(BAD_STATUS, where="status")
