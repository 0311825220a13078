"""Money in whole NOK, formatted for the active language: ``39 310 000`` (nb) or ``39,310,000`` (en)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samla.core.allocation import ExplanationPart

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


PART_LABELS = {
    "entitlement": _("Entitlement from scheme %(scheme)s"),
    "floor": _("Floor top-up"),
    "surplus": _("Share of the budget surplus"),
    "decision": _("Decided amount: adjustment to the formula"),
    "base": _("Amount in the base year"),
    "growth": _("Indexation"),
    "rounding": _("Rounding"),
    "residual": _("Rounding residual"),
    "continuation": _("Continued grants paid from the pot"),
}


@register.filter
def part_label(part: ExplanationPart) -> str:
    """The translated label of an explanation part (the engine's own label is English)."""
    label = PART_LABELS.get(part.code)
    if label is None:
        return part.label
    return str(label) % {"scheme": part.scheme or ""}
