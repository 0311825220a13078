"""Reading the project's comment-and-header CSV files (pure Python; no Django).

One format serves programme folders (``samla.core.allocation.folder``) and the registry's import
files (``samla.registry.importers``):

- UTF-8 text; a leading byte order mark is dropped;
- a blank line, or one whose first non-space character is ``#``, is skipped, but line numbers stay
  the file's (1-based, as ``str.splitlines`` counts lines, so CRLF and LF endings both work);
- the first other line is the header and must be exactly the expected column names;
- every later line is one row with as many fields as the header. Cells are stripped of surrounding
  white space. A quoted value may hold a comma but may not span lines (each line is parsed alone).

This module words no messages. It reports problems as data: the whole-file problems as exceptions
(``NotUtf8``, ``NoHeader``, ``WrongHeader``, all ``CsvFileError``, each with the file's line number
or None), and a row with the wrong number of fields through a callback. So each caller keeps its own
error style (raise the first problem, or collect and go on) and its own texts.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path


class CsvFileError(Exception):
    """A problem with a file as a whole; ``line`` is the file's line number, or None."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__(line)
        self.line = line


class NotUtf8(CsvFileError):
    """The file is not UTF-8 text; the ``UnicodeDecodeError`` is the ``__cause__``."""


class NoHeader(CsvFileError):
    """The file is empty, or holds nothing but blank and comment lines."""


class WrongHeader(CsvFileError):
    """The header (on ``line``) is ``found``, not ``expected``; both are the stripped cells."""

    def __init__(self, line: int, found: tuple[str, ...], expected: tuple[str, ...]) -> None:
        super().__init__(line)
        self.args = (line, found, expected)
        self.found = found
        self.expected = expected


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's text, a leading byte order mark dropped.

    Raises ``NotUtf8`` for a file that is not UTF-8; a missing or unreadable file raises the
    ``OSError`` (e.g. ``FileNotFoundError``) that opening it raises, for the caller to word or let through.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8() from exc


def content_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, stripped cells)`` for each line that is neither blank nor a ``#`` comment."""
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield line_no, [cell.strip() for cell in next(csv.reader([line]))]


def read_rows(path: str | os.PathLike[str], columns: Sequence[str], *,
              on_wrong_count: Callable[[int, int], None]) -> Iterator[tuple[int, dict[str, str]]]:
    """Check a file's encoding and header now; return an iterator of its data rows.

    Raises ``NotUtf8``, ``NoHeader`` or ``WrongHeader`` (or the ``OSError`` of a missing file) at
    once. The iterator yields ``(line number, {column: cell})``; for a row whose field count is not
    ``len(columns)`` it calls ``on_wrong_count(line number, fields found)`` instead, which may raise
    (stopping the reading) or return (the row is skipped).
    """
    expected = tuple(columns)
    lines = content_lines(read_text(path))
    first = next(lines, None)
    if first is None:
        raise NoHeader()
    header_line, header = first
    if tuple(header) != expected:
        raise WrongHeader(header_line, tuple(header), expected)
    return _data_rows(lines, expected, on_wrong_count)


def _data_rows(lines: Iterator[tuple[int, list[str]]], columns: tuple[str, ...],
               on_wrong_count: Callable[[int, int], None]) -> Iterator[tuple[int, dict[str, str]]]:
    for line_no, cells in lines:
        if len(cells) != len(columns):
            on_wrong_count(line_no, len(cells))
            continue
        yield line_no, dict(zip(columns, cells, strict=True))
