"""audit_record: one row per change, only inside the change's transaction."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from samla.audit.models import AuditEvent
from samla.audit.selectors import audit_events_for
from samla.audit.services import NOT_IN_TRANSACTION, audit_record, snapshot
from samla.registry.models import Region


@pytest.fixture
def region(db):
    return Region.objects.create(code="34", name="Innlandet", office_name="FM", valid_from=datetime.date(2020, 1, 1))


def test_an_event_stores_actor_action_object_before_after_and_reason(region) -> None:
    user = get_user_model().objects.create(username="dir")
    with transaction.atomic():
        audit_record(actor=user, action="region.rename", obj=region, before={"name": "Hedmark"},
                     after=snapshot(region), reason="Sammenslåing")
    event = audit_events_for(region).get()
    assert (event.actor, event.action, event.object_type, event.object_id, event.reason) == (
        user, "region.rename", "registry.region", str(region.pk), "Sammenslåing")
    assert event.before == {"name": "Hedmark"} and event.after["valid_from"] == "2020-01-01"


def test_an_anonymous_actor_is_stored_as_empty(region) -> None:
    with transaction.atomic():
        event = audit_record(actor=AnonymousUser(), action="x", obj=region, before=None, after=None)
    assert event.actor is None


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused() -> None:
    region = Region.objects.create(code="50", name="Trøndelag", office_name="FM", valid_from=datetime.date(2020, 1, 1))
    with pytest.raises(RuntimeError, match=NOT_IN_TRANSACTION):
        audit_record(actor=None, action="x", obj=region, before=None, after=None)
    assert not AuditEvent.objects.exists()


def test_a_rolled_back_change_takes_its_event_with_it(region) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=None, action="x", obj=region, before=None, after=None)
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists()
