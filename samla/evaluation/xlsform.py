"""XLSForm export and import of a form version (pyxform 4.5).

Sheets: ``survey`` (type, name, label::Norwegian Bokmål (nb), label::English (en), required, item_code,
theme), ``choices`` (list_name, name, labels) and ``settings`` (form_title, form_id, version,
default_language). A Likert item is ``select_one`` over a list whose names are exactly 1–5 (plus ``dk``
when "don't know / not relevant" is allowed); the labels of 1 and 5 carry the anchors ("1 = i liten grad").
Other ``select_one`` lists are single-choice items, ``text`` is free text. Every other type, groups,
repeats and expressions (relevant, constraint, calculation, ...) are refused with the row named.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from samla.evaluation.models import ITEM_CODE_PATTERN, FormVersion, Item
from samla.evaluation.services import ItemInput

NB = "Norwegian Bokmål (nb)"
EN = "English (en)"
LABEL_NB, LABEL_EN = f"label::{NB}", f"label::{EN}"
SURVEY_HEADER = ["type", "name", LABEL_NB, LABEL_EN, "required", "item_code", "theme"]
CHOICES_HEADER = ["list_name", "name", LABEL_NB, LABEL_EN]
DONT_KNOW = "dk"
DONT_KNOW_NB, DONT_KNOW_EN = "Vet ikke / ikke relevant", "Don't know / not relevant"
SCALE_NAMES = [str(v) for v in range(1, 6)]
REFUSED_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count", "trigger",
                   "default", "readonly", "required_message", "constraint_message")
ANCHOR = re.compile(r"^\s*[15]\s*=\s*(.*)$")


class XLSFormError(ValueError):
    """An XLSForm this module does not read; the message names the sheet and row."""


# --- Export --------------------------------------------------------------------------------------------

def _likert_list(item: Item) -> tuple[str, list[list[str]]]:
    default = (item.anchor_low_nb, item.anchor_high_nb, item.anchor_low_en, item.anchor_high_en) == (
        "i liten grad", "i stor grad", "to a small degree", "to a large degree")
    name = ("likert5" if default else f"likert_{item.item_code}") + ("_dk" if item.allow_dont_know else "")
    rows = []
    for value in SCALE_NAMES:
        nb, en = value, value
        if value == "1":
            nb, en = f"1 = {item.anchor_low_nb}", f"1 = {item.anchor_low_en}"
        elif value == "5":
            nb, en = f"5 = {item.anchor_high_nb}", f"5 = {item.anchor_high_en}"
        rows.append([name, value, nb, en])
    if item.allow_dont_know:
        rows.append([name, DONT_KNOW, DONT_KNOW_NB, DONT_KNOW_EN])
    return name, rows


def export_xlsform(version: FormVersion) -> bytes:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(SURVEY_HEADER)
    choices = workbook.create_sheet("choices")
    choices.append(CHOICES_HEADER)
    lists: dict[str, list[list[str]]] = {}
    for item in version.items.all():
        if item.type == Item.Type.LIKERT:
            list_name, rows = _likert_list(item)
            kind = f"select_one {list_name}"
        elif item.type == Item.Type.SINGLE_CHOICE:
            list_name = f"choice_{item.item_code}" + ("_dk" if item.allow_dont_know else "")
            rows = [[list_name, c["value"], c.get("label_nb", ""), c.get("label_en", "")] for c in item.choices]
            if item.allow_dont_know:
                rows.append([list_name, DONT_KNOW, DONT_KNOW_NB, DONT_KNOW_EN])
            kind = f"select_one {list_name}"
        else:
            list_name, rows, kind = "", [], "text"
        if list_name:
            lists.setdefault(list_name, rows)
        survey.append([kind, item.item_code, item.text_nb, item.text_en, "yes" if item.required else "",
                       item.item_code, item.theme])
    for rows in lists.values():
        for row in rows:
            choices.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([version.form.name, f"samla_form_{version.form_id}", str(version.number), NB])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Import --------------------------------------------------------------------------------------------

def _rows(sheet) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return [], []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        values = {header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(row) if i < len(header)}
        if any(values.values()):
            out.append((number, values))
    return header, out


def _label(values: dict[str, str], lang: str) -> str:
    for key, value in values.items():
        key = key.lower().replace(" ", "")
        if key.startswith("label::") and (key.endswith(f"({lang})") or key == f"label::{lang}") and value:
            return value
    return values.get("label", "") if lang == "nb" else ""


def _validate_with_pyxform(data: bytes) -> None:
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=data, warnings=[], file_type=".xlsx")
    except PyXFormError as error:
        raise XLSFormError(_("The XLSForm is not valid: %(error)s") % {"error": error}) from error
    except Exception as error:  # pyxform raises plain exceptions on some broken files
        raise XLSFormError(_("The file could not be read as an XLSForm: %(error)s") % {"error": error}) from error


def _anchor(label: str, fallback: str) -> str:
    match = ANCHOR.match(label)
    return match.group(1).strip() if match and match.group(1).strip() else fallback


def _choices_by_list(sheet) -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    for _number, values in _rows(sheet)[1]:
        lists.setdefault(values.get("list_name", ""), []).append(
            {"value": values.get("name", ""), "label_nb": _label(values, "nb"), "label_en": _label(values, "en")})
    return lists


def _item_from_row(number: int, values: dict[str, str], lists: dict[str, list[dict[str, str]]]) -> ItemInput:
    def refuse(message: str) -> XLSFormError:
        return XLSFormError(_("survey sheet, row %(row)d: %(problem)s") % {"row": number, "problem": message})

    kind = values.get("type", "").split()
    name = values.get("name", "")
    for column in REFUSED_COLUMNS:
        if values.get(column):
            raise refuse(_("the column “%(column)s” (an expression or a rule) is not supported") % {"column": column})
    if not kind:
        raise refuse(_("the type is missing"))
    if kind[0] in ("begin", "end", "begin_group", "end_group", "begin_repeat", "end_repeat"):
        raise refuse(_("groups and repeats are not supported"))
    code = values.get("item_code") or name
    if not re.match(ITEM_CODE_PATTERN, code):
        raise refuse(_("the item code “%(code)s” must be letters, digits and _") % {"code": code})
    common = {"item_code": code, "text_nb": _label(values, "nb"), "text_en": _label(values, "en"),
              "theme": values.get("theme", ""), "required": values.get("required", "").lower() in (
                  "yes", "true", "1", "true()")}
    if not common["text_nb"]:
        raise refuse(_("the question has no bokmål label"))
    if kind[0] == "text" and len(kind) == 1:
        return ItemInput(type=Item.Type.FREE_TEXT, **common)
    if kind[0] != "select_one" or len(kind) != 2:
        raise refuse(_("the type “%(type)s” is not supported (use select_one or text)") % {
            "type": values.get("type")})
    options = lists.get(kind[1])
    if not options:
        raise refuse(_("the choice list “%(list)s” is missing") % {"list": kind[1]})
    dont_know = any(o["value"] == DONT_KNOW for o in options)
    options = [o for o in options if o["value"] != DONT_KNOW]
    if [o["value"] for o in options] == SCALE_NAMES:
        low, high = options[0], options[-1]
        return ItemInput(type=Item.Type.LIKERT, allow_dont_know=dont_know,
                         anchor_low_nb=_anchor(low["label_nb"], "i liten grad"),
                         anchor_high_nb=_anchor(high["label_nb"], "i stor grad"),
                         anchor_low_en=_anchor(low["label_en"], "to a small degree"),
                         anchor_high_en=_anchor(high["label_en"], "to a large degree"), **common)
    return ItemInput(type=Item.Type.SINGLE_CHOICE, allow_dont_know=dont_know, choices=tuple(options), **common)


def import_xlsform(data: bytes) -> list[ItemInput]:
    """The items of an XLSForm file, or ``XLSFormError`` naming the first row this module refuses."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise XLSFormError(_("The file could not be read as an .xlsx workbook.")) from error
    if "survey" not in workbook.sheetnames:
        raise XLSFormError(_("The workbook has no “survey” sheet."))
    lists = _choices_by_list(workbook["choices"]) if "choices" in workbook.sheetnames else {}
    items: list[ItemInput] = []
    seen: set[str] = set()
    for number, values in _rows(workbook["survey"])[1]:
        item = _item_from_row(number, values, lists)
        if item.item_code in seen:
            raise XLSFormError(_("survey sheet, row %(row)d: the item code “%(code)s” appears twice") % {
                "row": number, "code": item.item_code})
        seen.add(item.item_code)
        items.append(item)
    if not items:
        raise XLSFormError(_("The survey sheet has no questions."))
    _validate_with_pyxform(data)
    return items


def items_signature(items: Sequence[ItemInput | Item]) -> list[tuple]:
    """What a round trip must preserve, for comparison in tests and checks."""
    from samla.evaluation.services import ITEM_FIELDS

    return [tuple((name, list(map(dict, getattr(i, name))) if name == "choices" else getattr(i, name))
                  for name in ITEM_FIELDS) for i in items]
