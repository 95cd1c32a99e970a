"""Backups round-trip on the engine under test (SQLite with `config.settings.test`, PostgreSQL with
`config.settings.test_postgres`): what is restored into an empty installation has the same rows, row for
row, as what was backed up, even when people kept writing during the backup; a damaged or foreign archive,
or a target that is not empty, is refused before anything changes."""

import gzip
import io
import json
import sqlite3
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from arrimage.core.audit import audited_save
from arrimage.core.backup import (
    BackupError,
    backup_restore,
    backup_write,
    database_state,
    installation_is_empty,
    occupied_tables,
)
from arrimage.core.backup.databases import pg_connect
from tests.factories import OrganizationFactory
from tests.postgres import drop_database

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRESQL = connection.vendor == "postgresql"
KNOWN_ROWS = [
    "SELECT id, given_name, family_name, email, phone, public_consent FROM actors_person ORDER BY id",
    "SELECT id, name, acronym FROM actors_organization ORDER BY id",
    "SELECT id, name, is_public, mission FROM concertation_concertation ORDER BY id",
    "SELECT history_id, id, family_name, phone, history_date, history_type FROM actors_historicalperson "
    "ORDER BY history_id",
    "SELECT id, seat_id, person_id, organization_id FROM concertation_membership ORDER BY id",
]
MEDIA_FILES = {"plans/2026/plan d’action.pdf": b"%PDF-1.4 plan", "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256))}


def _query(database, sql, params=()):
    if database["ENGINE"].endswith("sqlite3"):
        name = str(database["NAME"])
        with sqlite3.connect(name, uri=name.startswith("file:")) as db:
            return db.execute(sql, params).fetchall()
    with pg_connect(database) as db:
        cursor = db.execute(sql.replace("?", "%s"), params or None)
        return cursor.fetchall() if cursor.description else []


def _known_rows(database):
    return [_query(database, sql) for sql in KNOWN_ROWS]


def _admin_connection():
    admin = pg_connect(connection.settings_dict)
    admin.autocommit = True
    return admin


@pytest.fixture(scope="module")
def _postgres_targets(django_db_setup):
    """Databases on the PostgreSQL test server for the restores, created once for the module (creating
    and dropping a database is slow) and dropped after it."""
    names: list[str] = []
    yield names
    with _admin_connection() as admin:
        for name in names:
            drop_database(admin, name)


@pytest.fixture
def empty_database(tmp_path, request):
    """A factory of empty databases of the engine under test: SQLite files not created yet, or PostgreSQL
    databases with nothing in them."""
    used: list[None] = []

    def make():
        used.append(None)
        if not POSTGRESQL:
            return {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / f"restored-{len(used)}.sqlite3"}
        names = request.getfixturevalue("_postgres_targets")
        name = f"{connection.settings_dict['NAME']}_restore{len(used)}"
        if name not in names:
            with _admin_connection() as admin:
                drop_database(admin, name)
                admin.execute(f'CREATE DATABASE "{name}"')
            names.append(name)
        database = {**connection.settings_dict, "NAME": name}
        _query(database, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        return database

    return make


@pytest.fixture(scope="module")
def _made():
    return {}


@pytest.fixture
def backup(_made, request, tmp_path_factory):
    """The demonstration data with some history and two uploaded files, backed up on first use and kept for
    the module (each transactional test empties the database after it; the archive stays).

    Returns the archive, its manifest, the state of the database and a few rows read just before."""
    if _made:
        return _made
    request.getfixturevalue("territories")
    directory = tmp_path_factory.mktemp("backup")
    media = directory / "media"
    for name, content in MEDIA_FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    call_command("load_demo", stdout=io.StringIO())
    person = apps.get_model("actors", "Person").objects.order_by("id").first()
    person.phone = "418 555-0199"
    audited_save(person, acting_user=None, reason="test")
    source = dict(connection.settings_dict)
    state = database_state()
    rows = _known_rows(source)
    with override_settings(MEDIA_ROOT=str(media)):
        manifest = backup_write(directory / "arrimage.tar.gz")
    _made.update(path=directory / "arrimage.tar.gz", manifest=manifest, state=state, rows=rows)
    return _made


def _read(archive, member):
    handle = archive.extractfile(member)
    assert handle is not None
    return handle.read()


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive whose members went through `change(name, data) -> data | None` (None: left out)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz", compresslevel=1) as new:
        for member in old.getmembers():
            data = change(member.name, _read(old, member))
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


def test_round_trip_restores_every_table_and_row(backup, empty_database, settings, tmp_path):
    manifest = backup["manifest"]
    assert manifest.vendor == connection.vendor
    assert manifest.tables == backup["state"]
    # Tables of every kind are there, with rows: data, many-to-many, history.
    for table in ("actors_person", "concertation_concertation_themes", "actors_historicalperson", "plans_plan"):
        assert manifest.tables[table].rows > 0
    assert ("concertation", "0001_initial") in manifest.migrations
    assert {file.path for file in manifest.files} == set(MEDIA_FILES)

    target = empty_database()
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    assert installation_is_empty(target)
    restored = backup_restore(backup["path"], database=target)

    assert restored == manifest
    assert database_state(target) == backup["state"]
    assert _known_rows(target) == backup["rows"]
    assert any(row[2] == "RDC-CN" for row in backup["rows"][1])
    migrations = _query(target, "SELECT app, name FROM django_migrations ORDER BY app, name")
    assert [tuple(row) for row in migrations] == list(manifest.migrations)
    for name, content in MEDIA_FILES.items():
        assert (tmp_path / "restored-media" / name).read_bytes() == content


def test_a_backup_taken_while_people_write_matches_its_manifest(backup, empty_database, tmp_path):
    live = empty_database()
    backup_restore(backup["path"], database=live, media_root=tmp_path / "live-media")
    postgres = POSTGRESQL
    if not postgres:
        _query(live, "PRAGMA journal_mode=WAL")  # as the site runs it
    _query(live, "INSERT INTO core_dataversion (name, number) VALUES ('writer', 0)")
    done: list[int] = []
    failures: list[Exception] = []
    stop = threading.Event()

    def write():
        """Each transaction adds a session and counts it in another table: a torn copy would disagree."""
        count = 0
        if postgres:
            db: Any = pg_connect(live)
            mark = "%s"
        else:
            db = sqlite3.connect(live["NAME"], timeout=30, isolation_level=None)
            mark = "?"
        try:
            while not stop.is_set():
                if not postgres:
                    db.execute("BEGIN IMMEDIATE")
                db.execute(
                    f"INSERT INTO django_session (session_key, session_data, expire_date) VALUES ({mark}, 'x', {mark})",
                    (f"writer-{count:06d}", "2030-01-01 00:00:00+00:00"),
                )
                db.execute("UPDATE core_dataversion SET number = number + 1 WHERE name = 'writer'")
                db.commit() if postgres else db.execute("COMMIT")
                count += 1
                done.append(count)
                time.sleep(0.002)  # leave the backup some of the interpreter
        except Exception as error:
            failures.append(error)
        finally:
            db.close()

    def wait_for(writes):
        deadline = time.monotonic() + 60
        while len(done) < writes and not failures and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not failures
        assert len(done) >= writes

    thread = threading.Thread(target=write)
    thread.start()
    try:
        wait_for(30)
        manifest = backup_write(tmp_path / "during.tar.gz", database=live, media_root=tmp_path / "live-media")
        wait_for(len(done) + 30)
    finally:
        stop.set()
        thread.join()

    target = empty_database()
    backup_restore(tmp_path / "during.tar.gz", database=target, media_root=tmp_path / "restored-media")
    assert database_state(target) == manifest.tables
    sessions = _query(target, "SELECT COUNT(*) FROM django_session WHERE session_key LIKE 'writer-%'")[0][0]
    counted = _query(target, "SELECT number FROM core_dataversion WHERE name = 'writer'")[0][0]
    assert sessions == counted
    assert 30 <= sessions < len(done)
    assert manifest.tables["django_session"].rows == sessions + backup["manifest"].tables["django_session"].rows


def test_restore_goes_into_a_fresh_installation_only(empty_database, territories, tmp_path, request):
    """A migrated installation with only its reference data (themes, territories) is empty: a restore
    replaces its reference tables by the backup's. Once it holds data, a restore is refused and changes
    nothing; uploaded files in MEDIA_ROOT make an installation not empty too."""
    fresh = empty_database()
    installation = tmp_path / "fresh.tar.gz"
    backup_write(installation, media_root=tmp_path / "none")
    # Only now: made by the first test of the module that asks for it, the backup loads the demonstration
    # data into this database, which would then no longer be a fresh installation.
    backup = request.getfixturevalue("backup")
    backup_restore(installation, database=fresh, media_root=tmp_path / "media")
    assert _query(fresh, "SELECT COUNT(*) FROM territories_territory")[0][0] > 1000
    assert installation_is_empty(fresh), occupied_tables(fresh)  # the seeded themes and glossary included

    backup_restore(backup["path"], database=fresh, media_root=tmp_path / "media")
    restored = database_state(fresh)
    assert restored == backup["state"]

    with translation.override("en"), pytest.raises(BackupError, match="The installation is not empty") as refusal:
        backup_restore(backup["path"], database=fresh, media_root=tmp_path / "other-media")
    occupied = occupied_tables(fresh)
    assert "actors_person" in occupied
    assert occupied[0] in str(refusal.value)
    assert database_state(fresh) == restored
    assert not (tmp_path / "other-media").exists()

    with translation.override("en"), pytest.raises(BackupError, match="already holds files"):
        backup_restore(backup["path"], database=empty_database(), media_root=tmp_path / "media")


DAMAGES = {
    "truncated": "cannot be read",
    "media": "damaged",
    "database": "damaged",
    "manifest": "has no manifest.json",
    "extra": "does not list",
    "engine": "comes from a",
    "migrations": "does not know",
    "format": "format",
}


def _damaged(source: Path, damaged: Path, damage: str, migrations) -> Path:
    """A copy of the archive with one kind of damage, or from another engine or version."""

    def manifest_with(**changes):
        def change(name, data):
            if name != "manifest.json":
                return data
            return json.dumps({**json.loads(data), **changes}).encode()

        return change

    if damage == "truncated":
        damaged.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
        return damaged
    if damage == "media":
        return _rewrite(source, damaged, lambda name, data: data + b"!" if name == "media/logo.png" else data)
    if damage == "database":
        return _rewrite(
            source, damaged, lambda name, data: data[:-10] + b"0123456789" if name.startswith("database.") else data
        )
    if damage == "manifest":
        return _rewrite(source, damaged, lambda name, data: None if name == "manifest.json" else data)
    if damage == "extra":
        with tarfile.open(source, "r:gz") as archive:
            members = [(member, _read(archive, member)) for member in archive.getmembers()]
        with tarfile.open(damaged, "w:gz", compresslevel=1) as archive:
            for member, data in members:
                archive.addfile(member, io.BytesIO(data))
            info = tarfile.TarInfo("media/unlisted.txt")
            info.size = 2
            archive.addfile(info, io.BytesIO(b"hi"))
        return damaged
    if damage == "engine":
        return _rewrite(source, damaged, manifest_with(vendor="sqlite" if POSTGRESQL else "postgresql"))
    if damage == "migrations":
        return _rewrite(source, damaged, manifest_with(migrations=[*migrations, ("core", "9999_from_the_future")]))
    return _rewrite(source, damaged, manifest_with(format=99))


def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(backup, empty_database, tmp_path):
    target = empty_database()
    for damage, message in DAMAGES.items():
        damaged = _damaged(backup["path"], tmp_path / f"{damage}.tar.gz", damage, backup["manifest"].migrations)
        with translation.override("en"), pytest.raises(BackupError, match=message):
            backup_restore(damaged, database=target, media_root=tmp_path / "media")
        assert installation_is_empty(target), damage
        if POSTGRESQL:
            assert _query(target, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)], damage
        else:
            assert not Path(target["NAME"]).exists(), damage
        assert not (tmp_path / "media").exists(), damage


def test_the_commands_back_up_restore_and_refuse(backup, empty_database, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    output = io.StringIO()
    path = tmp_path / "made" / "arrimage.tar.gz"
    with translation.override("en"):
        call_command("backup", "--output", str(path), stdout=output)
    assert path.is_file()
    assert path.stat().st_mode & 0o077 == 0  # personal information: readable by its owner only
    assert str(path) in output.getvalue()
    assert "rows" in output.getvalue()
    with gzip.open(path) as unpacked:
        assert unpacked.read(1)

    OrganizationFactory.create()
    with translation.override("en"), pytest.raises(CommandError, match="in memory" if not POSTGRESQL else "not empty"):
        call_command("restore", str(path), "--no-input", stdout=io.StringIO())

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with translation.override("en"), pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path), stdout=io.StringIO())

    # Into an empty database named by --database, with the uploaded files, after a « oui ».
    monkeypatch.setattr("builtins.input", lambda prompt: "oui")
    monkeypatch.setitem(connections.settings, "restored", {**connection.settings_dict, **empty_database()})
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    output = io.StringIO()
    with translation.override("fr"):
        call_command("restore", str(backup["path"]), "--database", "restored", stdout=output)
    with translation.override("fr"):
        summary = gettext(
            "Restored and verified: %(tables)d tables, %(rows)d rows and %(files)d uploaded files identical to "
            "the backup of %(created)s."
        )
    manifest = backup["manifest"]
    assert output.getvalue().strip() == summary % {
        "tables": len(manifest.tables),
        "rows": manifest.rows,
        "files": len(MEDIA_FILES),
        "created": manifest.created_at,
    }
    assert database_state(connections.settings["restored"]) == backup["state"]
