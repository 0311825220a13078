"""Accessible form fields for every app's templates: the shared partials ``forms/_field.html`` and
``forms/_error_summary.html`` use these. The rules live in ``samla.web.forms``; these only expose them."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from samla.web import forms as web_forms

register = template.Library()


@register.filter
def described(field: BoundField) -> SafeString:
    """The field's widget, pointing with aria-describedby at its help text and errors."""
    return field.as_widget(attrs=web_forms.description_attrs(field))


@register.filter
def describedby(field: BoundField) -> str:
    """The ids a group's fieldset names in aria-describedby ("" for none)."""
    return web_forms.describedby(field)


@register.filter
def is_group(field: BoundField) -> bool:
    return web_forms.is_group(field)


@register.filter
def first_input_id(field: BoundField) -> str:
    return web_forms.first_input_id(field)


@register.filter
def error_links(form: Any) -> list[tuple[str, str]]:
    """The form's errors as (anchor, message) links for ``forms/_error_summary.html`` (none without a form)."""
    return web_forms.error_links(form) if hasattr(form, "non_field_errors") else []
