"""Per-item statistics, changes between waves and a municipality's comparison with its group.

Counting happens once per answer; every figure is then derived exactly (int/Fraction) from the counts
and converted to float only when the result objects are built.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction

from samla.core.survey.model import (
    BAD_MIN_GROUP,
    BAD_VALUE,
    DEFAULT_MIN_GROUP,
    DK,
    DUPLICATE,
    SAME_WAVE,
    SCALE,
    Answer,
    Change,
    Comparison,
    ItemStats,
    Responses,
    SurveyInputError,
    Value,
)

# Slots of a cell's counter list: index 1..5 are the scale values, 0 is "don't know", 6 is missing.
_DK, _MISSING = 0, 6
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that orders embedded numbers by value: "q2" < "q10", "2019" < "2020"."""
    parts = _DIGITS.split(text)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), text


def value_slot(value: object) -> int:
    """The counter slot of an answer value; the one rule for which values are valid."""
    if value is None:
        return _MISSING
    if type(value) is int and 1 <= value <= 5:
        return value
    if value == DK:
        return _DK
    raise SurveyInputError(BAD_VALUE.format(value=value))


def check_min_group(min_group: int) -> int:
    if type(min_group) is not int or min_group < 1:
        raise SurveyInputError(BAD_MIN_GROUP.format(min_group=min_group))
    return min_group


def suppressed(stats: ItemStats, min_group: int = DEFAULT_MIN_GROUP) -> bool:
    """True when fewer than ``min_group`` municipalities answered on the scale: the group's figures must
    not be shown to a municipality or the public."""
    return stats.n < check_min_group(min_group)


def _count(answers: Iterable[Answer]) -> dict[tuple[str, str], list[int]]:
    if isinstance(answers, Responses):  # read and checked already: count the columns in bulk
        slots = {value: value_slot(value) for value in set(answers.values)}
        cells: dict[tuple[str, str], list[int]] = {}
        for (item, wave, value), n in Counter(zip(answers.items, answers.waves, answers.values, strict=True)).items():
            counts = cells.get((item, wave))
            if counts is None:
                counts = cells[(item, wave)] = [0, 0, 0, 0, 0, 0, 0]
            counts[slots[value]] += n
        return cells
    cells = {}
    seen: set[tuple[str, str, str]] = set()
    for a in answers:
        key = (a.item, a.wave)
        counts = cells.get(key)
        if counts is None:
            counts = cells[key] = [0, 0, 0, 0, 0, 0, 0]
        counts[value_slot(a.value)] += 1
        who = (a.municipality, a.wave, a.item)
        if who in seen:
            raise SurveyInputError(DUPLICATE.format(municipality=a.municipality, wave=a.wave, item=a.item))
        seen.add(who)
    return cells


def _nth(counts: list[int], index: int) -> int:
    """The scale value at 0-based position ``index`` of the sorted answered values."""
    for value in SCALE:
        index -= counts[value]
        if index < 0:
            return value
    raise AssertionError("index beyond the answered values")


