"""Writes for calls, applications, assessments and selection. Each checks role and scope first, runs in a
transaction, validates with ``full_clean()`` and writes one audit event (``samla.audit``)."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samla.accounts import access
from samla.allocation.models import Participant, Programme, ProgrammeScheme
from samla.audit.services import audit_record, snapshot
from samla.calls.models import (
    Application,
    ApplicationReopening,
    Assessment,
    Call,
    ContactPerson,
    Criterion,
    CriterionScore,
    DeadlineExtension,
    PoliticalDecision,
    ProgrammeRound,
    RankedCandidate,
    Recommendation,
    SelectionDecision,
    StratifiedDraw,
    ViolationOverride,
)
from samla.calls.selectors import deadline_for, population_by_number, selection_check
from samla.core.selection import stratified_draw
from samla.registry.models import Municipality, Region
from samla.schemes.models import Scheme

NOT_DIRECTORATE = "only the directorate may do this"
NOT_COUNTY_GOVERNOR = "only the county governor of this region may do this"
NOT_OWN_MUNICIPALITY = "you may only act on your own municipality's application"
NOT_RESOURCE_GROUP = "only resource-group members of this region may assess this application"
ROUND_NOT_DRAFT = "the programme round is no longer a draft"
ROUND_NOT_OPEN = "the programme round is not open for applications"
PROGRAMME_NEEDS_SCHEMES = "choose at least one scheme to pool"
ROUND_HAS_NO_REGIONS = "choose at least one region before opening the round"
REGION_NOT_IN_ROUND = "the region is not part of this programme round"
CALL_NEEDS_CRITERIA = "a call needs at least one criterion"
MUNICIPALITY_NOT_IN_REGION = "the municipality does not belong to the call's region"
DEADLINE_PASSED = "the deadline has passed and no extension has been granted"
EXTENSION_NOT_LATER = "an extension must end after the deadline"
STALE_VERSION = "someone else saved this application after you opened it; reload and apply your changes again"
APPLICATION_NOT_DRAFT = "a submitted application cannot be changed; it must be reopened first"
APPLICATION_NOT_SUBMITTED = "the application has not been submitted"
APPLICATION_INCOMPLETE = "fill in every section and at least one contact person before submitting"
UNKNOWN_FIELD = "unknown application field: {name}"
REASON_REQUIRED = "give a reason"
POLITICAL_DECISION_EXISTS = "the political decision is already recorded"
ALREADY_ASSESSED = "you have already assessed this application"
SCORES_MUST_COVER_CRITERIA = "give a score for every criterion of the call, and only those"
RECOMMENDATION_EXISTS = "the recommendation for this call has already been forwarded"
RANKING_NOT_FROM_CALL = "rank only submitted applications to this call, each once"
RANKING_EMPTY = "rank at least one application"
DECISION_EXISTS = "the selection for this round has already been decided"
SELECTION_NOT_RECOMMENDED = "select only applications the county governors have forwarded"
SELECTION_EMPTY = "select at least one application: a decision that selects nobody is not a decision"
DECISION_HAS_VIOLATIONS = "the selection breaks rules that have not been overridden with a reason: {keys}"
OVERRIDE_UNKNOWN = "these overrides name no violation of this selection: {keys}"
DRAW_NO_CANDIDATES = "there are no submitted applications to draw from"

EDITABLE_FIELDS = ("development_work", "measures", "challenge_picture", "self_assessment")


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str


@dataclass(frozen=True)
class CriterionText:
    title: str
    description: str = ""


@dataclass(frozen=True)
class Score:
    score: int
    comment: str = ""


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Programme round (directorate) -------------------------------------------------------------------

@transaction.atomic
def programme_round_create(*, actor, programme: Programme, regions: Sequence[Region], criteria: str,
                           population_year: int, max_per_region: int = 4,
                           size_band_limits: Sequence[int] | None = None,
                           population_indicator: str = "population",
                           now: datetime.datetime | None = None) -> ProgrammeRound:
    _require(access.can_manage_programme_round(actor), NOT_DIRECTORATE)
    programme_round = ProgrammeRound(programme=programme, criteria=criteria, max_per_region=max_per_region,
                                     population_year=population_year, population_indicator=population_indicator)
    if size_band_limits is not None:
        programme_round.size_band_limits = list(size_band_limits)
    programme_round.full_clean()
    programme_round.save()
    programme_round.regions.set(regions)
    after = snapshot(programme_round) | {"regions": sorted(r.pk for r in regions)}
    audit_record(actor=actor, action="programme_round.create", obj=programme_round, before=None, after=after,
                 at=now)
    return programme_round


@transaction.atomic
def programme_with_round_create(*, actor, name: str, first_year: int, last_year: int, schemes: Sequence[Scheme],
                                regions: Sequence[Region], criteria: str, max_per_region: int = 4,
                                population_year: int | None = None, base_year: int | None = None,
                                slug: str = "", description: str = "",
                                now: datetime.datetime | None = None) -> ProgrammeRound:
    """A new programme (pooling ``schemes`` by their default rule) and its round, as a draft.

    ``slug`` names the programme in addresses (default: from the name, made unique).

    ``base_year`` is the year of the historical awards the pooled schemes hold the municipalities harmless
    against (default: the year before the first year). Growth factors, floor, budget and continuations are set
    afterwards on the allocation rules page (``samla.allocation.services.programme_rules_update``).

    The allocation app's ``Programme`` and ``ProgrammeScheme`` rows are written here because the
    directorate creates both in one step; the round is created by ``programme_round_create``.
    """
    _require(access.can_manage_programme_round(actor), NOT_DIRECTORATE)
    if not schemes:
        raise ValidationError(PROGRAMME_NEEDS_SCHEMES, code="no_schemes")
    if not slug:
        base = slugify(name)[:70] or "programme"
        slug, n = base, 1
        while Programme.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
    programme = Programme(slug=slug, name=name, first_year=first_year, last_year=last_year, description=description)
    programme.full_clean()
    programme.save()
    for position, scheme in enumerate(schemes):
        rule = ProgrammeScheme(programme=programme, scheme=scheme, method=scheme.method, position=position,
                               base_year=(base_year or first_year - 1)
                               if scheme.method == Scheme.Method.HISTORICAL else None)
        rule.full_clean()
        rule.save()
    audit_record(actor=actor, action="programme.create", obj=programme, before=None,
                 after=snapshot(programme) | {"schemes": [s.key for s in schemes],
                                              "base_year": base_year or first_year - 1}, at=now)
    return programme_round_create(actor=actor, programme=programme, regions=regions, criteria=criteria,
                                  max_per_region=max_per_region,
                                  population_year=population_year or first_year - 1, now=now)


def _round_set_status(actor, programme_round: ProgrammeRound, status: str, action: str,
                      now: datetime.datetime | None) -> ProgrammeRound:
    before = snapshot(programme_round, ["status"])
    programme_round.status = status
    programme_round.full_clean()
    programme_round.save(update_fields=["status"])
    audit_record(actor=actor, action=action, obj=programme_round, before=before,
                 after=snapshot(programme_round, ["status"]), at=now)
    return programme_round


@transaction.atomic
def programme_round_open(*, actor, programme_round: ProgrammeRound,
                         now: datetime.datetime | None = None) -> ProgrammeRound:
    _require(access.can_manage_programme_round(actor), NOT_DIRECTORATE)
    programme_round = ProgrammeRound.objects.select_for_update().get(pk=programme_round.pk)
    if programme_round.status != ProgrammeRound.Status.DRAFT:
        raise ValidationError(ROUND_NOT_DRAFT, code="round_not_draft")
    if not programme_round.regions.exists():
        raise ValidationError(ROUND_HAS_NO_REGIONS, code="no_regions")
    return _round_set_status(actor, programme_round, ProgrammeRound.Status.OPEN, "programme_round.open", now)


@transaction.atomic
def programme_round_close(*, actor, programme_round: ProgrammeRound,
                          now: datetime.datetime | None = None) -> ProgrammeRound:
    _require(access.can_manage_programme_round(actor), NOT_DIRECTORATE)
    programme_round = ProgrammeRound.objects.select_for_update().get(pk=programme_round.pk)
    if programme_round.status != ProgrammeRound.Status.OPEN:
        raise ValidationError(ROUND_NOT_OPEN, code="round_not_open")
    return _round_set_status(actor, programme_round, ProgrammeRound.Status.CLOSED, "programme_round.close", now)


# --- Call (county governor) --------------------------------------------------------------------------

@transaction.atomic
def call_publish(*, actor, programme_round: ProgrammeRound, region: Region, case_number: str, text: str,
                 criteria: Sequence[str | CriterionText], preliminary_deadline: datetime.datetime,
                 final_deadline: datetime.datetime, now: datetime.datetime | None = None) -> Call:
    """Publish a call; ``criteria`` are titles or ``CriterionText`` (title and description), in order."""
    _require(access.can_publish_call(actor, region), NOT_COUNTY_GOVERNOR)
    if programme_round.status != ProgrammeRound.Status.OPEN:
        raise ValidationError(ROUND_NOT_OPEN, code="round_not_open")
    if not programme_round.regions.filter(pk=region.pk).exists():
        raise ValidationError(REGION_NOT_IN_ROUND, code="region_not_in_round")
    items = [c if isinstance(c, CriterionText) else CriterionText(title=c) for c in criteria]
    items = [CriterionText(c.title.strip(), c.description.strip()) for c in items if c.title.strip()]
    if not items:
        raise ValidationError(CALL_NEEDS_CRITERIA, code="no_criteria")
    call = Call(programme_round=programme_round, region=region, case_number=case_number, text=text,
                criteria="\n".join(c.title for c in items), preliminary_deadline=preliminary_deadline,
                final_deadline=final_deadline, published_at=_now(now), published_by=actor)
    call.full_clean()
    call.save()
    for position, item in enumerate(items, start=1):
        criterion = Criterion(call=call, position=position, title=item.title, description=item.description)
        criterion.full_clean()
        criterion.save()
    audit_record(actor=actor, action="call.publish", obj=call, before=None,
                 after=snapshot(call) | {"criteria": [[c.title, c.description] for c in items]}, at=call.published_at)
    return call


@transaction.atomic
def deadline_extension_grant(*, actor, call: Call, municipality: Municipality, until: datetime.datetime,
                             reason: str, now: datetime.datetime | None = None) -> DeadlineExtension:
    _require(access.can_govern_call(actor, call), NOT_COUNTY_GOVERNOR)
    if municipality.region_id != call.region_id:
        raise ValidationError(MUNICIPALITY_NOT_IN_REGION, code="wrong_region")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    if until <= call.preliminary_deadline:
        raise ValidationError(EXTENSION_NOT_LATER, code="extension_not_later")
    extension = DeadlineExtension.objects.filter(call=call, municipality=municipality).first()
    before = snapshot(extension) if extension else None
    if extension is None:
        extension = DeadlineExtension(call=call, municipality=municipality)
    extension.until, extension.reason = until, reason
    extension.granted_by, extension.granted_at = actor, _now(now)
    extension.full_clean()
    extension.save()
    audit_record(actor=actor, action="deadline_extension.grant", obj=extension, before=before,
                 after=snapshot(extension), reason=reason, at=extension.granted_at)
    return extension


# --- Application (municipality) ----------------------------------------------------------------------

def _check_open_for(application_call: Call, municipality: Municipality, now: datetime.datetime,
                    *, final: bool = False) -> None:
    if application_call.programme_round.status != ProgrammeRound.Status.OPEN:
        raise ValidationError(ROUND_NOT_OPEN, code="round_not_open")
    if now > deadline_for(application_call, municipality, final=final):
        raise ValidationError(DEADLINE_PASSED, code="deadline_passed")


def _locked(application: Application, actor) -> Application:
    """The application row, locked for this transaction, after the ownership check."""
    row = Application.objects.select_for_update().select_related(
        "call__programme_round", "municipality").get(pk=application.pk)
    _require(access.can_edit_application(actor, row), NOT_OWN_MUNICIPALITY)
    return row


def _check_version(application: Application, expected_version: int) -> None:
    if application.version != expected_version:
        raise ValidationError(STALE_VERSION, code="stale_version")


def _bump(application: Application, expected_version: int, fields: dict[str, Any]) -> None:
    """Write ``fields`` and the next version only if nobody raised the version since it was read."""
    application.version = expected_version + 1
    application.full_clean()
    updated = Application.objects.filter(pk=application.pk, version=expected_version).update(
        version=application.version, **fields)
    if updated != 1:
        raise ValidationError(STALE_VERSION, code="stale_version")


def _application_snapshot(application: Application) -> dict[str, Any]:
    contacts = [{"name": c.name, "role": c.role, "email": c.email} for c in application.contacts.all()]
    return snapshot(application) | {"contacts": contacts}


@transaction.atomic
def application_create(*, actor, call: Call, municipality: Municipality,
                       now: datetime.datetime | None = None) -> Application:
    _require(access.can_apply(actor, municipality), NOT_OWN_MUNICIPALITY)
    now = _now(now)
    if municipality.region_id != call.region_id:
        raise ValidationError(MUNICIPALITY_NOT_IN_REGION, code="wrong_region")
    _check_open_for(call, municipality, now)
    application = Application(call=call, municipality=municipality, created_at=now, updated_at=now,
                              updated_by=actor)
    application.full_clean()
    application.save()
    audit_record(actor=actor, action="application.create", obj=application, before=None,
                 after=_application_snapshot(application), at=now)
    return application


@transaction.atomic
def application_save(*, actor, application: Application, expected_version: int,
                     contacts: Sequence[Contact] | None = None, now: datetime.datetime | None = None,
                     **fields: str) -> Application:
    """Save a draft. ``fields`` are among ``EDITABLE_FIELDS``; ``contacts`` (if given) replace the list."""
    application = _locked(application, actor)
    now = _now(now)
    for name in fields:
        if name not in EDITABLE_FIELDS:
            raise ValidationError(UNKNOWN_FIELD.format(name=name), code="unknown_field")
    _check_version(application, expected_version)
    if application.status != Application.Status.DRAFT:
        raise ValidationError(APPLICATION_NOT_DRAFT, code="not_draft")
    _check_open_for(application.call, application.municipality, now)
    before = _application_snapshot(application)
    for name, value in fields.items():
        setattr(application, name, value)
    application.updated_at, application.updated_by = now, actor
    _bump(application, expected_version, {**fields, "updated_at": now, "updated_by": actor})
    if contacts is not None:
        application.contacts.all().delete()
        for c in contacts:
            contact = ContactPerson(application=application, name=c.name, role=c.role, email=c.email)
            contact.full_clean()
            contact.save()
    audit_record(actor=actor, action="application.save", obj=application, before=before,
                 after=_application_snapshot(application), at=now)
    return application


@transaction.atomic
def application_submit(*, actor, application: Application, expected_version: int,
                       now: datetime.datetime | None = None) -> Application:
    application = _locked(application, actor)
    now = _now(now)
    _check_version(application, expected_version)
    if application.status != Application.Status.DRAFT:
        raise ValidationError(APPLICATION_NOT_DRAFT, code="not_draft")
    _check_open_for(application.call, application.municipality, now)
    if not all(getattr(application, f).strip() for f in EDITABLE_FIELDS) or not application.contacts.exists():
        raise ValidationError(APPLICATION_INCOMPLETE, code="incomplete")
    before = _application_snapshot(application)
    changes = {"status": Application.Status.SUBMITTED, "submitted_at": now, "submitted_by": actor,
               "updated_at": now, "updated_by": actor}
    for name, value in changes.items():
        setattr(application, name, value)
    _bump(application, expected_version, changes)
    audit_record(actor=actor, action="application.submit", obj=application, before=before,
                 after=_application_snapshot(application), at=now)
    return application


@transaction.atomic
def application_reopen(*, actor, application: Application, reason: str,
                       now: datetime.datetime | None = None) -> Application:
    """The county governor reopens a submitted application so the municipality can change it."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    _require(access.can_govern_call(actor, application.call), NOT_COUNTY_GOVERNOR)
    now = _now(now)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(APPLICATION_NOT_SUBMITTED, code="not_submitted")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    before = _application_snapshot(application)
    reopening = ApplicationReopening(application=application, reopened_by=actor, reopened_at=now, reason=reason)
    reopening.full_clean()
    reopening.save()
    expected = application.version
    changes = {"status": Application.Status.DRAFT, "submitted_at": None, "submitted_by": None,
               "updated_at": now, "updated_by": actor}
    for name, value in changes.items():
        setattr(application, name, value)
    _bump(application, expected, changes)
    audit_record(actor=actor, action="application.reopen", obj=application, before=before,
                 after=_application_snapshot(application), reason=reason, at=now)
    return application


