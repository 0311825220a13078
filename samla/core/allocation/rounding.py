"""Rounding and apportionment: the only places where exact shares become whole amounts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction


def round_half_up(value: Fraction | int, unit: int) -> int:
    """Round to the nearest multiple of ``unit``; exact halves go up (towards +∞)."""
    value = Fraction(value)
    return ((2 * value.numerator + unit * value.denominator) // (2 * unit * value.denominator)) * unit


def floor_to(value: Fraction | int, unit: int) -> int:
    value = Fraction(value)
    return (value.numerator // (unit * value.denominator)) * unit


@dataclass(frozen=True)
class Apportionment:
    """Whole amounts that sum exactly to ``total``, and how each was reached."""

    total: int
    amounts: dict[str, int]
    rounded: dict[str, int]  # before the residual step (half-up or floor, by policy)
    adjustment: dict[str, int]  # residual given/taken per municipality (final − rounded)
    residual: int  # total − Σ rounded
    holder: str | None  # for policy "largest": the municipality that took the residual


def apportion(exact: Mapping[str, Fraction], total: int, unit: int, policy: str) -> Apportionment:
    """Turn exact shares into multiples of ``unit`` summing to ``total``.

    ``largest``: round each share half-up; the residual (total − Σ rounded) goes to the largest
    exact share, ties to the lowest municipality number.
    ``largest_remainder``: floor each share; one unit each to the largest remainders (ties to the
    lowest number) until the total is reached.
    """
    numbers = sorted(exact)
    if policy == "largest":
        rounded = {m: round_half_up(exact[m], unit) for m in numbers}
        residual = total - sum(rounded.values())
        holder = min(numbers, key=lambda m: (-exact[m], m)) if numbers else None
        adjustment = dict.fromkeys(numbers, 0)
        if holder is not None:
            adjustment[holder] = residual
        amounts = {m: rounded[m] + adjustment[m] for m in numbers}
        return Apportionment(total, amounts, rounded, adjustment, residual, holder)
    if policy == "largest_remainder":
        rounded = {m: floor_to(exact[m], unit) for m in numbers}
        residual = total - sum(rounded.values())
        adjustment = dict.fromkeys(numbers, 0)
        units, rest = divmod(residual, unit)
        if rest:
            raise ValueError(f"total {total} is not a multiple of the rounding unit {unit}")
        order = sorted(numbers, key=lambda m: (-(exact[m] - rounded[m]), m))
        if order:
            full, extra = divmod(units, len(order))
            for i, m in enumerate(order):
                adjustment[m] = (full + (1 if i < extra else 0)) * unit
        amounts = {m: rounded[m] + adjustment[m] for m in numbers}
        return Apportionment(total, amounts, rounded, adjustment, residual, None)
    raise ValueError(f"unknown residual policy {policy!r}")
