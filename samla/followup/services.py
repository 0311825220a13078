"""Writes of the follow-up module. Each checks role and scope first (samla/accounts/access.py), runs in one
transaction, validates before it saves, and writes its audit event there. Business errors are
``ValidationError`` with a message constant and a code; nothing is changed when one is raised."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.accounts.models import Role, RoleAssignment
from samla.allocation.models import Participant, Programme
from samla.audit.services import audit_record, snapshot
from samla.followup import selectors
from samla.followup.models import (
    AGE_BANDS,
    SECTORS,
    STEPS,
    BaselineIndicator,
    Body,
    Challenge,
    Clawback,
    Comment,
    CooperationStep,
    FollowUpValue,
    Measure,
    MeasureBudget,
    Member,
    NetworkMeeting,
    Novelty,
    Priority,
    Project,
    ReportReopening,
    Spending,
    YearlyReport,
    report_deadline,
)
from samla.registry.models import Indicator, Municipality, Region
from samla.schemes.models import Scheme

NOT_OWN = _("Only the municipality's own users may change its follow-up.")
NOT_COUNTY_GOVERNOR = _("Only the county governor of the municipality's region may do this.")
NOT_SUPPORT = _("Only the region's competence centre or county governor may comment.")
NOT_PARTICIPANT = _("The municipality does not take part in this programme.")
PROJECT_EXISTS = _("The project is already started.")
STALE = _("Someone else saved this after you opened it. Nothing was overwritten; open it again.")
NO_AGE_BAND = _("Choose at least one age band.")
NO_SECTOR = _("Choose at least one sector responsible.")
UNKNOWN_CHOICE = _("Unknown choice: %(value)s.")
OUTSIDE_PERIOD = _("The dates must be within the programme period %(first)s–%(last)s.")
END_BEFORE_START = _("The end date is before the start date.")
PREVIOUS_GRANT_ONLY_CONTINUED = _("Only a continuation names the grant that financed it before.")
BUDGET_YEAR = _("Budgets are for the programme years %(first)s–%(last)s.")
NEGATIVE = _("An amount cannot be negative.")
STEP_DONE = _("This step is already recorded.")
STEP_DATE = _("The date cannot be in the future, nor before %(year)s.")
STEP_NO_SECTORS = _("Name the sectors that took part.")
TEXT_REQUIRED = _("Write what came out of the step.")
REASON_REQUIRED = _("Give a reason.")
COMMENT_REQUIRED = _("Write a comment for the municipality.")
NO_POT = _("No amount is decided for this year yet: the programme has no locked allocation run.")
NOT_A_PROGRAMME_YEAR = _("%(year)s is not a year of the programme.")
NOT_THIS_PROJECT = _("The measure belongs to another project.")
REPORT_NOT_EDITABLE = _("A submitted or approved report cannot be changed; the county governor must reopen it first.")
REPORT_NOT_SUBMITTED = _("The report has not been submitted.")
REPORT_NOT_SUBMITTED_OR_APPROVED = _("Only a submitted or approved report can be reopened.")
LAST_YEAR_NO_CARRY = _("Nothing can be carried over from the programme's last year: what is unspent is to be repaid.")
MONEY_REFUSED = _("Nothing was saved: %(problems)s")
CLAWBACK_ABOVE_REPAY = _("The claw-back (%(amount)s NOK) is more than the %(repay)s NOK to be repaid.")
CLAWBACK_NOT_POSITIVE = _("The claw-back must be more than 0 NOK.")
LEGAL_BASIS_REQUIRED = _("Give the legal basis of the claw-back.")
MEETING_MUNICIPALITIES = _("Choose the municipalities present, all of the region.")
VALUE_YEAR = _("A follow-up value is for a year after the baseline year.")
INDICATOR_NAMED = _("Choose a registry indicator or name your own.")

REMINDER_SUBJECT = _("Samla: the yearly report for %(year)s is due")
REMINDER_BODY = _("The yearly report of %(municipality)s in %(programme)s for %(year)s was due on %(deadline)s "
                  "and has not been submitted. Submit it in Samla under Follow-up.")

PROJECT_FIELDS = ["programme", "municipality", "existing_measures"]
MEMBER_FIELDS = ["project", "body", "sector", "function", "user"]
MEASURE_FIELDS = ["project", "title", "description", "age_bands", "prevention_level", "sectors_responsible",
                  "sectors_involved", "novelty", "previous_grant", "innovation", "status", "planned_start",
                  "planned_end", "actual_start", "actual_end", "evaluated_by", "evaluation_method", "version"]
STEP_FIELDS = ["project", "step", "held_on", "sectors", "summary", "decided_by", "how", "document"]
REPORT_FIELDS = ["project", "year", "status", "deadline", "carry_out", "reflections", "version", "submitted_at",
                 "submitted_by", "reviewed_at", "reviewed_by", "review_comment"]


def _require(allowed: bool, message: Any) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def _text(value: str, message: Any, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code=code)
    return value


def _choices(values: Iterable[str], allowed: Sequence[str]) -> list[str]:
    """The chosen codes in the order of ``allowed``, each once; an unknown code is refused."""
    chosen = list(dict.fromkeys(values))
    for value in chosen:
        if value not in allowed:
            raise ValidationError(UNKNOWN_CHOICE, code="choice", params={"value": value})
    return sorted(chosen, key=allowed.index)


def _period(programme: Programme) -> tuple[datetime.date, datetime.date]:
    return datetime.date(programme.first_year, 1, 1), datetime.date(programme.last_year, 12, 31)


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# --- The project and its organisation --------------------------------------------------------------------------

@transaction.atomic
def project_start(*, actor, programme: Programme, municipality: Municipality) -> Project:
    """Start the follow-up of a participating municipality (its own users do)."""
    _require(municipality.pk in access.scope_of(actor).municipalities, NOT_OWN)
    if not Participant.objects.filter(programme=programme, municipality=municipality).exists():
        raise ValidationError(NOT_PARTICIPANT, code="not_participant")
    if Project.objects.filter(programme=programme, municipality=municipality).exists():
        raise ValidationError(PROJECT_EXISTS, code="exists")
    project = Project(programme=programme, municipality=municipality)
    _save(project)
    audit_record(actor=actor, action="followup.project_start", obj=project, before=None,
                 after=snapshot(project, PROJECT_FIELDS))
    return project


@transaction.atomic
def project_update(*, actor, project: Project, existing_measures: str) -> Project:
    _require(access.can_edit_project(actor, project), NOT_OWN)
    before = snapshot(project, PROJECT_FIELDS)
    project.existing_measures = existing_measures.strip()
    _save(project)
    audit_record(actor=actor, action="followup.project_update", obj=project, before=before,
                 after=snapshot(project, PROJECT_FIELDS))
    return project


@transaction.atomic
def member_add(*, actor, project: Project, body: str, sector: str, function: str, user=None) -> Member:
    _require(access.can_edit_project(actor, project), NOT_OWN)
    _choices([body], Body.values)
    _choices([sector], SECTORS)
    member = Member(project=project, body=body, sector=sector, function=_text(function, REASON_REQUIRED, "function"),
                    user=user)
    _save(member)
    audit_record(actor=actor, action="followup.member_add", obj=member, before=None,
                 after=snapshot(member, MEMBER_FIELDS))
    return member


@transaction.atomic
def member_remove(*, actor, member: Member) -> None:
    _require(access.can_edit_project(actor, member.project), NOT_OWN)
    audit_record(actor=actor, action="followup.member_remove", obj=member, before=snapshot(member, MEMBER_FIELDS),
                 after=None)
    member.delete()


# --- Baseline analysis -------------------------------------------------------------------------------------------

@transaction.atomic
def challenge_add(*, actor, project: Project, sector: str, text: str) -> Challenge:
    _require(access.can_edit_project(actor, project), NOT_OWN)
    if sector:
        _choices([sector], SECTORS)
    challenge = Challenge(project=project, sector=sector, text=_text(text, TEXT_REQUIRED, "text"))
    _save(challenge)
    audit_record(actor=actor, action="followup.challenge_add", obj=challenge, before=None,
                 after=snapshot(challenge))
    return challenge


@transaction.atomic
def baseline_indicator_add(*, actor, project: Project, indicator: Indicator | None, name: str, baseline_value,
                           baseline_year: int, source: str) -> BaselineIndicator:
    _require(access.can_edit_project(actor, project), NOT_OWN)
    if indicator is None and not name.strip():
        raise ValidationError(INDICATOR_NAMED, code="unnamed")
    row = BaselineIndicator(project=project, indicator=indicator, name="" if indicator else name.strip(),
                            baseline_value=baseline_value, baseline_year=baseline_year,
                            source=_text(source, TEXT_REQUIRED, "source"))
    _save(row)
    audit_record(actor=actor, action="followup.baseline_indicator_add", obj=row, before=None, after=snapshot(row))
    return row


@transaction.atomic
def followup_value_set(*, actor, baseline: BaselineIndicator, year: int, value) -> FollowUpValue:
    _require(access.can_edit_project(actor, baseline.project), NOT_OWN)
    if year <= baseline.baseline_year:
        raise ValidationError(VALUE_YEAR, code="year")
    row = FollowUpValue.objects.filter(baseline=baseline, year=year).first()
    before = None if row is None else snapshot(row)
    row = row or FollowUpValue(baseline=baseline, year=year)
    row.value = value
    _save(row)
    audit_record(actor=actor, action="followup.value_set", obj=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def comment_add(*, actor, project: Project, text: str) -> Comment:
    """The competence centre supports the analysis and the measures (its role in the programme) with comments."""
    _require(access.can_comment_project(actor, project), NOT_SUPPORT)
    comment = Comment(project=project, author=actor, text=_text(text, TEXT_REQUIRED, "text"))
    _save(comment)
    audit_record(actor=actor, action="followup.comment_add", obj=comment, before=None, after=snapshot(comment))
    return comment


# --- Measures ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeasureInput:
    title: str
    description: str
    age_bands: Sequence[str]
    prevention_level: str
    sectors_responsible: Sequence[str]
    sectors_involved: Sequence[str]
    novelty: str
    innovation: str
    planned_start: datetime.date
    planned_end: datetime.date
    status: str = "planned"
    previous_grant: Scheme | None = None
    actual_start: datetime.date | None = None
    actual_end: datetime.date | None = None
    evaluated_by: str = ""
    evaluation_method: str = ""
    budgets: Mapping[int, int] | None = None  # programme year → NOK


def _checked(project: Project, data: MeasureInput) -> dict[str, Any]:
    """The measure's fields after the rules the evaluator asked for: an age band and a sector responsible,
    dates inside the programme period, a previous grant only for a continuation."""
    age_bands = _choices(data.age_bands, AGE_BANDS)
    if not age_bands:
        raise ValidationError(NO_AGE_BAND, code="age_band")
    responsible = _choices(data.sectors_responsible, SECTORS)
    if not responsible:
        raise ValidationError(NO_SECTOR, code="sector")
    first, last = _period(project.programme)
    dates = [d for d in (data.planned_start, data.planned_end, data.actual_start, data.actual_end) if d]
    if any(not first <= d <= last for d in dates):
        raise ValidationError(OUTSIDE_PERIOD, code="period", params={"first": first.year, "last": last.year})
    if data.planned_end < data.planned_start or (data.actual_start and data.actual_end
                                                 and data.actual_end < data.actual_start):
        raise ValidationError(END_BEFORE_START, code="end_before_start")
    if data.previous_grant is not None and data.novelty != Novelty.CONTINUED:
        raise ValidationError(PREVIOUS_GRANT_ONLY_CONTINUED, code="previous_grant")
    for year, amount in (data.budgets or {}).items():
        if year not in project.programme.years:
            raise ValidationError(BUDGET_YEAR, code="budget_year", params={"first": first.year, "last": last.year})
        if amount < 0:
            raise ValidationError(NEGATIVE, code="negative")
    return {
        "title": _text(data.title, TEXT_REQUIRED, "title"), "description": _text(data.description, TEXT_REQUIRED,
                                                                                 "description"),
        "age_bands": age_bands, "prevention_level": data.prevention_level, "sectors_responsible": responsible,
        "sectors_involved": _choices(data.sectors_involved, SECTORS), "novelty": data.novelty,
        "previous_grant": data.previous_grant, "innovation": data.innovation, "status": data.status,
        "planned_start": data.planned_start, "planned_end": data.planned_end, "actual_start": data.actual_start,
        "actual_end": data.actual_end, "evaluated_by": data.evaluated_by.strip(),
        "evaluation_method": data.evaluation_method.strip(),
    }


def _write_budgets(measure: Measure, budgets: Mapping[int, int] | None) -> None:
    if budgets is None:
        return
    measure.budgets.exclude(year__in=list(budgets)).delete()
    for year, amount in budgets.items():
        MeasureBudget.objects.update_or_create(measure=measure, year=year, defaults={"amount": amount})


def _measure_snapshot(measure: Measure) -> dict[str, Any]:
    data = snapshot(measure, MEASURE_FIELDS)
    data["budgets"] = {str(b.year): b.amount for b in measure.budgets.order_by("year")}
    return data


@transaction.atomic
def measure_create(*, actor, project: Project, data: MeasureInput, illustrative: bool = False) -> Measure:
    _require(access.can_edit_project(actor, project), NOT_OWN)
    measure = Measure(project=project, illustrative=illustrative, **_checked(project, data))
    _save(measure)
    _write_budgets(measure, data.budgets)
    audit_record(actor=actor, action="followup.measure_create", obj=measure, before=None,
                 after=_measure_snapshot(measure))
    return measure


@transaction.atomic
def measure_update(*, actor, measure: Measure, expected_version: int, data: MeasureInput) -> Measure:
    measure = Measure.objects.select_for_update().select_related("project__programme").get(pk=measure.pk)
    _require(access.can_edit_project(actor, measure.project), NOT_OWN)
    if measure.version != expected_version:
        raise ValidationError(STALE, code="stale_version")
    before = _measure_snapshot(measure)
    for name, value in _checked(measure.project, data).items():
        setattr(measure, name, value)
    measure.version += 1
    _save(measure)
    _write_budgets(measure, data.budgets)
    audit_record(actor=actor, action="followup.measure_update", obj=measure, before=before,
                 after=_measure_snapshot(measure))
    return measure


# --- The cooperation process -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PriorityInput:
    proposal: str
    cost: int
    rank: int
    chosen: bool = False


@transaction.atomic
def step_record(*, actor, project: Project, step: str, held_on: datetime.date, sectors: Sequence[str], summary: str,
                decided_by: str = "", how: str = "", document=None, priorities: Sequence[PriorityInput] = (),
                now: datetime.datetime | None = None) -> CooperationStep:
    """Record one step of the cooperation process, once: date, sectors present, what came out of it (an output
    document is a PDF of at most 10 MB, as the political decision); for the deliberation step, each proposal
    with its cost, the participants' priority and whether it was chosen."""
    _require(access.can_edit_project(actor, project), NOT_OWN)
    now = _now(now)
    _choices([step], STEPS)
    if CooperationStep.objects.filter(project=project, step=step).exists():
        raise ValidationError(STEP_DONE, code="done")
    earliest = project.programme.first_year - 1  # planning starts the autumn before the first programme year
    if held_on > timezone.localdate(now) or held_on.year < earliest:
        raise ValidationError(STEP_DATE, code="date", params={"year": earliest})
    chosen_sectors = _choices(sectors, SECTORS)
    if not chosen_sectors:
        raise ValidationError(STEP_NO_SECTORS, code="sectors")
    for p in priorities:
        if p.cost < 0:
            raise ValidationError(NEGATIVE, code="negative")
    record = CooperationStep(project=project, step=step, held_on=held_on, sectors=chosen_sectors,
                             summary=_text(summary, TEXT_REQUIRED, "summary"), decided_by=decided_by.strip(),
                             how=how.strip(), recorded_by=actor, recorded_at=now)
    if document:
        record.document = document
    _save(record)
    for p in priorities:
        _save(Priority(step=record, proposal=_text(p.proposal, TEXT_REQUIRED, "proposal"), cost=p.cost, rank=p.rank,
                       chosen=p.chosen))
    after = snapshot(record, STEP_FIELDS)
    after["priorities"] = [{"proposal": p.proposal, "cost": p.cost, "rank": p.rank, "chosen": p.chosen}
                           for p in priorities]
    audit_record(actor=actor, action="followup.step_record", obj=record, before=None, after=after)
    return record


