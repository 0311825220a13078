"""XLSForm export and import (pyxform 4.5): the round trip keeps the items; unsupported forms are refused."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from samla.evaluation import services
from samla.evaluation.models import Item
from samla.evaluation.xlsform import LABEL_EN, LABEL_NB, XLSFormError, export_xlsform, import_xlsform, items_signature


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_export_has_the_three_sheets_and_language_columns(world) -> None:
    book = load_workbook(io.BytesIO(export_xlsform(world.version)))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].iter_rows(values_only=True))
    assert survey[0] == ("type", "name", LABEL_NB, LABEL_EN, "required", "item_code", "theme")
    assert survey[1][:2] == ("select_one likert5_dk", "across_sectors")
    choices = list(book["choices"].iter_rows(values_only=True))
    assert ("likert5_dk", "1", "1 = i liten grad", "1 = to a small degree") in choices
    assert ("likert5_dk", "dk", "Vet ikke / ikke relevant", "Don't know / not relevant") in choices


def test_round_trip_gives_the_same_items(world) -> None:
    items = import_xlsform(export_xlsform(world.version))
    assert items_signature(items) == items_signature(list(world.version.items.all()))


def test_round_trip_keeps_own_anchors_and_becomes_a_new_draft(world) -> None:
    evaluator = world.users["evaluator"]
    draft = services.form_version_new_draft(actor=evaluator, version=world.version)
    services.item_save(actor=evaluator, version=draft, item=None, data=services.ItemInput(
        item_code="own_anchors", text_nb="Egen skala", anchor_low_nb="aldri", anchor_high_nb="alltid",
        anchor_low_en="never", anchor_high_en="always"))
    items = import_xlsform(export_xlsform(draft))
    new = services.form_version_import_items(actor=evaluator, form=world.form, items=items, source="test.xlsx")
    assert new.number == 3 and not new.is_published
    assert items_signature(list(new.items.all())) == items_signature(list(draft.items.all()))
    assert new.items.get(item_code="own_anchors").anchor_high_en == "always"


def xlsform(rows, choices=(), header=("type", "name", "label::Norwegian Bokmål (nb)", "required")) -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(list(header))
    for row in rows:
        survey.append(list(row))
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", "label::Norwegian Bokmål (nb)"])
    for row in choices:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LIKERT = [("s", str(v), str(v)) for v in range(1, 6)]


def test_a_minimal_xlsform_without_item_code_uses_the_name() -> None:
    items = import_xlsform(xlsform([("select_one s", "q1", "Spørsmål", "yes"), ("text", "q2", "Fritekst", "")],
                                   LIKERT))
    assert [(i.item_code, i.type, i.required) for i in items] == [
        ("q1", Item.Type.LIKERT, True), ("q2", Item.Type.FREE_TEXT, False)]


@pytest.mark.parametrize(("rows", "header", "expected"), [
    ([("text", "q1", "A", ""), ("integer", "q2", "Tall", "")], None, "row 3"),
    ([("begin group", "g", "Gruppe", ""), ("text", "q1", "A", ""), ("end group", "", "", "")], None, "row 2"),
    ([("begin repeat", "r", "Gjenta", ""), ("end repeat", "", "", "")], None, "row 2"),
    ([("select_multiple s", "q1", "Flere", "")], None, "row 2"),
    ([("text", "q1", "A", "", "${x} = 1")], ("type", "name", "label::Norwegian Bokmål (nb)", "required", "relevant"),
     "relevant"),
    ([("text", "q1", "A", "", ". > 1")], ("type", "name", "label::Norwegian Bokmål (nb)", "required", "constraint"),
     "constraint"),
    ([("calculate", "c", "", "", "1 + 1")],
     ("type", "name", "label::Norwegian Bokmål (nb)", "required", "calculation"), "calculation"),
    ([("select_one nolist", "q1", "A", "")], None, "nolist"),
    ([("text", "q 1", "A", "")], None, "row 2"),
    ([("text", "q1", "A", ""), ("text", "q1", "B", "")], None, "twice"),
])
def test_unsupported_forms_are_refused_naming_the_row(rows, header, expected) -> None:
    data = xlsform(rows, LIKERT, header=header) if header else xlsform(rows, LIKERT)
    with pytest.raises(XLSFormError) as error:
        import_xlsform(data)
    assert expected in str(error.value)


def test_not_a_workbook_is_refused() -> None:
    with pytest.raises(XLSFormError):
        import_xlsform(b"not an xlsx file")


def test_pyxform_validates_what_the_reader_accepts() -> None:
    with pytest.raises(XLSFormError) as error:
        import_xlsform(xlsform([("select_one c", "q1", "A", "")], [("c", "a", "A"), ("c", "a", "B")]))
    assert "not valid" in str(error.value)


def test_messages_are_in_bokmaal_by_default() -> None:
    with translation.override("nb"), pytest.raises(XLSFormError) as error:
        import_xlsform(xlsform([("integer", "q1", "Tall", "")]))
    assert "rad 2" in str(error.value)
