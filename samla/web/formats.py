"""Numbers and money on Samla's pages, one formatter per kind of value, in the active language.

- ``format_number(20000)`` → ``20 000`` (bokmål, a no-break space groups the thousands) or ``20,000`` (English);
- ``format_nok(2784000)`` → ``2 784 000``; an exact share that is not whole → ``2 783 726,79`` (bokmål) or
  ``2,783,726.79`` (English), rounded half up from its exact value, never through ``float``;
- ``format_nok_input(1790000)`` → ``1 790 000`` for an input field (ordinary spaces, read back in either
  language by ``samla.web.fields.parse_nok``).

The template filters (``{% load samla_format %}``: ``nok``, ``kr``, ``signed_kr``, ``signed_nok``, ``number``)
are in ``samla/web/templatetags/samla_format.py``. The domain core writes amounts into its texts its own,
language-neutral way (``samla.core.money``); ``samla.allocation.texts`` re-renders those.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import get_language

from samla.core.money import to_decimal

NBSP = "\u00a0"
MINUS = "\u2212"


def _separators() -> tuple[str, str]:
    """(thousands separator, decimal mark) for the active language."""
    return (",", ".") if (get_language() or "nb").startswith("en") else (NBSP, ",")


def format_number(value: int | None) -> str:
    """A whole number with the language's thousands separator (``20 000``)."""
    if value is None:
        return ""
    thousands, _ = _separators()
    sign = MINUS if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", thousands)


def format_nok(value: int | Fraction | Decimal | None) -> str:
    """An amount in NOK without unit: whole, or with two decimals when the exact value is not whole."""
    if value is None or value == "":
        return ""
    exact = Fraction(value)
    if exact.denominator == 1:
        return format_number(exact.numerator)
    thousands, mark = _separators()
    rounded = to_decimal(abs(exact))
    whole, _, cents = f"{rounded:,.2f}".partition(".")
    return (MINUS if exact < 0 else "") + whole.replace(",", thousands) + mark + cents


def format_kr(value: int | Fraction | Decimal | None) -> str:
    """An amount with its unit: ``2 784 000 kr`` (bokmål) or ``NOK 2,784,000`` (English)."""
    text = format_nok(value)
    if not text:
        return ""
    return f"NOK{NBSP}{text}" if _separators()[0] == "," else f"{text}{NBSP}kr"


def format_nok_input(value: int | None) -> str:
    """An amount for an input field: ``1 790 000`` (the spaces are read back in either language)."""
    return "" if value is None else f"{value:,}".replace(",", " ")
