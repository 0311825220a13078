"""Rounding and apportionment: the only places where exact shares become whole amounts.

Shares come as integer numerators over one common denominator (``exact[m] = numerators[m] / denominator``),
so no Fraction is made per amount and the arithmetic stays exact with Python's unbounded integers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


def round_half_up(value: Fraction | int, unit: int) -> int:
    """Round to the nearest multiple of ``unit``; exact halves go up (towards +∞)."""
    value = Fraction(value)
    return ((2 * value.numerator + unit * value.denominator) // (2 * unit * value.denominator)) * unit


def round_half_up_ratio(numerator: int, denominator: int, unit: int) -> int:
    """``round_half_up(numerator / denominator, unit)`` without making a Fraction (denominator > 0)."""
    return ((2 * numerator + unit * denominator) // (2 * unit * denominator)) * unit


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


def apportion_ratios(numbers: Sequence[str], numerators: Sequence[int], denominator: int, total: int, unit: int,
                     policy: str) -> Apportionment:
    """Turn the exact shares ``numerators[i] / denominator`` of the municipalities ``numbers`` (sorted) into
    multiples of ``unit`` summing to ``total``.

    ``largest``: round each share half-up; the residual (total − Σ rounded) goes to the largest exact share,
    ties to the lowest municipality number.
    ``largest_remainder``: floor each share; one unit each to the largest remainders (ties to the lowest
    number) until the total is reached.
    """
    step = unit * denominator
    if policy == "largest":
        twice, half = 2 * step, step
        rounded_list = [((2 * n + half) // twice) * unit for n in numerators]
        residual = total - sum(rounded_list)
        holder_index = max(range(len(numerators)), key=numerators.__getitem__) if numerators else None
        amounts_list = list(rounded_list)
        adjustment = dict.fromkeys(numbers, 0)
        holder = None
        if holder_index is not None:
            holder = numbers[holder_index]
            amounts_list[holder_index] += residual
            adjustment[holder] = residual
        return Apportionment(total, dict(zip(numbers, amounts_list, strict=True)),
                             dict(zip(numbers, rounded_list, strict=True)), adjustment, residual, holder)
    if policy == "largest_remainder":
        floors = [n // step for n in numerators]
        rounded_list = [f * unit for f in floors]
        residual = total - sum(rounded_list)
        units, rest = divmod(residual, unit)
        if rest:
            raise ValueError(f"total {total} is not a multiple of the rounding unit {unit}")
        adjustment = dict.fromkeys(numbers, 0)
        if numbers:
            order = sorted(range(len(numbers)), key=lambda i: (floors[i] * step - numerators[i], numbers[i]))
            full, extra = divmod(units, len(order))
            for rank, i in enumerate(order):
                adjustment[numbers[i]] = (full + (1 if rank < extra else 0)) * unit
        rounded = dict(zip(numbers, rounded_list, strict=True))
        amounts = {m: rounded[m] + adjustment[m] for m in numbers}
        return Apportionment(total, amounts, rounded, adjustment, residual, None)
    raise ValueError(f"unknown residual policy {policy!r}")


def apportion(exact: Mapping[str, Fraction], total: int, unit: int, policy: str) -> Apportionment:
    """``apportion_ratios`` for shares given as Fractions (put over their least common denominator)."""
    numbers = sorted(exact)
    denominator = math.lcm(*(Fraction(exact[m]).denominator for m in numbers)) if numbers else 1
    numerators = [Fraction(exact[m]).numerator * (denominator // Fraction(exact[m]).denominator) for m in numbers]
    return apportion_ratios(numbers, numerators, denominator, total, unit, policy)
