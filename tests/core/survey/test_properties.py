"""Properties of the statistics over arbitrary answers, with Python's statistics module as an oracle."""

from __future__ import annotations

import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samla.core.survey import DK, Answer, changes, item_statistics

VALUES = st.sampled_from([1, 2, 3, 4, 5, DK, None])


@st.composite
def survey(draw) -> list[Answer]:
    """Answers of up to 15 municipalities to up to 3 items in up to 3 waves (any cell may be absent)."""
    rows = []
    for wave in draw(st.lists(st.sampled_from(["2019", "2020", "2022"]), min_size=1, max_size=3, unique=True)):
        for item in draw(st.lists(st.sampled_from(["q1", "q2", "q10"]), min_size=1, max_size=3, unique=True)):
            values = draw(st.lists(VALUES, min_size=1, max_size=15))
            rows += [Answer(f"m{i}", wave, item, v) for i, v in enumerate(values)]
    return rows


def scale_values(rows: list[Answer], item: str, wave: str) -> list[int]:
    return [a.value for a in rows if a.item == item and a.wave == wave and isinstance(a.value, int)]


@settings(max_examples=200, deadline=None)
@given(survey())
def test_figures_stay_in_range_and_counts_add_up(rows: list[Answer]) -> None:
    stats = item_statistics(rows)
    assert len(stats) == len({(a.item, a.wave) for a in rows})
    assert sum(s.total for s in stats) == len(rows)
    for s in stats:
        assert sum(s.distribution.values()) == s.n and sorted(s.distribution) == [1, 2, 3, 4, 5]
        if s.n:
            assert 1 <= s.mean <= 5 and 1 <= s.median <= 5
            values = scale_values(rows, s.item, s.wave)
            assert min(values) <= s.mean <= max(values)
        else:
            assert s.mean is None and s.median is None
        if s.n >= 2:
            assert s.sd >= 0
        else:
            assert s.sd is None


@settings(max_examples=200, deadline=None)
@given(survey())
def test_figures_agree_with_pythons_statistics_module(rows: list[Answer]) -> None:
    for s in item_statistics(rows):
        values = scale_values(rows, s.item, s.wave)
        if values:
            assert s.exact_mean == statistics.mean(map(Fraction, values))
            assert s.mean == statistics.mean(values)
            assert s.median == statistics.median(values)
        if len(values) >= 2:
            assert s.sd == pytest.approx(statistics.stdev(values), rel=1e-12, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(survey(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows: list[Answer], rnd) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    before, after = item_statistics(rows), item_statistics(shuffled)
    assert before == after
    assert [(s.sd, s.exact_variance) for s in before] == [(s.sd, s.exact_variance) for s in after]


@settings(max_examples=100, deadline=None)
@given(survey())
def test_change_is_the_difference_of_the_means(rows: list[Answer]) -> None:
    stats = item_statistics(rows)
    means = {(s.item, s.wave): s.exact_mean for s in stats}
    for c in changes(stats, "2019", "2022"):
        start, end = means[(c.item, "2019")], means[(c.item, "2022")]
        if start is None or end is None:
            assert c.diff is None and c.change_pct is None
        else:
            assert c.exact_diff == end - start
            assert c.exact_change_pct == (end - start) / start * 100
            assert -80 <= c.change_pct <= 400  # from 5 to 1, from 1 to 5
