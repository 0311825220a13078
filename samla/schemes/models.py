"""State grant schemes (chapter.post in the state budget) and historical awards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.registry.models import Municipality


class Scheme(models.Model):
    class Method(models.TextChoices):
        HISTORICAL = "historical", _("Historical award (hold-harmless)")
        KEY = "key", _("Distribution key")
        RATE = "rate", _("Rate per unit")

    key = models.CharField(_("key (chapter.post)"), max_length=10, unique=True,
                           help_text=_("Budget chapter and post, e.g. 231.63."))
    ministry = models.CharField(_("ministry"), max_length=20)
    title = models.CharField(_("title (bokmål)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    method = models.CharField(_("default method"), max_length=12, choices=Method.choices,
                              default=Method.HISTORICAL)

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(condition=Q(key__regex=r"^[0-9]{3,4}\.[0-9]{2}$"),
                                   name="scheme_key_format"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    @property
    def chapter(self) -> str:
        return self.key.split(".")[0]

    @property
    def post(self) -> str:
        return self.key.split(".")[1]


class Award(models.Model):
    """What a municipality received from a scheme in a year, in whole NOK."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="awards",
                                     verbose_name=_("municipality"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="awards",
                               verbose_name=_("scheme"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (NOK)"))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["year", "scheme", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "scheme", "year"], name="award_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="award_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.number} {self.scheme.key} {self.year}: {self.amount}"
