"""Web fixtures: the world of tests/calls/conftest.py (personas for every role), a call whose deadlines lie
ahead (the pages use the real clock), logged-in clients, and uploads kept in a temporary MEDIA_ROOT."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from samla.calls import services
from tests.calls.conftest import CONTACTS, FULL_TEXT
from tests.pdf import MINIMAL_PDF
from tests.personas import make_personas

# Every persona of the world, by the key used in world.users (plus the competence centre added below).
ALL_ROLES = ["directorate", "evaluator", "governor", "governor_other_region", "resource", "resource_other_region",
             "competence", "outsider", "elverum", "tynset", "trondheim"]
CHILD_WARNING = "Ikke skriv inn personopplysninger om barn."
PDF = MINIMAL_PDF


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(world):
    """world.users plus the standard competence centre (``komp``, Innlandet)."""
    return {**world.users, **make_personas(region=world.regions["innlandet"], other_region=world.regions["trondelag"],
                                           keys=["competence"])}


@pytest.fixture
def login(people):
    clients: dict[str, Client] = {}

    def client_for(who: str) -> Client:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(people[who])
        return clients[who]
    return client_for


@pytest.fixture
def live_call(world, open_round):
    """A call for Innlandet whose deadlines are ahead of the real clock."""
    now = timezone.now()
    return services.call_publish(
        actor=world.users["governor"], programme_round=open_round, region=world.regions["innlandet"],
        case_number="Sak 2019/6452", text="Fylkesmannen inviterer kommunene i Innlandet.",
        criteria=[services.CriterionText("Motivasjon og kapasitet", "Kommunen har kapasitet til kartlegging."),
                  "Politisk forankring"],
        preliminary_deadline=now + datetime.timedelta(days=30), final_deadline=now + datetime.timedelta(days=120))


@pytest.fixture
def draft(world, live_call):
    """Elverum's draft with every section and a contact filled in."""
    actor = world.users["elverum"]
    app = services.application_create(actor=actor, call=live_call, municipality=world.municipalities["elverum"])
    return services.application_save(actor=actor, application=app, expected_version=app.version,
                                     contacts=CONTACTS, **FULL_TEXT)


@pytest.fixture
def submitted(world, draft):
    return services.application_submit(actor=world.users["elverum"], application=draft,
                                       expected_version=draft.version)


def statuses(login, url: str, roles=ALL_ROLES, method: str = "get", data=None) -> dict[str, int]:
    """The response status per role for one URL."""
    return {who: getattr(login(who), method)(url, data or {}).status_code for who in roles}
