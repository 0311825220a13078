"""The audit log for the directorate and system administrators: a filtered, exportable list and one event."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samla.accounts.access import can_read_audit_log
from samla.audit import diff
from samla.audit.display import display_value
from samla.audit.forms import AuditFilterForm
from samla.audit.labels import action_label
from samla.audit.models import AuditEvent
from samla.audit.objects import field_label, object_refs
from samla.audit.selectors import audit_actions, audit_events_filtered, audit_object_types
from samla.web.lists import Column, export_format, export_response, paginate


def actor_label(event: AuditEvent) -> str:
    if event.actor is None:
        return str(_("System"))
    full = event.actor.get_full_name()
    return f"{full} ({event.actor.get_username()})" if full else event.actor.get_username()


COLUMNS = [
    Column("id", _("Event"), lambda e: e.pk),
    Column("at", _("When"), lambda e: e.at),
    Column("actor", _("Who"), actor_label),
    Column("action", _("Action"), lambda e: e.action),
    Column("object_type", _("Object type"), lambda e: e.object_type),
    Column("object_id", _("Object id"), lambda e: e.object_id),
    Column("changes", _("Changes"), lambda e: diff.summary(e.before, e.after)),
    Column("reason", _("Reason"), lambda e: e.reason),
    Column("origin", _("Origin"), lambda e: e.origin),
]


def _readable(event: AuditEvent, *, everything: bool = False) -> list[diff.Change]:
    """The event's changes for a page: field names and values in the user's language (the export keeps codes)."""
    return [diff.Change(field_label(event.object_type, c.field), c.before, c.after, c.changed, c.added, c.removed)
            for c in diff.changes(event.before, event.after, everything=everything, display=display_value)]


def _require_reader(request: HttpRequest) -> None:
    if not can_read_audit_log(request.user):
        raise PermissionDenied


@require_GET
@login_required
def log(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = AuditFilterForm(request.GET or None, actions=audit_actions(), object_types=audit_object_types())
    if form.is_bound and not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "page": None}, status=400)
    filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    events = audit_events_filtered(**filters)
    if fmt := export_format(request):
        return export_response(COLUMNS, events, filename="audit-log", fmt=fmt)
    page = paginate(request, events)
    refs = object_refs(request.user, page)
    rows = [(event, action_label(event.action), refs[(event.object_type, event.object_id)], _readable(event))
            for event in page]
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows, "filtered": bool(filters)})


@require_GET
@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    event = AuditEvent.objects.select_related("actor").filter(pk=pk).first()
    if event is None:
        raise Http404
    context = {"event": event, "actor": actor_label(event), "action": action_label(event.action),
               "object": object_refs(request.user, [event])[(event.object_type, event.object_id)],
               "changes": _readable(event, everything=True)}
    return render(request, "audit/event_detail.html", context)
