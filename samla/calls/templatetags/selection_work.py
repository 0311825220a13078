"""``{% selection_work user as work %}``: the assessment and selection part of "Mitt arbeid", so the dashboard
template can include ``calls/selection/_dashboard.html`` without its view knowing about these pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from samla.calls import selectors

register = template.Library()


@dataclass(frozen=True)
class SelectionWork:
    to_assess: list[Any]
    assessed_count: int
    calls_to_recommend: list[Any]
    calls_forwarded: list[Any]
    rounds_to_decide: list[Any]

    @property
    def any(self) -> bool:
        return bool(self.to_assess or self.assessed_count or self.calls_to_recommend or self.calls_forwarded
                    or self.rounds_to_decide)


@register.simple_tag
def selection_work(user) -> SelectionWork:
    assess = selectors.applications_to_assess(user)
    calls = list(selectors.calls_governed_by(user))
    return SelectionWork(
        to_assess=list(assess.filter(assessed_by_me=False)[:20]),
        assessed_count=assess.filter(assessed_by_me=True).count(),
        calls_to_recommend=[c for c in calls if not c.forwarded and c.submitted_count],
        calls_forwarded=[c for c in calls if c.forwarded],
        rounds_to_decide=list(selectors.rounds_awaiting_decision(user)),
    )


@register.filter(name="band_text")
def band_text_filter(label: str) -> str:
    """A size band label ("5000-19999") in words, in the active language."""
    from samla.calls.forms.selection import band_text

    return band_text(label) if label else ""
