"""Reads for the allocation rules pages: access, continuations, and whether the engine accepts the programme.

The engine (``samla.core.allocation``) is the one place the allocation rules are checked. ``engine_problem``
asks it about a stored programme; a programme whose participants are not decided yet is checked with one
stand-in participant, so every rule except the participants' own data (awards, indicators, decisions) is
checked. ``engine_problem_text`` says the engine's problem in the active language (see texts.py).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.allocation.models import Continuation, Programme
from samla.allocation.selectors import programme_by_slug, programme_spec
from samla.allocation.texts import error_text
from samla.core.allocation import AllocationError, MunicipalityRef, ProgrammeSpec, allocate
from samla.core.allocation.model import indicator_year

NOT_ALLOWED = _("You do not have access to this page.")
STAND_IN = "0000"  # the stand-in participant's number: no real municipality number starts with 00


def programme_for_rules(user, slug: str) -> Programme:
    """The programme, if the user may change its allocation rules (the directorate); ``PermissionDenied``
    for a missing programme as well, so a guessed slug reveals nothing."""
    programme = programme_by_slug(slug)
    if programme is None or not access.can_manage_allocation(user):
        raise PermissionDenied(NOT_ALLOWED)
    return programme


def continuations_of(programme: Programme) -> QuerySet[Continuation]:
    return programme.continuations.select_related("municipality", "scheme").order_by(
        "year", "municipality__name", "scheme__key")


def continuation_for(user, programme: Programme, pk: int) -> Continuation:
    """One continuation of the programme; ``PermissionDenied`` alike for a missing one and one of another
    programme."""
    continuation = continuations_of(programme).filter(pk=pk).first()
    if continuation is None or not access.can_manage_allocation(user):
        raise PermissionDenied(NOT_ALLOWED)
    return continuation


def continuation_totals(programme: Programme) -> list[tuple[int, int, int]]:
    """(year, total NOK, number of continuations) for every programme year, zeros included."""
    sums = {row["year"]: (row["total"], row["n"]) for row in programme.continuations.values("year").annotate(
        total=Sum("amount"), n=Count("id"))}
    return [(year, *sums.get(year, (0, 0))) for year in programme.years]


# --- The engine's verdict ---------------------------------------------------------------------------------

def _with_stand_in(spec: ProgrammeSpec) -> ProgrammeSpec:
    """The programme's rules with one stand-in participant and no participant data. An indicator used by a
    distribution key or the surplus counts 1 for it (so its sum is not zero); one used only by a rate counts 0
    (so a budget check does not fail on an invented amount). If the rules fail here, they fail for any
    participants."""
    weighted = {(r.indicator, indicator_year(spec, r)) for r in spec.schemes if r.method == "key" and r.indicator}
    if spec.surplus_indicator:
        year = spec.surplus_indicator_year if spec.surplus_indicator_year is not None else spec.base_year - 1
        weighted.add((spec.surplus_indicator, year))
    rated = {(r.indicator, indicator_year(spec, r)) for r in spec.schemes if r.method == "rate" and r.indicator}
    indicators = {(STAND_IN, code, year): Decimal(0) for code, year in rated}
    indicators |= {(STAND_IN, code, year): Decimal(1) for code, year in weighted}
    return dataclasses.replace(spec, municipalities=(MunicipalityRef(STAND_IN, "–"),), awards={},
                               indicators=indicators, decided={}, continuations=())


def engine_problem(programme: Programme) -> AllocationError | None:
    """The engine's objection to the programme as stored now, or None when it computes the allocation."""
    spec = programme_spec(programme)
    if not spec.municipalities:
        spec = _with_stand_in(spec)
    try:
        allocate(spec)
    except AllocationError as error:
        return error
    return None


def engine_problem_text(error: AllocationError) -> str:
    """The engine's problem as a sentence in the active language (the engine's own wording, translated)."""
    return error_text(error)
