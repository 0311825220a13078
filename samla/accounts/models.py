"""Roles of the people who run a programme, each scoped to a region or a municipality where it must be.

A user may hold several roles. The scope rules are database constraints, so a county governor without a
region or a municipality user without a municipality cannot exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.registry.models import Municipality, Region


class Role(models.TextChoices):
    DIRECTORATE = "directorate", _("Directorate (programme owner)")
    COUNTY_GOVERNOR = "county_governor", _("County governor")
    RESOURCE_GROUP = "resource_group", _("Resource-group member")
    MUNICIPALITY = "municipality", _("Municipality")
    EVALUATOR = "evaluator", _("Evaluator")
    COMPETENCE_CENTRE = "competence_centre", _("Competence centre")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


REGION_ROLES = (Role.COUNTY_GOVERNOR, Role.RESOURCE_GROUP, Role.COMPETENCE_CENTRE)
NATIONAL_ROLES = (Role.DIRECTORATE, Role.EVALUATOR, Role.SYSTEM_ADMIN)


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_scope",
                condition=(
                    Q(role__in=[r.value for r in REGION_ROLES], region__isnull=False, municipality__isnull=True)
                    | Q(role=Role.MUNICIPALITY.value, region__isnull=True, municipality__isnull=False)
                    | Q(role__in=[r.value for r in NATIONAL_ROLES], region__isnull=True, municipality__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "region", "municipality"], name="role_assignment_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.region or ""
        return f"{self.user} – {self.get_role_display()} {scope}".strip()


class ExternalIdentity(models.Model):
    """A sign-in through OpenID Connect (ID-porten, Ansattporten), linked by the provider's pseudonym.

    Only the issuer and the ``sub`` claim are kept: never the national identity number (``pid``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities",
                             verbose_name=_("user"))
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
