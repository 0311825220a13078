"""“Mitt arbeid”: what the user can do now, per role held."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samla.accounts import access
from samla.accounts.access import scope_of
from samla.accounts.models import Role
from samla.calls import selectors


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_open_work(user):
        raise PermissionDenied
    scope = scope_of(user)
    regional = {role: ids for role, ids in scope.regions.items() if ids}
    calls = selectors.calls_visible_to(user).order_by("-published_at")
    governed = regional.get(Role.COUNTY_GOVERNOR, frozenset())
    governor_calls = [(call, selectors.application_counts(selectors.applications_visible_to(user).filter(call=call)))
                      for call in calls.filter(region_id__in=governed)]
    context = {
        "is_directorate": Role.DIRECTORATE in scope.national,
        "is_national_reader": bool(scope.national - {Role.DIRECTORATE}),
        "rounds": selectors.programme_rounds_visible_to(user) if scope.national or governed else [],
        "governor_calls": governor_calls,
        "publishable_rounds": selectors.rounds_to_publish(user) if governed else [],
        "is_resource_group": Role.RESOURCE_GROUP in regional,
        "resource_group_applications": selectors.with_decision_flag(selectors.applications_visible_to(user).filter(
            call__region_id__in=regional.get(Role.RESOURCE_GROUP, frozenset()))) if Role.RESOURCE_GROUP in regional
        else [],
        "is_competence_centre": Role.COMPETENCE_CENTRE in regional,
        "region_calls": calls.filter(region_id__in=regional.get(Role.RESOURCE_GROUP, frozenset())
                                     | regional.get(Role.COMPETENCE_CENTRE, frozenset())),
        "all_calls": calls if scope.national else [],
        "is_municipality": bool(scope.municipalities),
        "own_applications": selectors.with_decision_flag(
            selectors.applications_visible_to(user).filter(municipality_id__in=scope.municipalities)
            .select_related("call__programme_round__programme")) if scope.municipalities else [],
        "open_calls": selectors.open_calls_for_municipalities(user),
        "award_letters": selectors.award_letters_of(user, scope.municipalities) if scope.municipalities else [],
        "has_role": bool(scope.national or regional or scope.municipalities),
    }
    return render(request, "calls/dashboard.html", context)
