"""``samla backup`` / ``samla restore``: the full demo backed up, restored into an empty database and compared
table by table and file by file; a damaged, partial or foreign backup refused with a clear message, changing
nothing. On the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from samla.cli import main
from samla.commands import backup as bk
from samla.commands import backup_db
from tests.pdf import MINIMAL_PDF

PDF = MINIMAL_PDF


def _restore_target(tmp_path: Path):
    """An empty database of the suite's kind that is not the test database."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        return {**source, "NAME": str(tmp_path / "restored.sqlite3")}
    import psycopg

    name = source["NAME"].removeprefix("test_") + "_restore_test"
    admin = {**source, "NAME": "postgres"}
    with backup_db._pg_connect(admin, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    return {**source, "NAME": name}


@pytest.fixture
def target(tmp_path):
    database = _restore_target(tmp_path)
    yield database
    if connection.vendor != "sqlite":
        import psycopg

        with backup_db._pg_connect({**database, "NAME": "postgres"}, autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(database["NAME"])))


def _connect(database):
    if connection.vendor == "sqlite":
        return backup_db._sqlite_connect(database["NAME"])
    return backup_db._pg_connect(database, autocommit=True)


def every_row(database) -> dict[str, list]:
    """Every row of every table, in a stable order."""
    conn = _connect(database)
    try:
        cursor = conn.cursor()
        if connection.vendor == "sqlite":
            tables = backup_db._sqlite_tables(conn)
        else:
            tables = backup_db._pg_tables(cursor)
        out = {}
        for table in sorted(tables):
            cursor.execute(f'SELECT * FROM "{table}"')
            out[table] = sorted((tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                                 for row in cursor.fetchall()), key=repr)
        return out
    finally:
        conn.close()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _documents(media: Path) -> None:
    """Uploaded documents as Samla stores them (a political decision) and one in a nested folder."""
    from samla.calls.models import PoliticalDecision

    decision = PoliticalDecision.objects.order_by("pk").first()
    decision.document.save("vedtak.pdf", ContentFile(PDF), save=True)
    nested = media / "evaluation" / "interviews" / "7"
    nested.mkdir(parents=True)
    (nested / "referat.pdf").write_bytes(PDF + b"% referat\n")


@pytest.mark.django_db(transaction=True)
def test_the_full_demo_is_restored_table_by_table_and_file_by_file(tmp_path, settings, target) -> None:
    from samla.allocation.models import AwardLetter

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("load_demo", stdout=io.StringIO(), verbosity=0)
    _documents(media)
    assert AwardLetter.objects.count() == 12  # the generated letters: PDFs inside the database

    manifest = bk.backup(tmp_path / "backup", database=connection.settings_dict, media_root=media)
    assert manifest["database"]["kind"] == connection.vendor
    assert len(manifest["database"]["letters"]) == 12
    assert sorted(f["path"] for f in manifest["files"] if f["path"].startswith("media/")) == sorted(
        "media/" + p for p in files_of(media))

    restored_media = tmp_path / "restored-media"
    bk.restore(tmp_path / "backup", database=target, media_root=restored_media)

    original, restored = every_row(connection.settings_dict), every_row(target)
    assert set(restored) == set(original)
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert sum(map(len, original.values())) > 1000
    assert files_of(restored_media) == files_of(media)
    letters = {row[0]: row for row in restored["allocation_awardletter"]}
    assert len(letters) == 12


@pytest.fixture
def small_backup(transactional_db, tmp_path, settings):
    """A backup of a migrated database with one user and two documents (quick to make)."""
    from django.contrib.auth import get_user_model

    media = tmp_path / "media"
    (media / "calls").mkdir(parents=True)
    (media / "calls" / "a.pdf").write_bytes(PDF)
    (media / "calls" / "b.pdf").write_bytes(PDF + b"%b\n")
    settings.MEDIA_ROOT = media
    get_user_model().objects.create(username="kari")
    folder = tmp_path / "backup"
    bk.backup(folder, database=connection.settings_dict, media_root=media)
    return folder


def _refused(folder: Path, target, media: Path, message: str) -> None:
    before = every_row(target)
    with pytest.raises(bk.BackupError) as raised:
        bk.restore(folder, database=target, media_root=media)
    assert str(raised.value) == message
    assert every_row(target) == before  # nothing changed
    assert not media.exists()
    assert not [p for p in media.parent.iterdir() if p.name.startswith(f".{media.name}.")]


def test_a_flipped_byte_in_the_database_dump_is_refused(small_backup, target, tmp_path) -> None:
    name = backup_db.dump_file(connection.vendor)
    dump = small_backup / name
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    _refused(small_backup, target, tmp_path / "new-media", bk.FILE_DIGEST.format(path=name))


def test_a_changed_document_is_refused(small_backup, target, tmp_path) -> None:
    (small_backup / "media" / "calls" / "a.pdf").write_bytes(PDF.replace(b"1.4", b"1.5"))
    _refused(small_backup, target, tmp_path / "new-media", bk.FILE_DIGEST.format(path="media/calls/a.pdf"))


def test_a_missing_document_is_refused_as_incomplete(small_backup, target, tmp_path) -> None:
    (small_backup / "media" / "calls" / "b.pdf").unlink()
    _refused(small_backup, target, tmp_path / "new-media", bk.FILE_MISSING.format(path="media/calls/b.pdf"))


