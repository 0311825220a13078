"""Input and output types of the survey statistics. Values are exact internally; floats only on output."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple, overload

DK = "dk"
"""The "vet ikke / not relevant" answer: stored outside the 1–5 scale, counted in ``n_dk``."""

SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
DEFAULT_MIN_GROUP = 3

Value = int | str | None


class SurveyInputError(ValueError):
    """Answers or a responses file cannot be used. The message names file and line when known:
    ``"responses.csv:7: duplicate answer ..."``."""


# Message constants (tests assert them).
BAD_VALUE = "value {value!r} is not one of 1, 2, 3, 4, 5, dk or empty"
DUPLICATE = "duplicate answer for municipality {municipality}, wave {wave}, item {item}"
BAD_MIN_GROUP = "the minimum group size must be at least 1, not {min_group}"
UNKNOWN_WAVE = "no answers for wave {wave}"
SAME_WAVE = "a change needs two different waves, not {wave} twice"


class Answer(NamedTuple):
    """One municipality's answer to one item in one wave: 1..5, ``DK`` or ``None`` (missing).

    A named tuple: immutable, and cheap enough to make 64 260 of when a national file is read."""

    municipality: str
    wave: str
    item: str
    value: Value


class Responses(Sequence[Answer]):
    """Answers kept as four columns, as ``read_long_csv`` gives them: already checked (no two answers of one
    municipality to one item in one wave, every value 1..5, ``DK`` or ``None``), so the statistics count them in
    bulk. It is a sequence of ``Answer`` (made when asked) and equals a list of the same answers."""

    __slots__ = ("municipalities", "waves", "items", "values")

    def __init__(self, municipalities: Sequence[str], waves: Sequence[str], items: Sequence[str],
                 values: Sequence[Value]) -> None:
        self.municipalities, self.waves, self.items, self.values = municipalities, waves, items, values

    @classmethod
    def of(cls, answers: Iterable[Answer]) -> Responses:
        rows = list(answers)
        if not rows:
            return cls((), (), (), ())
        m, w, i, v = zip(*rows, strict=True)
        return cls(m, w, i, v)

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> Answer: ...
    @overload
    def __getitem__(self, index: slice) -> list[Answer]: ...
    def __getitem__(self, index: int | slice) -> Answer | list[Answer]:
        if isinstance(index, slice):
            return list(self)[index]
        return Answer(self.municipalities[index], self.waves[index], self.items[index], self.values[index])

    def __iter__(self) -> Iterator[Answer]:
        make = tuple.__new__  # what Answer(...) makes, without the named tuple's Python-level __new__
        return (make(Answer, row) for row in zip(self.municipalities, self.waves, self.items, self.values,
                                                   strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Responses({len(self)} answers)"


@dataclass(frozen=True, slots=True)
class ItemStats:
    """Statistics of one item in one wave.

    ``n`` counts answers on the scale; ``n_dk`` the "don't know" answers; ``n_missing`` empty ones.
    ``mean`` and ``median`` are None when n = 0; ``sd`` is the sample standard deviation (n − 1),
    None when n < 2. ``distribution`` maps every scale value 1..5 to its count. The ``exact_*`` fields
    hold the same figures as Fractions (the variance instead of the standard deviation).
    """

    item: str
    wave: str
    n: int
    n_dk: int
    n_missing: int
    mean: float | None
    sd: float | None
    median: float | None
    distribution: dict[int, int]
    exact_mean: Fraction | None = field(default=None, compare=False)
    exact_variance: Fraction | None = field(default=None, compare=False)
    exact_median: Fraction | None = field(default=None, compare=False)

    @property
    def total(self) -> int:
        """Every row of the item in the wave: answered, don't know and missing."""
        return self.n + self.n_dk + self.n_missing


@dataclass(frozen=True, slots=True)
class Change:
    """Change of an item's mean between two waves: ``diff`` in scale points and ``change_pct`` =
    (mean_to − mean_from) / mean_from × 100. None where a mean is missing (n = 0), where mean_from is 0
    (``change_pct`` only), or where either wave's statistics are suppressed (``suppressed`` is then True)."""

    item: str
    from_wave: str
    to_wave: str
    diff: float | None
    change_pct: float | None
    suppressed: bool = False
    exact_diff: Fraction | None = field(default=None, compare=False)
    exact_change_pct: Fraction | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One municipality's own answer to an item in a wave beside the group's statistics.

    The group is every municipality with a row for the item in the wave (the municipality included).
    When fewer than ``min_group`` municipalities answered on the scale, ``suppressed`` is True and the
    group's mean, standard deviation and median are None; ``group_n`` is always given.
    """

    item: str
    wave: str
    municipality: str
    own: Value
    group_n: int
    group_mean: float | None
    group_sd: float | None
    group_median: float | None
    suppressed: bool
