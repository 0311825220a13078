"""Role scoping: who reads which region and municipality."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from samla.accounts.access import can_read_municipality, can_read_region, scope_of
from samla.accounts.models import Role, RoleAssignment
from samla.registry.models import Municipality, Region

D = datetime.date(2020, 1, 1)


@pytest.fixture
def world(db):
    innlandet = Region.objects.create(code="34", name="Innlandet", office_name="Fylkesmannen i Innlandet", valid_from=D)
    trondelag = Region.objects.create(code="50", name="Trøndelag", office_name="Fylkesmannen i Trøndelag", valid_from=D)
    elverum = Municipality.objects.create(number="3420", name="Elverum", region=innlandet, valid_from=D)
    tynset = Municipality.objects.create(number="3427", name="Tynset", region=innlandet, valid_from=D)
    trondheim = Municipality.objects.create(number="5001", name="Trondheim", region=trondelag, valid_from=D)
    User = get_user_model()

    def user(name, role, region=None, municipality=None):
        u = User.objects.create(username=name)
        RoleAssignment.objects.create(user=u, role=role, region=region, municipality=municipality)
        return u

    return {
        "regions": {"innlandet": innlandet, "trondelag": trondelag},
        "municipalities": {"elverum": elverum, "tynset": tynset, "trondheim": trondheim},
        "users": {
            "directorate": user("dir", Role.DIRECTORATE),
            "evaluator": user("eva", Role.EVALUATOR),
            "governor": user("gov", Role.COUNTY_GOVERNOR, region=innlandet),
            "resource": user("res", Role.RESOURCE_GROUP, region=innlandet),
            "elverum": user("elv", Role.MUNICIPALITY, municipality=elverum),
            "outsider": User.objects.create(username="nobody"),
        },
    }


# (user, municipality) → may read
MATRIX = {
    "directorate": {"elverum": True, "tynset": True, "trondheim": True},
    "evaluator": {"elverum": True, "tynset": True, "trondheim": True},
    "governor": {"elverum": True, "tynset": True, "trondheim": False},
    "resource": {"elverum": True, "tynset": True, "trondheim": False},
    "elverum": {"elverum": True, "tynset": False, "trondheim": False},
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
