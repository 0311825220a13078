"""Per-item statistics, changes and comparisons against values computed by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from samla.core.survey import (
    DK,
    Answer,
    ItemStats,
    SurveyInputError,
    changes,
    consecutive_changes,
    item_statistics,
    municipality_comparison,
    suppressed,
    waves,
)


def answers(values, *, item: str = "q1", wave: str = "2019") -> list[Answer]:
    return [Answer(f"m{i}", wave, item, v) for i, v in enumerate(values)]


def one(values) -> ItemStats:
    [stats] = item_statistics(answers(values))
    return stats


def test_mixed_answers() -> None:
    s = one([1, 2, 2, 5, DK, None])
    # n = 4, Σx = 10, Σx² = 34: mean 10/4; variance (4·34 − 10²) / (4·3) = 3; median (2 + 2) / 2
    assert (s.item, s.wave, s.n, s.n_dk, s.n_missing) == ("q1", "2019", 4, 1, 1)
    assert s.mean == 2.5 and s.exact_mean == Fraction(5, 2)
    assert s.exact_variance == 3 and s.sd == math.sqrt(3)
    assert s.median == 2.0
    assert s.distribution == {1: 1, 2: 2, 3: 0, 4: 0, 5: 1}
    assert s.total == 6


def test_the_issue_example_twelve_answers_mean_2_5_sd_0_52() -> None:
    s = one([2] * 6 + [3] * 6)
    # variance (12·78 − 30²) / (12·11) = 36/132 = 3/11
    assert s.exact_variance == Fraction(3, 11)
    assert (s.mean, round(s.sd, 2), s.median) == (2.5, 0.52, 2.5)


def test_one_answer_has_no_standard_deviation() -> None:
    s = one([4, DK])
    assert (s.n, s.mean, s.sd, s.median, s.exact_variance) == (1, 4.0, None, 4.0, None)
    assert s.distribution == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}


def test_all_equal_answers_have_zero_spread() -> None:
    s = one([3, 3, 3, 3])
    assert (s.n, s.mean, s.sd, s.median) == (4, 3.0, 0.0, 3.0)


def test_all_dont_know() -> None:
    s = one([DK, DK, DK])
    assert (s.n, s.n_dk, s.n_missing, s.mean, s.sd, s.median) == (0, 3, 0, None, None, None)
    assert s.distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}


def test_all_missing() -> None:
    s = one([None, None])
    assert (s.n, s.n_dk, s.n_missing, s.mean, s.sd, s.median) == (0, 0, 2, None, None, None)


def test_even_count_median_is_the_mean_of_the_middle_pair() -> None:
    s = one([1, 5])
    assert (s.median, s.mean, s.exact_variance) == (3.0, 3.0, 8)
    assert one([1, 2, 4, 5, 5]).median == 4.0


def test_sd_is_the_root_of_the_sample_variance() -> None:
    # [1, 3]: variance (2·10 − 4²) / (2·1) = 2; [1, 3, 5]: (3·35 − 9²) / (3·2) = 4, an exact root
    assert one([1, 3]).sd == math.sqrt(2)
    assert one([2, 4]).sd == math.sqrt(2)
    assert one([1, 5]).sd == math.sqrt(8)
    assert one([3, 5]).sd == math.sqrt(2)
    assert one([1, 3, 5]).sd == 2.0


def test_one_row_per_item_and_wave_in_natural_order() -> None:
    rows = (answers([1], item="q10", wave="2020") + answers([2], item="q2", wave="2022")
            + answers([3], item="q2", wave="2019") + answers([4], item="q10", wave="2019"))
    assert [(s.item, s.wave) for s in item_statistics(rows)] == [
        ("q2", "2019"), ("q2", "2022"), ("q10", "2019"), ("q10", "2020")]
    assert waves(item_statistics(rows)) == ["2019", "2020", "2022"]


def test_empty_input_gives_no_rows() -> None:
    assert item_statistics([]) == []


@pytest.mark.parametrize("value", [0, 6, -1, "3", "DK", "x", 2.5, True, False])
def test_a_value_outside_the_scale_is_refused(value) -> None:
    with pytest.raises(SurveyInputError) as exc:
        item_statistics(answers([3, value]))
    assert str(exc.value) == f"value {value!r} is not one of 1, 2, 3, 4, 5, dk or empty"


def test_two_answers_from_one_municipality_to_one_item_in_one_wave_are_refused() -> None:
    rows = [Answer("3420", "2019", "q1", 3), Answer("3420", "2019", "q1", 4)]
    with pytest.raises(SurveyInputError, match="^duplicate answer for municipality 3420, wave 2019, item q1$"):
        item_statistics(rows)
    # the same municipality in another wave or item is fine
    assert len(item_statistics([rows[0], Answer("3420", "2020", "q1", 4), Answer("3420", "2019", "q2", 4)])) == 3


def stats_for(by_wave: dict[str, list]) -> list[ItemStats]:
    return item_statistics([a for wave, values in by_wave.items() for a in answers(values, wave=wave)])


def test_change_in_points_and_percent_is_exact() -> None:
    # 2019: mean 5/2; 2022: mean 16/5 → diff 7/10, change (7/10) / (5/2) × 100 = 28 %
    [c] = changes(stats_for({"2019": [2, 3], "2022": [3, 3, 3, 3, 4]}), "2019", "2022")
    assert (c.item, c.from_wave, c.to_wave, c.diff, c.change_pct) == ("q1", "2019", "2022", 0.7, 28.0)
    assert c.exact_diff == Fraction(7, 10) and c.exact_change_pct == 28 and c.suppressed is False


def test_a_fall_is_negative() -> None:
    [c] = changes(stats_for({"2019": [4], "2020": [3]}), "2019", "2020")
    assert (c.diff, c.change_pct) == (-1.0, -25.0)


def test_changes_cover_only_items_present_in_both_waves() -> None:
    rows = answers([3], item="a", wave="2019") + answers([4], item="a", wave="2020") + answers([2], item="b",
                                                                                                 wave="2019")
    assert [c.item for c in changes(item_statistics(rows), "2019", "2020")] == ["a"]
    assert changes(item_statistics(rows), "2019", "2030") == []


def test_no_percentage_without_a_starting_mean() -> None:
    [c] = changes(stats_for({"2019": [DK, None], "2022": [3]}), "2019", "2022")
    assert (c.diff, c.change_pct) == (None, None)
    [c] = changes(stats_for({"2019": [3], "2022": [DK]}), "2019", "2022")
    assert (c.diff, c.change_pct) == (None, None)


def test_no_percentage_from_a_zero_mean() -> None:
    zero = ItemStats("q1", "a", 1, 0, 0, 0.0, None, 0.0, {})
    two = ItemStats("q1", "b", 1, 0, 0, 2.0, None, 2.0, {})
    [c] = changes([zero, two], "a", "b")
    assert (c.diff, c.change_pct) == (2.0, None)


def test_changes_need_two_different_waves() -> None:
    with pytest.raises(SurveyInputError, match="^a change needs two different waves, not 2019 twice$"):
        changes(stats_for({"2019": [3]}), "2019", "2019")


def test_changes_with_a_minimum_group_hide_small_waves() -> None:
    stats = stats_for({"2019": [2, 3, 4], "2020": [3, 4]})
    [c] = changes(stats, "2019", "2020", min_group=3)
    assert (c.diff, c.change_pct, c.suppressed) == (None, None, True)
    [c] = changes(stats, "2019", "2020", min_group=2)
    assert (c.diff, c.suppressed) == (0.5, False)


def test_consecutive_changes_go_wave_by_wave() -> None:
    stats = stats_for({"2022": [4], "2019": [2], "2020": [3]})
    assert [(c.from_wave, c.to_wave, c.diff) for c in consecutive_changes(stats)] == [
        ("2019", "2020", 1.0), ("2020", "2022", 1.0)]


@pytest.mark.parametrize(("n", "hidden"), [(0, True), (1, True), (2, True), (3, False), (12, False)])
def test_suppressed_below_the_minimum_group(n: int, hidden: bool) -> None:
    assert suppressed(one([3] * n + [DK] * 5)) is hidden
    assert suppressed(one([3] * n + [DK]), min_group=1) is (n == 0)


@pytest.mark.parametrize("min_group", [0, -3])
def test_the_minimum_group_is_at_least_one(min_group: int) -> None:
    with pytest.raises(SurveyInputError, match=f"^the minimum group size must be at least 1, not {min_group}$"):
        suppressed(one([3]), min_group)
    with pytest.raises(SurveyInputError):
        municipality_comparison([], "3420", min_group=min_group)


def test_a_municipality_sees_its_answer_beside_the_group() -> None:
    rows = [
        Answer("A", "2019", "q1", 2), Answer("B", "2019", "q1", 3), Answer("C", "2019", "q1", 4),
        Answer("A", "2020", "q1", DK), Answer("B", "2020", "q1", 4), Answer("C", "2020", "q1", 5),
        Answer("B", "2022", "q1", 5), Answer("C", "2022", "q1", 5), Answer("D", "2022", "q1", 5),
    ]
    result = municipality_comparison(rows, "A")
    assert [(c.item, c.wave, c.municipality, c.own) for c in result] == [("q1", "2019", "A", 2),
                                                                        ("q1", "2020", "A", DK)]
    first, second = result
    assert (first.group_n, first.group_mean, first.group_sd, first.group_median, first.suppressed) == (
        3, 3.0, 1.0, 3.0, False)
    # only two municipalities answered on the scale in 2020: the group's figures are not shown
    assert (second.group_n, second.group_mean, second.group_sd, second.group_median, second.suppressed) == (
        2, None, None, None, True)
    assert municipality_comparison(rows, "A", min_group=2)[1].group_mean == 4.5
    assert municipality_comparison(rows, "unknown") == []


def test_comparison_accepts_a_one_shot_iterator() -> None:
    rows = iter(answers([1, 2, 3]))
    [c] = municipality_comparison(rows, "m0")
    assert (c.own, c.group_mean) == (1, 2.0)
