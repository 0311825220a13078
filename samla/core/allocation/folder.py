"""Read a programme folder (programme.toml + long-format CSV files) into a ProgrammeSpec.

Every file is validated whole before anything is returned; the first problem raises an
InputError naming file, line and column. docs/allocation.md documents every key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from samla.core import csvrows
from samla.core.allocation.errors import InputError
from samla.core.allocation.model import (
    METHODS,
    RESIDUAL_POLICIES,
    SURPLUS_METHODS,
    Continuation,
    GrowthFactor,
    MunicipalityRef,
    ProgrammeSpec,
    SchemeRule,
)
from samla.core.allocation.text import Text, gettext_noop

NUMBER_RE = re.compile(r"^[0-9]{4}$")
AMOUNT_RE = re.compile(r"^[0-9]+$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
DECIMAL_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")

MUNICIPALITIES = ("number", "name", "region")
AWARDS = ("municipality", "scheme", "year", "amount")
INDICATORS = ("municipality", "indicator", "year", "value")
DECIDED = ("municipality", "year", "amount")
CONTINUATIONS = ("municipality", "scheme", "year", "amount")

TOP_KEYS = {"name", "description", "years", "rounding_unit", "residual_policy", "floor", "budget",
            "surplus", "growth", "schemes"}
SCHEME_KEYS = {"key", "method", "title", "ministry", "base_year", "budget", "indicator", "indicator_year", "rate"}
SURPLUS_KEYS = {"method", "indicator", "year"}
GROWTH_KEYS = {"rate", "source"}

# The messages (Text templates; see text.py). A "found {value}" parameter is the value as Python writes it.
ERR_HEADER = gettext_noop("wrong header: expected {expected}, found {found}")
ERR_AMOUNT = gettext_noop("amount must be a whole, non-negative number of NOK, found {value}")
ERR_DUPLICATE = gettext_noop("duplicate row (first at line {first})")
ERR_NOT_UTF8 = gettext_noop("file is not UTF-8 text")
ERR_COLUMNS = gettext_noop("expected {expected} columns, found {found}")
ERR_EMPTY = gettext_noop("file is empty (no header)")
ERR_NUMBER = gettext_noop("municipality number must have 4 digits, found {value}")
ERR_UNKNOWN_MUNICIPALITY = gettext_noop("unknown municipality {number}")
ERR_YEAR = gettext_noop("year must be four digits, found {value}")
ERR_NAME_EMPTY = gettext_noop("name is empty")
ERR_UNKNOWN_SCHEME = gettext_noop("unknown scheme {key}")
ERR_INDICATOR_CODE = gettext_noop("indicator code must be lower-case letters, digits and _, found {value}")
ERR_YEAR_OUTSIDE = gettext_noop("year {year} is outside the programme years")
ERR_VALUE = gettext_noop("value must be a non-negative number, found {value}")
ERR_WHOLE = gettext_noop("{where}{key} must be a whole, non-negative number, found {value}")
ERR_NOT_NUMBER = gettext_noop("{what} must be a number, found {value}")
ERR_UNKNOWN_KEY = gettext_noop("unknown key {key} in {where}")
ERR_NO_TOML = gettext_noop("missing programme.toml")
ERR_BAD_TOML = gettext_noop("not valid TOML: {error}")
ERR_NO_SCHEMES = gettext_noop("at least one [[schemes]] table is required")
ERR_SCHEME_KEY = gettext_noop("{where}key must look like chapter.post, e.g. \"231.63\", found {value}")
ERR_METHOD = gettext_noop("{where}method must be one of {choices}, found {value}")
ERR_NO_FOLDER = gettext_noop("programme folder {folder} does not exist")
ERR_NAME_REQUIRED = gettext_noop("name is required")
ERR_YEARS = gettext_noop("years must be a list of years, e.g. [2020, 2021, 2022]")
ERR_RESIDUAL = gettext_noop("residual_policy must be one of {choices}, found {value}")
ERR_ROUNDING_UNIT = gettext_noop("rounding_unit must be a positive whole number of NOK")
ERR_SURPLUS = gettext_noop("surplus.method must be one of {choices}, found {value}")
ERR_GROWTH_TABLE = gettext_noop("growth must be tables like [growth.2021], found {value}")
ERR_GROWTH_RATE = gettext_noop("growth.{year}.rate is required")
ERR_NO_MUNICIPALITIES = gettext_noop("missing municipalities.csv")
SCHEME_WHERE = gettext_noop("schemes #{number}: ")
SCHEME_TABLE = gettext_noop("[[schemes]] #{number}")
GROWTH_TABLE = gettext_noop("[growth.{year}]")
WHERE_KEY = gettext_noop("{where}{key}")


def _rows(path: Path, expected: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for a CSV file in the format of samla.core.csvrows; the first problem raises."""
    name = path.name

    def wrong_count(line: int, found: int) -> None:
        raise InputError(Text(ERR_COLUMNS, expected=len(expected), found=found), file=name, line=line)

    try:
        rows = csvrows.read_rows(path, expected, on_wrong_count=wrong_count)
    except csvrows.NotUtf8 as exc:
        raise InputError(Text(ERR_NOT_UTF8), file=name) from exc.__cause__  # the UnicodeDecodeError
    except csvrows.NoHeader:
        raise InputError(Text(ERR_EMPTY), file=name) from None
    except csvrows.WrongHeader as exc:
        raise InputError(Text(ERR_HEADER, expected=",".join(expected), found=",".join(exc.found)),
                         file=name, line=exc.line) from None
    yield from rows