# --- Yearly reports and money ----------------------------------------------------------------------------------

def _report_locked(report: YearlyReport) -> YearlyReport:
    return YearlyReport.objects.select_for_update().select_related(
        "project__programme", "project__municipality__region").get(pk=report.pk)


def _refuse_money(problems: Sequence[str]) -> None:
    raise ValidationError(MONEY_REFUSED, code="money", params={"problems": "; ".join(problems)})


@transaction.atomic
def report_open(*, actor, project: Project, year: int) -> YearlyReport:
    """The report of a programme year (made the first time it is opened)."""
    _require(access.can_edit_project(actor, project), NOT_OWN)
    if year not in project.programme.years:
        raise ValidationError(NOT_A_PROGRAMME_YEAR, code="year", params={"year": year})
    report = YearlyReport.objects.filter(project=project, year=year).first()
    if report is not None:
        return report
    report = YearlyReport(project=project, year=year, deadline=report_deadline(year))
    _save(report)
    audit_record(actor=actor, action="followup.report_open", obj=report, before=None,
                 after=snapshot(report, REPORT_FIELDS))
    return report


@transaction.atomic
def report_save(*, actor, report: YearlyReport, expected_version: int, spending: Mapping[int, int],
                carry_out: int, reflections: str) -> YearlyReport:
    """Save spending per measure (measure id → NOK), carry-over and reflections. The money must reconcile with
    the pot of the locked allocation run: spending above what is available, a negative amount, or carry-over
    from the last year is refused, and nothing is stored."""
    report = _report_locked(report)
    project = report.project
    _require(access.can_edit_project(actor, project), NOT_OWN)
    if report.version != expected_version:
        raise ValidationError(STALE, code="stale_version")
    if not report.editable:
        raise ValidationError(REPORT_NOT_EDITABLE, code="not_editable")
    pot = selectors.pot_of(project, report.year)
    if pot is None:
        raise ValidationError(NO_POT, code="no_pot")
    measures = {m.pk: m for m in project.measures.all()}
    for measure_id, amount in spending.items():
        if measure_id not in measures:
            raise ValidationError(NOT_THIS_PROJECT, code="measure")
        if amount < 0:
            raise ValidationError(NEGATIVE, code="negative")
    if carry_out < 0:
        raise ValidationError(NEGATIVE, code="negative")
    if carry_out and report.year == project.programme.last_year:
        raise ValidationError(LAST_YEAR_NO_CARRY, code="last_year")
    spent = {str(k): v for k, v in spending.items() if v}
    account = selectors.account_of(report, spent=spent, carry_out=carry_out, pot=pot)
    if problems := [p for p in selectors.account_problems(account) if not p.startswith("a claw-back")]:
        _refuse_money(problems)
    before = _report_snapshot(report)
    report.spending.exclude(measure_id__in=[int(k) for k in spent]).delete()
    for key, amount in spent.items():
        Spending.objects.update_or_create(report=report, measure_id=int(key), defaults={"amount": amount})
    report.carry_out = carry_out
    report.reflections = reflections.strip()
    report.version += 1
    _save(report)
    audit_record(actor=actor, action="followup.report_save", obj=report, before=before,
                 after=_report_snapshot(report))
    return report


