"""Each API queryset returns exactly the objects its access predicate allows, for every persona."""

from __future__ import annotations

import pytest

from samla.accounts import access
from samla.api import selectors
from samla.calls.models import Application, Call
from tests.api.conftest import PERSONAS


@pytest.mark.parametrize("who", PERSONAS)
def test_applications_seen_by_equals_can_see_application(api_world, who) -> None:
    user = api_world.users[who]
    expected = {a.pk for a in Application.objects.all() if access.can_see_application(user, a)}
    assert set(selectors.applications_seen_by(user).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("who", PERSONAS)
def test_calls_visible_to_equals_can_read_call(api_world, who) -> None:
    user = api_world.users[who]
    expected = {c.pk for c in Call.objects.all() if access.can_read_call(user, c)}
    assert set(selectors.calls_visible_to(user).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("who", PERSONAS)
def test_text_readers_are_a_subset_of_those_who_see(api_world, who) -> None:
    user = api_world.users[who]
    for application in Application.objects.all():
        if access.can_read_application_text(user, application):
            assert access.can_see_application(user, application)
