from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from samla.accounts.models import Role
from samla.audit.models import AuditEvent
from samla.audit.services import audit_record
from tests.calls import conftest as calls_conftest
from tests.personas import make_user


@pytest.fixture
def system_admin(world):
    """The standard system administrator (``sysadm``), with a name."""
    return make_user("sysadm", Role.SYSTEM_ADMIN, first_name="Siri", last_name="Systemadmin")


@pytest.fixture
def events(world):
    """Three events by two actors on two days, with before/after snapshots and reasons."""
    programme, elverum = world.programme, world.municipalities["elverum"]
    with transaction.atomic():
        a = audit_record(actor=world.users["directorate"], action="programme.rename", obj=programme,
                         before={"name": "Pilot", "first_year": 2020}, after={"name": "0–24 pilot", "first_year": 2020},
                         reason="Nytt navn etter vedtak i prosjektgruppen")
        b = audit_record(actor=world.users["governor"], action="municipality.note", obj=elverum,
                         before=None, after={"number": "3420", "name": "Elverum"}, reason="")
        c = audit_record(actor=None, action="programme.rename", obj=programme,
                         before={"name": "0–24 pilot"}, after={"name": "=HYPERLINK(\"x\")"}, reason="Import")
    AuditEvent.objects.filter(pk=a.pk).update(at=datetime.datetime(2019, 5, 2, 10, 0, tzinfo=datetime.UTC))
    AuditEvent.objects.filter(pk=b.pk).update(at=datetime.datetime(2019, 6, 1, 21, 30, tzinfo=datetime.UTC))
    AuditEvent.objects.filter(pk=c.pk).update(at=datetime.datetime(2019, 6, 3, 8, 0, tzinfo=datetime.UTC))
    return [AuditEvent.objects.get(pk=e.pk) for e in (a, b, c)]

world = calls_conftest.world  # the role personas, shared with tests/calls
