"""Accessible form fields, one convention for every app: a field's help text has the id ``<auto_id>_helptext``
(Django's own) and its errors ``<auto_id>_error``; the input points at both with ``aria-describedby`` and is
marked ``aria-invalid`` when it has errors."""

from __future__ import annotations

from django.forms import BoundField


def help_id(field: BoundField) -> str:
    return f"{field.auto_id}_helptext"


def error_id(field: BoundField) -> str:
    return f"{field.auto_id}_error"


def describedby(field: BoundField, *, errors: bool | None = None) -> str:
    """The ids the input should name in aria-describedby ("" for none). ``errors`` overrides whether the
    field's errors count (a form that is not bound has none)."""
    has_errors = bool(field.errors) if errors is None else errors
    ids = [help_id(field)] if field.help_text else []
    if has_errors:
        ids.append(error_id(field))
    return " ".join(ids)


def description_attrs(field: BoundField, *, errors: bool | None = None) -> dict[str, str]:
    """Widget attributes: aria-describedby and, with errors, aria-invalid."""
    attrs = {}
    if ids := describedby(field, errors=errors):
        attrs["aria-describedby"] = ids
    if bool(field.errors) if errors is None else errors:
        attrs["aria-invalid"] = "true"
    return attrs
