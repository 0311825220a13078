"""The municipality's own work in the programme: its project (organisation and bodies), baseline analysis,
measures, the cooperation process (the evaluator's DYKOS steps), yearly reports of the money, and the county
governor's network meetings.

A ``Project`` is one participating municipality in one programme. Everything else hangs from it. No person is
named beyond user accounts: members are recorded by body, sector and function; free-text fields warn against
personal data about children. Every write goes through ``services.py`` and is audited there.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samla.allocation.models import Programme
from samla.registry.models import Indicator, Municipality, Region
from samla.schemes.models import Scheme
from samla.web.uploads import DOCUMENT_HELP, NO_CHILD_DATA, random_pdf_name, validate_pdf_document


class Sector(models.TextChoices):
    """Who takes part: the services and groups the evaluator found mostly missing (culture, technical services,
    volunteers, users) are named beside the usual ones."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health services")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    NAV = "nav", _("NAV (labour and welfare)")
    CULTURE = "culture", _("Culture and leisure")
    TECHNICAL = "technical", _("Technical services")
    VOLUNTEERS = "volunteers", _("Volunteers")
    USERS = "users", _("Young people and users")
    POLITICIANS = "politicians", _("Politicians")
    COUNTY = "county", _("County")
    COMPETENCE_CENTRE = "competence_centre", _("Competence centre")
    OTHER = "other", _("Other")


SECTORS: tuple[str, ...] = tuple(Sector.values)


