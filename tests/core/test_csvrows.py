"""The shared reader of comment-and-header CSV files (samla.core.csvrows), on hand-made files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samla.core import csvrows
from samla.core.csvrows import NoHeader, NotUtf8, WrongHeader, content_lines, read_rows


def write(tmp_path: Path, data: str | bytes, name: str = "x.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def no_wrong_counts(line: int, found: int) -> None:
    raise AssertionError(f"unexpected field count {found} on line {line}")


def rows(path: Path, columns: tuple[str, ...] = ("a", "b")) -> list[tuple[int, dict[str, str]]]:
    return list(read_rows(path, columns, on_wrong_count=no_wrong_counts))


def test_comment_and_blank_lines_are_skipped_but_line_numbers_are_the_files(tmp_path: Path) -> None:
    path = write(tmp_path, "# a comment\n\na,b\n# another\n1,2\n\n3,4\n")
    assert rows(path) == [(5, {"a": "1", "b": "2"}), (7, {"a": "3", "b": "4"})]


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfa,b\n1,2\n")
    assert rows(path) == [(2, {"a": "1", "b": "2"})]


@pytest.mark.parametrize("eol", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_cr_line_endings_read_like_lf(tmp_path: Path, eol: str) -> None:
    path = write(tmp_path, eol.join(["# comment", "a,b", "", "1,2", "3,4"]))
    assert rows(path) == [(4, {"a": "1", "b": "2"}), (5, {"a": "3", "b": "4"})]


def test_comment_lines_may_be_indented_and_blank_lines_may_hold_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, "   # indented\na,b\n\t# tab\n  \n1,2\n \t \n    #,x,y,z\n")
    assert rows(path) == [(5, {"a": "1", "b": "2"})]


def test_a_hash_after_the_first_cell_is_data(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n1,#2\nx#y,3\n")
    assert rows(path) == [(2, {"a": "1", "b": "#2"}), (3, {"a": "x#y", "b": "3"})]


def test_a_quoted_value_may_hold_a_comma(tmp_path: Path) -> None:
    path = write(tmp_path, 'name,county\n"Nome, Telemark",40\nBamble,"40"\n')
    assert rows(path, ("name", "county")) == [(2, {"name": "Nome, Telemark", "county": "40"}),
                                              (3, {"name": "Bamble", "county": "40"})]


def test_a_quoted_value_does_not_span_lines(tmp_path: Path) -> None:
    path = write(tmp_path, 'a\n"first\nsecond"\n')
    assert rows(path, ("a",)) == [(2, {"a": "first"}), (3, {"a": 'second"'})]


def test_cells_and_header_names_are_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, " a ,\tb\n 1 , 2\t\n")
    assert rows(path) == [(2, {"a": "1", "b": "2"})]


def test_empty_cells_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n,\n1,\n")
    assert rows(path) == [(2, {"a": "", "b": ""}), (3, {"a": "1", "b": ""})]


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    assert rows(write(tmp_path, "# just the header\na,b\n")) == []


def test_a_str_path_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n1,2\n")
    assert list(read_rows(str(path), ["a", "b"], on_wrong_count=no_wrong_counts)) == [(2, {"a": "1", "b": "2"})]


def test_a_file_that_is_not_utf8_is_refused_with_the_decode_error_as_cause(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\nBær,1\n".encode("latin-1"))
    with pytest.raises(NotUtf8) as caught:
        read_rows(path, ("a", "b"), on_wrong_count=no_wrong_counts)
    assert caught.value.line is None
    assert isinstance(caught.value.__cause__, UnicodeDecodeError)
    assert isinstance(caught.value, csvrows.CsvFileError)


def test_a_missing_file_raises_the_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_rows(tmp_path / "missing.csv", ("a",), on_wrong_count=no_wrong_counts)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", "# only a comment\n", "\n  \n\t\n",
                                  "# one\n   # two\r\n\n"], ids=["empty", "bom", "comment", "blank", "comments"])
def test_a_file_without_a_header_is_refused(tmp_path: Path, data: str | bytes) -> None:
    with pytest.raises(NoHeader) as caught:
        read_rows(write(tmp_path, data), ("a",), on_wrong_count=no_wrong_counts)
    assert caught.value.line is None


def test_a_wrong_header_names_its_line_and_both_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\n\n a , c \n1,2\n")
    with pytest.raises(WrongHeader) as caught:
        read_rows(path, ["a", "b"], on_wrong_count=no_wrong_counts)
    assert (caught.value.line, caught.value.found, caught.value.expected) == (3, ("a", "c"), ("a", "b"))


@pytest.mark.parametrize("header", ["b,a", "a", "a,b,c", "A,B"])
def test_the_header_must_match_exactly_in_order_and_case(tmp_path: Path, header: str) -> None:
    with pytest.raises(WrongHeader):
        read_rows(write(tmp_path, header + "\n"), ("a", "b"), on_wrong_count=no_wrong_counts)


def test_rows_with_the_wrong_field_count_go_to_the_callback_and_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n1\n2,3\n4,5,6\n\n7,8\n")
    wrong: list[tuple[int, int]] = []
    got = list(read_rows(path, ("a", "b"), on_wrong_count=lambda line, found: wrong.append((line, found))))
    assert got == [(3, {"a": "2", "b": "3"}), (6, {"a": "7", "b": "8"})]
    assert wrong == [(2, 1), (4, 3)]


class Stop(Exception):
    pass


def test_a_raising_callback_stops_the_reading_after_the_rows_before_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n1,2\n3\n4,5\n")

    def stop(line: int, found: int) -> None:
        raise Stop(line, found)

    iterator = read_rows(path, ("a", "b"), on_wrong_count=stop)
    assert next(iterator) == (2, {"a": "1", "b": "2"})
    with pytest.raises(Stop) as caught:
        next(iterator)
    assert caught.value.args == (3, 1)


def test_whole_file_problems_raise_when_called_not_when_iterated(tmp_path: Path) -> None:
    path = write(tmp_path, "x\n1\n")
    with pytest.raises(WrongHeader):
        read_rows(path, ("a",), on_wrong_count=no_wrong_counts)  # no iteration needed


def test_content_lines_numbers_and_splits_the_non_comment_lines() -> None:
    text = "# c\n\na, b\n  # d\n\"x, y\" ,z\n"
    assert list(content_lines(text)) == [(3, ["a", "b"]), (5, ["x, y", "z"])]


def test_the_module_imports_neither_django_nor_the_rest_of_samla() -> None:
    tree = ast.parse(Path(csvrows.__file__).read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert modules  # the walk found the imports
    assert not [m for m in modules if m.split(".")[0] in ("django", "samla")]


# Property: whatever blank and comment lines surround the data, and whatever the line endings,
# each row comes back with its own values and the line number it has in the file.

_CELL = st.text(alphabet="abcxyz0123456789 _-.", max_size=6)
_FILLER = st.sampled_from(["", " ", "\t", "#", "# note", "   # indented", "\t#,a,b", "#a,b,c,d"])
_EOL = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows_=st.lists(st.tuples(_CELL, _CELL), max_size=6), filler=st.lists(st.lists(_FILLER, max_size=3),
       min_size=8, max_size=8), eol=_EOL, bom=st.booleans())
def test_line_numbers_are_the_files_for_any_interleaving_of_comments_and_blanks(
        tmp_path: Path, rows_: list[tuple[str, str]], filler: list[list[str]], eol: str, bom: bool) -> None:
    lines: list[str] = []
    expected: list[tuple[int, dict[str, str]]] = []
    for i, data in enumerate([("a", "b"), *rows_]):
        lines.extend(filler[i])
        lines.append(",".join(data))
        if i:
            expected.append((len(lines), {"a": data[0].strip(), "b": data[1].strip()}))
    lines.extend(filler[-1])
    path = write(tmp_path, ("\ufeff" if bom else "") + eol.join(lines) + eol)
    assert rows(path) == expected
