"""The engine's one error family. Messages are constants so tests can assert them.

Every message is a ``Text`` template (see text.py): ``str(error)`` is the English, ``error.text`` the same
message as a Text that a user interface renders in its own language.
"""

from __future__ import annotations

from samla.core.allocation.text import Text, gettext_noop


class AllocationError(Exception):
    """A rule of the programme cannot be met (e.g. hold-harmless exceeds the budget)."""

    def __init__(self, message: str = "") -> None:
        self.text: Text = message if isinstance(message, Text) else Text(message)
        super().__init__(self.text.english)

    def __str__(self) -> str:
        return self.text.english


# Where an input problem is: (file given, line given, column given) → template.
LOCATIONS = {
    (True, True, True): gettext_noop("{file}, line {line}, column {column}: {message}"),
    (True, True, False): gettext_noop("{file}, line {line}: {message}"),
    (True, False, True): gettext_noop("{file}, column {column}: {message}"),
    (True, False, False): gettext_noop("{file}: {message}"),
    (False, True, True): gettext_noop("line {line}, column {column}: {message}"),
    (False, True, False): gettext_noop("line {line}: {message}"),
    (False, False, True): gettext_noop("column {column}: {message}"),
}


class InputError(AllocationError):
    """A programme folder or spec is malformed. ``where`` names file, line and column when known.

    ``message`` is the problem alone; ``text`` (and ``str(error)``) the problem with its place."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: str | None = None) -> None:
        self.message: Text = message if isinstance(message, Text) else Text(message)
        self.file = file
        self.line = line
        self.column = column
        where = (bool(file), line is not None, bool(column))
        if any(where):
            places = {"file": file, "line": line, "column": column}
            params = {name: places[name] for name, given in zip(("file", "line", "column"), where, strict=True)
                      if given}
            text = Text(LOCATIONS[where], message=self.message, **params)
        else:
            text = self.message
        super().__init__(text)


HOLD_HARMLESS_EXCEEDS_BUDGET = gettext_noop(
    "hold-harmless cannot be met: the pots sum to {pots} NOK, more than the budget {budget} NOK"
)
BUDGET_NOT_MULTIPLE = gettext_noop("budget {budget} is not a multiple of the rounding unit {unit}")
NO_GROWTH = gettext_noop("no growth factor for year {year}")
INDICATOR_SUM_ZERO = gettext_noop("scheme {scheme}: indicator {indicator} ({year}) sums to zero over the participants")
MISSING_INDICATOR = gettext_noop(
    "scheme {scheme}: no value of indicator {indicator} ({year}) for municipality {municipality}"
)
MISSING_SURPLUS_INDICATOR = gettext_noop(
    "scheme surplus: no value of indicator {indicator} ({year}) for municipality {municipality}"
)
DECIDED_INCOMPLETE = gettext_noop("decided amounts must cover every participant; missing: {missing}")
DECIDED_WRONG_YEAR = gettext_noop("decided amounts are for the base year {base}, not {year}")
UNKNOWN_MUNICIPALITY = gettext_noop("unknown municipality {number}")
UNKNOWN_SCHEME = gettext_noop("unknown scheme {key}")
NO_PARTICIPANTS = gettext_noop("the programme has no participating municipalities")
INVALID_INDICATOR_VALUE = gettext_noop("invalid indicator value {value}")
DUPLICATE_MUNICIPALITY = gettext_noop("duplicate municipality in the programme")
YEARS_NOT_CONSECUTIVE = gettext_noop("years must be consecutive and increasing, e.g. [2020, 2021, 2022]")
ROUNDING_UNIT_NOT_POSITIVE = gettext_noop("rounding_unit must be a positive whole number of NOK")
RESIDUAL_POLICY_UNKNOWN = gettext_noop("residual_policy must be one of {choices}")
SURPLUS_METHOD_UNKNOWN = gettext_noop("surplus method must be one of {choices}")
FLOOR_NEGATIVE = gettext_noop("floor must not be negative")
BUDGET_NEGATIVE = gettext_noop("budget must not be negative")
DUPLICATE_SCHEME = gettext_noop("duplicate scheme in the programme")
SCHEME_METHOD_UNKNOWN = gettext_noop("scheme {scheme}: method must be one of {choices}")
SCHEME_NEEDS_INDICATOR = {
    "key": gettext_noop("scheme {scheme}: method key needs an indicator"),
    "rate": gettext_noop("scheme {scheme}: method rate needs an indicator"),
}
KEY_NEEDS_BUDGET = gettext_noop("scheme {scheme}: method key needs a non-negative budget")
RATE_NEEDS_RATE = gettext_noop("scheme {scheme}: method rate needs a non-negative rate")
DECIDED_NEGATIVE = gettext_noop("decided amounts must not be negative")
CONTINUATION_YEAR_OUTSIDE = gettext_noop("continuation year {year} is outside the programme years")
CONTINUATION_NEGATIVE = gettext_noop("continuation amounts must not be negative")
SURPLUS_NEEDS_INDICATOR = gettext_noop("surplus method indicator needs surplus_indicator")
SURPLUS_WEIGHTS_ZERO = gettext_noop("the surplus weights sum to zero")
BASE_TOTAL_ZERO = gettext_noop("the base-year total is zero, so later years cannot be indexed")
