from __future__ import annotations

from samla.audit.diff import changes, show, summary


def test_only_changed_fields_by_default() -> None:
    result = changes({"a": 1, "b": "x"}, {"a": 2, "b": "x"})
    assert [(c.field, c.before, c.after) for c in result] == [("a", "1", "2")]


def test_everything_marks_what_changed() -> None:
    result = changes({"a": 1, "b": "x"}, {"a": 2, "b": "x"}, everything=True)
    assert [(c.field, c.changed) for c in result] == [("a", True), ("b", False)]


def test_created_and_deleted() -> None:
    assert [(c.field, c.added) for c in changes(None, {"a": 1})] == [("a", True)]
    assert [(c.field, c.removed) for c in changes({"a": 1}, None)] == [("a", True)]
    assert changes(None, None) == []


def test_values_are_readable() -> None:
    assert show("tekst") == "tekst" and show(None) == "" and show(True) == "true"
    assert show({"b": 1, "a": [1, 2]}) == '{"a": [1, 2], "b": 1}'
    assert show("ø") == "ø"


def test_summary() -> None:
    assert summary({"name": "A", "n": 1}, {"name": "B", "n": 1}) == "name: A → B"


def test_a_snapshot_that_is_not_an_object() -> None:
    assert [(c.field, c.before, c.after) for c in changes([1], [2])] == [("value", "[1]", "[2]")]  # type: ignore[arg-type]