def _check(ok: bool, message: Text, path: Path, line: int, column: str) -> None:
    if not ok:
        raise InputError(message, file=path.name, line=line, column=column)


def _number(value: str, path: Path, line: int, column: str, known: set[str] | None) -> str:
    if not NUMBER_RE.match(value):
        raise InputError(Text(ERR_NUMBER, value=repr(value)), file=path.name, line=line, column=column)
    if known is not None and value not in known:
        raise InputError(Text(ERR_UNKNOWN_MUNICIPALITY, number=value), file=path.name, line=line, column=column)
    return value


def _amount(value: str, path: Path, line: int, column: str = "amount") -> int:
    if not AMOUNT_RE.match(value):
        raise InputError(Text(ERR_AMOUNT, value=repr(value)), file=path.name, line=line, column=column)
    return int(value)


def _year(value: str, path: Path, line: int, column: str = "year") -> int:
    if not YEAR_RE.match(value):
        raise InputError(Text(ERR_YEAR, value=repr(value)), file=path.name, line=line, column=column)
    return int(value)


def _read_municipalities(path: Path) -> tuple[MunicipalityRef, ...]:
    seen: dict[str, int] = {}
    out = []
    for line, row in _rows(path, MUNICIPALITIES):
        number = _number(row["number"], path, line, "number", None)
        if number in seen:
            raise InputError(Text(ERR_DUPLICATE, first=seen[number]), file=path.name, line=line, column="number")
        if not row["name"]:
            raise InputError(Text(ERR_NAME_EMPTY), file=path.name, line=line, column="name")
        seen[number] = line
        out.append(MunicipalityRef(number, row["name"], row["region"]))
    return tuple(out)


Keyed = dict[tuple[Any, ...], "int | Decimal"]

# Characters that make a file need the careful reader: quotes, comments, and anything str.strip() removes.
_CAREFUL = ('"', "#", " ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85")
_INDICATOR_CODE = re.compile(r"^[a-z0-9_]+$")


def _plain_rows(text: str, columns: tuple[str, ...]) -> list[list[str]] | None:
    """The data rows of a plain file (a header line, then rows of unquoted, unpadded ASCII cells, no comment
    or blank line after the header) by splitting at commas; None when the file needs the careful reader."""
    lines = text.splitlines()
    header = 0
    while header < len(lines) and (not lines[header].strip() or lines[header].lstrip().startswith("#")):
        header += 1
    if header == len(lines) or lines[header] != ",".join(columns):
        return None
    body = lines[header + 1:]
    blob = "\n".join(body)
    if not blob.isascii() or any(c in blob for c in _CAREFUL) or "" in body:
        return None
    rows = [line.split(",") for line in body]
    if rows and set(map(len, rows)) != {len(columns)}:
        return None
    return rows


def _keyed_in_bulk(rows: list[list[str]], columns: tuple[str, ...], known: set[str], schemes: set[str] | None,
                   years: set[int] | None) -> Keyed | None:
    """The rows as key → value, every rule checked column by column over the distinct values; None at the
    first doubt (the careful reader then finds the first problem and names its line)."""
    if not rows:
        return {}
    cells = dict(zip(columns, zip(*rows, strict=True), strict=True))
    if not set(cells["municipality"]) <= known:
        return None
    keys: list[tuple[str, ...] | tuple[int, ...]] = [cells["municipality"]]
    if "scheme" in cells:
        if schemes is None or not set(cells["scheme"]) <= schemes:
            return None
        keys.append(cells["scheme"])
    if "indicator" in cells:
        if not all(_INDICATOR_CODE.match(code) for code in set(cells["indicator"])):
            return None
        keys.append(cells["indicator"])
    distinct_years = set(cells["year"])
    if not all(YEAR_RE.match(y) for y in distinct_years):
        return None
    year_of = {y: int(y) for y in distinct_years}
    if years is not None and not set(year_of.values()) <= years:
        return None
    keys.append(tuple(map(year_of.__getitem__, cells["year"])))
    values: list[int] | list[Decimal]
    if "value" in cells:
        if not all(DECIMAL_RE.match(v) for v in cells["value"]):
            return None
        values = list(map(Decimal, cells["value"]))
    else:
        amounts = cells["amount"]
        if not all(amounts) or not "".join(amounts).isdigit():  # ASCII digits only (the file is ASCII)
            return None
        values = list(map(int, amounts))
    out: Keyed = dict(zip(zip(*keys, strict=True), values, strict=True))
    return out if len(out) == len(rows) else None


