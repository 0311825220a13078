"""Money in whole NOK, formatted for the active language: ``39 310 000`` (nb) or ``39,310,000`` (en)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"


def _separators() -> tuple[str, str]:
    """(thousands separator, decimal mark) for the active language."""
    return (",", ".") if (get_language() or "nb").startswith("en") else (NBSP, ",")


def format_nok(value: int | Fraction | Decimal | None) -> str:
    if value is None or value == "":
        return ""
    thousands, mark = _separators()
    value = Fraction(value)
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value.denominator == 1:
        return sign + f"{value.numerator:,}".replace(",", thousands)
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, _, cents = f"{rounded:,.2f}".partition(".")
    return sign + whole.replace(",", thousands) + mark + cents


@register.filter
def nok(value: int | Fraction | Decimal | None) -> str:
    """A whole or exact amount of NOK without unit (two decimals when not whole)."""
    return format_nok(value)


@register.filter
def kr(value: int | Fraction | Decimal | None) -> str:
    """An amount with its unit: ``2 784 000 kr`` (nb) or ``NOK 2,784,000`` (en)."""
    text = format_nok(value)
    if not text:
        return ""
    return f"NOK{NBSP}{text}" if _separators()[0] == "," else f"{text}{NBSP}kr"


@register.filter
def signed_kr(value: int | Fraction | Decimal | None) -> str:
    text = kr(value)
    return text if not text or Fraction(value) < 0 else f"+{text}"