class Body(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Project leader")
    STEERING_GROUP = "steering_group", _("Steering group")
    WORKING_GROUP = "working_group", _("Working group")


class AgeBand(models.TextChoices):
    EARLY = "0-5", _("0–5 years")
    CHILD = "6-12", _("6–12 years")
    YOUTH = "13-18", _("13–18 years")
    YOUNG_ADULT = "19-24", _("19–24 years")
    FAMILIES = "families", _("Families")


AGE_BANDS: tuple[str, ...] = tuple(AgeBand.values)


class PreventionLevel(models.TextChoices):
    UNIVERSAL = "universal", _("Universal (everyone)")
    SELECTIVE = "selective", _("Selective (groups at risk)")
    INDICATED = "indicated", _("Indicated (those with needs)")


class Novelty(models.TextChoices):
    NEW = "new", _("New measure")
    CONTINUED = "continued", _("Continuation of an existing measure")


class Innovation(models.TextChoices):
    NONE = "none", _("Not new")
    LOCAL = "local", _("New to the municipality")
    NATIONAL = "national", _("New nationally")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Step(models.TextChoices):
    """The cooperation process as the evaluator's DYKOS model describes it (domain.md §5), in order."""

    NEEDS = "needs", _("Joint needs mapping")
    CHALLENGES = "challenges", _("Shared challenge picture")
    PRIORITIES = "priorities", _("Deliberation and priorities")
    USERS = "users", _("User involvement")
    ARENAS = "arenas", _("Arenas and principles")
    ANCHORING = "anchoring", _("Anchoring in leadership")


STEPS: tuple[str, ...] = tuple(Step.values)


class Project(models.Model):
    """A participating municipality's project in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("programme"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="projects",
                                     verbose_name=_("municipality"))
    existing_measures = models.TextField(_("existing measures"), blank=True, help_text=NO_CHILD_DATA)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up project")
        verbose_name_plural = _("follow-up projects")
        ordering = ["programme", "municipality__region__name", "municipality__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "municipality"], name="followup_project_unique")]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.programme}"


class Member(models.Model):
    """A place in one of the project's bodies: by sector and function; a user account if the person has one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members", verbose_name=_("project"))
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    function = models.CharField(_("function"), max_length=200, help_text=_("E.g. head of the health centre. "
                                                                          "No names are needed."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("user account"))

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["project", "body", "sector", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(body__in=list(Body.values)), name="followup_member_body_valid"),
            models.CheckConstraint(condition=Q(sector__in=list(Sector.values)), name="followup_member_sector_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.function} ({self.get_sector_display()})"


class Challenge(models.Model):
    """A challenge of the baseline analysis, for one sector or across sectors (sector empty)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="challenges",
                                verbose_name=_("project"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True,
                              help_text=_("Empty: across sectors."))
    text = models.TextField(_("challenge"), help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["project", "sector", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class BaselineIndicator(models.Model):
    """An indicator the municipality follows: one of the registry's, or its own; its baseline and source."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("project"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("registry indicator"))
    name = models.CharField(_("own indicator"), max_length=200, blank=True,
                            help_text=_("When it is not one of the registry's."))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=18, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("baseline indicator")
        verbose_name_plural = _("baseline indicators")
        ordering = ["project", "id"]
        constraints = [models.CheckConstraint(condition=Q(indicator__isnull=False) | ~Q(name=""),
                                              name="followup_baseline_indicator_named")]

    def __str__(self) -> str:
        return self.indicator.name if self.indicator is not None else self.name

    @property
    def label(self) -> str:
        return str(self)


class FollowUpValue(models.Model):
    """A follow-up value of a baseline indicator in a later year."""

    baseline = models.ForeignKey(BaselineIndicator, on_delete=models.CASCADE, related_name="values",
                                 verbose_name=_("baseline indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("follow-up value")
        verbose_name_plural = _("follow-up values")
        ordering = ["baseline", "year"]
        constraints = [models.UniqueConstraint(fields=["baseline", "year"], name="followup_indicator_value_unique")]

    def __str__(self) -> str:
        return f"{self.baseline} {self.year}: {self.value}"


class Comment(models.Model):
    """The competence centre's (or the county governor's) comment on the baseline analysis or the measures."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("project"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    text = models.TextField(_("comment"), help_text=NO_CHILD_DATA)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["project", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.Model):
    """A measure (tiltak): what, for whom, how preventive, by whom, new or continued, and its local evaluation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=NO_CHILD_DATA)
    age_bands = models.JSONField(_("target age bands"), default=list)
    prevention_level = models.CharField(_("prevention level"), max_length=12, choices=PreventionLevel.choices)
    sectors_responsible = models.JSONField(_("sectors responsible"), default=list)
    sectors_involved = models.JSONField(_("sectors involved"), default=list, blank=True)
    novelty = models.CharField(_("new or continued"), max_length=12, choices=Novelty.choices)
    previous_grant = models.ForeignKey(Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("financed before by"),
                                       help_text=_("For a continuation: the grant scheme that financed it."))
    innovation = models.CharField(_("innovation"), max_length=10, choices=Innovation.choices)
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices,
                              default=MeasureStatus.PLANNED)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    evaluated_by = models.CharField(_("evaluated by"), max_length=200, blank=True)
    evaluation_method = models.TextField(_("how it is evaluated"), blank=True, help_text=NO_CHILD_DATA)
    illustrative = models.BooleanField(_("illustrative (demo data)"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["project", "planned_start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")),
                                   name="followup_measure_plan_ordered"),
            models.CheckConstraint(condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=False),
                                   name="followup_measure_ended_after_start"),
            models.CheckConstraint(condition=Q(novelty="continued") | Q(previous_grant__isnull=True),
                                   name="followup_measure_previous_grant_only_for_continued"),
            models.CheckConstraint(condition=Q(version__gte=1), name="followup_measure_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class MeasureBudget(models.Model):
    """What the measure is planned to cost the pot in one programme year (whole NOK)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("measure"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("measure budget")
        verbose_name_plural = _("measure budgets")
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="followup_measure_budget_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="followup_measure_budget_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.amount}"


def step_document_path(instance: CooperationStep, filename: str) -> str:
    return random_pdf_name("followup/steps")


class CooperationStep(models.Model):
    """One recorded step of the cooperation process: when, with which sectors, what came out of it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps", verbose_name=_("project"))
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    held_on = models.DateField(_("date"))
    sectors = models.JSONField(_("participating sectors"), default=list)
    summary = models.TextField(_("what came out of it"), help_text=NO_CHILD_DATA)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True,
                                  help_text=_("Where a decision was made: e.g. the steering group, the municipal "
                                              "management, the council."))
    how = models.TextField(_("how (for user involvement: how, with whom)"), blank=True, help_text=NO_CHILD_DATA)
    document = models.FileField(_("output document"), upload_to=step_document_path, blank=True,
                                validators=[validate_pdf_document], help_text=DOCUMENT_HELP)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("cooperation step")
        verbose_name_plural = _("cooperation steps")
        ordering = ["project", "held_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "step"], name="followup_cooperation_step_once"),
            models.CheckConstraint(condition=Q(step__in=list(Step.values)), name="followup_cooperation_step_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.held_on}"


class Priority(models.Model):
    """A proposal weighed in the deliberation step: its cost, the participants' priority, and the decision."""

    step = models.ForeignKey(CooperationStep, on_delete=models.CASCADE, related_name="priorities",
                             verbose_name=_("step"))
    proposal = models.CharField(_("proposed measure"), max_length=200)
    cost = models.BigIntegerField(_("cost per year (NOK)"))
    rank = models.PositiveSmallIntegerField(_("participants' priority"), help_text=_("1 is the highest."))
    chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["step", "rank", "id"]
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="followup_priority_cost_non_negative"),
                       models.CheckConstraint(condition=Q(rank__gte=1), name="followup_priority_rank_positive")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.proposal}"


def report_deadline(year: int) -> datetime.date:
    """The yearly report of a programme year is due on 1 March of the next year."""
    return datetime.date(year + 1, 3, 1)


class YearlyReport(models.Model):
    """The municipality's report of one programme year: spending per measure, carry-over, reflections."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
        RETURNED = "returned", pgettext_lazy("report", "Sent back")
        APPROVED = "approved", pgettext_lazy("report", "Approved")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports", verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField(_("deadline"))
    carry_out = models.BigIntegerField(_("carried over to next year (NOK)"), default=0)
    reflections = models.TextField(_("reflections"), blank=True, help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_comment = models.TextField(_("county governor's comment"), blank=True, help_text=NO_CHILD_DATA)
    illustrative = models.BooleanField(_("illustrative (demo data)"), default=False)

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="followup_yearly_report_unique"),
            models.CheckConstraint(condition=Q(carry_out__gte=0), name="followup_yearly_report_carry_non_negative"),
            models.CheckConstraint(condition=Q(version__gte=1), name="followup_yearly_report_version_positive"),
            models.CheckConstraint(condition=Q(status__in=["draft", "returned"]) | Q(submitted_at__isnull=False),
                                   name="followup_yearly_report_submitted_has_when"),
        ]

    def __str__(self) -> str:
        return f"{self.project.municipality} {self.year}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Spending(models.Model):
    """What a measure cost the pot in the report's year (whole NOK)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="spending",
                               verbose_name=_("report"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="spending", verbose_name=_("measure"))
    amount = models.BigIntegerField(_("spent (NOK)"))

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["report", "measure__title"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="followup_spending_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="followup_spending_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.amount}"


class ReportReopening(models.Model):
    """A submitted or approved report opened again by the county governor, with the reason (recorded)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="reopenings",
                               verbose_name=_("report"))
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("report reopening")
        verbose_name_plural = _("report reopenings")
        ordering = ["report", "at"]

    def __str__(self) -> str:
        return f"{self.report} {self.at:%Y-%m-%d}"


class Clawback(models.Model):
    """A decision to reclaim unspent or misused programme money (tilbakebetaling)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="clawbacks",
                               verbose_name=_("report"))
    amount = models.BigIntegerField(_("amount (NOK)"))
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)
    legal_basis = models.CharField(_("legal basis"), max_length=300,
                                   help_text=_("E.g. the award letter's conditions, or the regulation on grants."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("claw-back decision")
        verbose_name_plural = _("claw-back decisions")
        ordering = ["report", "decided_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="followup_clawback_positive")]

    def __str__(self) -> str:
        return f"{self.report}: {self.amount}"


def meeting_document_path(instance: NetworkMeeting, filename: str) -> str:
    return random_pdf_name("followup/meetings")


class NetworkMeeting(models.Model):
    """A gathering the county governor holds for the region's municipalities in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="network_meetings",
                                  verbose_name=_("programme"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    held_on = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=300)
    municipalities = models.ManyToManyField(Municipality, related_name="+", verbose_name=_("municipalities present"))
    sectors = models.JSONField(_("sectors present"), default=list)
    notes = models.TextField(_("notes"), blank=True, help_text=NO_CHILD_DATA)
    document = models.FileField(_("document"), upload_to=meeting_document_path, blank=True,
                                validators=[validate_pdf_document], help_text=DOCUMENT_HELP)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["programme", "region", "-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme}"
