from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from samla.accounts.access import can_read_audit_log
from samla.accounts.models import Role, RoleAssignment
from samla.accounts.services import demo_users_ensure


def test_the_system_admin_demo_user(reference_data) -> None:
    created = {username: (password, role) for username, password, role in demo_users_ensure()}
    assert created["systemadmin"] == ("samla-demo-system-admin", str(Role.SYSTEM_ADMIN.label))
    user = get_user_model().objects.get(username="systemadmin")
    assert user.check_password("samla-demo-system-admin")
    assert RoleAssignment.objects.filter(user=user, role=Role.SYSTEM_ADMIN, region=None, municipality=None).exists()
    assert can_read_audit_log(user)
    assert demo_users_ensure() and RoleAssignment.objects.filter(user=user).count() == 1  # idempotent


def test_the_same_national_role_cannot_be_given_twice(db) -> None:
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError, transaction

    from samla.accounts.models import Role, RoleAssignment

    user = get_user_model().objects.create(username="twice")
    RoleAssignment.objects.create(user=user, role=Role.EVALUATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.EVALUATOR)
