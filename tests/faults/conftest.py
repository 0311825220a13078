"""Real concurrency: each contender runs in its own thread with its own database connection, all released at
once, on the database the suite runs on.

PostgreSQL: every thread opens its own connection to the test database (a transactional test, so each sees the
others' commits). SQLite: the suite's in-memory test database cannot be shared between connections the way a
real one can (shared-cache locking answers "table is locked" at once instead of waiting), so for these tests the
main thread and every contender use a copy of it in a file, with Samla's own SQLite options (IMMEDIATE
transactions, a busy timeout, WAL): the database a production SQLite Samla runs on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

from tests.calls.conftest import call, open_round, world  # noqa: F401 - the calls tests' small world


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _file_connection(settings_dict: dict):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    return DatabaseWrapper(dict(settings_dict), alias="default")


@pytest.fixture
def real_db(transactional_db, tmp_path):
    """The database as production has it: on PostgreSQL the test database itself; on SQLite a file copy of it
    that the main thread uses (and ``at_once``'s contenders). Yields the settings of that database."""
    original = connections["default"]
    if connection.vendor != "sqlite":
        yield original.settings_dict
        return
    path = tmp_path / "real.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    file_settings = {**original.settings_dict, "NAME": str(path)}
    connections["default"] = _file_connection(file_settings)
    yield file_settings
    connections["default"].close()
    connections["default"] = original


@pytest.fixture
def at_once(real_db):
    """``at_once(f, g, ...)`` runs each callable in its own thread and connection, released together by a barrier,
    and returns their ``Outcome``s in order."""
    sqlite = real_db["ENGINE"].endswith("sqlite3")

    def run(*contenders: Callable[[], Any], timeout: float = 120) -> list[Outcome]:
        barrier = threading.Barrier(len(contenders))
        outcomes = [Outcome() for _ in contenders]

        def body(i: int, contender: Callable[[], Any]) -> None:
            if sqlite:
                connections["default"] = _file_connection(real_db)
            try:
                barrier.wait()
                outcomes[i].value = contender()
            except BaseException as error:
                outcomes[i].error = error
            finally:
                connections["default"].close()

        threads = [threading.Thread(target=body, args=(i, c)) for i, c in enumerate(contenders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
            assert not thread.is_alive(), "a contender did not finish: a deadlock?"
        return outcomes

    return run


def drop_connection() -> None:
    """Cut the default connection under Django's feet, as a database restart or a network failure would: on
    PostgreSQL the server ends the backend (pg_terminate_backend from another connection); on SQLite the raw
    connection is closed, which discards its open transaction."""
    if connection.vendor == "sqlite":
        connection.connection.close()
        return
    from samla.commands.backup_db import _pg_connect

    pid = connection.connection.info.backend_pid
    with _pg_connect(connection.settings_dict, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def slow(monkeypatch, target: str, seconds: float = 0.4) -> None:
    """Make ``module.function`` pause before it runs, so that contenders are inside their transactions together:
    without a lock both would pass their checks before either commits."""
    import importlib
    import time

    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, name)

    def paused(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, paused)
