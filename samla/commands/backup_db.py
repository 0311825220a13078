"""The database half of ``samla backup`` and ``samla restore``: SQLite through its online backup API,
PostgreSQL through ``pg_dump``/``pg_restore`` in custom format. No Django import: each function takes the
connection settings (Django's ``DATABASES`` entry) as a plain mapping.

A ``Snapshot`` is what the manifest records about the database at the moment of the backup, read from the
same consistent state as the dump itself (the SQLite copy; PostgreSQL's exported snapshot that ``pg_dump
--snapshot`` also uses): the row count of every table, the applied migrations and the SHA-256 of every award
letter's PDF. Restore reads it again from the restored database and compares.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
LETTER_TABLE = "allocation_awardletter"

TOOL_MISSING = "{tool} was not found: install the PostgreSQL client (e.g. apt-get install postgresql-client) or " \
               "set SAMLA_PG_BIN to the folder that holds it"
TOOL_FAILED = "{tool} failed: {error}"
NOT_EMPTY = "the database {name} is not empty ({tables} tables): restore into an empty database, or give " \
            "--replace to overwrite it"
SQLITE_DAMAGED = "{file} is not a sound SQLite database: {error}"
DUMP_UNREADABLE = "{file} is not a readable pg_dump archive: {error}"


class DatabaseError(Exception):
    """A database step of a backup or a restore failed; the message is one line for the operator."""


@dataclass
class Snapshot:
    counts: dict[str, int] = field(default_factory=dict)
    migrations: list[list[str]] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # award letter id → SHA-256 of its PDF

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "migrations": self.migrations, "letters": self.letters}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        return cls(counts=dict(data["counts"]), migrations=[list(m) for m in data["migrations"]],
                   letters=dict(data["letters"]))


def vendor(database: Mapping[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise DatabaseError(f"unsupported database engine {engine}")


def dump_file(kind: str) -> str:
    return SQLITE_FILE if kind == "sqlite" else POSTGRES_FILE


def _read_snapshot(cursor, tables: list[str]) -> Snapshot:
    snapshot = Snapshot()
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        snapshot.counts[table] = int(cursor.fetchone()[0])
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        snapshot.migrations = [[app, name] for app, name in cursor.fetchall()]
    if LETTER_TABLE in tables:
        cursor.execute(f"SELECT id, pdf FROM {LETTER_TABLE} ORDER BY id")
        snapshot.letters = {str(pk): hashlib.sha256(bytes(pdf)).hexdigest() for pk, pdf in cursor.fetchall()}
    return snapshot


# --- SQLite -----------------------------------------------------------------------------------------------

def _sqlite_connect(name: Any) -> sqlite3.Connection:
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=20)


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def _sqlite_check(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise DatabaseError(SQLITE_DAMAGED.format(file=path.name, error=error)) from error
    finally:
        conn.close()
    if result != "ok":
        raise DatabaseError(SQLITE_DAMAGED.format(file=path.name, error=result))


def _sqlite_backup(database: Mapping[str, Any], target: Path) -> Snapshot:
    """The live database copied page by page with SQLite's online backup API (a consistent copy even while
    Samla writes), checked with ``PRAGMA integrity_check``; the snapshot is read from the copy."""
    source = _sqlite_connect(database["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        snapshot = _read_snapshot(copy.cursor(), _sqlite_tables(copy))
    finally:
        copy.close()
    _sqlite_check(target)
    return snapshot


def _sqlite_restore(database: Mapping[str, Any], source_file: Path, *, replace: bool) -> Snapshot:
    """Copy the backup into the target with the backup API: one transaction on the target, so a failure
    leaves it as it was."""
    target = _sqlite_connect(database["NAME"])
    try:
        tables = _sqlite_tables(target)
        if tables and not replace:
            raise DatabaseError(NOT_EMPTY.format(name=database["NAME"], tables=len(tables)))
        source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
        return _read_snapshot(target.cursor(), _sqlite_tables(target))
    finally:
        target.close()


# --- PostgreSQL -------------------------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: from SAMLA_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else PATH."""
    folder = os.environ.get("SAMLA_PG_BIN")
    candidates = [Path(folder) / name] if folder else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                         key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
                         reverse=True)
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(TOOL_MISSING.format(tool=name))
    return found


def pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """The libpq environment for the PostgreSQL tools (the password never appears on a command line)."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if database.get(key):
            env[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _pg_connect(database: Mapping[str, Any], *, autocommit: bool = False):
    import psycopg

    params = {"dbname": database["NAME"], "host": database.get("HOST") or None,
              "port": database.get("PORT") or None, "user": database.get("USER") or None,
              "password": database.get("PASSWORD") or None}
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        params["sslmode"] = options["sslmode"]
    try:
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=autocommit)
    except psycopg.Error as error:
        raise DatabaseError(f"cannot connect to PostgreSQL database {database['NAME']}: {error}".strip()) from error


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in cursor.fetchall()]


def _run(tool: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    proc = subprocess.run([pg_tool(tool), *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        error = " ".join(proc.stderr.split()) or f"exit code {proc.returncode}"
        raise DatabaseError(TOOL_FAILED.format(tool=tool, error=error))
    return proc


@contextlib.contextmanager
def _pg_snapshot(database: Mapping[str, Any]) -> Iterator[tuple[str, Snapshot]]:
    """A repeatable-read transaction whose snapshot is exported for ``pg_dump --snapshot``: the counts and the
    dump see exactly the same data, whatever Samla writes meanwhile."""
    conn = _pg_connect(database)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            yield snapshot_id, _read_snapshot(cursor, _pg_tables(cursor))
    finally:
        conn.rollback()
        conn.close()


def _pg_backup(database: Mapping[str, Any], target: Path) -> Snapshot:
    with _pg_snapshot(database) as (snapshot_id, snapshot):
        _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                         f"--file={target}", str(database["NAME"])], pg_environment(database))
    _pg_check(target)
    return snapshot


def _pg_check(path: Path) -> None:
    try:
        _run("pg_restore", ["--list", str(path)], dict(os.environ))
    except DatabaseError as error:
        raise DatabaseError(DUMP_UNREADABLE.format(file=path.name, error=error)) from error


def _pg_restore(database: Mapping[str, Any], source_file: Path, *, replace: bool) -> Snapshot:
    """``pg_restore --single-transaction --exit-on-error``: all of it or, on any error, nothing."""
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        tables = _pg_tables(cursor)
    if tables and not replace:
        raise DatabaseError(NOT_EMPTY.format(name=database["NAME"], tables=len(tables)))
    args = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
    if replace:
        args += ["--clean", "--if-exists"]
    _run("pg_restore", [*args, f"--dbname={database['NAME']}", str(source_file)], pg_environment(database))
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        return _read_snapshot(cursor, _pg_tables(cursor))


# --- The two entry points ------------------------------------------------------------------------------

def database_backup(database: Mapping[str, Any], folder: Path) -> tuple[str, Snapshot]:
    """Write the database into ``folder``; returns (file name, snapshot)."""
    kind = vendor(database)
    target = folder / dump_file(kind)
    snapshot = _sqlite_backup(database, target) if kind == "sqlite" else _pg_backup(database, target)
    return target.name, snapshot


def database_check(kind: str, path: Path) -> None:
    """Refuse a dump that its own tool cannot read (after the SHA-256 has matched)."""
    if kind == "sqlite":
        _sqlite_check(path)
    else:
        _pg_check(path)


def database_restore(database: Mapping[str, Any], path: Path, *, replace: bool) -> Snapshot:
    if vendor(database) == "sqlite":
        return _sqlite_restore(database, path, replace=replace)
    return _pg_restore(database, path, replace=replace)


def database_table_count(database: Mapping[str, Any]) -> int:
    """How many tables the configured database holds (0: empty; a missing SQLite file is not created)."""
    if vendor(database) == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return 0
        conn = _sqlite_connect(name)
        try:
            return len(_sqlite_tables(conn))
        finally:
            conn.close()
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        return len(_pg_tables(cursor))
