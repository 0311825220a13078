"""Accessible form fields: ``{% include "registration/_field.html" with field=form.x %}`` uses these."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def described(field: BoundField) -> str:
    """The field's widget, pointing with aria-describedby at its help text and errors (ids from _field.html)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