@transaction.atomic
def political_decision_record(*, actor, application: Application, body: str, decided_on: datetime.date,
                              case_reference: str, document: File | None = None,
                              now: datetime.datetime | None = None) -> PoliticalDecision:
    """The municipal council's decision, possibly after submission, until the final deadline (or extension)."""
    application = _locked(application, actor)
    now = _now(now)
    _check_open_for(application.call, application.municipality, now, final=True)
    if PoliticalDecision.objects.filter(application=application).exists():
        raise ValidationError(POLITICAL_DECISION_EXISTS, code="decision_exists")
    decision = PoliticalDecision(application=application, body=body, decided_on=decided_on,
                                 case_reference=case_reference, recorded_at=now, recorded_by=actor)
    if document is not None:
        decision.document = document
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="political_decision.record", obj=decision, before=None,
                 after=snapshot(decision), at=now)
    return decision


# --- Assessment (resource group) ---------------------------------------------------------------------

@transaction.atomic
def assessment_submit(*, actor, application: Application, scores: Mapping[int, Score], recommendation: str,
                      comment: str = "", now: datetime.datetime | None = None) -> Assessment:
    """``scores`` maps each criterion id of the call to a ``Score``."""
    application = Application.objects.select_related("call").get(pk=application.pk)
    _require(access.can_assess(actor, application), NOT_RESOURCE_GROUP)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(APPLICATION_NOT_SUBMITTED, code="not_submitted")
    if Assessment.objects.filter(application=application, member=actor).exists():
        raise ValidationError(ALREADY_ASSESSED, code="already_assessed")
    criteria = {c.pk: c for c in application.call.criteria_items.all()}
    if set(scores) != set(criteria):
        raise ValidationError(SCORES_MUST_COVER_CRITERIA, code="scores_mismatch")
    assessment = Assessment(application=application, member=actor, recommendation=recommendation,
                            comment=comment, submitted_at=_now(now))
    assessment.full_clean()
    assessment.save()
    rows = []
    for criterion_id, score in sorted(scores.items()):
        row = CriterionScore(assessment=assessment, criterion=criteria[criterion_id], score=score.score,
                             comment=score.comment)
        row.full_clean()
        row.save()
        rows.append({"criterion": criterion_id, "score": score.score, "comment": score.comment})
    audit_record(actor=actor, action="assessment.submit", obj=assessment, before=None,
                 after=snapshot(assessment) | {"scores": rows}, at=assessment.submitted_at)
    return assessment


