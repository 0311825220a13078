"""The engine's texts: English strings that keep their template and parameters, so a user interface can translate."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from samla.core.allocation import AllocationError, InputError, allocate, load_programme_folder
from samla.core.allocation import errors as E
from samla.core.allocation import text as text_module
from samla.core.allocation.text import Text, gettext_noop
from tests.conftest import PILOT
from tests.core.allocation_builders import spec


def test_a_text_is_its_english_and_keeps_template_and_params() -> None:
    text = Text("floor {floor} NOK", floor="1 790 000")
    assert text == "floor 1 790 000 NOK" and str(text) == "floor 1 790 000 NOK" and type(str(text)) is str
    assert text.template == "floor {floor} NOK" and text.params == (("floor", "1 790 000"),)
    assert text.startswith("floor") and hash(text) == hash("floor 1 790 000 NOK")
    assert json.dumps({text: [text]}) == '{"floor 1 790 000 NOK": ["floor 1 790 000 NOK"]}'


def test_parameters_become_strings_and_may_be_texts() -> None:
    inner = Text("entitlement {scheme}", scheme="231.63")
    text = Text("{file}, line {line}: {message}", file="a.csv", line=4, message=inner)
    assert text == "a.csv, line 4: entitlement 231.63"
    assert dict(text.params) == {"file": "a.csv", "line": "4", "message": inner}
    assert isinstance(dict(text.params)["message"], Text)


def test_without_params_the_template_is_not_formatted() -> None:
    assert Text("not valid TOML: {oops}") == "not valid TOML: {oops}"


def test_a_text_is_immutable() -> None:
    text = Text("residual")
    with pytest.raises(AttributeError):
        text.template = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del text.params


def test_stored_form_round_trips_and_old_plain_strings_stay_as_they_are() -> None:
    text = Text("{file}: {message}", file="awards.csv", message=Text("unknown municipality {number}", number="9999"))
    data = text.as_data()
    assert data == {"text": "awards.csv: unknown municipality 9999", "template": "{file}: {message}",
                    "params": {"file": "awards.csv", "message": {
                        "text": "unknown municipality 9999", "template": "unknown municipality {number}",
                        "params": {"number": "9999"}}}}
    back = Text.from_data(json.loads(json.dumps(data)))
    assert isinstance(back, Text) and back == text and back.params == text.params
    old = Text.from_data("floor top-up")
    assert old == "floor top-up" and not isinstance(old, Text)
    assert Text.from_data(None) == ""


def test_pickle_and_deepcopy_keep_the_template() -> None:
    text = Text("T({year}) = {total}", year=2020, total="39 310 000")
    for clone in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert isinstance(clone, Text) and clone == text and clone.template == text.template


def test_the_marker_is_the_cores_own_no_op() -> None:
    assert gettext_noop("x {y}") == "x {y}"
    assert text_module.gettext_noop.__module__ == "samla.core.allocation.text"


def test_errors_keep_english_str_and_carry_the_text() -> None:
    with pytest.raises(InputError) as info:
        allocate(spec(growth_map={}))
    assert str(info.value) == "no growth factor for year 2021"
    assert info.value.text.template == E.NO_GROWTH and dict(info.value.text.params) == {"year": "2021"}

    with pytest.raises(AllocationError) as info:
        allocate(spec(budget=3_800_000, rounding_unit=1000))
    assert str(info.value) == E.HOLD_HARMLESS_EXCEEDS_BUDGET.format(pots="3 900 000", budget="3 800 000")
    assert info.value.text.template == E.HOLD_HARMLESS_EXCEEDS_BUDGET


def test_a_plain_string_error_still_has_a_text() -> None:
    error = AllocationError("--explain needs --year")
    assert str(error) == "--explain needs --year" and error.text == "--explain needs --year"


def test_input_errors_put_the_place_in_the_text(tmp_path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for f in PILOT.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    awards = folder / "awards.csv"
    lines = awards.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line[:1].isdigit())
    lines[index] = "9999" + lines[index][4:]
    awards.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_programme_folder(folder)
    e = info.value
    assert str(e) == f"awards.csv, line {index + 1}, column municipality: unknown municipality 9999"
    assert e.message == "unknown municipality 9999" and e.message.template == "unknown municipality {number}"
    assert e.text.template == "{file}, line {line}, column {column}: {message}"
    assert dict(e.text.params)["message"] is e.message


def test_explanations_and_warnings_are_texts() -> None:
    result = allocate(load_programme_folder(PILOT))
    e = result.explain("3420", 2021)
    texts = [e.rule, *e.steps, *(t for pair in e.factors for t in pair),
             *(p.label for p in e.parts), *(p.detail for p in e.parts if p.detail)]
    assert all(isinstance(t, Text) for t in texts)
    assert e.rule.template == "base amount × T(year) / T0, rounded to the unit, residual by policy"
    assert all(isinstance(w, Text) for w in result.warnings) and result.warnings