def _report_snapshot(report: YearlyReport) -> dict[str, Any]:
    data = snapshot(report, REPORT_FIELDS)
    data["spending"] = {str(s.measure_id): s.amount for s in report.spending.order_by("measure_id")}
    return data


def _transition(actor, report: YearlyReport, action: str, reason: str = "", **changes: Any) -> YearlyReport:
    before = _report_snapshot(report)
    for name, value in changes.items():
        setattr(report, name, value)
    report.version += 1
    _save(report)
    audit_record(actor=actor, action=action, obj=report, before=before, after=_report_snapshot(report),
                 reason=reason)
    return report


@transaction.atomic
def report_submit(*, actor, report: YearlyReport, expected_version: int,
                  now: datetime.datetime | None = None) -> YearlyReport:
    """Submit the report to the county governor; from now on it changes only through a recorded reopening. A report
    submitted after its deadline is accepted and shown as late."""
    report = _report_locked(report)
    _require(access.can_edit_project(actor, report.project), NOT_OWN)
    if report.version != expected_version:
        raise ValidationError(STALE, code="stale_version")
    if not report.editable:
        raise ValidationError(REPORT_NOT_EDITABLE, code="not_editable")
    pot = selectors.pot_of(report.project, report.year)
    if pot is None:
        raise ValidationError(NO_POT, code="no_pot")
    if problems := [p for p in selectors.account_problems(selectors.account_of(report, pot=pot))
                    if not p.startswith("a claw-back")]:
        _refuse_money(problems)
    return _transition(actor, report, "followup.report_submit", status=YearlyReport.Status.SUBMITTED,
                       submitted_at=_now(now), submitted_by=actor)


