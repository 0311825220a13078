"""Regions, municipalities (numbers with validity periods), code changes and indicators.

A municipality number (SSB classification 131) is never a permanent key: numbers change with
reforms (2020 mergers, 2024 splits). Each row of ``Municipality`` is one number valid over one
period; ``MunicipalityCodeChange`` links an old number to its successor(s).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Overlapping validity periods of one number (or county code) are refused three times over: by the
# importers (with file and line), by ``clean()`` (admin and services), and by the database
# (migration 0002: an exclusion constraint on PostgreSQL, triggers on SQLite), so no code path can
# make ``municipality_by_number`` ambiguous.
OVERLAPPING_PERIOD_MESSAGE = _("%(code)s is already valid over %(other)s, which overlaps this period.")


class ValidOnQuerySet(models.QuerySet):
    """Rows whose closed period [valid_from, valid_to] covers a day (an empty valid_to: still valid)."""

    def valid_on(self, day: datetime.date) -> ValidOnQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def overlapping(self, valid_from: datetime.date, valid_to: datetime.date | None) -> ValidOnQuerySet:
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        return qs if valid_to is None else qs.filter(valid_from__lte=valid_to)


def _refuse_overlap(instance: Region | Municipality | OfficeName, code_field: str) -> None:
    if instance.valid_from is None or (instance.valid_to and instance.valid_to < instance.valid_from):
        return  # field validation / the period check constraint reports these
    code = getattr(instance, code_field)
    others = (type(instance).objects.filter(**{code_field: code})
              .overlapping(instance.valid_from, instance.valid_to).exclude(pk=instance.pk))
    other = others.first()
    if other is not None:
        period = f"{other.valid_from.isoformat()}..{other.valid_to.isoformat() if other.valid_to else ''}"
        raise ValidationError(OVERLAPPING_PERIOD_MESSAGE, code="overlap",
                              params={"code": code, "other": period})


class Region(models.Model):
    """A county and the county-governor office that runs the programme there."""

    code = models.CharField(_("county number"), max_length=2)
    name = models.CharField(_("county"), max_length=100)
    office_name = models.CharField(_("county-governor office"), max_length=150)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: still valid."))

    objects = ValidOnQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="region_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="region_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _refuse_overlap(self, "code")

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class OfficeName(models.Model):
    """The name of the county-governor office that serves a county, valid over one period.

    The agency was *Fylkesmannen* until 31 December 2020 and is *Statsforvalteren* from 1 January 2021, and
    offices merged before their counties did; a document names the office as it was called on the document's
    date (``samla.registry.selectors.office_name_on``). Keyed by county number like a municipality by its number:
    periods of one county number cannot overlap.
    """

    county_code = models.CharField(_("county number"), max_length=2)
    name = models.CharField(_("name of the office"), max_length=150)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: still valid."))

    objects = ValidOnQuerySet.as_manager()

    class Meta:
        verbose_name = _("county-governor office name")
        verbose_name_plural = _("county-governor office names")
        ordering = ["county_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["county_code", "valid_from"], name="office_name_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="office_name_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _refuse_overlap(self, "county_code")


class Municipality(models.Model):
    """One municipality number valid over one period."""

    number = models.CharField(_("municipality number"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities",
                               verbose_name=_("region"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: still valid."))

    objects = ValidOnQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["number", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["number", "valid_from"], name="municipality_number_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="municipality_valid_period",
            ),
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{4}$"),
                                   name="municipality_number_4_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def clean(self) -> None:
        _refuse_overlap(self, "number")


class MunicipalityCodeChange(models.Model):
    """A change of municipality number (KLASS 131 change table): old → new from a date."""

    old_number = models.CharField(_("old number"), max_length=4)
    old_name = models.CharField(_("old name"), max_length=100)
    new_number = models.CharField(_("new number"), max_length=4)
    new_name = models.CharField(_("new name"), max_length=100)
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("municipality number change")
        verbose_name_plural = _("municipality number changes")
        ordering = ["changed_on", "old_number"]
        constraints = [
            models.UniqueConstraint(fields=["old_number", "new_number", "changed_on"],
                                    name="code_change_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.old_number} → {self.new_number} ({self.changed_on})"


class Indicator(models.Model):
    """A statistic per municipality and year used by distribution keys (e.g. population 0–24)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, default="persons")
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="indicator_values",
                                     verbose_name=_("municipality"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "municipality", "year"],
                                    name="indicator_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.municipality.number} {self.year}: {self.value}"
