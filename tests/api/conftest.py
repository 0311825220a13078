"""The calls world (tests/calls/conftest.py) with deadlines in the future, applications in both regions,
and helpers to call the API with a personal token."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from samla.api.services import api_token_create
from samla.calls import services
from tests.calls.conftest import CONTACTS, FULL_TEXT, open_round, world  # noqa: F401  (fixtures)
from tests.personas import make_personas

PERSONAS = ["directorate", "evaluator", "governor", "governor_other_region", "resource", "resource_other_region",
            "competence", "elverum", "tynset", "trondheim", "outsider"]


def publish_open_call(w, programme_round, region: str, governor: str):
    now = timezone.now()
    return services.call_publish(
        actor=w.users[governor], programme_round=programme_round, region=w.regions[region],
        case_number=f"Sak 2019/{region}", text="Fylkesmannen inviterer kommuner.",
        criteria=["Motivasjon og kapasitet", "Politisk forankring"],
        preliminary_deadline=now + datetime.timedelta(days=30), final_deadline=now + datetime.timedelta(days=90))


def application(w, call, who: str, submit: bool):
    actor = w.users[who]
    app = services.application_create(actor=actor, call=call, municipality=w.municipalities[who])
    app = services.application_save(actor=actor, application=app, expected_version=app.version, contacts=CONTACTS,
                                    **FULL_TEXT)
    if submit:
        app = services.application_submit(actor=actor, application=app, expected_version=app.version)
    return app


@pytest.fixture
def api_world(world, open_round):  # noqa: F811
    world.users.update(make_personas(region=world.regions["innlandet"], other_region=world.regions["trondelag"],
                                     keys=["competence"]))
    inn = publish_open_call(world, open_round, "innlandet", "governor")
    tro = publish_open_call(world, open_round, "trondelag", "governor_other_region")
    elverum = application(world, inn, "elverum", submit=False)
    tynset = application(world, inn, "tynset", submit=True)
    services.political_decision_record(actor=world.users["tynset"], application=tynset, body="Kommunestyret",
                                       decided_on=datetime.date(2019, 9, 1), case_reference="PS 45/19")
    trondheim = application(world, tro, "trondheim", submit=True)
    return SimpleNamespace(**vars(world), round=open_round, calls={"innlandet": inn, "trondelag": tro},
                           apps={"elverum": elverum, "tynset": tynset, "trondheim": trondheim})


class TokenClient:
    """A test client that sends ``Authorization: Bearer <token>`` (and no session, no CSRF)."""

    def __init__(self, token: str) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(path, body or {}, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: dict):
        return self.client.patch(path, body, content_type="application/json", headers=self.headers)


@pytest.fixture
def as_user(api_world):
    """``as_user("elverum")`` → a TokenClient acting as that persona."""
    cache: dict[str, TokenClient] = {}

    def make(who: str) -> TokenClient:
        if who not in cache:
            cache[who] = TokenClient(api_token_create(actor=api_world.users[who], name="test")[1])
        return cache[who]

    return make