@transaction.atomic
def report_return(*, actor, report: YearlyReport, comment: str, now: datetime.datetime | None = None
                  ) -> YearlyReport:
    """The county governor sends a submitted report back to the municipality, with what to mend."""
    report = _report_locked(report)
    _require(access.can_review_report(actor, report.project), NOT_COUNTY_GOVERNOR)
    if report.status != YearlyReport.Status.SUBMITTED:
        raise ValidationError(REPORT_NOT_SUBMITTED, code="not_submitted")
    comment = _text(comment, COMMENT_REQUIRED, "comment")
    return _transition(actor, report, "followup.report_return", reason=comment, status=YearlyReport.Status.RETURNED,
                       review_comment=comment, reviewed_at=_now(now), reviewed_by=actor)


@transaction.atomic
def report_approve(*, actor, report: YearlyReport, comment: str = "", now: datetime.datetime | None = None
                   ) -> YearlyReport:
    report = _report_locked(report)
    _require(access.can_review_report(actor, report.project), NOT_COUNTY_GOVERNOR)
    if report.status != YearlyReport.Status.SUBMITTED:
        raise ValidationError(REPORT_NOT_SUBMITTED, code="not_submitted")
    return _transition(actor, report, "followup.report_approve", status=YearlyReport.Status.APPROVED,
                       review_comment=comment.strip(), reviewed_at=_now(now), reviewed_by=actor)


