"""Form fields for numbers typed the Norwegian way, shared by every app's forms.

Amounts are whole NOK with spaces (or no-break spaces) between thousands: ``1 790 000``; ``1 790 000,00``,
``1 790 000,-`` and ``kr 5`` are read too. Decimals take a comma or a point: ``1 250,5``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core import validators
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from samla.web.formats import format_nok_input, format_number

NOK_MALFORMED = _("Write a whole number of kroner with digits, e.g. 1 790 000.")
NOK_NEGATIVE = _("The amount must not be negative.")
NOK_TOO_LARGE = _("The amount is too large.")
DECIMAL_MALFORMED = _("Write a number with digits and at most one decimal comma, e.g. 1 250,5.")

TEXT_TOO_LONG = ngettext_lazy("Write at most %(limit_value)s character (the text has %(show_value)s).",
                              "Write at most %(limit_value)s characters (the text has %(show_value)s).", "limit")


class LengthLimit(validators.MaxLengthValidator):
    """Django's length check with the numbers written the language's way (``20 000``, not ``20000``)."""

    message = TEXT_TOO_LONG

    def __call__(self, value) -> None:
        cleaned = self.clean(value)
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(cleaned, limit):
            raise forms.ValidationError(self.message, code=self.code, params={
                "limit": limit, "limit_value": format_number(limit), "show_value": format_number(cleaned),
                "value": value})


def group_length_limits(form: forms.BaseForm) -> None:
    """Swap each field's length check for ``LengthLimit`` (called by the shared form mixins before cleaning)."""
    for field in form.fields.values():
        field.validators = [LengthLimit(v.limit_value) if type(v) is validators.MaxLengthValidator else v
                            for v in field.validators]


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
MAX_NOK = 10**15  # the columns are 64-bit; a national programme is far below this


def clean_number_text(value: str) -> str:
    return _SPACES.sub("", str(value)).translate(_MINUS)


def parse_nok(value: str) -> int:
    """Whole NOK from Norwegian input: ``1 790 000``, ``1790000``, ``1 790 000,00``, ``1 790 000,-``, ``kr 5``."""
    text = clean_number_text(value).lower().removeprefix("kr").removesuffix("kr")
    text = text.removeprefix("nok").removesuffix("nok")
    match = re.fullmatch(r"(-?)(\d+)(?:,-|[,.]0+)?", text)
    if not match:
        raise forms.ValidationError(NOK_MALFORMED, code="malformed")
    if match.group(1) and int(match.group(2)):
        raise forms.ValidationError(NOK_NEGATIVE, code="negative")
    amount = int(match.group(2))
    if amount >= MAX_NOK:
        raise forms.ValidationError(NOK_TOO_LARGE, code="too_large")
    return amount


def parse_decimal(value: str, *, malformed=DECIMAL_MALFORMED) -> Decimal:
    """An exact decimal from Norwegian (``1 250,5``) or English (``1250.5``) input."""
    text = clean_number_text(value)
    if not re.fullmatch(r"-?\d+(?:[,.]\d+)?", text):
        raise forms.ValidationError(malformed, code="malformed")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid decimals
        raise forms.ValidationError(malformed, code="malformed") from error


def _mark() -> str:
    return "." if (get_language() or "nb").startswith("en") else ","


def format_decimal_input(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", _mark())


class NokField(forms.Field):
    """Whole, non-negative NOK typed the Norwegian way. A text input: a number input would refuse spaces."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if isinstance(value, int):
            return value
        return parse_nok(value)

    def prepare_value(self, value):
        return format_nok_input(value) if isinstance(value, int) else value


class DecimalTextField(forms.Field):
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if isinstance(value, Decimal):
            return value
        return parse_decimal(value)

    def prepare_value(self, value):
        return format_decimal_input(value) if isinstance(value, Decimal) else value
