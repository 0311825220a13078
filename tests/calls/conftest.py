"""Personas for every role and a small world: two regions, a programme round, a published call."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from samla.accounts.models import Role
from samla.allocation.models import Programme
from samla.calls import services
from samla.registry.models import Indicator, IndicatorValue, Municipality, Region
from tests.personas import make_personas, make_user

D = datetime.date(2019, 1, 1)
TZ = datetime.UTC
PUBLISHED = datetime.datetime(2019, 3, 1, 12, tzinfo=TZ)
BEFORE_DEADLINE = datetime.datetime(2019, 5, 20, 12, tzinfo=TZ)
PRELIMINARY = datetime.datetime(2019, 5, 31, 23, 59, tzinfo=TZ)
AFTER_DEADLINE = datetime.datetime(2019, 6, 3, 9, tzinfo=TZ)
FINAL = datetime.datetime(2019, 11, 1, 23, 59, tzinfo=TZ)
AFTER_FINAL = datetime.datetime(2019, 11, 5, 9, tzinfo=TZ)

# number, name, region key, population
MUNICIPALITIES = [
    ("3420", "Elverum", "innlandet", 21_000),
    ("3427", "Tynset", "innlandet", 5_600),
    ("3430", "Os", "innlandet", 1_900),
    ("3403", "Hamar", "innlandet", 31_000),
    ("3405", "Lillehammer", "innlandet", 28_000),
    ("5001", "Trondheim", "trondelag", 205_000),
    ("5025", "Røros", "trondelag", 5_600),
]
FULL_TEXT = {"development_work": "Samordnet innsats for utsatte barn og unge.", "measures": "Felles team.",
             "challenge_picture": "Tjenestene jobber i siloer.", "self_assessment": "Vi har startet."}
CONTACTS = [services.Contact(name="Kari Nordmann", role="Prosjektleder", email="kari@kommune.example")]


@pytest.fixture
def world(db):
    regions = {
        "innlandet": Region.objects.create(code="34", name="Innlandet", office_name="Fylkesmannen i Innlandet",
                                           valid_from=D),
        "trondelag": Region.objects.create(code="50", name="Trøndelag", office_name="Fylkesmannen i Trøndelag",
                                           valid_from=D),
    }
    population = Indicator.objects.create(code="population", name="Population")
    municipalities = {}
    for number, name, region, people in MUNICIPALITIES:
        m = Municipality.objects.create(number=number, name=name, region=regions[region], valid_from=D)
        IndicatorValue.objects.create(indicator=population, municipality=m, year=2019, value=people)
        municipalities[name.lower()] = m
    # The standard personas (tests/personas.py), two resource-group members in Innlandet, a user per municipality.
    inn, tro = regions["innlandet"], regions["trondelag"]
    users = make_personas(region=inn, other_region=tro, usernames={"resource": "res1"},
                          keys=["directorate", "evaluator", "governor", "governor_other_region", "resource",
                                "resource_other_region", "outsider"],
                          municipalities={key: municipalities["røros" if key == "roros" else key]
                                          for key in ("elverum", "tynset", "os", "hamar", "lillehammer", "trondheim",
                                                      "roros")})
    users["resource2"] = make_user("res2", Role.RESOURCE_GROUP, region=inn)
    programme = Programme.objects.create(slug="pilot", name="0–24 pilot", first_year=2020, last_year=2022)
    return SimpleNamespace(regions=regions, municipalities=municipalities, users=users, programme=programme)


@pytest.fixture
def open_round(world):
    r = services.programme_round_create(actor=world.users["directorate"], programme=world.programme,
                                        regions=list(world.regions.values()), criteria="Motivasjon og kapasitet.",
                                        population_year=2019)
    return services.programme_round_open(actor=world.users["directorate"], programme_round=r)


def publish(world, programme_round, region="innlandet", governor="governor", case_number="Sak 2019/6452"):
    return services.call_publish(
        actor=world.users[governor], programme_round=programme_round, region=world.regions[region],
        case_number=case_number, text="Fylkesmannen inviterer kommuner.",
        criteria=["Motivasjon og kapasitet", "Politisk forankring"], preliminary_deadline=PRELIMINARY,
        final_deadline=FINAL, now=PUBLISHED)


@pytest.fixture
def call(world, open_round):
    return publish(world, open_round)


def write_application(world, call, who="elverum", municipality=None, submit=True, now=BEFORE_DEADLINE):
    """A complete application by ``who``; submitted unless ``submit`` is false."""
    actor = world.users[who]
    m = world.municipalities[municipality or ("røros" if who == "roros" else who)]
    app = services.application_create(actor=actor, call=call, municipality=m, now=now)
    app = services.application_save(actor=actor, application=app, expected_version=app.version,
                                    contacts=CONTACTS, now=now, **FULL_TEXT)
    if submit:
        app = services.application_submit(actor=actor, application=app, expected_version=app.version, now=now)
    return app


def decide_politically(world, application, who="elverum", now=BEFORE_DEADLINE):
    return services.political_decision_record(
        actor=world.users[who], application=application, body="Kommunestyret", decided_on=datetime.date(2019, 9, 1),
        case_reference="PS 45/19", now=now)