@transaction.atomic
def report_reopen(*, actor, report: YearlyReport, reason: str, now: datetime.datetime | None = None
                  ) -> YearlyReport:
    """A submitted or approved report opened again (a recorded reopening with the reason)."""
    report = _report_locked(report)
    _require(access.can_review_report(actor, report.project), NOT_COUNTY_GOVERNOR)
    if report.status not in (YearlyReport.Status.SUBMITTED, YearlyReport.Status.APPROVED):
        raise ValidationError(REPORT_NOT_SUBMITTED_OR_APPROVED, code="not_submitted")
    reason = _text(reason, REASON_REQUIRED, "reason")
    _save(ReportReopening(report=report, reason=reason, by=actor, at=_now(now)))
    return _transition(actor, report, "followup.report_reopen", reason=reason, status=YearlyReport.Status.DRAFT)


@transaction.atomic
def clawback_decide(*, actor, report: YearlyReport, amount: int, reason: str, legal_basis: str,
                    now: datetime.datetime | None = None) -> Clawback:
    """The county governor's decision to reclaim money: never more than the year leaves to be repaid."""
    report = _report_locked(report)
    _require(access.can_review_report(actor, report.project), NOT_COUNTY_GOVERNOR)
    if report.status not in (YearlyReport.Status.SUBMITTED, YearlyReport.Status.APPROVED):
        raise ValidationError(REPORT_NOT_SUBMITTED, code="not_submitted")
    if amount <= 0:
        raise ValidationError(CLAWBACK_NOT_POSITIVE, code="amount")
    account = selectors.account_of(report)
    if account.clawback + amount > account.repay:
        raise ValidationError(CLAWBACK_ABOVE_REPAY, code="above_repay",
                              params={"amount": amount, "repay": account.repay - account.clawback})
    clawback = Clawback(report=report, amount=amount, reason=_text(reason, REASON_REQUIRED, "reason"),
                        legal_basis=_text(legal_basis, LEGAL_BASIS_REQUIRED, "legal_basis"), decided_by=actor,
                        decided_at=_now(now))
    _save(clawback)
    audit_record(actor=actor, action="followup.clawback_decide", obj=clawback, before=None,
                 after=snapshot(clawback), reason=clawback.reason)
    return clawback