# --- Recommendation (county governor) and decision (directorate) -------------------------------------

@transaction.atomic
def recommendation_forward(*, actor, call: Call, ranking: Sequence[Application], comment: str = "",
                           now: datetime.datetime | None = None) -> Recommendation:
    """Forward the county governor's candidates, best first."""
    _require(access.can_govern_call(actor, call), NOT_COUNTY_GOVERNOR)
    if Recommendation.objects.filter(call=call).exists():
        raise ValidationError(RECOMMENDATION_EXISTS, code="recommendation_exists")
    if not ranking:
        raise ValidationError(RANKING_EMPTY, code="ranking_empty")
    ids = [a.pk for a in ranking]
    valid = set(Application.objects.filter(pk__in=ids, call=call, status=Application.Status.SUBMITTED)
                .values_list("pk", flat=True))
    if len(set(ids)) != len(ids) or set(ids) != valid:
        raise ValidationError(RANKING_NOT_FROM_CALL, code="ranking_invalid")
    recommendation = Recommendation(call=call, comment=comment, forwarded_at=_now(now), forwarded_by=actor)
    recommendation.full_clean()
    recommendation.save()
    for rank, application_id in enumerate(ids, start=1):
        entry = RankedCandidate(recommendation=recommendation, application_id=application_id, rank=rank)
        entry.full_clean()
        entry.save()
    audit_record(actor=actor, action="recommendation.forward", obj=recommendation, before=None,
                 after=snapshot(recommendation) | {"ranking": ids}, at=recommendation.forwarded_at)
    return recommendation