def _read_keyed(path: Path, columns: tuple[str, ...], known: set[str], schemes: set[str] | None,
                years: set[int] | None, *, careful: bool = False) -> Keyed:
    """A long-format file as key → value. A plain file is checked in bulk (national programmes have tens of
    thousands of rows); any other, and any file the bulk check doubts, row by row, which raises the first
    problem with its file, line and column. Both give the same result for every file (a test compares them)."""
    if not careful:
        try:
            text = csvrows.read_text(path)
        except csvrows.NotUtf8:
            text = None
        rows = None if text is None else _plain_rows(text, columns)
        if rows is not None:
            out = _keyed_in_bulk(rows, columns, known, schemes, years)
            if out is not None:
                return out
    return _read_keyed_carefully(path, columns, known, schemes, years)


def _read_keyed_carefully(path: Path, columns: tuple[str, ...], known: set[str], schemes: set[str] | None,
                          years: set[int] | None) -> Keyed:
    out: Keyed = {}
    first_line: dict[tuple[Any, ...], int] = {}
    for line, row in _rows(path, columns):
        number = _number(row["municipality"], path, line, "municipality", known)
        key: tuple[Any, ...] = (number,)
        if "scheme" in row:
            _check(schemes is not None and row["scheme"] in schemes,
                   Text(ERR_UNKNOWN_SCHEME, key=repr(row["scheme"])), path, line, "scheme")
            key += (row["scheme"],)
        if "indicator" in row:
            _check(bool(_INDICATOR_CODE.match(row["indicator"])),
                   Text(ERR_INDICATOR_CODE, value=repr(row["indicator"])), path, line, "indicator")
            key += (row["indicator"],)
        year = _year(row["year"], path, line)
        if years is not None:
            _check(year in years, Text(ERR_YEAR_OUTSIDE, year=year), path, line, "year")
        key += (year,)
        if "value" in row:
            _check(bool(DECIMAL_RE.match(row["value"])), Text(ERR_VALUE, value=repr(row["value"])), path, line,
                   "value")
            value: int | Decimal = Decimal(row["value"])
        else:
            value = _amount(row["amount"], path, line)
        if key in out:
            raise InputError(Text(ERR_DUPLICATE, first=first_line[key]), file=path.name, line=line)
        out[key] = value
        first_line[key] = line
    return out


def _toml_error(message: Text) -> InputError:
    return InputError(message, file="programme.toml")


def _int(table: dict[str, Any], key: str, default: int | None, where: str = "") -> int | None:
    """``where`` is a prefix naming the table (a Text such as "schemes #2: "), or empty."""
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _toml_error(Text(ERR_WHOLE, where=where, key=key, value=repr(value)))
    return int(value)


def _decimal(value: Any, what: str) -> Decimal:
    """``what`` names the key, e.g. "growth.2021.rate" (or a Text)."""
    if isinstance(value, bool):
        raise _toml_error(Text(ERR_NOT_NUMBER, what=what, value=repr(value)))
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise _toml_error(Text(ERR_NOT_NUMBER, what=what, value=repr(value))) from exc


