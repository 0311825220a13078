"""Reading import files: the project's one import error type, a CSV reader that skips comment lines
but keeps original line numbers, and field parsers that report errors instead of raising.

Every importer works in two passes: read and check the WHOLE file, collecting errors (at most
``MAX_ERRORS``); raise ``ImportFailed`` if there is any; only then write, in one transaction. The
services in ``services.py`` (and ``samla.schemes.services``) use these helpers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from samla.core import csvrows
from samla.registry.models import Municipality
from samla.registry.selectors import municipality_successors

MAX_ERRORS = 20


def clean_checked_row(instance: models.Model) -> None:
    """Field validation of a row an importer has already checked, before it is written.

    An importer reads and checks the whole file first (messages with file, line and column): it matches stored
    rows on the natural key that the unique constraints cover, refuses what the check constraints forbid, and
    sets foreign keys to objects it has just read. So the unique, constraint and foreign-key parts of
    ``full_clean`` (one query each, per row) are left out here; the constraints themselves stay in the database.
    A model's own ``clean()`` still runs."""
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)

# Message constants (tests assert them; format with .format(**fields)).
FILE_NOT_FOUND = "file not found"
NOT_UTF8 = "the file is not UTF-8 text"
EMPTY_FILE = "the file has no header line"
WRONG_HEADER = "wrong header {got}; expected {expected}"
WRONG_FIELD_COUNT = "expected {expected} fields, got {got}"
REQUIRED = "a value is required"
BAD_DATE = "{value!r} is not a date (YYYY-MM-DD)"
BAD_YEAR = "{value!r} is not a year between 1900 and 2100"
BAD_MUNICIPALITY_NUMBER = "{value!r} is not a 4-digit municipality number"
BAD_REGION_CODE = "{value!r} is not a 2-digit county number"
NOT_INTEGER = "amount {value!r} is not a whole number of NOK"
NEGATIVE_AMOUNT = "negative amount {value}"
BAD_NUMBER = "{value!r} is not a number"
NEGATIVE_VALUE = "negative value {value}"
DUPLICATE_ROW = "duplicate row {key} (first on line {first_line})"
UNKNOWN_MUNICIPALITY = "unknown municipality {number} on {day}"
AMBIGUOUS_MUNICIPALITY = "municipality {number} is not valid on {day} and was split into {successors}"
UNKNOWN_REGION = "no county {code} valid on {day}"
BAD_INDICATOR_CODE = "{value!r} is not a valid indicator code (letters, digits, - and _)"
UNKNOWN_INDICATOR = "unknown indicator {code} (create it first or pass create_indicators=True)"
PERIOD_ENDS_BEFORE_START = "valid_to {valid_to} is before valid_from {valid_from}"
OVERLAPPING_PERIOD = "{what} {code} valid {period} overlaps {other_period} ({where})"
SAME_TARGET = "{number} and {other} (line {other_line}) both resolve to municipality {target} on {day}"
MORE_ERRORS = "... and more errors (only the first {count} are shown)"


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(ValidationError):
    """An import file was refused; nothing was written.

    ``file``, ``line``, ``column`` and ``message`` describe the first problem; ``problems`` lists all
    that were found (at most ``MAX_ERRORS``; ``truncated`` says there were more). ``str()`` gives one
    line per problem, e.g. ``awards.csv, line 4, column amount: negative amount -5``.
    """

    def __init__(self, problems: Sequence[ImportProblem], *, truncated: bool = False) -> None:
        assert problems, "ImportFailed needs at least one problem"
        self.problems = list(problems)
        self.truncated = truncated
        super().__init__([ValidationError(str(p), code="import") for p in self.problems])
        first = self.problems[0]
        self.file, self.line, self.column, self.message = first.file, first.line, first.column, first.message

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.truncated:
            lines.append(MORE_ERRORS.format(count=len(self.problems)))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ImportFailed({str(self)!r})"


