"""The engine's one error family. Messages are constants so tests can assert them."""

from __future__ import annotations


class AllocationError(Exception):
    """A rule of the programme cannot be met (e.g. hold-harmless exceeds the budget)."""


class InputError(AllocationError):
    """A programme folder or spec is malformed. ``where`` names file, line and column when known."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


HOLD_HARMLESS_EXCEEDS_BUDGET = (
    "hold-harmless cannot be met: the pots sum to {pots} NOK, more than the budget {budget} NOK"
)
BUDGET_NOT_MULTIPLE = "budget {budget} is not a multiple of the rounding unit {unit}"
NO_GROWTH = "no growth factor for year {year}"
INDICATOR_SUM_ZERO = "scheme {scheme}: indicator {indicator} ({year}) sums to zero over the participants"
MISSING_INDICATOR = "scheme {scheme}: no value of indicator {indicator} ({year}) for municipality {municipality}"
DECIDED_INCOMPLETE = "decided amounts must cover every participant; missing: {missing}"
DECIDED_WRONG_YEAR = "decided amounts are for the base year {base}, not {year}"
UNKNOWN_MUNICIPALITY = "unknown municipality {number}"
UNKNOWN_SCHEME = "unknown scheme {key}"
NO_PARTICIPANTS = "the programme has no participating municipalities"
