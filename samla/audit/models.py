"""The audit log: one row per change made by a service, written in the same transaction as the change."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Origin(models.TextChoices):
        RECORDED = "", _("recorded as it happened")
        DEMO = "demo", _("loaded from the demo")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, blank=True, choices=Origin.choices, default="",
                              help_text=_("Demo data of a past case carries the case's dates and says so here."))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            # audit_events_for(obj) in samla.audit.selectors: the history of one object.
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(origin__in=["", "demo"]), name="audit_origin_valid")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
