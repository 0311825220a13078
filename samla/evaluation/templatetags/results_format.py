"""Numbers of the results pages in the active language: ``2,50`` (bokmål) or ``2.50`` (English)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def dec(value: float | None, places: int = 2) -> str:
    """A statistic with ``places`` decimals; an en dash when there is none (n = 0, or SD with n = 1)."""
    if value is None or value == "":
        return "–"
    return number(value, int(places))


def number(value: float, places: int) -> str:
    """Rounded half up (Django's number_format alone would cut the digits off), then localised."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True)


@register.filter
def signed(value: float | None, places: int = 2) -> str:
    if value is None:
        return "–"
    text = dec(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


@register.filter
def count(distribution: dict | None, value: int) -> int | str:
    return "" if not distribution else distribution.get(int(value), 0)