@transaction.atomic
def selection_decide(*, actor, programme_round: ProgrammeRound, selected: Sequence[Application],
                     overrides: Mapping[str, str] | None = None, note: str = "",
                     now: datetime.datetime | None = None) -> SelectionDecision:
    """Record which forwarded applications take part.

    The selection is checked by ``samla.core.selection.selection_violations``; every violation must be
    named in ``overrides`` (violation key → reason) or the decision is refused. The selected municipalities
    become ``allocation.Participant`` rows of the round's programme in the same transaction (listed in the
    decision's audit event).
    """
    _require(access.can_decide_selection(actor), NOT_DIRECTORATE)
    overrides = dict(overrides or {})
    programme_round = ProgrammeRound.objects.select_for_update().select_related("programme").get(
        pk=programme_round.pk)  # two decisions at once: the second waits, then finds the first
    if SelectionDecision.objects.filter(programme_round=programme_round).exists():
        raise ValidationError(DECISION_EXISTS, code="decision_exists")
    selected_ids = {a.pk for a in selected}
    if not selected_ids:
        raise ValidationError(SELECTION_EMPTY, code="selection_empty")
    forwarded = set(RankedCandidate.objects.filter(recommendation__call__programme_round=programme_round)
                    .values_list("application_id", flat=True))
    if not selected_ids <= forwarded:
        raise ValidationError(SELECTION_NOT_RECOMMENDED, code="not_recommended")
    violations = {v.key: v for v in selection_check(programme_round, selected_ids)}
    missing = sorted(k for k in violations if not overrides.get(k, "").strip())
    if missing:
        raise ValidationError(DECISION_HAS_VIOLATIONS.format(keys=", ".join(missing)), code="violations",
                              params={"keys": missing})
    unknown = sorted(set(overrides) - set(violations))
    if unknown:
        raise ValidationError(OVERRIDE_UNKNOWN.format(keys=", ".join(unknown)), code="unknown_override")
    decision = SelectionDecision(programme_round=programme_round, note=note, decided_at=_now(now),
                                 decided_by=actor)
    decision.full_clean()
    decision.save()
    decision.selected.set(sorted(selected_ids))
    for key, violation in sorted(violations.items()):
        row = ViolationOverride(decision=decision, code=violation.code, subject=violation.subject,
                                reason=overrides[key])
        row.full_clean()
        row.save()
    added = _participants_add(programme_round.programme, decision)
    audit_record(actor=actor, action="selection.decide", obj=decision, before=None,
                 after=snapshot(decision) | {"selected": sorted(selected_ids), "overrides": overrides,
                                             "participants_added": [
                                                 {"participant": p.pk, "programme": p.programme_id,
                                                  "municipality": p.municipality_id, "position": p.position}
                                                 for p in added]},
                 reason="; ".join(f"{k}: {overrides[k]}" for k in sorted(overrides)), at=decision.decided_at)
    return decision


