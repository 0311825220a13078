"""Writes of the allocation app: import a programme folder, make and lock allocation runs, award letters."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.allocation import letters, runs, selectors, texts
from samla.allocation.models import (
    RUN_LOCKED,
    AllocationRun,
    AwardLetter,
    Continuation,
    DecidedAmount,
    GrowthFactor,
    Participant,
    Programme,
    ProgrammeScheme,
)
from samla.allocation.runs import RunOptions
from samla.allocation.selectors import current_locked_run, programme_spec, stored_allocation
from samla.audit.services import audit_record, snapshot
from samla.core.allocation import AllocationError, ProgrammeSpec, load_programme_folder
from samla.registry.importers import clean_checked_row
from samla.registry.models import Indicator, IndicatorValue, Municipality
from samla.registry.selectors import municipality_by_number
from samla.schemes.models import Scheme
from samla.schemes.services import awards_write

UNKNOWN_MUNICIPALITY = "municipality {number} is not in the registry on {on}"
UNKNOWN_SCHEME = "scheme {key} is not in the scheme register"
YEARS_NOT_CONTIGUOUS = "the programme years must be consecutive, found {years}"


def programme_import_folder(*, path: Path) -> Programme:
    """Validate a programme folder with the engine's reader, then write or replace it (slug = folder name).

    Nothing is written when the folder is invalid (``InputError`` from the reader) or when a
    municipality or scheme is unknown to the registry (``ValidationError``; the transaction rolls back).
    Running it twice on the same folder changes nothing.
    """
    path = Path(path)
    spec = load_programme_folder(path)
    years = tuple(spec.years)
    if years != tuple(range(min(years), max(years) + 1)):
        raise ValidationError(YEARS_NOT_CONTIGUOUS.format(years=", ".join(map(str, years))))
    return _write(slug=path.name, path=path, spec=spec)


@transaction.atomic
def _write(*, slug: str, path: Path, spec: ProgrammeSpec) -> Programme:
    first_year, last_year = min(spec.years), max(spec.years)
    on = datetime.date(first_year, 1, 1)
    municipalities = {m.number: _municipality(m.number, on) for m in spec.municipalities}
    scheme_keys = [rule.key for rule in spec.schemes]
    schemes = {s.key: s for s in Scheme.objects.filter(key__in=scheme_keys)}
    for key in scheme_keys:
        if key not in schemes:
            raise ValidationError(UNKNOWN_SCHEME.format(key=key))

    fields = {
        "name": spec.name, "description": spec.description, "first_year": first_year, "last_year": last_year,
        "rounding_unit": spec.rounding_unit, "residual_policy": spec.residual_policy, "floor": spec.floor,
        "budget": spec.budget, "surplus_method": spec.surplus, "surplus_indicator": spec.surplus_indicator or "",
        "surplus_indicator_year": spec.surplus_indicator_year,
    }
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        programme = Programme(slug=slug, **fields)
        programme.full_clean()
        programme.save()
    elif any(getattr(programme, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(programme, k, v)
        programme.full_clean()
        programme.save(update_fields=list(fields))

    _sync(programme.schemes.all(), ("scheme_id",), {
        (schemes[r.key].pk,): {
            "position": i, "method": r.method, "base_year": r.base_year, "budget": r.budget,
            "indicator": r.indicator or "", "indicator_year": r.indicator_year, "rate": r.rate,
        } for i, r in enumerate(spec.schemes)
    }, lambda key, values: ProgrammeScheme(programme=programme, scheme_id=key[0], **values))
    _sync(programme.growth_factors.all(), ("year",), {
        (g.year,): {"rate": g.rate, "source": g.source} for g in spec.growth.values()
    }, lambda key, values: GrowthFactor(programme=programme, year=key[0], **values))
    _sync(programme.participants.all(), ("municipality_id",), {
        (municipalities[m.number].pk,): {"position": i} for i, m in enumerate(spec.municipalities)
    }, lambda key, values: Participant(programme=programme, municipality_id=key[0], **values))
    _sync(programme.decided_amounts.all(), ("municipality_id", "year"), {
        (municipalities[number].pk, year): {"amount": amount} for (number, year), amount in spec.decided.items()
    }, lambda key, values: DecidedAmount(programme=programme, municipality_id=key[0], year=key[1], **values))
    _sync(programme.continuations.all(), ("municipality_id", "scheme_id", "year"), {
        (municipalities[c.municipality].pk, schemes[c.scheme].pk, c.year): {"amount": c.amount}
        for c in spec.continuations
    }, lambda key, values: Continuation(programme=programme, municipality_id=key[0], scheme_id=key[1],
                                        year=key[2], **values))

    # The awards were read (and checked, file/line/column) with the rest of the folder: written, not read again.
    awards_write(awards={(municipalities[number], key, year): amount
                         for (number, key, year), amount in spec.awards.items()})
    _write_indicators(spec.indicators, municipalities)
    return programme


def _municipality(number: str, on: datetime.date) -> Municipality:
    try:
        municipality = municipality_by_number(number, on=on)
    except Municipality.DoesNotExist:
        municipality = None
    if municipality is None:
        raise ValidationError(UNKNOWN_MUNICIPALITY.format(number=number, on=on.isoformat()))
    return municipality


def _sync(queryset: models.QuerySet, key_fields: tuple[str, ...], wanted: Mapping[tuple, dict[str, Any]],
          build: Callable[[tuple, dict[str, Any]], models.Model]) -> None:
    """Make ``queryset`` hold exactly ``wanted`` (natural key → values); unchanged rows are not touched."""
    existing: dict[Hashable, models.Model] = {
        tuple(getattr(obj, f) for f in key_fields): obj for obj in queryset
    }
    new: list[models.Model] = []
    for key, values in wanted.items():
        obj = existing.pop(key, None)
        if obj is None:
            obj = build(key, values)
            clean_checked_row(obj)  # the folder's reader checked every row (file, line, column)
            new.append(obj)
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            clean_checked_row(obj)
            obj.save(update_fields=list(values))
    if existing:
        queryset.filter(pk__in=[obj.pk for obj in existing.values()]).delete()
    if new:
        queryset.model.objects.bulk_create(new)


def _write_indicators(values: Mapping[tuple[str, str, int], Any], municipalities: dict[str, Municipality]) -> None:
    """Indicator values given in the folder (indicators.csv) go to the registry, keyed by code."""
    for (number, code, year), value in values.items():
        indicator, _ = Indicator.objects.get_or_create(code=code, defaults={"name": code})
        IndicatorValue.objects.update_or_create(
            indicator=indicator, municipality=municipalities[number], year=year, defaults={"value": value},
        )


# --- Allocation runs, locking and award letters -------------------------------------------------------

NOT_DIRECTORATE = _("Only the directorate makes allocation runs and award letters.")
NO_PARTICIPANTS = _("The programme has no participants yet, so there is nothing to allocate.")
ENGINE_ERROR = _("The allocation could not be computed: %(error)s")
LOCK_REASON_REQUIRED = _("Give a reason for locking the run.")
NO_LOCKED_RUN = _("Lock an allocation run before generating award letters.")
RUN_FIELDS = ["programme", "number", "scenario", "options", "input_sha256", "result_sha256", "totals", "total",
              "note", "created_by"]
LOCK_FIELDS = ["locked_by", "locked_at", "lock_reason", "supersedes"]


def _require_directorate(actor) -> None:
    if not access.can_manage_allocation(actor):
        raise PermissionDenied(NOT_DIRECTORATE)


@transaction.atomic
def allocation_run_create(*, actor, programme: Programme, options: RunOptions | None = None,
                          note: str = "", now: datetime.datetime | None = None) -> AllocationRun:
    """Run the engine for the programme's current participants and store input, result and digests."""
    _require_directorate(actor)
    options = options or RunOptions()
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # numbers 1..n without gaps or races
    participants = programme.participants.select_related("municipality")
    places = {p.municipality.number: runs.Place(p.municipality_id, p.municipality.region_id) for p in participants}
    if not places:
        raise ValidationError(NO_PARTICIPANTS, code="no_participants")
    try:
        input_json, computed = runs.compute(programme_spec(programme), options)
    except AllocationError as error:
        raise ValidationError(ENGINE_ERROR, code="engine", params={"error": texts.render(error.text)}) from error
    result = runs.result_document(computed, places)
    last = programme.runs.order_by("-number").values_list("number", flat=True).first() or 0
    run = AllocationRun(
        programme=programme, number=last + 1, scenario=options.scenario, options=options.as_dict(),
        input_json=input_json, input_sha256=runs.sha256(input_json), result=result,
        result_sha256=runs.sha256(runs.canonical_json(result)), totals=result["totals"],
        total=sum(computed.totals.values()), warnings=[str(w) for w in computed.warnings], note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    run.created_at = now or timezone.now()
    run.full_clean()
    run.save()
    audit_record(actor=actor, action="allocation_run.create", obj=run, before=None,
                 after=snapshot(run, RUN_FIELDS), at=now)
    return run


ANY_CURRENT = object()  # allocation_run_lock(expected_current=...): lock whatever the current run is
LOCKED_MEANWHILE = _("Run %(number)s was locked while this page was open, so nothing was locked. Look at run "
                     "%(number)s first: locking this run would supersede it.")


@transaction.atomic
def allocation_run_lock(*, actor, run: AllocationRun, reason: str, now: datetime.datetime | None = None,
                        expected_current: int | None | object = ANY_CURRENT) -> AllocationRun:
    """Lock a run for good. It supersedes the programme's current locked run, if there is one.

    ``expected_current`` is the number of the current locked run (None: none) the directorate saw when it chose to
    lock; if another run has been locked since, nothing is locked. Locks of one programme are taken one at a time
    (the programme row is locked first), so two at once cannot both supersede the same run."""
    _require_directorate(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(LOCK_REASON_REQUIRED, code="reason")
    Programme.objects.select_for_update().filter(pk=run.programme_id).first()
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.is_locked:
        raise ValidationError(RUN_LOCKED, code="locked", params={"number": run.number})
    current = current_locked_run(run.programme)
    if expected_current is not ANY_CURRENT and (current.number if current else None) != expected_current:
        raise ValidationError(LOCKED_MEANWHILE, code="locked_meanwhile",
                              params={"number": current.number if current else "–"})
    before = snapshot(run, LOCK_FIELDS)
    run.supersedes = current
    run.locked_by = actor if actor is not None and actor.is_authenticated else None
    run.locked_at = now or timezone.now()
    run.lock_reason = reason
    run.full_clean()
    run.save(update_fields=LOCK_FIELDS)
    audit_record(actor=actor, action="allocation_run.lock", obj=run, before=before, after=snapshot(run, LOCK_FIELDS),
                 reason=reason, at=run.locked_at)
    return run


@transaction.atomic
def award_letters_generate(*, actor, programme: Programme, today: datetime.date | None = None) -> list[AwardLetter]:
    """One letter per participant of the current locked run. A municipality that already has a letter from
    this run keeps it (running this twice changes nothing); a newer locked run gives new versions and the
    old letters stay."""
    _require_directorate(actor)
    # Two at once: the second waits here until the first has committed, then finds every letter made.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    run = current_locked_run(programme)
    if run is None:
        raise ValidationError(NO_LOCKED_RUN, code="no_locked_run")
    today = today or timezone.localdate()
    done = set(run.letters.values_list("municipality_id", flat=True))
    allocation = stored_allocation(run)
    municipalities = Municipality.objects.select_related("region").in_bulk(
        [m.municipality_id for m in allocation.municipalities()])
    made = []
    for row in allocation.municipalities():
        if row.municipality_id in done:
            continue
        municipality = municipalities[row.municipality_id]
        content = letters.letter_content(allocation=allocation, municipality=municipality, today=today)
        pdf = letters.letter_pdf(content)
        last = AwardLetter.objects.filter(programme=programme, municipality=municipality).order_by("-version").first()
        letter = AwardLetter(
            programme=programme, run=run, municipality=municipality, version=(last.version + 1) if last else 1,
            letter_date=today, case_number=content.case_number, total=content.total, pdf=pdf,
            sha256=runs.sha256(pdf), created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        letter.full_clean()
        letter.save()
        audit_record(actor=actor, action="award_letter.create", obj=letter, before=None,
                     after=snapshot(letter, ["programme", "run", "municipality", "version", "letter_date",
                                             "case_number", "total", "sha256", "created_by"]))
        made.append(letter)
    return made


# --- Allocation rules and continuations (the directorate's rules page) -----------------------------------
#
# Every change is checked as a whole: the change is written, the engine is asked about the programme as it now
# stands (``selectors.engine_problem``), and if it objects the transaction rolls back, so nothing is saved.
# Locked runs are not affected: each keeps its own input snapshot.

NOT_DIRECTORATE_RULES = _("Only the directorate changes the allocation rules of a programme.")
RULES_REFUSED = _("Nothing was saved: %(problem)s")
GROWTH_YEARS_WRONG = _("Give a growth factor for every year after the first: %(years)s.")
GROWTH_SOURCE_REQUIRED = _("Give the source of the growth factor for %(year)s.")
SCHEMES_WRONG = _("The pooled schemes have changed since the page was opened. Open the page again.")
CONTINUATION_REASON_REQUIRED = _("Give a reason for the exception.")
CONTINUATION_NOT_PARTICIPANT = _("The municipality does not take part in the programme.")
CONTINUATION_NOT_POOLED = _("The scheme is not pooled in the programme.")
CONTINUATION_WRONG_YEAR = _("The year must be one of the programme years.")
CONTINUATION_NOT_POSITIVE = _("The amount must be more than 0 NOK.")
CONTINUATION_EXISTS = _("A continuation for this municipality, scheme and year is already registered. Remove it "
                        "first if the amount is wrong.")
PROGRAMME_RULE_FIELDS = ["rounding_unit", "residual_policy", "floor", "budget", "surplus_method",
                         "surplus_indicator", "surplus_indicator_year"]
SCHEME_RULE_FIELDS = ["method", "base_year", "budget", "indicator", "indicator_year", "rate"]
CONTINUATION_FIELDS = ["programme", "municipality", "scheme", "year", "amount", "reason"]


@dataclass(frozen=True)
class SchemeRuleChange:
    """The rule of one pooled scheme (``ProgrammeScheme``), named by its scheme."""

    scheme_id: int
    method: str
    base_year: int | None = None
    budget: int | None = None
    indicator: str = ""
    indicator_year: int | None = None
    rate: Decimal | None = None


@dataclass(frozen=True)
class GrowthChange:
    year: int
    rate: Decimal  # a fraction: 0.031 is 3.1 %
    source: str


@dataclass(frozen=True)
class ProgrammeRules:
    rounding_unit: int
    residual_policy: str
    floor: int
    budget: int | None
    surplus_method: str
    surplus_indicator: str
    surplus_indicator_year: int | None
    schemes: tuple[SchemeRuleChange, ...]
    growth: tuple[GrowthChange, ...]


def _require_rules_manager(actor) -> None:
    if not access.can_manage_allocation(actor):
        raise PermissionDenied(NOT_DIRECTORATE_RULES)


def _engine_must_accept(programme: Programme) -> None:
    """Raise (and so roll back the caller's transaction) when the engine does not accept the programme."""
    problem = selectors.engine_problem(programme)
    if problem is not None:
        raise ValidationError(RULES_REFUSED, code="engine",
                              params={"problem": selectors.engine_problem_text(problem)})


def _rules_snapshot(programme: Programme) -> dict[str, Any]:
    return snapshot(programme, PROGRAMME_RULE_FIELDS) | {
        "schemes": [{"scheme": r.scheme.key} | snapshot(r, SCHEME_RULE_FIELDS)
                    for r in programme.schemes.select_related("scheme").order_by("position", "scheme__key")],
        "growth": [{"year": g.year, "rate": str(g.rate.normalize()), "source": g.source}
                   for g in programme.growth_factors.order_by("year")],
    }


@transaction.atomic
def programme_rules_update(*, actor, programme: Programme, rules: ProgrammeRules) -> Programme:
    """Replace the programme's allocation rules: rounding, floor, budget, surplus, the rule of each pooled
    scheme and the growth factor (with its source) of every year after the first. Checked as a whole by the
    engine; audited with before and after. Saving unchanged rules changes nothing and records nothing."""
    _require_rules_manager(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    growth = {g.year: g for g in rules.growth}
    wanted_years = programme.years[1:]
    if sorted(growth) != list(wanted_years) or len(growth) != len(rules.growth):
        raise ValidationError(GROWTH_YEARS_WRONG, code="growth_years",
                              params={"years": ", ".join(map(str, wanted_years))})
    for g in rules.growth:
        if not g.source.strip():
            raise ValidationError(GROWTH_SOURCE_REQUIRED, code="growth_source", params={"year": g.year})
    scheme_rules = {r.scheme_id: r for r in programme.schemes.all()}
    changes = {c.scheme_id: c for c in rules.schemes}
    if set(changes) != set(scheme_rules) or len(changes) != len(rules.schemes):
        raise ValidationError(SCHEMES_WRONG, code="schemes")

    before = _rules_snapshot(programme)
    for name in PROGRAMME_RULE_FIELDS:
        setattr(programme, name, getattr(rules, name))
    programme.full_clean()
    programme.save(update_fields=PROGRAMME_RULE_FIELDS)
    for scheme_id, rule in scheme_rules.items():
        change = changes[scheme_id]
        for name in SCHEME_RULE_FIELDS:
            setattr(rule, name, getattr(change, name))
        rule.full_clean()
        rule.save(update_fields=SCHEME_RULE_FIELDS)
    _sync(programme.growth_factors.all(), ("year",), {
        (g.year,): {"rate": g.rate, "source": g.source.strip()} for g in rules.growth
    }, lambda key, values: GrowthFactor(programme=programme, year=key[0], **values))

    after = _rules_snapshot(programme)
    if after == before:
        return programme
    _engine_must_accept(programme)
    audit_record(actor=actor, action="programme.rules_update", obj=programme, before=before, after=after)
    return programme


@transaction.atomic
def continuation_add(*, actor, programme: Programme, municipality: Municipality, scheme: Scheme, year: int,
                     amount: int, reason: str) -> Continuation:
    """Register an earlier grant that keeps running beside the programme: an explicit, flagged exception to
    the rule of no double financing, with its reason. The engine must accept the programme with it."""
    _require_rules_manager(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError(CONTINUATION_REASON_REQUIRED, code="reason")
    if not programme.participants.filter(municipality=municipality).exists():
        raise ValidationError(CONTINUATION_NOT_PARTICIPANT, code="not_participant")
    if not programme.schemes.filter(scheme=scheme).exists():
        raise ValidationError(CONTINUATION_NOT_POOLED, code="not_pooled")
    if year not in programme.years:
        raise ValidationError(CONTINUATION_WRONG_YEAR, code="year")
    if amount <= 0:
        raise ValidationError(CONTINUATION_NOT_POSITIVE, code="amount")
    if programme.continuations.filter(municipality=municipality, scheme=scheme, year=year).exists():
        raise ValidationError(CONTINUATION_EXISTS, code="exists")
    continuation = Continuation(programme=programme, municipality=municipality, scheme=scheme, year=year,
                                amount=amount, reason=reason)
    continuation.full_clean()
    continuation.save()
    _engine_must_accept(programme)
    audit_record(actor=actor, action="continuation.create", obj=continuation, before=None,
                 after=snapshot(continuation, CONTINUATION_FIELDS), reason=reason)
    return continuation


@transaction.atomic
def continuation_remove(*, actor, continuation: Continuation, reason: str) -> None:
    """Remove a continuation (the exception ends, or it was registered by mistake), with the reason."""
    _require_rules_manager(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(CONTINUATION_REASON_REQUIRED, code="reason")
    continuation = Continuation.objects.select_for_update().get(pk=continuation.pk)
    audit_record(actor=actor, action="continuation.delete", obj=continuation,
                 before=snapshot(continuation, CONTINUATION_FIELDS), after=None, reason=reason)
    continuation.delete()