def reports_remind(*, actor, programme: Programme, today: datetime.date | None = None) -> int:
    """E-mail the users of every municipality whose report is late (Django's e-mail backend); returns how many
    e-mails went out. The county governor sends them for its region; each is audited."""
    today = today or timezone.localdate()
    regions = access.scope_of(actor).regions.get(Role.COUNTY_GOVERNOR, frozenset())
    if not regions:
        raise PermissionDenied(NOT_COUNTY_GOVERNOR)
    sent = 0
    for project, year, report in selectors.late_reports(programme, today, regions):
        emails = sorted({a.user.email for a in RoleAssignment.objects.filter(
            role=Role.MUNICIPALITY, municipality=project.municipality).select_related("user")
            if a.user.email and a.user.is_active})
        if not emails:
            continue
        deadline = report.deadline if report else report_deadline(year)
        params = {"year": year, "municipality": project.municipality.name, "programme": programme.name,
                  "deadline": deadline.isoformat()}
        send_mail(str(REMINDER_SUBJECT) % params, str(REMINDER_BODY) % params, settings.DEFAULT_FROM_EMAIL, emails)
        with transaction.atomic():
            audit_record(actor=actor, action="followup.report_remind", obj=project, before=None,
                         after={"year": year, "to": emails, "deadline": deadline.isoformat()})
        sent += len(emails)
    return sent


