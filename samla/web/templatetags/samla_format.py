"""``{% load samla_format %}``: money and numbers in the active language (see samla/web/formats.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from samla.web.formats import format_kr, format_nok, format_number

register = template.Library()


@register.filter
def nok(value: int | Fraction | Decimal | None) -> str:
    """A whole or exact amount of NOK without unit (two decimals when not whole)."""
    return format_nok(value)


@register.filter
def kr(value: int | Fraction | Decimal | None) -> str:
    """An amount with its unit: ``2 784 000 kr`` (nb) or ``NOK 2,784,000`` (en)."""
    return format_kr(value)


@register.filter
def signed_kr(value: int | Fraction | Decimal | None) -> str:
    """``+2 000 kr`` / ``−2 000 kr``: a difference with its sign."""
    text = format_kr(value)
    return text if not text or Fraction(value) <= 0 else f"+{text}"  # type: ignore[arg-type]


@register.filter
def signed_nok(value: int | Fraction | Decimal | None) -> str:
    """``+2 000`` / ``−2 000``: a difference with its sign, without unit."""
    text = format_nok(value)
    return text if not text or Fraction(value) <= 0 else f"+{text}"  # type: ignore[arg-type]


@register.filter
def number(value: int | None) -> str:
    """A whole number with the language's thousands separator: ``20 000``."""
    return format_number(value)
