"""Engine rules as tables around their boundaries."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from samla.core.allocation import AllocationError, Continuation, InputError, SchemeRule, allocate
from samla.core.allocation import errors as E
from samla.core.allocation.rounding import apportion, floor_to, round_half_up
from tests.core.allocation_builders import spec


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (Fraction(1499), 1000, 1000), (Fraction(1500), 1000, 2000), (Fraction(2500), 1000, 3000),
    (Fraction(2499999, 1000), 1, 2500), (Fraction(1, 2), 1, 1), (Fraction(0), 1000, 0),
    (Fraction(-1500), 1000, -1000), (Fraction(999, 2), 1000, 0), (Fraction(1001, 2), 1000, 1000),
])
def test_round_half_up_goes_up_on_exact_halves(value, unit, expected) -> None:
    assert round_half_up(value, unit) == expected


def test_floor_to_unit() -> None:
    assert floor_to(Fraction(2999), 1000) == 2000
    assert floor_to(Fraction(3000), 1000) == 3000


def test_largest_policy_gives_the_residual_to_the_largest_share_and_ties_to_the_lowest_number() -> None:
    exact = {"0002": Fraction(1400), "0001": Fraction(1400), "0003": Fraction(200)}
    result = apportion(exact, 4000, 1000, "largest")
    assert result.rounded == {"0001": 1000, "0002": 1000, "0003": 0}
    assert result.holder == "0001"
    assert result.amounts == {"0001": 3000, "0002": 1000, "0003": 0}


def test_largest_remainder_policy_gives_units_to_the_largest_remainders() -> None:
    exact = {"0001": Fraction(1400), "0002": Fraction(1600), "0003": Fraction(1000)}
    result = apportion(exact, 4000, 1000, "largest_remainder")
    assert result.amounts == {"0001": 1000, "0002": 2000, "0003": 1000}
    tie = apportion({"0002": Fraction(500), "0001": Fraction(500)}, 1000, 1000, "largest_remainder")
    assert tie.amounts == {"0001": 1000, "0002": 0}


def test_the_two_policies_differ_where_rounding_piles_up() -> None:
    exact = {f"{i:04d}": Fraction(1400) for i in range(1, 6)}  # 5 × 1 400 = 7 000
    largest = apportion(exact, 7000, 1000, "largest").amounts
    remainder = apportion(exact, 7000, 1000, "largest_remainder").amounts
    assert largest == {"0001": 3000, "0002": 1000, "0003": 1000, "0004": 1000, "0005": 1000}
    assert remainder == {"0001": 2000, "0002": 2000, "0003": 1000, "0004": 1000, "0005": 1000}


def test_historical_pots_without_budget_are_the_awards_rounded() -> None:
    result = allocate(spec(rounding_unit=1000))
    assert result.totals[2020] == 3_900_000
    assert result.amount("0002", 2020) == 2_500_000
    assert result.totals[2021] == round_half_up(Fraction(3_900_000) * Fraction("1.031"), 1000) == 4_021_000


def test_floor_raises_small_pots() -> None:
    result = allocate(spec(floor=500_000))
    assert result.amount("0003", 2020) == 500_000
    parts = {p.code: p.value for p in result.explain("0003", 2020).parts}
    assert parts["floor"] == 100_000


def test_budget_surplus_equal_and_pro_rata_to_pot() -> None:
    equal = allocate(spec(budget=4_200_000, surplus="equal"))
    assert [equal.amount(m, 2020) for m in ("0001", "0002", "0003")] == [1_100_000, 2_600_000, 500_000]
    pot = allocate(spec(budget=7_800_000, surplus="pot"))
    assert [pot.amount(m, 2020) for m in ("0001", "0002", "0003")] == [2_000_000, 5_000_000, 800_000]


def test_budget_surplus_pro_rata_to_an_indicator() -> None:
    indicators = {("0001", "pop_0_24", 2019): Decimal(100), ("0002", "pop_0_24", 2019): Decimal(300),
                  ("0003", "pop_0_24", 2019): Decimal(600)}
    result = allocate(spec(budget=4_900_000, surplus="indicator", surplus_indicator="pop_0_24",
                           indicators=indicators))
    assert [result.amount(m, 2020) for m in ("0001", "0002", "0003")] == [1_100_000, 2_800_000, 1_000_000]


def test_budget_below_hold_harmless_is_refused() -> None:
    with pytest.raises(AllocationError) as info:
        allocate(spec(budget=3_800_000))
    assert str(info.value) == E.HOLD_HARMLESS_EXCEEDS_BUDGET.format(pots="3 900 000", budget="3 800 000")


def test_budget_equal_to_hold_harmless_is_accepted() -> None:
    assert allocate(spec(budget=3_900_000)).totals[2020] == 3_900_000


def test_the_pilot_with_floor_and_its_own_total_as_budget_is_infeasible(pilot_folder) -> None:
    from samla.core.allocation import load_programme_folder

    pilot = load_programme_folder(pilot_folder)
    with pytest.raises(AllocationError, match="hold-harmless cannot be met"):
        allocate(replace(pilot, decided={}, budget=39_310_000))


def test_key_method_distributes_the_budget_by_indicator_share() -> None:
    rule = SchemeRule("200.60", "key", budget=1_000_000, indicator="kids", indicator_year=2019)
    indicators = {("0001", "kids", 2019): Decimal("1"), ("0002", "kids", 2019): Decimal("2"),
                  ("0003", "kids", 2019): Decimal("0")}
    result = allocate(spec(schemes=(rule,), indicators=indicators, award_map={}, rounding_unit=1))
    assert result.trace.entitlements[("0001", "200.60")] == Fraction(1_000_000, 3)
    assert [result.amount(m, 2020) for m in ("0001", "0002", "0003")] == [333_333, 666_667, 0]


def test_rate_method_multiplies_rate_and_indicator_exactly() -> None:
    rule = SchemeRule("300.60", "rate", rate=Decimal("1234.5"), indicator="kids", indicator_year=2019)
    indicators = {("0001", "kids", 2019): Decimal("10.25"), ("0002", "kids", 2019): Decimal("3"),
                  ("0003", "kids", 2019): Decimal("0")}
    result = allocate(spec(schemes=(rule,), indicators=indicators, award_map={}, rounding_unit=1))
    assert result.trace.entitlements[("0001", "300.60")] == Fraction("12653.625")
    # T0 = round(12 653.625 + 3 703.5) = 16 357; rounded shares 12 654 + 3 704 = 16 358; the residual −1
    # goes to the largest share.
    assert result.totals[2020] == 16_357
    assert [result.amount(m, 2020) for m in ("0001", "0002")] == [12_653, 3_704]
    assert [p.code for p in result.explain("0001", 2020).parts][-1] == "residual"
    assert not result.warnings


def test_key_method_with_zero_indicator_sum_is_refused() -> None:
    rule = SchemeRule("200.60", "key", budget=1_000, indicator="kids", indicator_year=2019)
    indicators = {(m, "kids", 2019): Decimal(0) for m in ("0001", "0002", "0003")}
    with pytest.raises(InputError, match="sums to zero"):
        allocate(spec(schemes=(rule,), indicators=indicators, award_map={}))


def test_missing_indicator_value_is_refused() -> None:
    rule = SchemeRule("200.60", "key", budget=1_000, indicator="kids", indicator_year=2019)
    with pytest.raises(InputError, match="no value of indicator kids"):
        allocate(spec(schemes=(rule,), indicators={("0001", "kids", 2019): Decimal(1)}, award_map={}))


def test_decided_amounts_replace_the_pots_and_set_t0() -> None:
    decided = {("0001", 2020): 1_000_000, ("0002", 2020): 2_000_000, ("0003", 2020): 1_000_000}
    result = allocate(spec(decided=decided, rounding_unit=1000))
    assert result.totals[2020] == 4_000_000
    assert result.amount("0002", 2020) == 2_000_000
    assert any("hold-harmless not met for 0002" in w for w in result.warnings)


@pytest.mark.parametrize(("change", "message"), [
    ({"decided": {("0001", 2020): 1}}, "decided amounts must cover every participant; missing: 0002, 0003"),
    ({"decided": {("0001", 2021): 1}}, "decided amounts are for the base year 2020, not 2021"),
    ({"budget": 1_500}, "budget 1 500 is not a multiple of the rounding unit 1 000"),
    ({"growth_map": {}}, "no growth factor for year 2021"),
    ({"years": (2020, 2022)}, "years must be consecutive"),
    ({"rounding_unit": 0}, "rounding_unit must be a positive"),
    ({"floor": -1}, "floor must not be negative"),
    ({"residual_policy": "random"}, "residual_policy must be one of"),
    ({"continuations": (Continuation("9999", "100.60", 2020, 1),)}, "unknown municipality 9999"),
    ({"continuations": (Continuation("0001", "999.99", 2020, 1),)}, "unknown scheme 999.99"),
    ({"continuations": (Continuation("0001", "100.60", 2020, -1),)}, "must not be negative"),
])
def test_bad_specs_are_refused_with_a_clear_message(change, message) -> None:
    base = {"rounding_unit": 1000}
    base.update(change)
    with pytest.raises(InputError) as info:
        allocate(spec(**base))
    assert message in str(info.value)


def test_continuation_scenarios_side_by_side() -> None:
    continuations = (Continuation("0002", "100.60", 2020, 700_000), Continuation("0002", "100.60", 2021, 300_000))
    result = allocate(spec(continuations=continuations, rounding_unit=1000))
    rows = {(r.municipality, r.year): r for r in result.continuation_rows}
    r2020 = rows[("0002", 2020)]
    assert (r2020.programme, r2020.continuations, r2020.as_run) == (2_500_000, 700_000, 3_200_000)
    assert (r2020.strict_programme, r2020.strict_pooling) == (1_800_000, 2_500_000)
    assert rows[("0002", 2022)].continuations == 0
    assert sum("double financing" in w for w in result.warnings) == 2


def test_strict_pooling_never_pays_a_negative_programme_amount() -> None:
    result = allocate(spec(continuations=(Continuation("0003", "100.60", 2020, 900_000),)))
    row = next(r for r in result.continuation_rows if (r.municipality, r.year) == ("0003", 2020))
    assert row.strict_programme == 0
    assert row.strict_pooling == 900_000


def test_negative_growth_shrinks_the_total() -> None:
    result = allocate(spec(growth=("-0.1", "0"), rounding_unit=1000))
    assert result.totals[2021] == 3_510_000
    assert result.totals[2022] == 3_510_000
