"""Norwegian number input on the rules pages: whole NOK and growth percentages, as tables around the edges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from samla.allocation.forms.rules import (
    PERCENT_MALFORMED,
    PERCENT_TOO_LOW,
    PERCENT_TOO_PRECISE,
    format_percent_input,
    parse_percent,
)
from samla.web.fields import NOK_MALFORMED, NOK_NEGATIVE, parse_nok
from samla.web.formats import format_nok_input


@pytest.mark.parametrize(("text", "amount"), [
    ("1790000", 1_790_000),
    ("1 790 000", 1_790_000),
    ("1\u00a0790\u00a0000", 1_790_000),  # no-break spaces, as the pages print amounts
    ("1\u202f790\u202f000", 1_790_000),  # narrow no-break spaces
    ("  450 000 ", 450_000),
    ("1 790 000,00", 1_790_000),
    ("1 790 000,-", 1_790_000),
    ("kr 1 000", 1_000),
    ("1 000 kr", 1_000),
    ("0", 0),
    ("-0", 0),
])
def test_whole_nok_is_read_the_norwegian_way(text: str, amount: int) -> None:
    assert parse_nok(text) == amount


@pytest.mark.parametrize(("text", "message"), [
    ("-5", NOK_NEGATIVE),
    ("\u22125 000", NOK_NEGATIVE),  # the typographic minus sign
    ("1 790 000,50", NOK_MALFORMED),  # øre are not whole NOK
    ("1.790.000", NOK_MALFORMED),
    ("1,790,000", NOK_MALFORMED),
    ("12,5", NOK_MALFORMED),
    ("en million", NOK_MALFORMED),
    ("1e6", NOK_MALFORMED),
    ("--5", NOK_MALFORMED),
])
def test_other_amounts_are_refused_with_a_message(text: str, message) -> None:
    with pytest.raises(forms.ValidationError) as error:
        parse_nok(text)
    assert error.value.messages == [str(message)]


@pytest.mark.parametrize(("text", "rate"), [
    ("3,1", Decimal("0.031")),
    ("3.1", Decimal("0.031")),
    ("3,1 %", Decimal("0.031")),
    ("2,6%", Decimal("0.026")),
    ("0", Decimal("0")),
    ("-1,5", Decimal("-0.015")),
    ("\u22121,5", Decimal("-0.015")),
    ("3,1234", Decimal("0.031234")),
    ("10", Decimal("0.1")),
])
def test_growth_is_a_percentage_stored_as_an_exact_fraction(text: str, rate: Decimal) -> None:
    assert parse_percent(text) == rate


@pytest.mark.parametrize(("text", "message"), [
    ("3,12345", PERCENT_TOO_PRECISE),
    ("-100", PERCENT_TOO_LOW),
    ("3,1,2", PERCENT_MALFORMED),
    ("tre", PERCENT_MALFORMED),
    ("3 ,", PERCENT_MALFORMED),
])
def test_bad_percentages_are_refused(text: str, message) -> None:
    with pytest.raises(forms.ValidationError) as error:
        parse_percent(text)
    assert error.value.messages == [str(message)]


def test_inputs_are_shown_as_they_are_typed() -> None:
    assert format_nok_input(1_790_000) == "1 790 000" and parse_nok(format_nok_input(1_790_000)) == 1_790_000
    with translation.override("nb"):
        assert format_percent_input(Decimal("0.031000")) == "3,1"
    with translation.override("en"):
        assert format_percent_input(Decimal("0.026")) == "2.6"
    assert parse_percent(format_percent_input(Decimal("0.031234"))) == Decimal("0.031234")
