"""Selection of participant municipalities: the decision check and a reproducible stratified draw.

Plain Python, no Django. The calls app builds ``Candidate`` rows from applications and the registry,
asks ``selection_violations`` what is wrong with a proposed selection, and records ``stratified_draw``
results together with the seed so anyone can redo the draw.

Size bands are given by their upper limits: ``(5000, 20000, 50000)`` means
``< 5 000``, ``5 000–19 999``, ``20 000–49 999`` and ``≥ 50 000`` inhabitants.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_SIZE_BAND_LIMITS: tuple[int, ...] = (5000, 20000, 50000)
DEFAULT_MAX_PER_REGION = 4

TOO_MANY_IN_REGION = "too_many_in_region"
MISSING_POLITICAL_DECISION = "missing_political_decision"
NO_SIZE_VARIATION = "no_size_variation"

BAND_LIMITS_NOT_INCREASING = "size-band limits must be positive and strictly increasing"
NEGATIVE_POPULATION = "population must not be negative ({number})"
NEGATIVE_DRAW_SIZE = "the number to draw per stratum must not be negative"


@dataclass(frozen=True)
class Candidate:
    number: str
    region: str
    population: int
    political_decision: bool
    selected: bool


@dataclass(frozen=True)
class Rules:
    max_per_region: int = DEFAULT_MAX_PER_REGION
    size_band_limits: tuple[int, ...] = DEFAULT_SIZE_BAND_LIMITS


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule. ``key`` ("code:subject") is what an override names."""

    code: str
    subject: str

    @property
    def key(self) -> str:
        return f"{self.code}:{self.subject}"


def _check_limits(limits: Sequence[int]) -> None:
    if any(x <= 0 for x in limits) or any(b <= a for a, b in zip(limits, limits[1:], strict=False)):
        raise ValueError(BAND_LIMITS_NOT_INCREASING)


def size_band(population: int, limits: Sequence[int] = DEFAULT_SIZE_BAND_LIMITS) -> str:
    """The label of the band ``population`` falls in, e.g. ``"<5000"``, ``"5000-19999"``, ``">=50000"``."""
    _check_limits(limits)
    if population < 0:
        raise ValueError(NEGATIVE_POPULATION.format(number=population))
    lower = 0
    for upper in limits:
        if population < upper:
            return f"<{upper}" if lower == 0 else f"{lower}-{upper - 1}"
        lower = upper
    return f">={lower}"


def band_labels(limits: Sequence[int] = DEFAULT_SIZE_BAND_LIMITS) -> tuple[str, ...]:
    """All band labels from the smallest municipalities to the largest."""
    _check_limits(limits)
    return tuple(size_band(p, limits) for p in (0, *limits))


def selection_violations(candidates: Iterable[Candidate], rules: Rules) -> list[Violation]:
    """What is wrong with the selected candidates, sorted; an empty list means the selection is valid.

    - more than ``rules.max_per_region`` selected in a region;
    - a selected municipality without a political decision;
    - two or more selected in a region, all in the same size band.
    """
    by_region: dict[str, list[Candidate]] = {}
    violations: set[Violation] = set()
    for c in candidates:
        if not c.selected:
            continue
        by_region.setdefault(c.region, []).append(c)
        if not c.political_decision:
            violations.add(Violation(MISSING_POLITICAL_DECISION, c.number))
    for region, chosen in by_region.items():
        if len(chosen) > rules.max_per_region:
            violations.add(Violation(TOO_MANY_IN_REGION, region))
        bands = {size_band(c.population, rules.size_band_limits) for c in chosen}
        if len(chosen) >= 2 and len(bands) == 1:
            violations.add(Violation(NO_SIZE_VARIATION, region))
    return sorted(violations)


def stratified_draw(population_by_number: Mapping[str, int], per_stratum: int | Mapping[str, int], seed: int,
                    limits: Sequence[int] = DEFAULT_SIZE_BAND_LIMITS) -> dict[str, list[str]]:
    """Draw ``per_stratum`` municipality numbers at random within each size band.

    ``per_stratum`` is one number for every band or a number per band label (missing bands: 0). A band
    with fewer candidates than asked gives all of them. The result (band label → sorted numbers, every
    band present) depends only on the seed and the set of candidates, not on their order.
    """
    strata: dict[str, list[str]] = {label: [] for label in band_labels(limits)}
    for number in sorted(population_by_number):
        strata[size_band(population_by_number[number], limits)].append(number)
    rng = random.Random(seed)
    result: dict[str, list[str]] = {}
    for label, numbers in strata.items():  # bands in fixed order, members sorted: order-invariant
        wanted = per_stratum if isinstance(per_stratum, int) else per_stratum.get(label, 0)
        if wanted < 0:
            raise ValueError(NEGATIVE_DRAW_SIZE)
        result[label] = sorted(rng.sample(numbers, min(wanted, len(numbers))))
    return result
