"""The import toolkit: the error type, comment lines and line numbers, the error cap."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed, ImportProblem, Problems, read_csv


def test_the_error_reads_file_line_column_and_message() -> None:
    error = ImportFailed([ImportProblem("awards.csv", 4, "amount", imp.NEGATIVE_AMOUNT.format(value=-5))])
    assert str(error) == "awards.csv, line 4, column amount: negative amount -5"
    assert (error.file, error.line, error.column, error.message) == ("awards.csv", 4, "amount", "negative amount -5")
    assert isinstance(error, ValidationError)
    assert error.messages == ["awards.csv, line 4, column amount: negative amount -5"]


def test_comment_and_blank_lines_are_skipped_but_line_numbers_are_the_files(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("# a comment\n\na,b\n# another\n1,2\n\n3,4\n", encoding="utf-8")
    problems = Problems("x.csv")
    rows = list(read_csv(path, ("a", "b"), problems))
    assert [(r.line, r.values) for r in rows] == [(5, {"a": "1", "b": "2"}), (7, {"a": "3", "b": "4"})]
    assert not problems


def test_a_byte_order_mark_and_spaces_around_values_are_tolerated(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("\ufeffa, b\n 1 , 2\n", encoding="utf-8")
    assert [r.values for r in read_csv(path, ("a", "b"), Problems("x.csv"))] == [{"a": "1", "b": "2"}]


@pytest.mark.parametrize(
    ("content", "message"),
    [("# only a comment\n", imp.EMPTY_FILE), (None, imp.FILE_NOT_FOUND)],
)
def test_an_empty_or_missing_file_is_refused(tmp_path, content, message) -> None:
    path = tmp_path / "x.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        list(read_csv(path, ("a",), Problems("x.csv")))
    assert str(caught.value) == f"x.csv: {message}"


def test_errors_are_capped_and_the_cap_is_said() -> None:
    problems = Problems("x.csv")
    for line in range(imp.MAX_ERRORS + 5):
        problems.add("bad", line=line)
    with pytest.raises(ImportFailed) as caught:
        problems.raise_if_any()
    assert len(caught.value.problems) == imp.MAX_ERRORS
    assert str(caught.value).splitlines()[-1] == imp.MORE_ERRORS.format(count=imp.MAX_ERRORS)
