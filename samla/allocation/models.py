"""A programme as stored in the database: the same facts as ``samla.core.allocation.ProgrammeSpec``.

Money is integer NOK. Rates are exact decimals. Every yearly growth factor carries its source.
Awards (``schemes.Award``) and indicators (``registry.IndicatorValue``) are not copied here: the
selector reads them for the participants when it builds the engine input.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
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
