"""Reading applications: scoped lists and lookups by id."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samla.calls.selectors import NOT_ALLOWED_TO_READ, application_for, applications_visible_to, deadline_for
from tests.calls.conftest import PRELIMINARY, publish, write_application


@pytest.fixture
def apps(world, call, open_round):
    other_call = publish(world, open_round, region="trondelag", governor="governor_other_region",
                         case_number="Sak 2019/1")
    return {"elverum": write_application(world, call), "trondheim": write_application(world, other_call,
                                                                                       who="trondheim")}


# Listed (status, no text) ...
VISIBLE = {
    "directorate": {"elverum", "trondheim"},
    "governor": {"elverum"},
    "resource": {"elverum"},
    "governor_other_region": {"trondheim"},
    "elverum": {"elverum"},
    "tynset": set(),
    "evaluator": {"elverum", "trondheim"},
    "outsider": set(),
}
# ... and read (the text).
READABLE = VISIBLE | {"evaluator": set()}


@pytest.mark.parametrize("who", VISIBLE)
def test_each_role_lists_and_reads_only_the_applications_in_its_scope(world, apps, who) -> None:
    user = world.users[who]
    listed = {a.municipality.name.lower() for a in applications_visible_to(user)}
    assert listed == VISIBLE[who]
    for name, app in apps.items():
        if name in READABLE[who]:
            assert application_for(user, app.pk) == app
        else:
            with pytest.raises(PermissionDenied, match=NOT_ALLOWED_TO_READ):
                application_for(user, app.pk)


def test_a_guessed_id_that_does_not_exist_looks_the_same_as_one_out_of_scope(world, apps) -> None:
    with pytest.raises(PermissionDenied, match=NOT_ALLOWED_TO_READ):
        application_for(world.users["elverum"], 999_999)


def test_the_deadline_is_the_calls_unless_extended(world, call) -> None:
    assert deadline_for(call, world.municipalities["elverum"]) == PRELIMINARY
