"""Charts of the follow-up overviews, drawn in HTML (bars as widths), each with its caption as text alternative
and the same numbers in a table beside it (WCAG 1.1.1). No image is rendered per request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from samla.followup.models import AgeBand, PreventionLevel
from samla.followup.selectors import ProjectFacts


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: int  # width of the bar, of the largest


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]


def _bars(items: Sequence[tuple[str, int]]) -> tuple[Bar, ...]:
    largest = max((v for _, v in items), default=0) or 1
    return tuple(Bar(label, value, round(100 * value / largest)) for label, value in items)


def age_band_chart(facts: Sequence[ProjectFacts]) -> BarChart:
    """How many measures reach each age band, over the projects shown (a measure may reach several)."""
    items = [(str(label), sum(f.by_age_band[band] for f in facts)) for band, label in AgeBand.choices]
    return BarChart(str(_("Measures by target age band")),
                    str(_("Number of measures that reach each age band, over the municipalities shown. "
                          "A measure may reach several bands.")), _bars(items))


def prevention_chart(facts: Sequence[ProjectFacts]) -> BarChart:
    items = [(str(label), sum(f.by_prevention_level[level] for f in facts)) for level, label in
             PreventionLevel.choices]
    return BarChart(str(_("Measures by prevention level")),
                    str(_("Number of measures at each prevention level, over the municipalities shown.")),
                    _bars(items))
