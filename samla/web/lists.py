"""Lists that every page shares: pagination and export of the same rows as CSV or XLSX.

A view describes its columns once and uses them for the HTML table, the CSV and the XLSX file, so
that what a user exports is exactly what they see (after the same filters and the same access checks):

    COLUMNS = [
        Column("municipality", _("Municipality"), lambda a: a.municipality.name),
        Column("status", _("Status"), lambda a: a.get_status_display()),
    ]

    def application_list(request):
        rows = applications_visible_to(request.user).filter(...)
        if fmt := export_format(request):
            return export_response(COLUMNS, rows, filename="applications", fmt=fmt)
        page = paginate(request, rows)
        ...
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
PER_PAGE = 50
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # usually a lazy translation
    value: Callable[[Any], Any]


def export_format(request: HttpRequest) -> str | None:
    """The export asked for with ?export=csv or ?export=xlsx, or None for the HTML page."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def paginate(request: HttpRequest, rows: Iterable[Any], per_page: int = PER_PAGE) -> Page:
    """The page named by ?page=N; a page number out of range or not a number gives the nearest page."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))  # type: ignore[arg-type]


def _safe_text(value: str) -> str:
    # A cell that starts like a formula is shown as text, never evaluated by a spreadsheet (CSV injection).
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return _safe_text(str(value))


def table_rows(columns: Sequence[Column], rows: Iterable[Any]) -> list[list[Any]]:
    return [[_cell(column.value(row)) for column in columns] for row in rows]


def export_response(columns: Sequence[Column], rows: Iterable[Any], *, filename: str, fmt: str) -> HttpResponse:
    """The rows as a downloadable CSV (UTF-8 with BOM, for Excel) or XLSX file with a header row."""
    header = [str(column.label) for column in columns]
    body = table_rows(columns, rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in body:
            writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in row])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, body, title=filename), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def xlsx_bytes(header: Sequence[str], body: Sequence[Sequence[Any]], *, title: str = "Sheet") -> bytes:
    """One sheet with a bold, frozen header row and a filter on every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in body:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(body) + 1)}"
    for index, label in enumerate(header, start=1):
        width = max([len(str(label))] + [len(str(row[index - 1])) for row in body[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
