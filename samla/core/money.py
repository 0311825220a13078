"""Amounts as the domain core writes them: ``1 790 000`` and, for an exact share, ``2 783 726.79``.

This is the language-neutral form that the engine puts into its texts (``samla.core.allocation.text``) and
that the command line prints. A user interface re-renders it in its own language (``samla.web.money``). No
``float`` is involved: a share that is not whole is rounded half up to two decimals from its exact value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def to_decimal(value: int | Fraction | Decimal, places: int = 2) -> Decimal:
    """An exact value rounded half away from zero to ``places`` decimals, from its exact value (no float)."""
    value = Fraction(value)
    magnitude = abs(value)
    whole, rest = divmod(magnitude.numerator * 10**places, magnitude.denominator)
    if 2 * rest >= magnitude.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def format_amount(value: int | Fraction | Decimal) -> str:
    """``1790000`` → ``1 790 000``; a share that is not whole → ``2 783 726.79`` (space groups, point mark)."""
    if isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1):
        return f"{int(value):,}".replace(",", " ")
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return f"{int(value):,}".replace(",", " ")
    return f"{to_decimal(value):,}".replace(",", " ")


def format_exact(value: Fraction) -> str:
    """A share as numerator/denominator (``1000000/3``), or the whole number."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
