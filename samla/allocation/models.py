"""A programme as stored in the database: the same facts as ``samla.core.allocation.ProgrammeSpec``.

Money is integer NOK. Rates are exact decimals. Every yearly growth factor carries its source.
Awards (``schemes.Award``) and indicators (``registry.IndicatorValue``) are not copied here: the
selector reads them for the participants when it builds the engine input.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.registry.models import Municipality
from samla.schemes.models import Scheme


class Programme(models.Model):
    class ResidualPolicy(models.TextChoices):
        LARGEST = "largest", _("To the largest recipient")
        LARGEST_REMAINDER = "largest_remainder", _("Largest remainder")

    class SurplusMethod(models.TextChoices):
        INDICATOR = "indicator", _("By indicator")
        EQUAL = "equal", _("Equal shares")
        POT = "pot", _("Pro rata to the pots")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    rounding_unit = models.PositiveIntegerField(_("rounding unit (NOK)"), default=1)
    residual_policy = models.CharField(_("rounding residual"), max_length=20, choices=ResidualPolicy.choices,
                                       default=ResidualPolicy.LARGEST)
    floor = models.BigIntegerField(_("floor (NOK)"), default=0)
    budget = models.BigIntegerField(_("budget (NOK)"), null=True, blank=True,
                                    help_text=_("Empty: the sum of the decided amounts or the pots."))
    surplus_method = models.CharField(_("surplus method"), max_length=12, choices=SurplusMethod.choices,
                                      default=SurplusMethod.INDICATOR)
    surplus_indicator = models.CharField(_("surplus indicator"), max_length=60, blank=True,
                                         help_text=_("Code of a registry indicator."))
    surplus_indicator_year = models.PositiveSmallIntegerField(_("surplus indicator year"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="programme_years_ordered"),
            models.CheckConstraint(condition=Q(rounding_unit__gt=0), name="programme_rounding_unit_positive"),
            models.CheckConstraint(condition=Q(floor__gte=0), name="programme_floor_non_negative"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0),
                                   name="programme_budget_non_negative"),
            models.CheckConstraint(condition=Q(residual_policy__in=["largest", "largest_remainder"]),
                                   name="programme_residual_policy_valid"),
            models.CheckConstraint(condition=Q(surplus_method__in=["indicator", "equal", "pot"]),
                                   name="programme_surplus_method_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


class ProgrammeScheme(models.Model):
    """One pooled scheme and the rule that turns it into an entitlement per municipality."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="schemes",
                                  verbose_name=_("programme"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="programme_rules",
                               verbose_name=_("scheme"))
    method = models.CharField(_("method"), max_length=12, choices=Scheme.Method.choices,
                              default=Scheme.Method.HISTORICAL)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    budget = models.BigIntegerField(_("budget (NOK)"), null=True, blank=True)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True,
                                 help_text=_("Code of a registry indicator."))
    indicator_year = models.PositiveSmallIntegerField(_("indicator year"), null=True, blank=True)
    rate = models.DecimalField(_("rate (NOK per unit)"), max_digits=18, decimal_places=6, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pooled scheme")
        verbose_name_plural = _("pooled schemes")
        ordering = ["programme", "position", "scheme__key"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "scheme"], name="programme_scheme_unique"),
            models.CheckConstraint(condition=Q(method__in=["historical", "key", "rate"]),
                                   name="programme_scheme_method_valid"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0),
                                   name="programme_scheme_budget_non_negative"),
            models.CheckConstraint(condition=Q(rate__isnull=True) | Q(rate__gte=0),
                                   name="programme_scheme_rate_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.scheme.key}"


class GrowthFactor(models.Model):
    """The yearly growth of the programme total, with where the figure comes from."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="growth_factors",
                                  verbose_name=_("programme"))
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(_("rate"), max_digits=9, decimal_places=6,
                               help_text=_("As a fraction: 0.031 is 3.1 %."))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("growth factor")
        verbose_name_plural = _("growth factors")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="growth_factor_unique"),
            models.CheckConstraint(condition=Q(rate__gt=-1), name="growth_factor_rate_above_minus_one"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}: {self.rate}"


class Participant(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants",
                                  verbose_name=_("programme"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="participations",
                                     verbose_name=_("municipality"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["programme", "position", "municipality__number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "municipality"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.municipality}"


class DecidedAmount(models.Model):
    """An amount decided by the directorate for one municipality and year (e.g. the 2020 row)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="decided_amounts",
                                  verbose_name=_("programme"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="decided_amounts",
                                     verbose_name=_("municipality"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("decided amount")
        verbose_name_plural = _("decided amounts")
        ordering = ["programme", "year", "municipality__number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "municipality", "year"], name="decided_amount_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="decided_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.number} {self.year}: {self.amount}"


class Continuation(models.Model):
    """An earlier grant from a pooled scheme that keeps running beside the programme (a flagged exception)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="continuations",
                                  verbose_name=_("programme"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="continuations",
                                     verbose_name=_("municipality"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="continuations",
                               verbose_name=_("scheme"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (NOK)"))
    reason = models.TextField(_("reason"), blank=True, help_text=_("Do not enter personal data about children."))

    class Meta:
        verbose_name = _("continuation")
        verbose_name_plural = _("continuations")
        ordering = ["programme", "year", "municipality__number", "scheme__key"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "municipality", "scheme", "year"],
                                    name="continuation_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="continuation_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.number} {self.scheme.key} {self.year}: {self.amount}"


# --- Allocation runs and award letters --------------------------------------------------------------
#
# A run is the engine's result for the programme as it stood, stored with its complete input. A locked
# run never changes: ``allocation_run_lock`` (the service) refuses, ``save()``/``delete()`` below refuse,
# and database triggers (migration 0002) refuse UPDATE and DELETE of a locked row on SQLite and PostgreSQL.
# A new version is a new run; locking it supersedes the previously locked one (``supersedes``), so the
# current allocation is the one locked run that no other locked run supersedes.

RUN_LOCKED = _("Run %(number)s is locked and can never change. Make a new run instead.")
LETTER_IMMUTABLE = _("An award letter can never change. Generate a new version instead.")


class AllocationRun(models.Model):
    class Scenario(models.TextChoices):
        AS_RUN = "as_run", _("Continuations as run (beside the programme)")
        STRICT_POOLING = "strict_pooling", _("Strict pooling (continuations paid from the pot)")
        WITHOUT_CONTINUATIONS = "without_continuations", _("Without continuations")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="runs",
                                  verbose_name=_("programme"))
    number = models.PositiveIntegerField(_("number"))
    scenario = models.CharField(_("scenario"), max_length=30, choices=Scenario.choices)
    options = models.JSONField(_("engine options"), default=dict)
    input_json = models.TextField(_("input (canonical JSON)"))
    input_sha256 = models.CharField(_("input SHA-256"), max_length=64)
    result = models.JSONField(_("result with explanations"))
    result_sha256 = models.CharField(_("result SHA-256"), max_length=64)
    totals = models.JSONField(_("totals per year"))
    total = models.BigIntegerField(_("total (NOK)"))
    warnings = models.JSONField(_("warnings"), default=list, blank=True)  # a run without warnings is valid
    note = models.TextField(_("note"), blank=True, help_text=_("Do not enter personal data about children."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("locked by"))
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    lock_reason = models.TextField(_("reason for locking"), blank=True,
                                   help_text=_("Do not enter personal data about children."))
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", verbose_name=_("supersedes"))

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="allocation_run_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="allocation_run_number_positive"),
            models.CheckConstraint(condition=Q(scenario__in=["as_run", "strict_pooling", "without_continuations"]),
                                   name="allocation_run_scenario_valid"),
            models.CheckConstraint(
                condition=(Q(locked_at__isnull=True, locked_by__isnull=True, supersedes__isnull=True)
                           | Q(locked_at__isnull=False)),
                name="allocation_run_lock_complete"),
            # One chain of locked runs per programme: only the first locked run supersedes nothing.
            models.UniqueConstraint(fields=["programme"], condition=Q(locked_at__isnull=False, supersedes__isnull=True),
                                    name="allocation_run_one_first_lock"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self._stored_locked():
            raise ValidationError(RUN_LOCKED, code="locked", params={"number": self.number})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_locked():
            raise ValidationError(RUN_LOCKED, code="locked", params={"number": self.number})
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def _stored_locked(self) -> bool:
        return self.pk is not None and AllocationRun.objects.filter(pk=self.pk, locked_at__isnull=False).exists()


class AwardLetter(models.Model):
    """A tildelingsbrev: one municipality's PDF letter made from a locked run. Versions are kept."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="letters",
                                  verbose_name=_("programme"))
    run = models.ForeignKey(AllocationRun, on_delete=models.PROTECT, related_name="letters",
                            verbose_name=_("allocation run"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="award_letters",
                                     verbose_name=_("municipality"))
    version = models.PositiveIntegerField(_("version"))
    letter_date = models.DateField(_("letter date"))
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    total = models.BigIntegerField(_("total (NOK)"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("award letter")
        verbose_name_plural = _("award letters")
        ordering = ["programme", "municipality__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "municipality", "version"],
                                    name="award_letter_version_unique"),
            models.UniqueConstraint(fields=["run", "municipality"], name="award_letter_one_per_run"),
            models.CheckConstraint(condition=Q(version__gte=1), name="award_letter_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.programme} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and AwardLetter.objects.filter(pk=self.pk).exists():
            raise ValidationError(LETTER_IMMUTABLE, code="immutable")
        super().save(*args, **kwargs)
