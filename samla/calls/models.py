"""Calls for applications, applications, assessments, the county governor's recommendation and the decision.

Workflow (domain.md §3): the directorate opens a ``ProgrammeRound``; each county governor publishes a
``Call`` for its region; municipalities write an ``Application`` (draft → submitted, optimistic locking by
``version``), the ``PoliticalDecision`` may come later; the resource group writes ``Assessment`` rows; the
county governor forwards a ``Recommendation``; the directorate records a ``SelectionDecision`` (with
overridden rule violations) and may record a ``StratifiedDraw``. All writes go through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samla.allocation.models import Programme
from samla.core.selection import DEFAULT_MAX_PER_REGION, DEFAULT_SIZE_BAND_LIMITS
from samla.registry.models import Municipality, Region
from samla.web.uploads import DOCUMENT_HELP, NO_CHILD_DATA, random_pdf_name, validate_pdf_document


def _default_band_limits() -> list[int]:
    return list(DEFAULT_SIZE_BAND_LIMITS)


def political_decision_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the uploader's file name is neither trusted nor revealed."""
    return random_pdf_name("calls/political_decisions")


class ProgrammeRound(models.Model):
    """The directorate's opening of a programme for applications: regions, the cap per region, criteria."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="round",
                                     verbose_name=_("programme"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    regions = models.ManyToManyField(Region, related_name="programme_rounds", verbose_name=_("regions"))
    max_per_region = models.PositiveSmallIntegerField(_("maximum participants per region"),
                                                      default=DEFAULT_MAX_PER_REGION)
    criteria = models.TextField(_("criteria"), help_text=NO_CHILD_DATA)
    size_band_limits = models.JSONField(
        _("size-band limits"), default=_default_band_limits,
        help_text=_("Upper limits of the population bands, e.g. [5000, 20000, 50000]."))
    population_indicator = models.CharField(_("population indicator"), max_length=60, default="population",
                                            help_text=_("Code of the registry indicator used for size bands."))
    population_year = models.PositiveSmallIntegerField(_("population year"))

    class Meta:
        verbose_name = _("programme round")
        verbose_name_plural = _("programme rounds")
        ordering = ["programme"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "open", "closed"]),
                                   name="programme_round_status_valid"),
            models.CheckConstraint(condition=Q(max_per_region__gt=0), name="programme_round_max_positive"),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class Call(models.Model):
    """A county governor's call for applications in its region (utlysning)."""

    programme_round = models.ForeignKey(ProgrammeRound, on_delete=models.PROTECT, related_name="calls",
                                        verbose_name=_("programme round"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="calls", verbose_name=_("region"))
    case_number = models.CharField(_("case number"), max_length=40, help_text=_('E.g. "Sak 2019/6452".'))
    text = models.TextField(_("text"), help_text=NO_CHILD_DATA)
    criteria = models.TextField(_("criteria"), help_text=NO_CHILD_DATA)
    preliminary_deadline = models.DateTimeField(_("deadline for the preliminary application"))
    final_deadline = models.DateTimeField(_("deadline for the political decision and final application"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["programme_round", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme_round", "region"], name="call_one_per_region"),
            models.CheckConstraint(condition=Q(final_deadline__gte=F("preliminary_deadline")),
                                   name="call_deadlines_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} ({self.region})"


class Criterion(models.Model):
    """One criterion of a call that assessors score from 1 to 5."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria_items", verbose_name=_("call"))
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="criterion_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class DeadlineExtension(models.Model):
    """The county governor's recorded extension of the application deadline for one municipality."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("call"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    until = models.DateTimeField(_("extended until"))
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["call", "municipality__number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "municipality"], name="deadline_extension_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.until:%Y-%m-%d}"


class Application(models.Model):
    """A municipality's application to a call. Submitted applications change only after a reopening."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="applications",
                                     verbose_name=_("municipality"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Raised by every save; a save naming an older version "
                                                      "is refused."))
    development_work = models.TextField(_("development work"), blank=True, help_text=NO_CHILD_DATA)
    measures = models.TextField(_("measures to try"), blank=True, help_text=NO_CHILD_DATA)
    challenge_picture = models.TextField(_("local challenge picture for cross-sector work"), blank=True,
                                         help_text=NO_CHILD_DATA)
    self_assessment = models.TextField(_("self-assessment: how far the municipality has come"), blank=True,
                                       help_text=NO_CHILD_DATA)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("updated by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("submitted by"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "municipality__number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "municipality"], name="application_one_per_municipality"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted"]), name="application_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="application_submitted_has_when_and_who",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="application_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.call.case_number}"

    @property
    def has_political_decision(self) -> bool:
        return PoliticalDecision.objects.filter(application_id=self.pk).exists()


class ContactPerson(models.Model):
    """A work contact at the municipality (adults' work contact details only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts",
                                    verbose_name=_("application"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    email = models.EmailField(_("work e-mail"))

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class PoliticalDecision(models.Model):
    """The municipal council's adoption of the application; may come after submission (final application)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="political_decision",
                                       verbose_name=_("application"))
    body = models.CharField(_("decision-making body"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    case_reference = models.CharField(_("case reference"), max_length=100)
    document = models.FileField(_("document"), upload_to=political_decision_path, blank=True,
                                validators=[validate_pdf_document], help_text=DOCUMENT_HELP)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("political decision")
        verbose_name_plural = _("political decisions")

    def __str__(self) -> str:
        return f"{self.body} {self.decided_on} ({self.case_reference})"


class ApplicationReopening(models.Model):
    """A recorded reopening of a submitted application: who, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reopenings",
                                    verbose_name=_("application"))
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reopened by"))
    reopened_at = models.DateTimeField(_("reopened at"))
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["application", "reopened_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="reopening_reason_required")]

    def __str__(self) -> str:
        return f"{self.application} {self.reopened_at:%Y-%m-%d}"


class Assessment(models.Model):
    """One resource-group member's assessment of one submitted application."""

    class Recommendation(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments",
                                    verbose_name=_("application"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("member"))
    recommendation = models.CharField(_("recommendation"), max_length=5, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True, help_text=NO_CHILD_DATA)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["application", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="assessment_one_per_member"),
            models.CheckConstraint(condition=Q(recommendation__in=["yes", "no", "maybe"]),
                                   name="assessment_recommendation_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.application}"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True, help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["assessment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="criterion_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Recommendation(models.Model):
    """The county governor's ranked list of candidates, forwarded to the directorate."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="recommendation",
                                verbose_name=_("call"))
    comment = models.TextField(_("comment"), blank=True, help_text=NO_CHILD_DATA)
    forwarded_at = models.DateTimeField(_("forwarded at"))
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("forwarded by"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return str(self.call)


class RankedCandidate(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="ranking",
                                       verbose_name=_("recommendation"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("application"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("ranked candidate")
        verbose_name_plural = _("ranked candidates")
        ordering = ["recommendation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "rank"], name="ranked_candidate_rank_unique"),
            models.UniqueConstraint(fields=["recommendation", "application"], name="ranked_candidate_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="ranked_candidate_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application}"


class SelectionDecision(models.Model):
    """The directorate's decision on which applications take part."""

    programme_round = models.OneToOneField(ProgrammeRound, on_delete=models.PROTECT, related_name="decision",
                                           verbose_name=_("programme round"))
    selected = models.ManyToManyField(Application, related_name="+", verbose_name=_("selected applications"))
    note = models.TextField(_("note"), blank=True, help_text=NO_CHILD_DATA)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))

    class Meta:
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")

    def __str__(self) -> str:
        return str(self.programme_round)


class ViolationOverride(models.Model):
    """A rule violation the directorate decided to accept, with its reason."""

    decision = models.ForeignKey(SelectionDecision, on_delete=models.CASCADE, related_name="overrides",
                                 verbose_name=_("decision"))
    code = models.CharField(_("rule"), max_length=40)
    subject = models.CharField(_("subject"), max_length=100)
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("overridden violation")
        verbose_name_plural = _("overridden violations")
        ordering = ["decision", "code", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "code", "subject"], name="violation_override_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="violation_override_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.code}:{self.subject}"


class StratifiedDraw(models.Model):
    """A recorded random draw within size bands: the seed, the input and the result, so it can be redone."""

    programme_round = models.ForeignKey(ProgrammeRound, on_delete=models.PROTECT, related_name="draws",
                                        verbose_name=_("programme round"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"), help_text=_("Empty: all regions of the round."))
    seed = models.BigIntegerField(_("seed"))
    per_stratum = models.PositiveSmallIntegerField(_("number drawn per size band"))
    candidates = models.JSONField(_("candidates (number → population)"))
    result = models.JSONField(_("result (size band → numbers)"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("drawn by"))

    class Meta:
        verbose_name = _("stratified draw")
        verbose_name_plural = _("stratified draws")
        ordering = ["programme_round", "drawn_at"]

    def __str__(self) -> str:
        return f"{self.programme_round} seed {self.seed}"
