"""Accessible form fields: ``{% include "registration/_field.html" with field=form.x %}`` uses these."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from samla.web.forms import description_attrs

register = template.Library()


@register.filter
def described(field: BoundField) -> str:
    """The field's widget, pointing with aria-describedby at its help text and errors (samla.web.forms)."""
    return field.as_widget(attrs=description_attrs(field))
