"""Role scoping: who reads which region and municipality."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from samla.accounts.access import can_read_municipality, can_read_region, scope_of
from samla.accounts.models import Role, RoleAssignment


@pytest.fixture
def world(persona_places, personas):
    """The standard personas (tests/conftest.py) around Elverum and Tynset (Innlandet) and Trondheim."""
    return {"regions": persona_places.regions, "municipalities": persona_places.municipalities, "users": personas}


# (user, municipality) → may read
MATRIX = {
    "directorate": {"elverum": True, "tynset": True, "trondheim": True},
    "evaluator": {"elverum": True, "tynset": True, "trondheim": True},
    "governor": {"elverum": True, "tynset": True, "trondheim": False},
    "governor_other_region": {"elverum": False, "tynset": False, "trondheim": True},
    "resource": {"elverum": True, "tynset": True, "trondheim": False},
    "resource_other_region": {"elverum": False, "tynset": False, "trondheim": True},
    "competence": {"elverum": True, "tynset": True, "trondheim": False},
    "system_admin": {"elverum": True, "tynset": True, "trondheim": True},
    "elverum": {"elverum": True, "tynset": False, "trondheim": False},
    "tynset": {"elverum": False, "tynset": True, "trondheim": False},
    "trondheim": {"elverum": False, "tynset": False, "trondheim": True},
    "outsider": {"elverum": False, "tynset": False, "trondheim": False},
}


@pytest.mark.parametrize("who", MATRIX)
def test_reading_municipalities_follows_role_and_scope(world, who) -> None:
    user = world["users"][who]
    for name, expected in MATRIX[who].items():
        assert can_read_municipality(user, world["municipalities"][name]) is expected, (who, name)


def test_regions_are_read_by_national_roles_and_their_own_regional_roles(world) -> None:
    users, regions = world["users"], world["regions"]
    assert can_read_region(users["governor"], regions["innlandet"])
    assert not can_read_region(users["governor"], regions["trondelag"])
    assert can_read_region(users["evaluator"], regions["trondelag"])
    assert not can_read_region(users["elverum"], regions["innlandet"])
    assert can_read_region(users["governor_other_region"], regions["trondelag"])
    assert not can_read_region(users["resource_other_region"], regions["innlandet"])
    assert can_read_region(users["system_admin"], regions["trondelag"])
    assert not can_read_region(users["outsider"], regions["innlandet"])


def test_a_user_may_hold_several_roles(world) -> None:
    user = world["users"]["elverum"]
    RoleAssignment.objects.create(user=user, role=Role.RESOURCE_GROUP, region=world["regions"]["trondelag"])
    user = get_user_model().objects.get(pk=user.pk)
    assert scope_of(user).has(Role.MUNICIPALITY) and scope_of(user).has(Role.RESOURCE_GROUP)
    assert can_read_municipality(user, world["municipalities"]["trondheim"])
    assert not can_read_municipality(user, world["municipalities"]["tynset"])


def test_anonymous_users_read_nothing(world) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not can_read_municipality(AnonymousUser(), world["municipalities"]["elverum"])


@pytest.mark.parametrize(("role", "scope"), [
    (Role.COUNTY_GOVERNOR, {}), (Role.MUNICIPALITY, {}), (Role.DIRECTORATE, {"region": "innlandet"}),
    (Role.MUNICIPALITY, {"region": "innlandet"}),
])
def test_the_database_refuses_a_role_without_its_scope(world, role, scope) -> None:
    kwargs = {k: world["regions"][v] for k, v in scope.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=world["users"]["outsider"], role=role, **kwargs)
