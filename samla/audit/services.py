"""Write an audit event. Called by the service that makes the change, inside its transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models, transaction

from samla.audit.models import AuditEvent

NOT_IN_TRANSACTION = "audit_record must run inside the transaction of the change it records"


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids, files as their names), JSON-ready."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        elif isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        out[field.attname] = value
    return out


def audit_record(*, actor: Any, action: str, obj: models.Model, before: dict[str, Any] | None,
                 after: dict[str, Any] | None, reason: str = "") -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(NOT_IN_TRANSACTION)
    event = AuditEvent(actor=actor if actor is not None and actor.is_authenticated else None, action=action,
                       object_type=object_type_of(obj), object_id=str(obj.pk), before=before, after=after,
                       reason=reason)
    event.full_clean()
    event.save()
    return event
