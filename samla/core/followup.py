"""The money of a municipality's programme year, exact and reconciled (pure Python; no Django).

For one municipality and one programme year::

    available      = pot + carry_in                      (the pot: the decided amount of the locked allocation run;
                                                           carry_in: what the year before carried over)
    available      = spent + carry_out + repay           (every krone is spent, carried to the next year or repaid)
    clawback       ≤ repay                               (a claw-back decision demands part or all of what is
                                                           to be repaid; a claw-back is recorded, never invented)

Spending is by measure, whole NOK, never negative; spending above what is available is refused. Carry-over is
what is left after spending, up to what the rules allow (``max_carry_over``, None: no limit); the rest is to be
repaid. ``year_account`` checks a report's figures and says what is wrong, each problem a constant the tests
assert, so the services refuse a report whose sums do not reconcile and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NEGATIVE = "negative amount {amount} NOK ({what})"
OVERSPENT = "spending {spent} NOK is more than the {available} NOK available (pot {pot} + carried in {carry_in})"
CARRY_TOO_LARGE = "carry-over {carry_out} NOK is more than the {allowed} NOK that may be carried over"
DOES_NOT_RECONCILE = ("pot {pot} + carried in {carry_in} = {available} NOK, but spent {spent} + carried over "
                      "{carry_out} + to be repaid {repay} = {accounted} NOK")
CLAWBACK_ABOVE_REPAY = "a claw-back of {clawback} NOK is more than the {repay} NOK to be repaid"


class AccountError(ValueError):
    """A year's figures that cannot be accepted; ``problems`` lists every one (messages above, formatted)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def _nok(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


@dataclass(frozen=True)
class YearAccount:
    """One municipality's programme money in one year. Every figure is whole NOK."""

    year: int
    pot: int
    carry_in: int
    spent: Mapping[str, int]  # measure key → NOK
    carry_out: int
    repay: int
    clawback: int = 0

    @property
    def available(self) -> int:
        return self.pot + self.carry_in

    @property
    def spent_total(self) -> int:
        return sum(self.spent.values())

    @property
    def unspent(self) -> int:
        return self.available - self.spent_total


def problems_of(account: YearAccount, *, max_carry_over: int | None = None) -> list[str]:
    """Every reason the figures cannot be accepted (empty: they reconcile)."""
    found = []
    for what, amount in (("pot", account.pot), ("carried in", account.carry_in),
                         ("carried over", account.carry_out), ("to be repaid", account.repay),
                         ("claw-back", account.clawback), *((f"measure {k}", v) for k, v in account.spent.items())):
        if amount < 0:
            found.append(NEGATIVE.format(amount=_nok(amount), what=what))
    if found:
        return found
    spent = account.spent_total
    if spent > account.available:
        found.append(OVERSPENT.format(spent=_nok(spent), available=_nok(account.available), pot=_nok(account.pot),
                                      carry_in=_nok(account.carry_in)))
    if max_carry_over is not None and account.carry_out > max_carry_over:
        found.append(CARRY_TOO_LARGE.format(carry_out=_nok(account.carry_out), allowed=_nok(max_carry_over)))
    accounted = spent + account.carry_out + account.repay
    if not found and accounted != account.available:
        found.append(DOES_NOT_RECONCILE.format(
            pot=_nok(account.pot), carry_in=_nok(account.carry_in), available=_nok(account.available),
            spent=_nok(spent), carry_out=_nok(account.carry_out), repay=_nok(account.repay),
            accounted=_nok(accounted)))
    if account.clawback > account.repay:
        found.append(CLAWBACK_ABOVE_REPAY.format(clawback=_nok(account.clawback), repay=_nok(account.repay)))
    return found


def year_account(*, year: int, pot: int, carry_in: int, spent: Mapping[str, int], carry_out: int | None = None,
                 repay: int | None = None, clawback: int = 0, max_carry_over: int | None = None) -> YearAccount:
    """The year's account. Left out, ``carry_out`` is what is unspent (up to ``max_carry_over``) and ``repay``
    the rest, so that the account reconciles; given, they are checked. Raises ``AccountError`` with every
    problem."""
    unspent = pot + carry_in - sum(spent.values())
    if carry_out is None:
        carry_out = max(0, unspent if max_carry_over is None else min(unspent, max_carry_over))
    if repay is None:
        repay = max(0, unspent - carry_out)
    account = YearAccount(year=year, pot=pot, carry_in=carry_in, spent=dict(spent), carry_out=carry_out,
                          repay=repay, clawback=clawback)
    found = problems_of(account, max_carry_over=max_carry_over)
    if found:
        raise AccountError(found)
    return account


def programme_accounts(pots: Mapping[int, int], spending: Mapping[int, Mapping[str, int]], *,
                       carry_out: Mapping[int, int] | None = None, clawbacks: Mapping[int, int] | None = None,
                       max_carry_over: int | None = None) -> list[YearAccount]:
    """The accounts of consecutive programme years: each year's carry-over is the next year's carry-in; the last
    year's unspent money cannot be carried (the programme ends) and is to be repaid."""
    years = sorted(pots)
    accounts: list[YearAccount] = []
    carry_in = 0
    for i, year in enumerate(years):
        last = i == len(years) - 1
        chosen = (carry_out or {}).get(year)
        account = year_account(year=year, pot=pots[year], carry_in=carry_in, spent=spending.get(year, {}),
                               carry_out=0 if last else chosen, clawback=(clawbacks or {}).get(year, 0),
                               max_carry_over=max_carry_over)
        accounts.append(account)
        carry_in = account.carry_out
    return accounts
