"""Reads for calls and applications, scoped to the user who asks."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet

from samla.accounts import access
from samla.accounts.access import scope_of
from samla.accounts.models import Role
from samla.calls.models import Application, Assessment, Call, DeadlineExtension, PoliticalDecision, ProgrammeRound
from samla.core.selection import Candidate
from samla.registry.models import IndicatorValue, Municipality, Region

NOT_ALLOWED_TO_READ = "you may not read this application"
POPULATION_MISSING = "no {indicator} value for {year} for municipalities {numbers}"


def deadline_for(call: Call, municipality: Municipality, *, final: bool = False) -> datetime.datetime:
    """The call's deadline for this municipality, moved by the county governor's extension if any."""
    deadline = call.final_deadline if final else call.preliminary_deadline
    extension = DeadlineExtension.objects.filter(call=call, municipality=municipality).first()
    return max(deadline, extension.until) if extension else deadline


def applications_visible_to(user) -> QuerySet[Application]:
    """Own municipality's applications; the region's for its county governor and resource group; all for
    the directorate."""
    scope = scope_of(user)
    qs = Application.objects.select_related("call__region", "municipality")
    if Role.DIRECTORATE in scope.national:
        return qs
    regions = scope.regions.get(Role.COUNTY_GOVERNOR, frozenset()) | scope.regions.get(
        Role.RESOURCE_GROUP, frozenset())
    return qs.filter(Q(municipality_id__in=scope.municipalities) | Q(call__region_id__in=regions))


def application_for(user, pk: int) -> Application:
    """One application by id; ``PermissionDenied`` both when it is out of scope and when it does not exist,
    so guessing ids tells nothing."""
    application = Application.objects.select_related("call__region", "municipality").filter(pk=pk).first()
    if application is None or not access.can_read_application(user, application):
        raise PermissionDenied(NOT_ALLOWED_TO_READ)
    return application


def political_decision_of(application: Application) -> PoliticalDecision | None:
    """The political decision, or ``None`` while it is missing (shown as missing on the application)."""
    return PoliticalDecision.objects.filter(application=application).first()


def assessments_visible_to(user, application: Application) -> QuerySet[Assessment]:
    """A resource-group member sees only their own assessment until they have submitted it; then all.

    The county governor and the directorate see all; anyone else none.
    """
    qs = Assessment.objects.filter(application=application).select_related("member").prefetch_related(
        "scores__criterion")
    if access.can_read_all_assessments(user, application):
        return qs
    if not access.can_assess(user, application):
        return qs.none()
    if qs.filter(member=user).exists():
        return qs
    return qs.none()


def _population(programme_round: ProgrammeRound, applications: QuerySet[Application]) -> dict[int, int]:
    """Population per application id from the registry indicator named by the round."""
    values = dict(IndicatorValue.objects.filter(
        indicator__code=programme_round.population_indicator, year=programme_round.population_year,
        municipality__in=applications.values("municipality")).values_list("municipality_id", "value"))
    missing = sorted(a.municipality.number for a in applications if a.municipality_id not in values)
    if missing:
        raise ValidationError(POPULATION_MISSING.format(indicator=programme_round.population_indicator,
                                                        year=programme_round.population_year,
                                                        numbers=", ".join(missing)), code="population_missing")
    return {a.pk: int(values[a.municipality_id]) for a in applications}


def submitted_in_round(programme_round: ProgrammeRound) -> QuerySet[Application]:
    return Application.objects.filter(call__programme_round=programme_round,
                                      status=Application.Status.SUBMITTED).select_related("municipality",
                                                                                          "call__region")


def candidates_for_round(programme_round: ProgrammeRound, selected_ids: Collection[int],
                         only_ids: Collection[int] | None = None) -> list[Candidate]:
    """The round's submitted applications (or those in ``only_ids``) as input to the decision check."""
    applications = submitted_in_round(programme_round)
    if only_ids is not None:
        applications = applications.filter(pk__in=only_ids)
    population = _population(programme_round, applications)
    with_decision = set(PoliticalDecision.objects.filter(application__in=applications)
                        .values_list("application_id", flat=True))
    return [Candidate(number=a.municipality.number, region=a.call.region.code, population=population[a.pk],
                      political_decision=a.pk in with_decision, selected=a.pk in selected_ids)
            for a in applications]


def population_by_number(programme_round: ProgrammeRound, region: Region | None = None) -> dict[str, int]:
    """Municipality number → population for the round's submitted applications (of one region, or all)."""
    applications = submitted_in_round(programme_round)
    if region is not None:
        applications = applications.filter(call__region=region)
    population = _population(programme_round, applications)
    return {a.municipality.number: population[a.pk] for a in applications}
