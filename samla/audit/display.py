"""Snapshot values for a reader of the audit log, in the active language: dates and times as dates, true/false as
yes/no, large amounts with the thousands grouped. The stored values (and the exports) keep their codes."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from samla.audit.diff import MISSING

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
CODE_LIKE = ("id", "pk", "number", "version", "year", "position", "rank")  # whole numbers never grouped


def _is_code(field: str) -> bool:
    return field in CODE_LIKE or field.endswith(("_id", "_year", "_number")) or field.startswith("year")


def display_value(field: str, value: Any) -> str:
    if value is MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return str(value) if _is_code(field) else number_format(value, force_grouping=True)
    if isinstance(value, str):
        if ISO_DATETIME.match(value):
            try:
                moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        if ISO_DATE.match(value):
            try:
                return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                return value
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