class Problems:
    """Collects problems of one file; ``raise_if_any()`` ends the checking pass."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ImportProblem] = []
        self.truncated = False

    def add(self, message: str, *, line: int | None = None, column: str | None = None) -> None:
        if len(self.items) >= MAX_ERRORS:
            self.truncated = True
            return
        self.items.append(ImportProblem(self.file, line, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items, truncated=self.truncated)

    def fail(self, message: str, *, line: int | None = None, column: str | None = None) -> ImportFailed:
        """A problem that stops reading at once (e.g. a wrong header)."""
        self.add(message, line=line, column=column)
        return ImportFailed(self.items, truncated=self.truncated)


@dataclass(frozen=True)
class Row:
    line: int  # line number in the original file (1-based, comment lines counted)
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def read_csv(path: Path, columns: Sequence[str], problems: Problems) -> Iterator[Row]:
    """Yield the data rows of a comma-separated UTF-8 file whose header is exactly ``columns``.

    The format is ``samla.core.csvrows``'s: lines starting with ``#`` and blank lines are skipped, but
    line numbers stay those of the file; a quoted value may not span lines (our code lists never need
    it). A missing, empty or non-UTF-8 file, or a wrong header, raises at once; a row with the wrong
    number of fields is recorded and skipped.
    """

    def wrong_count(line: int, found: int) -> None:
        problems.add(WRONG_FIELD_COUNT.format(expected=len(columns), got=found), line=line)

    try:
        rows = csvrows.read_rows(path, columns, on_wrong_count=wrong_count)
    except FileNotFoundError:
        raise problems.fail(FILE_NOT_FOUND) from None
    except csvrows.NotUtf8:
        raise problems.fail(NOT_UTF8) from None
    except csvrows.NoHeader:
        raise problems.fail(EMPTY_FILE) from None
    except csvrows.WrongHeader as exc:
        raise problems.fail(WRONG_HEADER.format(got=",".join(exc.found), expected=",".join(columns)),
                            line=exc.line) from None
    for line, values in rows:
        yield Row(line, values)


# Field parsers: return the converted value, or None after recording a problem.

_MUNICIPALITY_NUMBER = re.compile(r"^[0-9]{4}$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(row: Row, column: str, problems: Problems, *, required: bool = True) -> datetime.date | None:
    value = row[column]
    if not value:
        if required:
            problems.add(REQUIRED, line=row.line, column=column)
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.add(BAD_DATE.format(value=value), line=row.line, column=column)
        return None


def parse_year(row: Row, column: str, problems: Problems) -> int | None:
    value = row[column]
    if not value:
        problems.add(REQUIRED, line=row.line, column=column)
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        problems.add(BAD_YEAR.format(value=value), line=row.line, column=column)
        return None
    return int(value)


def parse_municipality_number(row: Row, column: str, problems: Problems) -> str | None:
    value = row[column]
    if not value:
        problems.add(REQUIRED, line=row.line, column=column)
        return None
    if not _MUNICIPALITY_NUMBER.match(value):
        problems.add(BAD_MUNICIPALITY_NUMBER.format(value=value), line=row.line, column=column)
        return None
    return value


def parse_text(row: Row, column: str, problems: Problems, *, required: bool = True) -> str:
    value = row[column]
    if required and not value:
        problems.add(REQUIRED, line=row.line, column=column)
    return value


def parse_amount(row: Row, column: str, problems: Problems) -> int | None:
    """Whole NOK, at least 0: "252000" is fine; "12.5", "abc", "1 000" and "-5" are not."""
    value = row[column]
    if not value:
        problems.add(REQUIRED, line=row.line, column=column)
        return None
    if not _INTEGER.match(value):
        problems.add(NOT_INTEGER.format(value=value), line=row.line, column=column)
        return None
    amount = int(value)
    if amount < 0:
        problems.add(NEGATIVE_AMOUNT.format(value=amount), line=row.line, column=column)
        return None
    return amount


def parse_decimal(row: Row, column: str, problems: Problems) -> Decimal | None:
    value = row[column]
    if not value:
        problems.add(REQUIRED, line=row.line, column=column)
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        problems.add(BAD_NUMBER.format(value=value), line=row.line, column=column)
        return None
    if number < 0:
        problems.add(NEGATIVE_VALUE.format(value=value), line=row.line, column=column)
        return None
    return number


def format_period(valid_from: datetime.date, valid_to: datetime.date | None) -> str:
    return f"{valid_from.isoformat()}..{valid_to.isoformat() if valid_to else ''}"


def periods_overlap(a_from: datetime.date, a_to: datetime.date | None,
                    b_from: datetime.date, b_to: datetime.date | None) -> bool:
    """Closed periods [from, to]; an empty ``to`` means open-ended."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


class MunicipalityResolver:
    """Resolves municipality numbers of import rows for a date, with a cache.

    A number valid on the day is used as it is. A number no longer valid is followed through the
    change table (``municipality_successors``): one successor is used (so 2019 awards of 0814 Bamble
    attach to 3813 when ``as_of`` is 2020-01-01); several (a split) or none is a problem.
    """

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self._cache: dict[tuple[str, datetime.date], list[Municipality]] = {}

    def resolve(self, number: str, day: datetime.date, *, line: int | None,
                column: str) -> Municipality | None:
        key = (number, day)
        if key not in self._cache:
            self._cache[key] = municipality_successors(number, day)
        found = self._cache[key]
        if len(found) == 1:
            return found[0]
        if not found:
            self.problems.add(UNKNOWN_MUNICIPALITY.format(number=number, day=day.isoformat()),
                              line=line, column=column)
        else:
            self.problems.add(AMBIGUOUS_MUNICIPALITY.format(
                number=number, day=day.isoformat(), successors=", ".join(str(m) for m in found)),
                line=line, column=column)
        return None
