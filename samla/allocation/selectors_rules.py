"""Reads for the allocation rules pages: access, continuations, and whether the engine accepts the programme.

The engine (``samla.core.allocation``) is the one place the allocation rules are checked. ``engine_problem``
asks it about a stored programme; a programme whose participants are not decided yet is checked with one
stand-in participant, so every rule except the participants' own data (awards, indicators, decisions) is
checked. ``engine_problem_text`` says the engine's (English) problem in the active language.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.allocation.models import Continuation, Programme
from samla.allocation.selectors import programme_by_slug, programme_spec
from samla.allocation.templatetags.samla_format import format_nok
from samla.core.allocation import AllocationError, MunicipalityRef, ProgrammeSpec, allocate
from samla.core.allocation import errors as E
from samla.core.allocation.engine import indicator_year

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


# The engine's messages in the user's language. The templates are the engine's own (its constants where it has
# them); a message that matches none is shown in English after ENGINE_OTHER.
ENGINE_MESSAGES: list[tuple[str, object]] = [
    (E.NO_GROWTH, _("There is no growth factor for %(year)s.")),
    (E.HOLD_HARMLESS_EXCEEDS_BUDGET, _("Hold-harmless cannot be met: the pots sum to %(pots)s NOK, more than the "
                                       "budget of %(budget)s NOK.")),
    (E.BUDGET_NOT_MULTIPLE, _("The budget %(budget)s NOK is not a multiple of the rounding unit %(unit)s NOK.")),
    (E.INDICATOR_SUM_ZERO, _("Scheme %(scheme)s: the indicator %(indicator)s (%(year)s) sums to zero over the "
                             "participants.")),
    (E.MISSING_INDICATOR, _("Scheme %(scheme)s: municipality %(municipality)s has no value of the indicator "
                            "%(indicator)s for %(year)s.")),
    (E.DECIDED_INCOMPLETE, _("The decided amounts must cover every participant; missing: %(missing)s.")),
    (E.DECIDED_WRONG_YEAR, _("Decided amounts are for the first year %(base)s, not %(year)s.")),
    (E.UNKNOWN_MUNICIPALITY, _("Municipality %(number)s does not take part in the programme.")),
    (E.UNKNOWN_SCHEME, _("Scheme %(key)s is not pooled in the programme.")),
    (E.NO_PARTICIPANTS, _("The programme has no participating municipalities.")),
    ("scheme {scheme}: method {method} needs an indicator",
     _("Scheme %(scheme)s: the method %(method)s needs an indicator.")),
    ("scheme {scheme}: method key needs a non-negative budget",
     _("Scheme %(scheme)s: a distribution key needs the scheme's budget.")),
    ("scheme {scheme}: method rate needs a non-negative rate",
     _("Scheme %(scheme)s: a rate per unit needs the rate.")),
    ("surplus method indicator needs surplus_indicator",
     _("Sharing the budget surplus by indicator needs the indicator. Choose one, or share the surplus another "
       "way.")),
    ("the surplus weights sum to zero", _("The weights for sharing the budget surplus sum to zero.")),
    ("the base-year total is zero, so later years cannot be indexed",
     _("The total of the first year is zero, so the later years cannot be indexed.")),
    ("continuation year {year} is outside the programme years",
     _("The continuation's year %(year)s is outside the programme years.")),
]
ENGINE_OTHER = _("The allocation engine reports: %(error)s")
MONEY_PARAMS = {"budget", "unit", "pots"}
METHOD_NAMES = {"historical": _("historical award"), "key": _("distribution key"), "rate": _("rate per unit")}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")


_PATTERNS = [(_pattern(template), message) for template, message in ENGINE_MESSAGES]


def engine_problem_text(error: AllocationError) -> str:
    """The engine's problem in the active language."""
    text = str(error)
    for pattern, message in _PATTERNS:
        match = pattern.match(text)
        if match:
            params = match.groupdict()
            if "method" in params:
                params["method"] = str(METHOD_NAMES.get(params["method"], params["method"]))
            for name in MONEY_PARAMS & params.keys():
                digits = params[name].replace(" ", "")
                params[name] = format_nok(int(digits)) if digits.isdigit() else params[name]
            return str(message) % params if params else str(message)
    return str(ENGINE_OTHER) % {"error": text}