# --- Network meetings ----------------------------------------------------------------------------------------

@transaction.atomic
def network_meeting_record(*, actor, programme: Programme, region: Region, held_on: datetime.date, theme: str,
                           municipalities: Sequence[Municipality], sectors: Sequence[str], notes: str = "",
                           document=None) -> NetworkMeeting:
    _require(access.can_record_network_meeting(actor, region.pk), NOT_COUNTY_GOVERNOR)
    if not municipalities or any(m.region_id != region.pk for m in municipalities):
        raise ValidationError(MEETING_MUNICIPALITIES, code="municipalities")
    first, last = _period(programme)
    if not datetime.date(first.year - 1, 1, 1) <= held_on <= last:
        raise ValidationError(OUTSIDE_PERIOD, code="period", params={"first": first.year - 1, "last": last.year})
    meeting = NetworkMeeting(programme=programme, region=region, held_on=held_on,
                             theme=_text(theme, TEXT_REQUIRED, "theme"), sectors=_choices(sectors, SECTORS),
                             notes=notes.strip(), recorded_by=actor)
    if document:
        meeting.document = document
    _save(meeting)
    meeting.municipalities.set(municipalities)
    after = snapshot(meeting)
    after["municipalities"] = sorted(m.pk for m in municipalities)
    audit_record(actor=actor, action="followup.network_meeting_record", obj=meeting, before=None, after=after)
    return meeting

