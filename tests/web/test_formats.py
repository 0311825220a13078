"""One formatter per kind of value (samla/web/formats.py), bokmål and English, exact for shares."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from samla.web.formats import format_kr, format_nok, format_nok_input, format_number

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "nb", "en"), [
    (0, "0", "0"),
    (999, "999", "999"),
    (20_000, f"20{NBSP}000", "20,000"),
    (39_310_000, f"39{NBSP}310{NBSP}000", "39,310,000"),
    (-2_000, f"−2{NBSP}000", "−2,000"),
    (Fraction(8_351_179, 3), f"2{NBSP}783{NBSP}726,33", "2,783,726.33"),
    (Fraction(1, 200), "0,01", "0.01"),  # exactly half a øre: half up
    (Fraction(-1, 200), "−0,01", "−0.01"),
    (Decimal("12.5"), "12,50", "12.50"),
])
def test_nok_in_both_languages(value, nb, en) -> None:
    with translation.override("nb"):
        assert format_nok(value) == nb
    with translation.override("en"):
        assert format_nok(value) == en


def test_a_share_is_rounded_from_its_exact_value_not_a_float() -> None:
    # 0.125 is exact in binary, 1.005 is not: float formatting would give 1.00.
    assert format_nok(Fraction(201, 200)) == "1,01"


def test_kr_and_number_and_input() -> None:
    with translation.override("nb"):
        assert format_kr(2_784_000) == f"2{NBSP}784{NBSP}000{NBSP}kr" and format_number(20_000) == f"20{NBSP}000"
    with translation.override("en"):
        assert format_kr(2_784_000) == f"NOK{NBSP}2,784,000"
    assert format_nok_input(1_790_000) == "1 790 000" and format_nok_input(None) == ""
    assert format_nok(None) == "" and format_kr(None) == ""
