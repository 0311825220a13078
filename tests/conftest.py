"""Shared fixtures. The reference figures transcribed from the final evaluation report are copied
into tests/reference/ (test_reference_copies.py checks they still equal ../shared/reference/)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
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

@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """Database work for a whole module inside one outer transaction that is rolled back at the end; each test
    then runs in its own savepoint (pytest-django's ``db``), so what one test changes the next does not see."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """``samla demo load`` once per test module (about 4 s), rolled back afterwards; its documents go to a
    temporary media folder. Tests that use it also ask for ``db``."""
    from django.core.management import call_command
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=media):
        call_command("load_demo", stdout=io.StringIO(), verbosity=0)
        yield media


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


# Not django_db_blocker: every test has it through the autouse fixture _immutable_rows_and_flush.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup", "django_db_reset_sequences",
                     "django_db_serialized_rollback"}


def pytest_addoption(parser) -> None:
    parser.addoption("--database-tests-only", action="store_true",
                     help="run only the tests that use the database (CI's second pass, on PostgreSQL: a test that "
                          "never touches the database gives the same result on every database)")


def uses_database(item) -> bool:
    """Whether a collected test reaches the database: a django_db mark, or a database fixture anywhere in its
    fixture closure (``pilot`` → ``reference_data`` → ``db`` counts), or a subprocess that is given the database
    (marked ``uses_database``)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("uses_database"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_database(item)]
    left_out = [item for item in items if not uses_database(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"--database-tests-only: {len(kept)} tests use the database; {len(left_out)} that "
                                "do not are left out (the first pass runs them)")
