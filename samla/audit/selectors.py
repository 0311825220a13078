from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from samla.audit.models import AuditEvent
from samla.audit.services import object_type_of


def audit_events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).order_by("at", "id")


def audit_events_filtered(*, actor: str = "", action: str = "", object_type: str = "", object_id: str = "",
                          date_from: datetime.date | None = None, date_to: datetime.date | None = None,
                          reason: str = "") -> QuerySet[AuditEvent]:
    """The log, newest first, narrowed by each filter given. Dates are whole days in Samla's time zone."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if actor:
        events = events.filter(Q(actor__username__icontains=actor) | Q(actor__first_name__icontains=actor)
                               | Q(actor__last_name__icontains=actor) | Q(actor__email__icontains=actor))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if reason:
        events = events.filter(reason__icontains=reason)
    return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
