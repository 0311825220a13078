"""Sign-in fixtures; the role personas come from tests/calls/conftest.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.calls import conftest as calls_conftest

PASSWORD = "riktig-hest-batteri-stift"


@pytest.fixture
def kari(db):
    """A local user with a password and an e-mail address, and no role."""
    return get_user_model().objects.create_user("kari", email="kari@kommune.example", password=PASSWORD,
                                                first_name="Kari", last_name="Nordmann")

world = calls_conftest.world  # the role personas, shared with tests/calls


@pytest.fixture
def admins(world):
    """Two active system administrators (``siri``, ``sven``) and a superuser without any role (``root``)."""
    from samla.accounts.models import Role, RoleAssignment

    User = get_user_model()
    made = {}
    for name, first in (("siri", "Siri"), ("sven", "Sven")):
        made[name] = User.objects.create(username=name, first_name=first, last_name="Systemadmin",
                                         email=f"{name}@samla.example")
        RoleAssignment.objects.create(user=made[name], role=Role.SYSTEM_ADMIN)
    made["root"] = User.objects.create(username="root", is_superuser=True, is_staff=True)
    return made


def account_state() -> dict:
    """Everything a user or role change could touch: the role assignments, the accounts (password hashes
    included, to see that none changed) and the audit log."""
    from samla.accounts.models import RoleAssignment
    from samla.audit.models import AuditEvent

    return {
        "roles": sorted(RoleAssignment.objects.values_list("pk", "user_id", "role", "region_id", "municipality_id")),
        "users": sorted(get_user_model().objects.values_list("pk", "username", "email", "is_active", "password")),
        "events": sorted(AuditEvent.objects.values_list("pk", flat=True)),
    }
