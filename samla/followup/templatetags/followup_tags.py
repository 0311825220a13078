"""``{% load followup_tags %}``: the follow-up's codes (sectors, bodies, steps) in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from samla.followup.models import Body, Sector, Step

register = template.Library()


@register.filter
def sector_label(code: str) -> str:
    return str(Sector(code).label) if code in Sector.values else code


@register.filter
def step_label(code: str) -> str:
    return str(Step(code).label) if code in Step.values else code


@register.filter
def column_label(code: str, kind: str) -> str:
    """A column of the breadth matrix: a body or a step."""
    return str(Body(code).label) if kind == "body" else step_label(code)


@register.filter
def normalize_decimal(value: Decimal | None) -> str:
    """A stored decimal without its trailing zeros: 12.5000 → 12,5 (the decimal comma in bokmål)."""
    if value is None:
        return ""
    from django.utils.formats import number_format

    text = format(value.normalize(), "f")
    places = len(text.partition(".")[2])
    return number_format(Decimal(text), decimal_pos=places, use_l10n=True)


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}\u00a0%"


@register.filter
def column_value(column, row) -> object:
    """A row's value in a column of ``samla.web.lists`` (the overview table shows what the export gives)."""
    return column.value(row)


@register.filter
def sector_labels(codes) -> str:
    return ", ".join(sector_label(code) for code in codes)


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None