def _stats(item: str, wave: str, counts: list[int]) -> ItemStats:
    n = counts[1] + counts[2] + counts[3] + counts[4] + counts[5]
    mean = variance = median = None
    if n:
        total = sum(v * counts[v] for v in SCALE)
        mean = Fraction(total, n)
        median = (Fraction(_nth(counts, n // 2)) if n % 2 else
                  Fraction(_nth(counts, n // 2 - 1) + _nth(counts, n // 2), 2))
        if n > 1:
            squares = sum(v * v * counts[v] for v in SCALE)
            variance = Fraction(n * squares - total * total, n * (n - 1))
    return ItemStats(
        item=item, wave=wave, n=n, n_dk=counts[_DK], n_missing=counts[_MISSING],
        mean=None if mean is None else float(mean),
        sd=None if variance is None else _sqrt(variance),
        median=None if median is None else float(median),
        distribution={v: counts[v] for v in SCALE},
        exact_mean=mean, exact_variance=variance, exact_median=median,
    )


def _sqrt(value: Fraction) -> float:
    """Square root of a non-negative Fraction, exact when it is a perfect square."""
    num, den = value.numerator, value.denominator
    rn, rd = math.isqrt(num), math.isqrt(den)
    if rn * rn == num and rd * rd == den:
        return rn / rd
    return math.sqrt(num / den)


def item_statistics(answers: Iterable[Answer]) -> list[ItemStats]:
    """One ItemStats per (item, wave) present in ``answers``, sorted by item then wave (natural order).

    Raises SurveyInputError on a value outside 1..5/DK/None or on two answers from the same
    municipality to the same item in the same wave."""
    cells = _count(answers)
    keys = sorted(cells, key=lambda k: (natural_key(k[0]), natural_key(k[1])))
    return [_stats(item, wave, cells[(item, wave)]) for item, wave in keys]


def waves(stats: Iterable[ItemStats]) -> list[str]:
    """The waves present, in natural order (the order used for consecutive changes)."""
    return sorted({s.wave for s in stats}, key=natural_key)


def _exact_mean(s: ItemStats) -> Fraction | None:
    if s.exact_mean is not None:
        return s.exact_mean
    return None if s.mean is None else Fraction(s.mean)


def changes(stats: Sequence[ItemStats], from_wave: str, to_wave: str, *,
            min_group: int | None = None) -> list[Change]:
    """Change of each item's mean from ``from_wave`` to ``to_wave``, for items present in both waves,
    sorted by item. With ``min_group``, a change where either wave is suppressed carries no figures."""
    if from_wave == to_wave:
        raise SurveyInputError(SAME_WAVE.format(wave=from_wave))
    if min_group is not None:
        check_min_group(min_group)
    start = {s.item: s for s in stats if s.wave == from_wave}
    end = {s.item: s for s in stats if s.wave == to_wave}
    result = []
    for item in sorted(start.keys() & end.keys(), key=natural_key):
        a, b = start[item], end[item]
        hidden = min_group is not None and (a.n < min_group or b.n < min_group)
        m_from, m_to = _exact_mean(a), _exact_mean(b)
        diff = pct = None
        if not hidden and m_from is not None and m_to is not None:
            diff = m_to - m_from
            pct = diff / m_from * 100 if m_from else None
        result.append(Change(item=item, from_wave=from_wave, to_wave=to_wave,
                             diff=None if diff is None else float(diff),
                             change_pct=None if pct is None else float(pct),
                             suppressed=hidden, exact_diff=diff, exact_change_pct=pct))
    return result


def consecutive_changes(stats: Sequence[ItemStats], *, min_group: int | None = None) -> list[Change]:
    """Changes between every pair of consecutive waves (2019→2020, 2020→2022, ...), pair by pair."""
    order = waves(stats)
    return [c for a, b in zip(order, order[1:], strict=False) for c in changes(stats, a, b, min_group=min_group)]


def municipality_comparison(answers: Iterable[Answer], municipality: str, *,
                            min_group: int = DEFAULT_MIN_GROUP) -> list[Comparison]:
    """The municipality's own answer beside the group's figures, for every (item, wave) in which the
    municipality has a row, sorted by item then wave. Group figures are suppressed (None) when fewer
    than ``min_group`` municipalities answered on the scale."""
    check_min_group(min_group)
    answers = list(answers)
    own: dict[tuple[str, str], Value] = {(a.item, a.wave): a.value for a in answers if a.municipality == municipality}
    result = []
    for s in item_statistics(answers):
        if (s.item, s.wave) not in own:
            continue
        hidden = s.n < min_group
        result.append(Comparison(
            item=s.item, wave=s.wave, municipality=municipality, own=own[(s.item, s.wave)], group_n=s.n,
            group_mean=None if hidden else s.mean, group_sd=None if hidden else s.sd,
            group_median=None if hidden else s.median, suppressed=hidden,
        ))
    return result