def _participants_add(programme: Programme, decision: SelectionDecision) -> list[Participant]:
    """The selected municipalities become participants of the round's programme (the allocation screens and
    award letters work from these); a municipality that already takes part is left as it is. The decision's
    audit event lists the rows added."""
    existing = set(Participant.objects.filter(programme=programme).values_list("municipality_id", flat=True))
    position = max(Participant.objects.filter(programme=programme).values_list("position", flat=True), default=0)
    added = []
    for application in decision.selected.select_related("municipality", "call__region").order_by(
            "call__region__name", "municipality__number"):
        if application.municipality_id in existing:
            continue
        position += 1
        participant = Participant(programme=programme, municipality=application.municipality, position=position)
        participant.full_clean()
        participant.save()
        existing.add(application.municipality_id)
        added.append(participant)
    return added


@transaction.atomic
def stratified_draw_record(*, actor, programme_round: ProgrammeRound, per_stratum: int,
                           region: Region | None = None, seed: int | None = None,
                           now: datetime.datetime | None = None) -> StratifiedDraw:
    """Draw ``per_stratum`` submitted applicants per size band (of one region, or all) and record it."""
    _require(access.can_decide_selection(actor), NOT_DIRECTORATE)
    population = population_by_number(programme_round, region=region)
    if not population:
        raise ValidationError(DRAW_NO_CANDIDATES, code="no_candidates")
    seed = secrets.randbits(62) if seed is None else seed
    limits = tuple(programme_round.size_band_limits)
    result = stratified_draw(population, per_stratum, seed, limits)
    draw = StratifiedDraw(programme_round=programme_round, region=region, seed=seed, per_stratum=per_stratum,
                          candidates=population, result=result, drawn_at=_now(now), drawn_by=actor)
    draw.full_clean()
    draw.save()
    audit_record(actor=actor, action="stratified_draw.record", obj=draw, before=None, after=snapshot(draw),
                 at=draw.drawn_at)
    return draw
