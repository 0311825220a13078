"""The follow-up money reconciles for any sequence of spending, carry-over and claw-back (samla/core/followup.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samla.core import followup as F

NOK = st.integers(0, 5_000_000)


@st.composite
def programme_years(draw):
    years = list(range(2020, 2020 + draw(st.integers(1, 4))))
    pots = {y: draw(NOK) for y in years}
    spending = {y: {f"m{i}": draw(st.integers(0, 3_000_000)) for i in range(draw(st.integers(0, 4)))} for y in years}
    return pots, spending, draw(st.one_of(st.none(), NOK))


@settings(max_examples=300, deadline=None)
@given(programme_years())
def test_every_krone_is_spent_carried_or_repaid(case) -> None:
    pots, spending, cap = case
    try:
        accounts = F.programme_accounts(pots, spending, max_carry_over=cap)
    except F.AccountError as error:
        # Refused only when a year spends more than it has.
        assert all(p.startswith("spending ") for p in error.problems)
        return
    carry_in = 0
    for account in accounts:
        assert account.carry_in == carry_in
        assert account.pot + account.carry_in == account.spent_total + account.carry_out + account.repay
        assert min(account.carry_out, account.repay, account.spent_total) >= 0
        if cap is not None:
            assert account.carry_out <= cap
        carry_in = account.carry_out
    assert accounts[-1].carry_out == 0  # the programme ends: nothing to carry
    total_in = sum(pots.values())
    assert total_in == sum(a.spent_total for a in accounts) + sum(a.repay for a in accounts)


@settings(max_examples=300, deadline=None)
@given(NOK, NOK, st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(-10, 3_000_000)), NOK, NOK, NOK)
def test_a_year_is_accepted_exactly_when_it_reconciles(pot, carry_in, spent, carry_out, repay, clawback) -> None:
    account = F.YearAccount(2021, pot, carry_in, spent, carry_out, repay, clawback)
    problems = F.problems_of(account)
    ok = (min(spent.values(), default=0) >= 0 and sum(spent.values()) <= pot + carry_in
          and sum(spent.values()) + carry_out + repay == pot + carry_in and clawback <= repay)
    assert (problems == []) == ok
    if ok:
        assert F.year_account(year=2021, pot=pot, carry_in=carry_in, spent=spent, carry_out=carry_out, repay=repay,
                              clawback=clawback) == account
    else:
        with pytest.raises(F.AccountError):
            F.year_account(year=2021, pot=pot, carry_in=carry_in, spent=spent, carry_out=carry_out, repay=repay,
                           clawback=clawback)


def test_the_messages_say_what_is_wrong() -> None:
    with pytest.raises(F.AccountError) as error:
        F.year_account(year=2021, pot=2_784_000, carry_in=0, spent={"bti": 3_000_000})
    assert error.value.problems == (F.OVERSPENT.format(spent="3 000 000", available="2 784 000", pot="2 784 000",
                                                       carry_in="0"),)
    with pytest.raises(F.AccountError) as error:
        F.year_account(year=2021, pot=100, carry_in=0, spent={"bti": -1})
    assert error.value.problems == ("negative amount -1 NOK (measure bti)",)
    with pytest.raises(F.AccountError) as error:
        F.year_account(year=2021, pot=100, carry_in=0, spent={"bti": 50}, carry_out=60)
    assert "does not" not in str(error.value) and "= 100 NOK, but spent 50" in str(error.value)
    with pytest.raises(F.AccountError) as error:
        F.year_account(year=2021, pot=100, carry_in=0, spent={"bti": 50}, carry_out=0, clawback=60)
    assert error.value.problems == ("a claw-back of 60 NOK is more than the 50 NOK to be repaid",)


def test_carry_over_up_to_the_limit_the_rest_is_repaid() -> None:
    account = F.year_account(year=2021, pot=1_000_000, carry_in=200_000, spent={"a": 700_000}, max_carry_over=300_000)
    assert (account.carry_out, account.repay) == (300_000, 200_000)
    accounts = F.programme_accounts({2020: 1_000, 2021: 1_000}, {2020: {"a": 400}, 2021: {"a": 1_500}})
    assert [(a.carry_in, a.carry_out, a.repay) for a in accounts] == [(0, 600, 0), (600, 0, 100)]
