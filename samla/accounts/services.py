"""Writes for accounts: demo users for every role."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samla.accounts.models import Role, RoleAssignment
from samla.registry.models import Municipality, Region

DEMO_PASSWORD = "samla-demo-{role}"

# (username, role, region name, municipality number); scoped to the pilot as it was on 1 January 2020.
DEMO_USERS: tuple[tuple[str, Role, str | None, str | None], ...] = (
    ("direktorat", Role.DIRECTORATE, None, None),
    ("statsforvalter-innlandet", Role.COUNTY_GOVERNOR, "Innlandet", None),
    ("ressursgruppe-innlandet", Role.RESOURCE_GROUP, "Innlandet", None),
    ("kompetanse-innlandet", Role.COMPETENCE_CENTRE, "Innlandet", None),
    ("elverum", Role.MUNICIPALITY, None, "3420"),
    ("evaluator", Role.EVALUATOR, None, None),
)
DEMO_DAY = datetime.date(2020, 1, 1)


@transaction.atomic
def demo_users_ensure() -> list[tuple[str, str, str]]:
    """Create (or leave as they are) one demo user per role. Returns (username, password, role label)."""
    User = get_user_model()
    created = []
    for username, role, region_name, number in DEMO_USERS:
        password = DEMO_PASSWORD.format(role=role.value.replace("_", "-"))
        user, new = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.invalid"})
        if new:
            user.set_password(password)
            user.save(update_fields=["password"])
        region = municipality = None
        if region_name:
            region = Region.objects.filter(name=region_name, valid_from__lte=DEMO_DAY).order_by("-valid_from").first()
        if number:
            municipality = Municipality.objects.filter(number=number, valid_from__lte=DEMO_DAY).order_by(
                "-valid_from").first()
        if (region_name and region is None) or (number and municipality is None):
            continue  # the registry's reference data is not loaded; nothing to scope the role to
        RoleAssignment.objects.get_or_create(user=user, role=role, region=region, municipality=municipality)
        created.append((username, password, str(role.label)))
    return created
