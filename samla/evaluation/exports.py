"""Exports of the reflection-form results: XLSX (raw answers in long format, statistics, changes, free text),
CSV in the long format of ``samla survey summary`` and its statistics columns, and the PDF report.

What goes in follows the reader's level (``samla.evaluation.results``): the directorate gets statistics and
changes only, suppressed below the minimum group; raw answers and free text are the evaluator's.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samla.core.survey import HEADER, change_row, item_row
from samla.core.survey.output import CHANGE_COLUMNS, ITEM_COLUMNS
from samla.evaluation import charts
from samla.evaluation.results import FreeText, Results
from samla.registry.models import Municipality
from samla.web.lists import XLSX_TYPE, Column, table_rows

__all__ = ["XLSX_TYPE", "csv_text", "raw_rows", "report_pdf", "xlsx_workbook"]


def _municipalities(results: Results) -> dict[str, Municipality]:
    keys = {int(a.municipality) for a in results.answers}
    return {str(m.pk): m for m in Municipality.objects.filter(pk__in=keys)}


def _value(value: Any) -> Any:
    return "" if value is None else value


def raw_rows(results: Results) -> list[tuple[Municipality, str, str, Any]]:
    """(municipality, wave, item code, value) per answer: 1–5, "dk" or "" (missing). Evaluator only: the
    results of any other reader carry no answers."""
    municipalities = _municipalities(results)
    return [(municipalities[a.municipality], a.wave, a.item, _value(a.value)) for a in results.answers]


def csv_text(results: Results, kind: str) -> str:
    """``raw``: ``municipality,wave,item,value`` (municipality number), readable by ``samla survey summary``;
    ``stats``: the statistics columns of that command's CSV output; ``changes``: its change columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if kind == "raw":
        writer.writerow(HEADER)
        writer.writerows((m.number, wave, item, value) for m, wave, item, value in raw_rows(results))
    elif kind == "stats":
        writer.writerow(ITEM_COLUMNS)
        limit = 1 if results.full else results.min_group
        writer.writerows(item_row(s, min_group=limit) for s in results.stats)
    elif kind == "changes":
        writer.writerow(CHANGE_COLUMNS)
        writer.writerows(change_row(c) for _info, c in results.changes)
    else:
        raise ValueError(f"unknown CSV kind {kind!r}")
    return buffer.getvalue()


def _raw_columns() -> list[Column]:
    return [
        Column("number", _("Municipality number"), lambda r: r[0].number),
        Column("municipality", _("Municipality"), lambda r: r[0].name),
        Column("wave", _("Wave"), lambda r: r[1]),
        Column("item", _("Item code"), lambda r: r[2]),
        Column("value", _("Answer (1–5, dk = don't know, empty = missing)"), lambda r: r[3]),
    ]


def _stat_columns(hidden: set[tuple[str, str]]) -> list[Column]:
    def shown(name: str):
        return lambda c: None if (c[1].item, c[1].wave) in hidden else getattr(c[1], name)

    def count(value: int):
        return lambda c: None if (c[1].item, c[1].wave) in hidden else c[1].distribution[value]

    return [
        Column("item", _("Item code"), lambda c: c[0].code),
        Column("text", _("Question"), lambda c: c[0].text),
        Column("wave", _("Wave"), lambda c: c[1].wave),
        Column("n", _("n answered"), lambda c: c[1].n),
        Column("n_dk", _("n don't know"), lambda c: c[1].n_dk),
        Column("n_missing", _("n missing"), lambda c: c[1].n_missing),
        Column("mean", _("Mean"), shown("mean")),
        Column("sd", _("Standard deviation"), shown("sd")),
        Column("median", _("Median"), shown("median")),
        *(Column(f"n_{v}", _("Answered %(value)s") % {"value": v}, count(v)) for v in (1, 2, 3, 4, 5)),
        Column("hidden", _("Suppressed"), lambda c: (c[1].item, c[1].wave) in hidden),
    ]


def _change_columns() -> list[Column]:
    return [
        Column("item", _("Item code"), lambda c: c[0].code),
        Column("text", _("Question"), lambda c: c[0].text),
        Column("from", _("From wave"), lambda c: c[1].from_wave),
        Column("to", _("To wave"), lambda c: c[1].to_wave),
        Column("diff", _("Change (scale points)"), lambda c: c[1].diff),
        Column("pct", _("Change (% of the mean)"), lambda c: c[1].change_pct),
        Column("hidden", _("Suppressed"), lambda c: c[1].suppressed),
    ]


def _free_text_columns() -> list[Column]:
    return [
        Column("item", _("Item code"), lambda f: f.item),
        Column("wave", _("Wave"), lambda f: f.wave),
        Column("number", _("Municipality number"), lambda f: f.municipality.number),
        Column("municipality", _("Municipality"), lambda f: f.municipality.name),
        Column("text", _("Answer"), lambda f: f.text),
    ]


def xlsx_workbook(results: Results, free_texts: Sequence[FreeText] = ()) -> bytes:
    """A workbook with the statistics and changes; for the evaluator also the raw answers in long format
    (first sheet) and the free text. Each sheet has a bold, frozen header row and a filter."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    if results.full:
        _sheet(workbook, pgettext("spreadsheet sheet", "Answers"), _raw_columns(), raw_rows(results))
    hidden = {(c.stats.item, c.stats.wave) for i in results.items for c in i.cells if c.hidden}
    cells = [(item.info, cell.stats) for item in results.items for cell in item.cells]
    _sheet(workbook, pgettext("spreadsheet sheet", "Statistics"), _stat_columns(hidden), cells)
    _sheet(workbook, pgettext("spreadsheet sheet", "Change"), _change_columns(), results.changes)
    if results.full and free_texts:
        _sheet(workbook, pgettext("spreadsheet sheet", "Free text"), _free_text_columns(), free_texts)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet(workbook, title: str, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    header = [str(c.label) for c in columns]
    body = table_rows(columns, rows)  # formula-like text is neutralised here, as in every list export
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(body) + 1)}"
    for index, label in enumerate(header, start=1):
        width = max([len(label)] + [len(str(row[index - 1])) for row in body[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))


def data_uri(content: bytes, fmt: str) -> str:
    return f"data:{charts.CONTENT_TYPES[fmt]};base64,{base64.b64encode(content).decode('ascii')}"


def report_pdf(context: dict[str, Any]) -> bytes:
    """The PDF report (WeasyPrint) of ``evaluation/results/report.html``; charts come as data URIs."""
    from weasyprint import HTML

    html = render_to_string("evaluation/results/report.html", context)
    return HTML(string=html).write_pdf()
