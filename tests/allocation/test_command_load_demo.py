"""load_demo: migrate, reference data, the pilot and the demo login; a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from samla.allocation.models import Programme
from samla.demo.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.allocation.test_services_programme_import_folder import snapshot


def run() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_twice_is_idempotent() -> None:
    """One test, because a load takes seconds: the first load's users and scopes, then a second load."""
    first = run()
    users_are_scoped_one_per_role(first)
    assert "Demo login: admin / samla-demo-admin at http://127.0.0.1:8000/accounts/login/" in first
    assert "Allocation run 1 locked; 12 award letters made." in first
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert user.is_superuser and user.check_password(DEMO_PASSWORD)
    before = snapshot()
    users = list(get_user_model().objects.order_by("pk").values())  # auth.User has no default ordering

    second = run()
    assert "Demo login: admin / samla-demo-admin" in second
    assert "created" not in second and "locked" not in second
    assert snapshot() == before
    assert list(get_user_model().objects.order_by("pk").values()) == users
    assert set(Programme.objects.values_list("slug", flat=True)) == {"pilot-2020", "demo-2027"}


def users_are_scoped_one_per_role(out: str) -> None:
    from samla.accounts.access import can_read_municipality
    from samla.accounts.models import Role, RoleAssignment
    from samla.registry.models import Municipality

    assert "Demo user: elverum / samla-demo-municipality  (Kommune)" in out
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {
        Role.DIRECTORATE, Role.COUNTY_GOVERNOR, Role.RESOURCE_GROUP, Role.COMPETENCE_CENTRE, Role.MUNICIPALITY,
        Role.EVALUATOR, Role.SYSTEM_ADMIN}
    elverum_user = get_user_model().objects.get(username="elverum")
    assert elverum_user.check_password("samla-demo-municipality")
    elverum = Municipality.objects.get(number="3420")
    tynset = Municipality.objects.get(number="3427")
    assert can_read_municipality(elverum_user, elverum) and not can_read_municipality(elverum_user, tynset)
    governor = get_user_model().objects.get(username="statsforvalter-innlandet")
    trondheim = Municipality.objects.get(number="5001", valid_to__isnull=True)
    assert can_read_municipality(governor, tynset) and not can_read_municipality(governor, trondheim)
