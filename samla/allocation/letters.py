"""Award letters (tildelingsbrev): the content from a locked run, rendered to PDF with WeasyPrint.

Letters are always in bokmål, whatever language the directorate's browser uses.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from samla.allocation.models import AllocationRun
from samla.allocation.selectors import StoredAllocation
from samla.registry.models import Municipality
from samla.registry.selectors import office_name_on


@dataclass(frozen=True)
class PooledScheme:
    chapter: str
    post: str
    title: str
    ministry: str


@dataclass(frozen=True)
class LetterContent:
    programme: str
    sender: str
    recipient: str
    municipality_number: str
    region: str
    letter_date: datetime.date
    case_number: str
    amounts: tuple[tuple[int, int], ...]  # (year, NOK)
    total: int
    schemes: tuple[PooledScheme, ...]
    run_number: int
    run_digest: str


# Where a letter's case number comes from. The calls app builds on this one (a call belongs to a programme), so
# it registers its source when it starts (samla/calls/apps.py): allocation never imports calls.
CaseNumberSource = Callable[[int, Municipality], str]  # (programme id, municipality) → case number or ""
_case_number_sources: list[CaseNumberSource] = []


def register_case_number_source(source: CaseNumberSource) -> None:
    if source not in _case_number_sources:
        _case_number_sources.append(source)


def case_number_of(run: AllocationRun, municipality: Municipality) -> str:
    """The case number of the programme's case for the municipality (the call in its region, when the programme
    went through a call), or ""."""
    for source in _case_number_sources:
        if number := source(run.programme_id, municipality):
            return number
    return ""


def letter_content(*, allocation: StoredAllocation, municipality: Municipality,
                   today: datetime.date) -> LetterContent:
    """What the letter says: the decided amounts of ``allocation`` (a locked run) for ``municipality``."""
    run = allocation.run
    amounts = tuple((year, amount) for year in allocation.years
                    if (amount := allocation.amount_for(municipality.pk, year)) is not None)
    schemes = tuple(
        PooledScheme(rule.scheme.chapter, rule.scheme.post, rule.scheme.title, rule.scheme.ministry)
        for rule in run.programme.schemes.select_related("scheme")
    )
    region = municipality.region
    return LetterContent(
        programme=run.programme.name, sender=office_name_on(region, today) if region else "",  # named as on the date
        recipient=municipality.name,
        municipality_number=municipality.number, region=region.name if region else "", letter_date=today,
        case_number=case_number_of(run, municipality), amounts=amounts, total=sum(a for _, a in amounts),
        schemes=schemes, run_number=run.number, run_digest=run.result_sha256,
    )


def letter_html(content: LetterContent) -> str:
    with translation.override("nb"):
        return render_to_string("allocation/letter_pdf.html", {"letter": content})


def letter_pdf(content: LetterContent) -> bytes:
    from weasyprint import HTML  # heavy import, only when letters are made

    return HTML(string=letter_html(content)).write_pdf()
