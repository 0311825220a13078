"""Write an audit event. Called by the service that makes the change, inside its transaction."""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction

from samla.audit.models import AuditEvent

NOT_IN_TRANSACTION = "audit_record must run inside the transaction of the change it records"

# Set by ``recorded_as``: the origin (and, for a service that takes no time of its own, the time) of the events
# recorded inside it.
_context: contextvars.ContextVar[tuple[str, datetime.datetime | None]] = contextvars.ContextVar(
    "samla_audit_context", default=("", None))


@contextmanager
def recorded_as(*, origin: str, at: datetime.datetime | None = None) -> Iterator[None]:
    """Events recorded inside carry ``origin`` (``AuditEvent.Origin.DEMO``: loaded from the demo) and, unless the
    service gives its own time, ``at``: so demo data of a past case carries the case's dates and says where it
    comes from."""
    token = _context.set((origin, at))
    try:
        yield
    finally:
        _context.reset(token)


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
                 after: dict[str, Any] | None, reason: str = "", at: datetime.datetime | None = None) -> AuditEvent:
    """One event. ``at`` is when the change took effect (the service's ``now``); default: now, or the time set by
    ``recorded_as``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(NOT_IN_TRANSACTION)
    origin, context_at = _context.get()
    event = AuditEvent(actor=actor if actor is not None and actor.is_authenticated else None, action=action,
                       object_type=object_type_of(obj), object_id=str(obj.pk), before=before, after=after,
                       reason=reason, origin=origin)
    when = at or context_at
    if when is not None:
        event.at = when
    event.full_clean()
    event.save()
    return event
