"""What an audit event is about, for the reader: the object's name, and a link to its page when the reader may
open that page (the same predicates of ``samla.accounts.access`` the page asks, so no link leads to a refusal).

The audit app imports no other app: objects are fetched by their stored type (``calls.application``) through
Django's app registry, pages are named by URL name, and each object is read duck-typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from samla.accounts import access
from samla.audit.models import AuditEvent


@dataclass(frozen=True)
class ObjectRef:
    type_label: str  # "Application"
    name: str  # "3420 Elverum – Sak 2019/10445", or "#12" when the object is gone
    url: str  # "" without a page the reader may open
    exists: bool


@dataclass(frozen=True)
class _Link:
    url_name: str
    args: Callable[[Any], tuple]
    allowed: Callable[[Any, Any], bool]  # (user, obj)
    related: tuple[str, ...] = ()  # what the name and the check read, fetched with the object
    defer: tuple[str, ...] = ()  # large fields neither needs


def _always(user, obj) -> bool:
    return True


def _read_call(user, o) -> bool:
    return access.can_read_call(user, o.call)


def _read_application_of(user, o) -> bool:
    return access.can_read_application(user, o.application)


def _decides(user, o) -> bool:
    return access.can_decide_selection(user)


def _manages_users(user, o) -> bool:
    return access.can_manage_users(user)


def _manages_evaluation(user, o) -> bool:
    return access.can_manage_evaluation(user)


LINKS: dict[str, _Link] = {
    "calls.programmeround": _Link("calls:round_detail", lambda o: (o.pk,), access.can_read_programme_round,
                                  related=("programme",)),
    "calls.call": _Link("calls:call_detail", lambda o: (o.pk,), access.can_read_call, related=("region",)),
    "calls.deadlineextension": _Link("calls:call_detail", lambda o: (o.call_id,), _read_call,
                                     related=("call", "municipality")),
    "calls.application": _Link("calls:application_detail", lambda o: (o.pk,), access.can_read_application,
                               related=("call__region", "municipality")),
    "calls.politicaldecision": _Link("calls:application_detail", lambda o: (o.application_id,),
                                     _read_application_of,
                                     related=("application__call", "application__municipality")),
    "calls.assessment": _Link("calls:assess", lambda o: (o.application_id,),
                              lambda user, o: access.can_read_assessments(user, o.application),
                              related=("member", "application__call", "application__municipality")),
    "calls.recommendation": _Link("calls:recommendation", lambda o: (o.call_id,),
                                  lambda user, o: access.can_read_recommendation(user, o.call),
                                  related=("call__region",)),
    "calls.selectiondecision": _Link("calls:decision", lambda o: (o.programme_round_id,), _decides,
                                     related=("programme_round__programme",)),
    "calls.stratifieddraw": _Link("calls:draw_detail", lambda o: (o.pk,), _decides,
                                  related=("programme_round__programme",)),
    "allocation.programme": _Link("allocation:programme", lambda o: (o.slug,), _always),
    "allocation.allocationrun": _Link("allocation:run_detail", lambda o: (o.programme.slug, o.number),
                                      lambda user, o: access.can_read_allocation_runs(user),
                                      related=("programme",), defer=("input_json", "result", "warnings")),
    "allocation.awardletter": _Link("allocation:letter_pdf", lambda o: (o.pk,), access.can_read_award_letter,
                                    related=("programme", "municipality__region"), defer=("pdf",)),
    "allocation.continuation": _Link("allocation:continuations", lambda o: (o.programme.slug,),
                                     lambda user, o: access.can_manage_allocation(user),
                                     related=("programme", "municipality", "scheme")),
    "evaluation.form": _Link("evaluation:form_list", lambda o: (), _manages_evaluation),
    "evaluation.formversion": _Link("evaluation:version_detail", lambda o: (o.pk,), _manages_evaluation,
                                    related=("form",)),
    "evaluation.wave": _Link("evaluation:wave_progress", lambda o: (o.pk,),
                             lambda user, o: access.reflection_progress_regions(user) is None),
    "evaluation.response": _Link("evaluation:response_detail", lambda o: (o.pk,),
                                 access.can_read_reflection_response, related=("wave", "municipality")),
    "evaluation.interviewentry": _Link("evaluation:interview_detail", lambda o: (o.pk,),
                                       lambda user, o: access.can_read_interview_log(user)),
    "auth.user": _Link("users:user_detail", lambda o: (o.pk,), _manages_users),
    "accounts.roleassignment": _Link("users:user_detail", lambda o: (o.user_id,), _manages_users,
                                     related=("user", "region", "municipality")),
}


def type_label(object_type: str) -> str:
    """``calls.application`` as the model's name (``Application``), or the code if the model is gone."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def field_label(object_type: str, field: str) -> str:
    """A snapshot key (``submitted_at``, ``municipality_id``) as the field's name, or the key itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return field
    for candidate in (field, field.removesuffix("_id")):
        try:
            return str(model._meta.get_field(candidate).verbose_name).capitalize()
        except Exception:  # FieldDoesNotExist, or a key that is not a field (e.g. "contacts")
            continue
    return field


def _fetch(object_type: str, ids: set[str]) -> dict[str, Any]:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    link = LINKS.get(object_type)
    objects = model._default_manager.all()
    if link is not None:
        objects = objects.select_related(*link.related).defer(*link.defer)
    pks = [int(i) for i in ids if i.isdigit()]
    return {str(pk): obj for pk, obj in objects.in_bulk(pks).items()}


def _url(user, object_type: str, obj: Any) -> str:
    link = LINKS.get(object_type)
    if link is None or not link.allowed(user, obj):
        return ""
    try:
        return reverse(link.url_name, args=link.args(obj))
    except NoReverseMatch:
        return ""


def object_refs(user, events: Iterable[AuditEvent]) -> dict[tuple[str, str], ObjectRef]:
    """(object type, object id) → what the reader sees of each event's object: one query per object type."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        wanted.setdefault(event.object_type, set()).add(event.object_id)
    refs = {}
    for object_type, ids in wanted.items():
        found = _fetch(object_type, ids)
        label = type_label(object_type)
        for object_id in ids:
            obj = found.get(object_id)
            refs[(object_type, object_id)] = ObjectRef(
                type_label=label, name=str(obj) if obj is not None else f"#{object_id}",
                url=_url(user, object_type, obj) if obj is not None else "", exists=obj is not None)
    return refs