def test_a_truncated_document_is_refused(small_backup, target, tmp_path) -> None:
    path = small_backup / "media" / "calls" / "b.pdf"
    path.write_bytes(path.read_bytes()[:10])
    _refused(small_backup, target, tmp_path / "new-media",
             bk.FILE_SIZE.format(path="media/calls/b.pdf", size=10, expected=len(PDF) + 3))


def test_a_backup_without_its_manifest_is_refused_as_interrupted(small_backup, target, tmp_path) -> None:
    (small_backup / "manifest.json").unlink()
    _refused(small_backup, target, tmp_path / "new-media", bk.NO_MANIFEST.format(src=small_backup))


def test_a_cut_manifest_is_refused(small_backup, target, tmp_path) -> None:
    manifest = small_backup / "manifest.json"
    manifest.write_text(manifest.read_text()[:200])
    before = every_row(target)
    with pytest.raises(bk.BackupError, match="manifest.json cannot be read .*: the backup is damaged"):
        bk.restore(small_backup, database=target, media_root=tmp_path / "new-media")
    assert every_row(target) == before


def test_an_unlisted_file_is_refused(small_backup, target, tmp_path) -> None:
    (small_backup / "media" / "extra.pdf").write_bytes(PDF)
    _refused(small_backup, target, tmp_path / "new-media", bk.FILE_UNLISTED.format(path="media/extra.pdf"))


def test_a_dump_its_own_tool_cannot_read_is_refused_even_with_matching_digests(small_backup, target,
                                                                                tmp_path) -> None:
    name = backup_db.dump_file(connection.vendor)
    dump = small_backup / name
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 3])
    manifest = json.loads((small_backup / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["size"], entry["sha256"] = dump.stat().st_size, bk.sha256_file(dump)
    (small_backup / "manifest.json").write_text(json.dumps(manifest))
    before = every_row(target)
    with pytest.raises(bk.BackupError, match="is not a (sound SQLite database|readable pg_dump archive)"):
        bk.restore(small_backup, database=target, media_root=tmp_path / "new-media")
    assert every_row(target) == before


def test_a_backup_from_a_newer_samla_is_refused(small_backup, target, tmp_path) -> None:
    manifest = json.loads((small_backup / "manifest.json").read_text())
    manifest["database"]["migrations"].append(["calls", "0099_future"])
    (small_backup / "manifest.json").write_text(json.dumps(manifest))
    known = bk._known_migrations()
    with pytest.raises(bk.BackupError) as raised:
        bk.restore(small_backup, database=target, media_root=tmp_path / "new-media", known_migrations=known)
    assert str(raised.value) == bk.UNKNOWN_MIGRATIONS.format(names="calls.0099_future")


def test_restore_refuses_a_database_that_is_not_empty(small_backup, tmp_path) -> None:
    from django.contrib.auth import get_user_model

    media = tmp_path / "new-media"
    tables = len(every_row(connection.settings_dict))
    with pytest.raises(bk.BackupError) as raised:
        bk.restore(small_backup, database=connection.settings_dict, media_root=media)
    assert str(raised.value) == backup_db.NOT_EMPTY.format(name=connection.settings_dict["NAME"], tables=tables)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["kari"]
    assert not media.exists()


def test_restore_refuses_a_media_root_that_is_not_empty(small_backup, target, tmp_path) -> None:
    media = tmp_path / "busy-media"
    media.mkdir()
    (media / "keep.pdf").write_bytes(PDF)
    before = every_row(target)
    with pytest.raises(bk.BackupError) as raised:
        bk.restore(small_backup, database=target, media_root=media)
    assert str(raised.value) == bk.MEDIA_NOT_EMPTY.format(media=media)
    assert every_row(target) == before
    assert files_of(media) == {"keep.pdf": PDF}


def test_restore_replace_overwrites_the_database_and_the_documents(small_backup, target, tmp_path) -> None:
    media = tmp_path / "restored-media"
    bk.restore(small_backup, database=target, media_root=media)
    (media / "calls" / "a.pdf").write_bytes(b"changed")
    bk.restore(small_backup, database=target, media_root=media, replace=True)
    assert files_of(media) == files_of(small_backup / "media")
    assert every_row(target) == every_row(connection.settings_dict)


def test_backup_refuses_a_folder_that_is_not_empty(small_backup, tmp_path) -> None:
    with pytest.raises(bk.BackupError) as raised:
        bk.backup(small_backup, database=connection.settings_dict, media_root=tmp_path / "media")
    assert str(raised.value) == bk.DEST_NOT_EMPTY.format(dest=small_backup)


def test_the_command_line_checks_and_refuses_with_one_line(small_backup, capsys, tmp_path) -> None:
    assert main(["restore", "--check", str(small_backup)]) == 0
    assert capsys.readouterr().out.startswith(f"checked {small_backup}: {connection.vendor} database")
    shutil.copytree(small_backup, tmp_path / "copy")
    (tmp_path / "copy" / "manifest.json").unlink()
    assert main(["restore", str(tmp_path / "copy")]) == 1
    err = capsys.readouterr().err
    assert err == f"samla restore: error: {bk.NO_MANIFEST.format(src=tmp_path / 'copy')}\n"
    assert main(["backup", str(small_backup)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
