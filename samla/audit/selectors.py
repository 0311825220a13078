from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from samla.audit.models import AuditEvent
from samla.audit.services import object_type_of


def audit_events_for(obj: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk)).order_by("at", "id")
