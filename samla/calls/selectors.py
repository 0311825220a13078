"""Reads for calls and applications, scoped to the user who asks."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samla.accounts import access
from samla.accounts.access import scope_of
from samla.accounts.models import Role
from samla.allocation.models import AwardLetter
from samla.audit.models import AuditEvent
from samla.audit.selectors import audit_events_for
from samla.calls.models import (
    Application,
    Assessment,
    Call,
    Criterion,
    CriterionScore,
    DeadlineExtension,
    PoliticalDecision,
    ProgrammeRound,
    RankedCandidate,
    Recommendation,
    StratifiedDraw,
)
from samla.core.selection import (
    Candidate,
    Rules,
    Violation,
    band_labels,
    selection_violations,
    size_band,
    stratified_draw,
)
from samla.registry.models import IndicatorValue, Municipality, Region
from samla.registry.selectors import office_name_on

NOT_ALLOWED_TO_READ = "you may not read this application"
NOT_ALLOWED_TO_READ_ROUND = "you may not read this programme round"
NOT_ALLOWED_TO_READ_CALL = "you may not read this call"
POPULATION_MISSING = "no {indicator} value for {year} for municipalities {numbers}"


def deadline_for(call: Call, municipality: Municipality, *, final: bool = False) -> datetime.datetime:
    """The call's deadline for this municipality, moved by the county governor's extension if any."""
    deadline = call.final_deadline if final else call.preliminary_deadline
    extension = DeadlineExtension.objects.filter(call=call, municipality=municipality).first()
    return max(deadline, extension.until) if extension else deadline


def applications_visible_to(user) -> QuerySet[Application]:
    """The applications a user may know of (status, not text): all for national roles, the region's for
    regional roles, a municipality's own. Whether the text may be read is ``access.can_read_application``."""
    scope = scope_of(user)
    qs = Application.objects.select_related("call__region", "call__programme_round__programme", "municipality")
    if scope.national:
        return qs
    regions = frozenset().union(*scope.regions.values())
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


# --- Pages (samla.calls.views): lists and objects scoped to the user --------------------------------------

