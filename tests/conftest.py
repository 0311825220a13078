"""Shared fixtures. The reference figures transcribed from the final evaluation report are copied
into tests/reference/ (test_reference_copies.py checks they still equal ../shared/reference/)."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference"
EXAMPLES = ROOT / "examples"
PILOT = EXAMPLES / "pilot-2020"


def read_reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture
def persona_places(db) -> SimpleNamespace:
    """Two hand-made regions, Innlandet (own) and Trøndelag (other), valid from 2019: Elverum and Tynset in
    Innlandet, Trondheim in Trøndelag. ``.regions`` and ``.municipalities`` by lower-case key."""
    from samla.registry.models import Municipality, Region

    since = datetime.date(2019, 1, 1)
    inn = Region.objects.create(code="34", name="Innlandet", office_name="Fylkesmannen i Innlandet", valid_from=since)
    tro = Region.objects.create(code="50", name="Trøndelag", office_name="Fylkesmannen i Trøndelag", valid_from=since)
    municipalities = {key: Municipality.objects.create(number=number, name=name, region=region, valid_from=since)
                      for key, number, name, region in (("elverum", "3420", "Elverum", inn),
                                                        ("tynset", "3427", "Tynset", inn),
                                                        ("trondheim", "5001", "Trondheim", tro))}
    return SimpleNamespace(regions={"innlandet": inn, "trondelag": tro}, municipalities=municipalities)


@pytest.fixture
def personas(persona_places) -> dict:
    """The standard personas (tests/personas.py STANDARD) around persona_places, plus u-elverum (own
    municipality), u-tynset (other municipality, same region) and u-trondheim (other region)."""
    from tests.personas import make_personas

    return make_personas(region=persona_places.regions["innlandet"], other_region=persona_places.regions["trondelag"],
                         municipalities=persona_places.municipalities)


@pytest.fixture
def pilot_folder() -> Path:
    return PILOT


@pytest.fixture
def reference_data(db: None) -> None:
    from samla.registry.services import registry_load_reference_data
    from samla.schemes.services import schemes_load_reference_data

    registry_load_reference_data()
    schemes_load_reference_data()


@pytest.fixture
def pilot(reference_data: None):
    from samla.allocation.services import programme_import_folder

    return programme_import_folder(path=PILOT)


@pytest.fixture
def decided_pilot(pilot):
    """The pilot with its amounts decided: run 1 (continuations as run, the decided 2020 row) locked, as the demo
    has it. Pages, letters and the API show a programme's decided amounts only from a locked run."""
    from samla.accounts.models import Role
    from samla.allocation import services
    from tests.personas import make_user

    directorate = make_user("pilot-decider", Role.DIRECTORATE)
    run = services.allocation_run_create(actor=directorate, programme=pilot)
    services.allocation_run_lock(actor=directorate, run=run, reason="The pilot's allocation 2020–2022 (Table 2).")
    return pilot

@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Argon2 (the production hasher) costs about 0.3 s per hash on this machine, and the demo and the sign-in
    tests hash dozens of passwords. The tests use a fast hasher instead; tests/accounts/test_password_hashing.py
    checks argon2 in the production settings."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _immutable_rows_and_flush(request, django_db_blocker):
    """Locked allocation runs refuse DELETE in the database. On SQLite, Django empties the database after a
    transactional test (live server, browser) with DELETE, which that trigger refuses; PostgreSQL uses
    TRUNCATE, which row triggers do not see. So on SQLite a transactional test runs without the DELETE
    trigger (it does not test it) and every other database test gets it back first."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        yield
        return
    request.getfixturevalue("django_db_setup")  # the test database, not the demo one
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    import importlib

    migration = importlib.import_module("samla.allocation.migrations.0002_allocation_runs_and_award_letters")
    delete_trigger = next(sql for sql in migration.SQLITE if "_locked_delete " in sql)
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(
        marker is not None and marker.kwargs.get("transaction"))
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if transactional:
            cursor.execute(f"DROP TRIGGER IF EXISTS {migration.RUN}_locked_delete")
        else:
            cursor.execute(delete_trigger.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    yield


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, one per test module (skips the module's tests when it is not installed)."""
    from tests.browser.support import launch_chromium

    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def signed_in(browser, live_server):
    """Open a page as a user, signed in by session cookie: ``signed_in(user, locale="nb-NO", javascript=True)``.
    The journey tests sign in through the real login page instead."""
    from tests.browser.support import session_cookie

    contexts = []

    def open_page(user, *, locale: str = "nb-NO", javascript: bool = True, width: int = 1280, height: int = 900):
        context = browser.new_context(locale=locale, java_script_enabled=javascript,
                                      viewport={"width": width, "height": height})
        context.add_cookies([session_cookie(user, live_server.url)])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser):
    """A page nobody is signed in on, in a browser that asks for English (Samla must still start in bokmål)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
