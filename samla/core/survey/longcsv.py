"""The long CSV format of responses: ``municipality,wave,item,value``, one answer per row.

``value`` is 1..5, ``dk`` for "don't know / not relevant" or empty for missing. The whole file is
checked; the first problem raises SurveyInputError("FILE:LINE: problem").
"""

from __future__ import annotations

import csv
import io
import os
import re

from samla.core.survey.model import BAD_VALUE, DK, DUPLICATE, Answer, Responses, SurveyInputError, Value

HEADER: tuple[str, ...] = ("municipality", "wave", "item", "value")

CANNOT_READ = "cannot read the file: {reason}"
NOT_UTF8 = "the file is not UTF-8 text"
EMPTY_FILE = "the file is empty; expected the header " + ",".join(HEADER)
BAD_HEADER = "the header must be " + ",".join(HEADER) + ", not {found}"
BAD_FIELD_COUNT = "expected 4 fields (" + ",".join(HEADER) + "), found {count}"
EMPTY_FIELD = "{field} is empty"
DUPLICATE_LINE = DUPLICATE + " (first on line {first})"
BAD_CSV = "malformed CSV: {reason}"

_VALUES: dict[str, Value] = {"": None, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "dk": DK}


def parse_value(text: str) -> Value:
    """A CSV cell as an answer value: "1".."5" → int, "dk" (any case) → DK, "" → None."""
    key = text.strip().lower()
    if key not in _VALUES:
        raise SurveyInputError(BAD_VALUE.format(value=text))
    return _VALUES[key]


def read_long_csv(path: str | os.PathLike[str]) -> Responses:
    """Read a responses file (UTF-8, optional BOM, blank lines ignored): its Answers in file order, checked."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise SurveyInputError(f"{name}: {CANNOT_READ.format(reason=exc.strerror or exc)}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SurveyInputError(f"{name}:{line}: {NOT_UTF8}") from None
    plain = _read_plain(text)
    if plain is not None:
        return plain
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    answers: list[Answer] = []
    first_line: dict[tuple[str, str, str], int] = {}
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise SurveyInputError(EMPTY_FILE)
        if tuple(h.strip().lower() for h in header) != HEADER:
            raise SurveyInputError(BAD_HEADER.format(found=",".join(header)))
        for row in reader:
            line = reader.line_num
            if len(row) == 4:
                municipality, wave, item, value = row[0].strip(), row[1].strip(), row[2].strip(), row[3]
                if municipality and wave and item:
                    key = (municipality, wave, item)
                    if key not in first_line:
                        first_line[key] = line
                        answers.append(Answer(municipality, wave, item, _VALUES.get(value) if value in _VALUES
                                              else parse_value(value)))
                        continue
            if any(cell.strip() for cell in row):
                _problem(row, first_line)
    except SurveyInputError as exc:
        raise SurveyInputError(f"{name}:{line}: {exc}") from None
    except csv.Error as exc:
        raise SurveyInputError(f"{name}:{reader.line_num}: {BAD_CSV.format(reason=exc)}") from None
    return Responses.of(answers)


# A plain file (the header exactly, unquoted ASCII cells without padding, "\n" or "\r\n" line ends) is read by
# splitting at commas and checked column by column; any other file, and any doubt, goes to the csv module above,
# which names the line of the first problem. tests/core/survey/test_longcsv.py compares the two on random files.
_NOT_PLAIN = ('"', "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", " ,", ", ", "\n ", " \n")
_PLAIN_HEADER = ",".join(HEADER)


_PLAIN_ROWS = re.compile(r"(?:[^,\n]+,[^,\n]+,[^,\n]+,[^,\n]*\n)*")  # 4 fields, the first three not empty


def _read_plain(text: str) -> Responses | None:
    if text.startswith(" ") or text.endswith(" ") or not text.isascii():
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    if any(mark in text for mark in _NOT_PLAIN):
        return None
    header, _, body = text.partition("\n")
    if header != _PLAIN_HEADER:
        return None
    if "\n\n" in body or body.startswith("\n"):
        body = re.sub(r"\n\n+", "\n", body).lstrip("\n")  # blank lines are skipped
    if body and not body.endswith("\n"):
        body += "\n"
    if not _PLAIN_ROWS.fullmatch(body):
        return None
    cells = body[:-1].replace("\n", ",").split(",") if body else []
    municipalities, waves, items, values = cells[0::4], cells[1::4], cells[2::4], cells[3::4]
    if not set(values) <= _VALUES.keys():
        return None
    if len(set(zip(municipalities, waves, items, strict=True))) != len(values):
        return None
    return Responses(municipalities, waves, items, list(map(_VALUES.__getitem__, values)))


def _problem(row: list[str], first_line: dict[tuple[str, str, str], int]) -> None:
    """Raise the error of a row the fast path in read_long_csv did not accept."""
    if len(row) != len(HEADER):
        raise SurveyInputError(BAD_FIELD_COUNT.format(count=len(row)))
    cells = [cell.strip() for cell in row[:3]]
    for field_name, cell in zip(HEADER, cells, strict=False):
        if not cell:
            raise SurveyInputError(EMPTY_FIELD.format(field=field_name))
    municipality, wave, item = cells
    raise SurveyInputError(DUPLICATE_LINE.format(municipality=municipality, wave=wave, item=item,
                                                 first=first_line[(municipality, wave, item)]))
