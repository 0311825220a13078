"""Reads for the API, each limited to what the asking user may see (rules in samla.accounts.access).

Every queryset here is the database form of one access predicate; tests/api/test_selectors.py checks that
each returns exactly the objects the predicate allows.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.accounts import access
from samla.accounts.access import scope_of
from samla.allocation.models import Programme
from samla.api.models import ApiToken
from samla.calls.models import Application, Call, ProgrammeRound, SelectionDecision, StratifiedDraw
from samla.registry.models import Municipality

NOT_FOUND = "not found"


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def _regions_of(user) -> frozenset[int]:
    return frozenset().union(*scope_of(user).regions.values())


def programmes_visible_to(user) -> QuerySet[Programme]:
    """Programmes are public (the first page shows them); their rounds are not (``programme_round_of``)."""
    return Programme.objects.select_related("round").order_by("-first_year", "name")


def programme_for(user, slug: str) -> Programme:
    programme = programmes_visible_to(user).filter(slug=slug).first()
    if programme is None:
        raise Http404(NOT_FOUND)
    return programme


def programme_round_of(user, programme: Programme) -> ProgrammeRound | None:
    """The programme's round if it has one the user may read (``access.can_read_programme_round``)."""
    programme_round = ProgrammeRound.objects.filter(programme=programme).first()
    if programme_round is None or not access.can_read_programme_round(user, programme_round):
        return None
    return programme_round


def calls_visible_to(user) -> QuerySet[Call]:
    """``access.can_read_call`` as a queryset: national roles all; regional roles and municipalities their
    region's calls."""
    scope = scope_of(user)
    qs = Call.objects.select_related("region", "programme_round__programme").prefetch_related("criteria_items")
    if scope.national:
        return qs
    own_regions = Municipality.objects.filter(pk__in=scope.municipalities).values("region_id")
    return qs.filter(Q(region_id__in=_regions_of(user)) | Q(region_id__in=own_regions))


def call_for(user, pk: int) -> Call:
    """One call; the same 404 whether it is missing or out of scope."""
    call = calls_visible_to(user).filter(pk=pk).first()
    if call is None or not access.can_read_call(user, call):
        raise Http404(NOT_FOUND)
    return call


def applications_seen_by(user) -> QuerySet[Application]:
    """``access.can_see_application`` as a queryset: status and dates, not necessarily the text."""
    scope = scope_of(user)
    qs = Application.objects.select_related("call__region", "call__programme_round__programme", "municipality",
                                            "political_decision")
    if scope.national:
        return qs
    return qs.filter(Q(municipality_id__in=scope.municipalities) | Q(call__region_id__in=_regions_of(user)))


def application_seen_by(user, pk: int) -> Application:
    """One application; the same 404 whether it is missing or out of scope, so guessed ids tell nothing."""
    application = applications_seen_by(user).filter(pk=pk).first()
    if application is None or not access.can_see_application(user, application):
        raise Http404(NOT_FOUND)
    return application


def selection_decisions_visible_to(user) -> list[SelectionDecision]:
    """Decisions of the rounds the user may read the selection of (``access.can_read_selection``)."""
    decisions = (SelectionDecision.objects.select_related("programme_round__programme")
                 .prefetch_related("selected__municipality", "selected__call__region", "overrides")
                 .order_by("-decided_at", "-pk"))
    return [d for d in decisions if access.can_read_selection(user, d.programme_round)]


def selection_decision_for(user, pk: int) -> SelectionDecision:
    decision = (SelectionDecision.objects.select_related("programme_round__programme")
                .prefetch_related("selected__municipality", "selected__call__region", "overrides")
                .filter(pk=pk).first())
    if decision is None or not access.can_read_selection(user, decision.programme_round):
        raise Http404(NOT_FOUND)
    return decision


def draws_visible_to(user) -> list[StratifiedDraw]:
    draws = StratifiedDraw.objects.select_related("programme_round__programme", "region").order_by("drawn_at", "pk")
    return [d for d in draws if access.can_read_selection(user, d.programme_round)]
