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
def at_once(transactional_db, tmp_path):
    """``at_once(f, g, ...)`` runs each callable in its own thread and connection, released together by a barrier,
    and returns their ``Outcome``s in order."""
    original = connections["default"]
    file_settings = None
    if connection.vendor == "sqlite":
        path = tmp_path / "concurrent.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        file_settings = {**original.settings_dict, "NAME": str(path)}
        connections["default"] = _file_connection(file_settings)

    def run(*contenders: Callable[[], Any], timeout: float = 120) -> list[Outcome]:
        barrier = threading.Barrier(len(contenders))
        outcomes = [Outcome() for _ in contenders]

        def body(i: int, contender: Callable[[], Any]) -> None:
            if file_settings is not None:
                connections["default"] = _file_connection(file_settings)
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

    yield run
    if file_settings is not None:
        connections["default"].close()
        connections["default"] = original


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
