"""``samla backup DEST`` and ``samla restore SRC``: everything Samla holds, in one folder that can be checked.

A backup folder holds
- ``database.sqlite3`` (SQLite's online backup API, never a file copy of a live database) or
  ``database.pgdump`` (``pg_dump`` in custom format, from one exported snapshot);
- ``media/``: every uploaded document under MEDIA_ROOT (political decisions, interview documents);
- ``manifest.json``, written last: the format, when and by which Samla, the database kind, the size and
  SHA-256 of every file, and what the database held (row count of every table, applied migrations, the
  SHA-256 of every award letter's PDF: the letters are stored in the database, so they travel in the dump).

A folder without its manifest is an interrupted backup. ``samla restore`` first checks the whole folder (every
file listed, present, of the right size and digest, nothing unlisted, the dump readable by its own tool, no
migration this Samla does not know), then restores into an *empty* database (``--replace`` to overwrite) and
an empty MEDIA_ROOT, and compares the restored database with the manifest. A refused restore changes nothing.
See docs/operations.md.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import secrets
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from samla.commands.backup_db import (
    NOT_EMPTY,
    DatabaseError,
    Snapshot,
    database_backup,
    database_check,
    database_restore,
    database_table_count,
    dump_file,
    vendor,
)

FORMAT = "samla-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024

DEST_NOT_EMPTY = "{dest} already exists and is not empty: give a new folder for each backup"
DEST_IN_MEDIA = "{dest} is inside MEDIA_ROOT ({media}): put backups somewhere else"
MEDIA_LINK = "{path} is a symbolic link: MEDIA_ROOT must hold plain files only"
NO_MANIFEST = "{src} has no manifest.json: it is not a Samla backup, or the backup did not finish (the manifest " \
              "is written last)"
BAD_MANIFEST = "{src}/manifest.json cannot be read ({error}): the backup is damaged"
WRONG_FORMAT = "{src}/manifest.json is not a Samla backup manifest of a known version"
FILE_MISSING = "{path} is listed in the manifest but missing: the backup is incomplete"
FILE_SIZE = "{path} has {size} bytes, the manifest says {expected}: the backup is damaged or incomplete"
FILE_DIGEST = "{path} does not match its SHA-256 in the manifest: the backup is damaged"
FILE_UNLISTED = "{path} is not listed in the manifest: the backup folder has been changed"
PATH_UNSAFE = "the manifest names an unsafe path {path}: the backup is damaged"
WRONG_DATABASE = "the backup holds a {kind} database, but Samla is configured for {configured}"
UNKNOWN_MIGRATIONS = "the backup was made by a newer Samla: unknown migrations {names}"
MEDIA_NOT_EMPTY = "MEDIA_ROOT {media} is not empty: restore into an empty one, or give --replace to overwrite it"
RESTORED_DIFFERS = "the restored database differs from the manifest ({what}): check the database before using it"


class BackupError(Exception):
    """A backup or restore refused or failed; the message is one line for the operator."""


# --- Files and digests -------------------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(folder: Path, path: Path) -> dict[str, Any]:
    return {"path": path.relative_to(folder).as_posix(), "size": path.stat().st_size, "sha256": sha256_file(path)}


def _media_files(media_root: Path) -> Iterator[Path]:
    if not media_root.exists():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_symlink():
            raise BackupError(MEDIA_LINK.format(path=path))
        if path.is_file():
            yield path


def _listed_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


# --- Backup ------------------------------------------------------------------------------------------------

def backup(dest: Path, *, database: Mapping[str, Any], media_root: Path, samla_version: str = "",
           now: datetime.datetime | None = None) -> dict[str, Any]:
    """Write a backup folder at ``dest`` (new or empty) and return its manifest."""
    dest, media_root = Path(dest).absolute(), Path(media_root).absolute()
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(DEST_NOT_EMPTY.format(dest=dest))
    if dest == media_root or media_root in dest.parents:
        raise BackupError(DEST_IN_MEDIA.format(dest=dest, media=media_root))
    kind = vendor(database)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        name, snapshot = database_backup(database, dest)
    except DatabaseError as error:
        raise BackupError(str(error)) from error
    files = [_entry(dest, dest / name)]
    for source in _media_files(media_root):
        target = dest / MEDIA / source.relative_to(media_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        files.append(_entry(dest, target))
    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "created_at": (now or datetime.datetime.now(datetime.UTC)).isoformat(timespec="seconds"),
        "samla_version": samla_version,
        "database": {"kind": kind, "file": name, **snapshot.as_dict()},
        "files": files,
    }
    partial = dest / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, dest / MANIFEST)  # last: a folder without a manifest is an interrupted backup
    return manifest


# --- Verify ------------------------------------------------------------------------------------------------

def _safe(src: Path, relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or relative == MANIFEST:
        raise BackupError(PATH_UNSAFE.format(path=relative))
    return src / path


def verify(src: Path, *, known_migrations: set[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Check a backup folder completely and return its manifest; ``BackupError`` names the first problem."""
    src = Path(src)
    manifest_path = src / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(NO_MANIFEST.format(src=src))
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = {entry["path"]: entry for entry in manifest["files"]}
        kind, name = manifest["database"]["kind"], manifest["database"]["file"]
        Snapshot.from_dict(manifest["database"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(BAD_MANIFEST.format(src=src, error=error)) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION \
            or kind not in ("sqlite", "postgresql") or name != dump_file(kind) or name not in files:
        raise BackupError(WRONG_FORMAT.format(src=src))
    for relative, entry in files.items():
        path = _safe(src, relative)
        if not path.is_file():
            raise BackupError(FILE_MISSING.format(path=relative))
        size = path.stat().st_size
        if size != entry["size"]:
            raise BackupError(FILE_SIZE.format(path=relative, size=size, expected=entry["size"]))
        if sha256_file(path) != entry["sha256"]:
            raise BackupError(FILE_DIGEST.format(path=relative))
    unlisted = sorted(_listed_files(src) - set(files) - {MANIFEST})
    if unlisted:
        raise BackupError(FILE_UNLISTED.format(path=unlisted[0]))
    try:
        database_check(kind, src / name)
    except DatabaseError as error:
        raise BackupError(str(error)) from error
    if known_migrations is not None:
        unknown = sorted(f"{app}.{migration}" for app, migration in manifest["database"]["migrations"]
                         if (app, migration) not in known_migrations)
        if unknown:
            raise BackupError(UNKNOWN_MIGRATIONS.format(names=", ".join(unknown[:5])))
    return manifest


# --- Restore -----------------------------------------------------------------------------------------------

def _media_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(media_root.iterdir())


def _stage_media(src: Path, manifest: Mapping[str, Any], media_root: Path) -> Path:
    """Copy the backup's documents into a new folder beside MEDIA_ROOT, checking each digest again."""
    staging = media_root.parent / f".{media_root.name}.restoring-{secrets.token_hex(4)}"
    staging.mkdir(parents=True)
    prefix = MEDIA + "/"
    for entry in manifest["files"]:
        if not entry["path"].startswith(prefix):
            continue
        target = staging / entry["path"][len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_safe(src, entry["path"]), target)
        if sha256_file(target) != entry["sha256"]:
            shutil.rmtree(staging)
            raise BackupError(FILE_DIGEST.format(path=entry["path"]))
    return staging


def _swap_media(staging: Path, media_root: Path) -> None:
    old = None
    if media_root.exists():
        old = media_root.parent / f".{media_root.name}.old-{secrets.token_hex(4)}"
        os.replace(media_root, old)
    os.replace(staging, media_root)
    if old is not None:
        shutil.rmtree(old)


def _compare(expected: Snapshot, restored: Snapshot) -> None:
    if restored.counts != expected.counts:
        tables = sorted(t for t in set(expected.counts) | set(restored.counts)
                        if expected.counts.get(t) != restored.counts.get(t))
        raise BackupError(RESTORED_DIFFERS.format(what="row counts of " + ", ".join(tables[:5])))
    if restored.letters != expected.letters:
        raise BackupError(RESTORED_DIFFERS.format(what="award letter PDFs"))


def restore(src: Path, *, database: Mapping[str, Any], media_root: Path, replace: bool = False,
            known_migrations: set[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Check the backup at ``src``, then restore it; nothing changes unless every check has passed."""
    src, media_root = Path(src), Path(media_root).absolute()
    manifest = verify(src, known_migrations=known_migrations)
    kind = manifest["database"]["kind"]
    configured = vendor(database)
    if kind != configured:
        raise BackupError(WRONG_DATABASE.format(kind=kind, configured=configured))
    try:
        tables = database_table_count(database)
    except DatabaseError as error:
        raise BackupError(str(error)) from error
    if tables and not replace:
        raise BackupError(NOT_EMPTY.format(name=database["NAME"], tables=tables))
    if not _media_empty(media_root) and not replace:
        raise BackupError(MEDIA_NOT_EMPTY.format(media=media_root))
    staging = _stage_media(src, manifest, media_root)
    try:
        restored = database_restore(database, src / manifest["database"]["file"], replace=replace)
    except DatabaseError as error:
        shutil.rmtree(staging)
        raise BackupError(str(error)) from error
    except BaseException:
        shutil.rmtree(staging)
        raise
    _swap_media(staging, media_root)
    _compare(Snapshot.from_dict(manifest["database"]), restored)
    return manifest


# --- The command line --------------------------------------------------------------------------------------

def add_backup_parsers(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="back up the database and the uploaded documents into a new folder",
                       description="Back up the database and MEDIA_ROOT into DEST (a new or empty folder) with a "
                                   "manifest of SHA-256 digests (docs/operations.md).")
    b.add_argument("dest", help="a new folder, e.g. /srv/backups/samla-2027-03-01T0200")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="check a backup folder and restore it into an empty database",
                       description="Check every file of the backup SRC against its manifest, then restore it "
                                   "into the configured (empty) database and MEDIA_ROOT (docs/operations.md).")
    r.add_argument("src", help="a folder made by samla backup")
    r.add_argument("--check", action="store_true", help="only check the backup; change nothing")
    r.add_argument("--replace", action="store_true",
                   help="overwrite a database and MEDIA_ROOT that are not empty (the current data is lost)")
    r.set_defaults(func=run_restore)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
    import django

    django.setup()


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _configured() -> tuple[Mapping[str, Any], Path]:
    from django.conf import settings
    from django.db import connections

    return connections["default"].settings_dict, Path(settings.MEDIA_ROOT)


def run_backup(ns: argparse.Namespace) -> int:
    _django()
    import samla

    database, media_root = _configured()
    try:
        manifest = backup(Path(ns.dest), database=database, media_root=media_root, samla_version=samla.__version__)
    except BackupError as error:
        print(f"samla backup: error: {error}", file=sys.stderr)
        return 1
    print(_summary("backed up", ns.dest, manifest))
    return 0


def run_restore(ns: argparse.Namespace) -> int:
    _django()
    database, media_root = _configured()
    try:
        if ns.check:
            manifest = verify(Path(ns.src), known_migrations=_known_migrations())
        else:
            manifest = restore(Path(ns.src), database=database, media_root=media_root, replace=ns.replace,
                               known_migrations=_known_migrations())
    except BackupError as error:
        print(f"samla restore: error: {error}", file=sys.stderr)
        return 1
    print(_summary("checked" if ns.check else "restored", ns.src, manifest))
    if not ns.check:
        print("Run `samla manage migrate` if this Samla is newer than the backup.")
    return 0


def _summary(verb: str, folder: str, manifest: Mapping[str, Any]) -> str:
    db = manifest["database"]
    documents = sum(1 for f in manifest["files"] if f["path"].startswith(MEDIA + "/"))
    return (f"{verb} {folder}: {db['kind']} database ({sum(db['counts'].values())} rows in {len(db['counts'])} "
            f"tables, {len(db['letters'])} award letters), {documents} documents, made {manifest['created_at']}")