def _unknown(table: dict[str, Any], allowed: set[str], where: str) -> None:
    """``where`` names the table: "programme.toml", "[surplus]", or a Text such as "[[schemes]] #2"."""
    extra = sorted(set(table) - allowed)
    if extra:
        raise _toml_error(Text(ERR_UNKNOWN_KEY, key=repr(extra[0]), where=where))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh, parse_float=Decimal)
    except FileNotFoundError as exc:
        raise InputError(Text(ERR_NO_TOML), file=str(path.parent)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(Text(ERR_BAD_TOML, error=exc)) from exc
    _unknown(data, TOP_KEYS, "programme.toml")
    return data


def _schemes(data: dict[str, Any]) -> tuple[SchemeRule, ...]:
    raw = data.get("schemes")
    if not isinstance(raw, list) or not raw:
        raise _toml_error(Text(ERR_NO_SCHEMES))
    rules = []
    for i, table in enumerate(raw, start=1):
        where = Text(SCHEME_WHERE, number=i)
        _unknown(table, SCHEME_KEYS, Text(SCHEME_TABLE, number=i))
        key = table.get("key")
        if not isinstance(key, str) or not re.match(r"^[0-9]{3,4}\.[0-9]{2}$", key):
            raise _toml_error(Text(ERR_SCHEME_KEY, where=where, value=repr(key)))
        method = table.get("method", "historical")
        if method not in METHODS:
            raise _toml_error(Text(ERR_METHOD, where=where, choices=", ".join(METHODS), value=repr(method)))
        rate = table.get("rate")
        rules.append(SchemeRule(
            key=key, method=method, title=str(table.get("title", "")), ministry=str(table.get("ministry", "")),
            base_year=_int(table, "base_year", None, where), budget=_int(table, "budget", None, where),
            indicator=table.get("indicator"), indicator_year=_int(table, "indicator_year", None, where),
            rate=None if rate is None else _decimal(rate, Text(WHERE_KEY, where=where, key="rate")),
        ))
    return tuple(rules)


def load_programme_folder(folder: str | Path) -> ProgrammeSpec:
    """Read and validate a programme folder. Raises InputError (file, line, column) on bad input."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(Text(ERR_NO_FOLDER, folder=folder))
    data = _read_toml(folder / "programme.toml")

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _toml_error(Text(ERR_NAME_REQUIRED))
    years = data.get("years")
    if not isinstance(years, list) or not years or not all(isinstance(y, int) for y in years):
        raise _toml_error(Text(ERR_YEARS))
    residual = data.get("residual_policy", "largest")
    if residual not in RESIDUAL_POLICIES:
        raise _toml_error(Text(ERR_RESIDUAL, choices=", ".join(RESIDUAL_POLICIES), value=repr(residual)))
    unit = _int(data, "rounding_unit", 1)
    if not unit:
        raise _toml_error(Text(ERR_ROUNDING_UNIT))

    surplus = data.get("surplus", {})
    _unknown(surplus, SURPLUS_KEYS, "[surplus]")
    surplus_method = surplus.get("method", "indicator")
    if surplus_method not in SURPLUS_METHODS:
        raise _toml_error(Text(ERR_SURPLUS, choices=", ".join(SURPLUS_METHODS), value=repr(surplus_method)))

    growth: dict[int, GrowthFactor] = {}
    for year_key, table in (data.get("growth") or {}).items():
        if not str(year_key).isdigit() or not isinstance(table, dict):
            raise _toml_error(Text(ERR_GROWTH_TABLE, value=repr(year_key)))
        _unknown(table, GROWTH_KEYS, Text(GROWTH_TABLE, year=year_key))
        if "rate" not in table:
            raise _toml_error(Text(ERR_GROWTH_RATE, year=year_key))
        growth[int(year_key)] = GrowthFactor(int(year_key), _decimal(table["rate"], f"growth.{year_key}.rate"),
                                             str(table.get("source", "")))

    schemes = _schemes(data)
    scheme_keys = {s.key for s in schemes}
    municipalities = _read_municipalities(folder / "municipalities.csv") \
        if (folder / "municipalities.csv").exists() else None
    if municipalities is None:
        raise InputError(Text(ERR_NO_MUNICIPALITIES), file=folder.name)
    known = {m.number for m in municipalities}
    year_set = set(years)

    def optional(file: str, columns: tuple[str, ...], with_schemes: bool, in_years: bool) -> Keyed:
        path = folder / file
        if not path.exists():
            return {}
        return _read_keyed(path, columns, known, scheme_keys if with_schemes else None,
                           year_set if in_years else None)

    # The readers give (number, scheme, year) → int for amount files and (number, code, year) → Decimal for
    # indicators (the column decides); the casts say so to the type checker.
    awards = cast(dict[tuple[str, str, int], int], optional("awards.csv", AWARDS, True, False))
    indicators = cast(dict[tuple[str, str, int], Decimal], optional("indicators.csv", INDICATORS, False, False))
    decided = cast(dict[tuple[str, int], int], optional("decided.csv", DECIDED, False, True))
    continuations = cast(dict[tuple[str, str, int], int], optional("continuations.csv", CONTINUATIONS, True, True))

    return ProgrammeSpec(
        name=name.strip(), description=str(data.get("description", "")), years=tuple(years),
        municipalities=municipalities, schemes=schemes, rounding_unit=unit, residual_policy=residual,
        floor=_int(data, "floor", 0) or 0, budget=_int(data, "budget", None), surplus=surplus_method,
        surplus_indicator=surplus.get("indicator"), surplus_indicator_year=_int(surplus, "year", None, "surplus."),
        growth=growth, awards=awards, indicators=indicators, decided=decided,
        continuations=tuple(Continuation(m, s, y, a) for (m, s, y), a in sorted(continuations.items())),
    )