def with_decision_flag(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``has_decision`` so lists show a missing political decision without a query per row."""
    return applications.annotate(has_decision=Exists(PoliticalDecision.objects.filter(application=OuterRef("pk"))))


def programme_rounds_visible_to(user) -> QuerySet[ProgrammeRound]:
    scope = scope_of(user)
    qs = ProgrammeRound.objects.select_related("programme").prefetch_related("regions").annotate(
        call_count=Count("calls", distinct=True)).order_by("-programme__first_year", "programme__name")
    if scope.national:
        return qs
    return qs.filter(regions__in=scope.regions.get(Role.COUNTY_GOVERNOR, frozenset())).distinct()


def programme_round_for(user, pk: int) -> ProgrammeRound:
    """One round by id; ``PermissionDenied`` when missing or out of scope (the same answer)."""
    programme_round = ProgrammeRound.objects.select_related("programme").filter(pk=pk).first()
    if programme_round is None or not access.can_read_programme_round(user, programme_round):
        raise PermissionDenied(NOT_ALLOWED_TO_READ_ROUND)
    return programme_round


def calls_visible_to(user) -> QuerySet[Call]:
    """National roles: every call; regional roles: their regions'; municipalities: their region's."""
    scope = scope_of(user)
    qs = Call.objects.select_related("programme_round__programme", "region")
    if scope.national:
        return qs
    regions = set().union(*scope.regions.values()) if scope.regions else set()
    regions |= set(Municipality.objects.filter(pk__in=scope.municipalities).values_list("region_id", flat=True))
    return qs.filter(region_id__in=regions)


def call_office(call: Call) -> str:
    """The county-governor office that published the call, named as it was on the day of publication."""
    return office_name_on(call.region, timezone.localdate(call.published_at))


def call_for(user, pk: int) -> Call:
    call = Call.objects.select_related("programme_round__programme", "region").filter(pk=pk).first()
    if call is None or not access.can_read_call(user, call):
        raise PermissionDenied(NOT_ALLOWED_TO_READ_CALL)
    return call


@dataclass(frozen=True)
class OpenCall:
    """An open call a municipality may apply to, its own deadline and its application (if started)."""

    call: Call
    municipality: Municipality
    deadline: datetime.datetime
    application: Application | None


def own_applications_to(user, call: Call) -> list[OpenCall]:
    """The user's municipalities in the call's region, each with its deadline and application (if started)."""
    scope = scope_of(user)
    municipalities = Municipality.objects.filter(pk__in=scope.municipalities, region_id=call.region_id)
    applications = {a.municipality_id: a for a in with_decision_flag(
        Application.objects.filter(call=call, municipality__in=municipalities))}
    return [OpenCall(call, m, deadline_for(call, m), applications.get(m.pk)) for m in municipalities]


def open_calls_for_municipalities(user) -> list[OpenCall]:
    """Calls of open rounds in the regions of the user's municipalities, with each municipality's deadline."""
    scope = scope_of(user)
    regions = Municipality.objects.filter(pk__in=scope.municipalities).values("region_id")
    calls = Call.objects.filter(region_id__in=regions, programme_round__status=ProgrammeRound.Status.OPEN
                                ).select_related("programme_round__programme", "region")
    return [row for call in calls for row in own_applications_to(user, call)]


def regions_to_publish(user, programme_round: ProgrammeRound) -> QuerySet[Region] | None:
    """Regions of the round the user governs that have no call yet; ``None`` if the user governs none of them."""
    governed = programme_round.regions.filter(pk__in=scope_of(user).regions.get(Role.COUNTY_GOVERNOR, frozenset()))
    if not governed.exists():
        return None
    return governed.exclude(calls__programme_round=programme_round).order_by("name")


def application_filter_choices(user) -> tuple[QuerySet[ProgrammeRound], QuerySet[Region]]:
    """The rounds and regions the user's application list can be filtered by."""
    calls = calls_visible_to(user)
    rounds = ProgrammeRound.objects.filter(calls__in=calls).select_related("programme").distinct()
    return rounds, Region.objects.filter(calls__in=calls).distinct().order_by("name")


def rounds_to_publish(user) -> list[ProgrammeRound]:
    """Open rounds with a region the user governs that has no call yet."""
    governed = scope_of(user).regions.get(Role.COUNTY_GOVERNOR, frozenset())
    rounds = ProgrammeRound.objects.filter(status=ProgrammeRound.Status.OPEN, regions__in=governed).distinct()
    return [r for r in rounds.select_related("programme") if regions_to_publish(user, r).exists()]


def applications_filtered(applications: QuerySet[Application], *, programme_round: ProgrammeRound | None = None,
                          region: Region | None = None, status: str = "", decision: str = "",
                          search: str = "") -> QuerySet[Application]:
    """The application list's filters; ``decision`` is "present" or "missing"."""
    qs = with_decision_flag(applications).select_related("call__programme_round__programme")
    if programme_round is not None:
        qs = qs.filter(call__programme_round=programme_round)
    if region is not None:
        qs = qs.filter(call__region=region)
    if status:
        qs = qs.filter(status=status)
    if decision == "present":
        qs = qs.filter(has_decision=True)
    elif decision == "missing":
        qs = qs.filter(has_decision=False)
    if search.strip():
        qs = qs.filter(municipality__name__icontains=search.strip())
    return qs.order_by("call__programme_round__programme__name", "call__region__name", "municipality__name")


@dataclass(frozen=True)
class ApplicationCounts:
    draft: int
    submitted: int
    missing_decision: int


def application_counts(applications: QuerySet[Application]) -> ApplicationCounts:
    qs = with_decision_flag(applications)
    return ApplicationCounts(draft=qs.filter(status=Application.Status.DRAFT).count(),
                             submitted=qs.filter(status=Application.Status.SUBMITTED).count(),
                             missing_decision=qs.filter(has_decision=False).count())


def political_decision_for(user, pk: int) -> PoliticalDecision:
    """A political decision by id, for its document; the same ``PermissionDenied`` if missing or not readable."""
    decision = PoliticalDecision.objects.select_related("application__call", "application__municipality").filter(
        pk=pk).first()
    if decision is None or not access.can_read_application(user, decision.application):
        raise PermissionDenied(NOT_ALLOWED_TO_READ)
    return decision


def application_history(application: Application) -> QuerySet[AuditEvent]:
    """Audited events of the application and of its political decision, oldest first."""
    events = audit_events_for(application)
    decision = political_decision_of(application)
    if decision is not None:
        events = events | audit_events_for(decision)
    return events.select_related("actor").order_by("at", "id")


# --- Assessment, recommendation, decision and draw pages ---------------------------------------------------

SCORE_PLACES = Decimal("0.1")


def _mean(value: float | None) -> Decimal | None:
    """A mean score for display, to one decimal (scores are not money; the average comes from the database)."""
    return None if value is None else Decimal(str(value)).quantize(SCORE_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionSummary:
    criterion: Criterion
    mean: Decimal | None
    count: int


def assessment_summary(application: Application, assessments: QuerySet[Assessment]) -> list[CriterionSummary]:
    """Mean score and number of scores per criterion of the call, over the given (visible) assessments."""
    stats = {row["criterion"]: row for row in CriterionScore.objects.filter(assessment__in=assessments)
             .values("criterion").annotate(mean=Avg("score"), n=Count("id"))}
    return [CriterionSummary(c, _mean(stats.get(c.pk, {}).get("mean")), stats.get(c.pk, {}).get("n", 0))
            for c in application.call.criteria_items.all()]


def applications_to_assess(user) -> QuerySet[Application]:
    """Submitted applications in the regions where ``user`` sits in the resource group, with whether the user
    has assessed each and how many have."""
    regions = scope_of(user).regions.get(Role.RESOURCE_GROUP, frozenset())
    mine = Assessment.objects.filter(application=OuterRef("pk"), member_id=user.pk)
    return (Application.objects.filter(call__region_id__in=regions, status=Application.Status.SUBMITTED)
            .select_related("call__region", "call__programme_round__programme", "municipality")
            .annotate(assessed_by_me=Exists(mine), assessment_count=Count("assessments", distinct=True),
                      has_political_decision_flag=Exists(PoliticalDecision.objects.filter(
                          application=OuterRef("pk"))))
            .order_by("assessed_by_me", "call__preliminary_deadline", "municipality__name"))


def calls_governed_by(user) -> QuerySet[Call]:
    """The calls of the regions where ``user`` is county governor, with the number of submitted applications
    and whether the recommendation has been forwarded."""
    regions = scope_of(user).regions.get(Role.COUNTY_GOVERNOR, frozenset())
    submitted = Count("applications", filter=Q(applications__status=Application.Status.SUBMITTED), distinct=True)
    return (Call.objects.filter(region_id__in=regions)
            .select_related("region", "programme_round__programme")
            .annotate(submitted_count=submitted,
                      forwarded=Exists(Recommendation.objects.filter(call=OuterRef("pk"))))
            .order_by("forwarded", "-published_at"))


def rounds_awaiting_decision(user) -> QuerySet[ProgrammeRound]:
    """For the directorate: rounds with at least one forwarded recommendation and no decision yet."""
    if not access.can_decide_selection(user):
        return ProgrammeRound.objects.none()
    forwarded = Recommendation.objects.filter(call__programme_round=OuterRef("pk"))
    return (ProgrammeRound.objects.select_related("programme")
            .filter(Exists(forwarded), decision__isnull=True).order_by("programme__name"))


def call_for_recommendation(user, pk: int) -> Call:
    """One call whose recommendation ``user`` may read (its county governor, the directorate); a missing call
    and a call out of scope both give ``PermissionDenied``."""
    call = Call.objects.select_related("region", "programme_round__programme").filter(pk=pk).first()
    if call is None or not access.can_read_recommendation(user, call):
        raise PermissionDenied(NOT_ALLOWED_TO_READ)
    return call


def round_for_directorate(user, pk: int) -> ProgrammeRound:
    """One programme round for the directorate's decision and draw pages; ``PermissionDenied`` otherwise."""
    programme_round = ProgrammeRound.objects.select_related("programme").filter(pk=pk).first()
    if programme_round is None or not access.can_decide_selection(user):
        raise PermissionDenied(NOT_ALLOWED_TO_READ)
    return programme_round


@dataclass(frozen=True)
class ScoreStats:
    mean: Decimal | None
    assessments: int
    yes: int
    maybe: int
    no: int


def score_stats(applications: Collection[Application]) -> dict[int, ScoreStats]:
    """Per application id: mean of every criterion score, number of assessments and their recommendations."""
    ids = [a.pk for a in applications]
    means = dict(CriterionScore.objects.filter(assessment__application_id__in=ids)
                 .values("assessment__application_id").annotate(mean=Avg("score"))
                 .values_list("assessment__application_id", "mean"))
    counts = {row["application_id"]: row for row in Assessment.objects.filter(application_id__in=ids)
              .values("application_id").annotate(
                  n=Count("id"), yes=Count("id", filter=Q(recommendation=Assessment.Recommendation.YES)),
                  maybe=Count("id", filter=Q(recommendation=Assessment.Recommendation.MAYBE)),
                  no=Count("id", filter=Q(recommendation=Assessment.Recommendation.NO)))}
    empty = {"n": 0, "yes": 0, "maybe": 0, "no": 0}
    return {i: ScoreStats(_mean(means.get(i)), counts.get(i, empty)["n"], counts.get(i, empty)["yes"],
                          counts.get(i, empty)["maybe"], counts.get(i, empty)["no"]) for i in ids}


def recommendation_candidates(call: Call) -> list[tuple[Application, ScoreStats, bool]]:
    """The call's submitted applications with their score statistics and whether the political decision is
    recorded, best mean score first (the county governor's starting point)."""
    applications = list(submitted_in_round(call.programme_round).filter(call=call))
    stats = score_stats(applications)
    with_decision = set(PoliticalDecision.objects.filter(application__in=applications)
                        .values_list("application_id", flat=True))
    rows = [(a, stats[a.pk], a.pk in with_decision) for a in applications]
    return sorted(rows, key=lambda r: (-(r[1].mean or 0), r[0].municipality.name))


@dataclass(frozen=True)
class DecisionRow:
    application: Application
    rank: int
    population: int
    size_band: str
    political_decision: bool
    stats: ScoreStats


@dataclass(frozen=True)
class DecisionRegion:
    region: Region
    call: Call | None
    recommendation: Recommendation | None
    rows: list[DecisionRow]


def decision_regions(programme_round: ProgrammeRound) -> list[DecisionRegion]:
    """Every region of the round with its forwarded candidates in the county governor's order.

    Raises ``ValidationError`` (``population_missing``) when the registry lacks a candidate's population.
    """
    ranked = list(RankedCandidate.objects.filter(recommendation__call__programme_round=programme_round)
                  .select_related("application__municipality", "application__call__region")
                  .order_by("recommendation__call__region__name", "rank"))
    applications = Application.objects.filter(pk__in=[r.application_id for r in ranked]).select_related(
        "municipality")
    population = _population(programme_round, applications)
    stats = score_stats([r.application for r in ranked])
    with_decision = set(PoliticalDecision.objects.filter(application__in=applications)
                        .values_list("application_id", flat=True))
    limits = tuple(programme_round.size_band_limits)
    calls = {c.region_id: c for c in Call.objects.filter(programme_round=programme_round)
             .select_related("recommendation__forwarded_by")}
    out = []
    for region in programme_round.regions.order_by("name"):
        call = calls.get(region.pk)
        recommendation = getattr(call, "recommendation", None) if call else None
        rows = [DecisionRow(r.application, r.rank, population[r.application_id],
                            size_band(population[r.application_id], limits), r.application_id in with_decision,
                            stats[r.application_id])
                for r in ranked if r.application.call.region_id == region.pk]
        out.append(DecisionRegion(region, call, recommendation, rows))
    return out


def selection_check(programme_round: ProgrammeRound, selected_ids: Collection[int]) -> list[Violation]:
    """The rule violations of selecting ``selected_ids`` among the round's forwarded applications."""
    forwarded = set(RankedCandidate.objects.filter(recommendation__call__programme_round=programme_round)
                    .values_list("application_id", flat=True))
    candidates = candidates_for_round(programme_round, set(selected_ids), only_ids=forwarded)
    rules = Rules(max_per_region=programme_round.max_per_region,
                  size_band_limits=tuple(programme_round.size_band_limits))
    return selection_violations(candidates, rules)


def draws_of(programme_round: ProgrammeRound) -> QuerySet[StratifiedDraw]:
    return StratifiedDraw.objects.filter(programme_round=programme_round).select_related(
        "region", "drawn_by").order_by("-drawn_at")


def draw_for(user, pk: int) -> StratifiedDraw:
    draw = StratifiedDraw.objects.select_related("programme_round__programme", "region", "drawn_by").filter(
        pk=pk).first()
    if draw is None or not access.can_decide_selection(user):
        raise PermissionDenied(NOT_ALLOWED_TO_READ)
    return draw


@dataclass(frozen=True)
class DrawStratum:
    label: str
    members: list[tuple[str, str, int, bool]]  # number, name, population, drawn


def draw_strata(draw: StratifiedDraw) -> list[DrawStratum]:
    """The recorded draw per size band: every candidate (number, name, population) and whether it was drawn."""
    limits = tuple(draw.programme_round.size_band_limits)
    names = dict(submitted_in_round(draw.programme_round).filter(
        municipality__number__in=list(draw.candidates)).values_list("municipality__number", "municipality__name"))
    strata = []
    for label in band_labels(limits):
        drawn = set(draw.result.get(label, []))
        members = [(n, names.get(n, ""), p, n in drawn) for n, p in sorted(draw.candidates.items())
                   if size_band(p, limits) == label]
        strata.append(DrawStratum(label, members))
    return strata


def draw_preselection(draw: StratifiedDraw) -> set[int]:
    """The forwarded applications of the draw's round whose municipality was drawn."""
    drawn = {n for numbers in draw.result.values() for n in numbers}
    return set(RankedCandidate.objects.filter(recommendation__call__programme_round=draw.programme_round,
                                              application__municipality__number__in=drawn)
               .values_list("application_id", flat=True))


def draw_reproduces(draw: StratifiedDraw) -> bool:
    """Whether drawing again from the recorded candidates with the recorded seed gives the recorded result."""
    return stratified_draw(draw.candidates, draw.per_stratum, draw.seed,
                           tuple(draw.programme_round.size_band_limits)) == draw.result


def call_case_number(programme_id: int, municipality: Municipality) -> str:
    """The case number of the programme's call in the municipality's region ("" without a call): what its award
    letter refers to (registered with samla.allocation.letters)."""
    number = Call.objects.filter(programme_round__programme_id=programme_id,
                                 region_id=municipality.region_id).values_list("case_number", flat=True).first()
    return number or ""

def award_letters_of(user, municipality_ids: Collection[int], *,
                     programme_id: int | None = None) -> list[AwardLetter]:
    """The newest version of each award letter of these municipalities (of one programme, or all) that ``user``
    may read (``access.can_read_award_letter``), by programme: what /work/ and the application link to."""
    letters = (AwardLetter.objects.filter(municipality_id__in=municipality_ids)
               .select_related("programme", "municipality__region")
               .order_by("-programme__first_year", "programme__name", "municipality__name", "-version"))
    if programme_id is not None:
        letters = letters.filter(programme_id=programme_id)
    newest: dict[tuple[int, int], AwardLetter] = {}
    for letter in letters.defer("pdf"):
        newest.setdefault((letter.programme_id, letter.municipality_id), letter)
    return [letter for letter in newest.values() if access.can_read_award_letter(user, letter)]
