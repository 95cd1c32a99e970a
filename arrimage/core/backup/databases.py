"""The database side of backups: which tables there are, their row counts and checksums, the applied
migrations, whether an installation is empty, on SQLite and PostgreSQL through their drivers."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext

from .manifest import BackupError, Manifest, TableState

# PostgreSQL's client programs; on Debian, /usr/bin/pg_dump picks the version that matches the server.
PG_DUMP = shutil.which("pg_dump") or "/usr/bin/pg_dump"
PG_RESTORE = shutil.which("pg_restore") or "/usr/bin/pg_restore"

# Tables that a fresh installation fills by itself: `migrate` (content types, permissions, the themes a
# migration seeds), `load_territories` (the reference territories, the record of their loading, the data
# version), and sessions. Rows there do not make an installation "not empty"; a row anywhere else does.
INSTALLATION_MODELS = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "core.dataversion",
        "concertation.theme",
        "territories.territory",
        "territories.referencedataload",
        # The shared glossary, seeded by its migration.
        "glossary.term",
        "glossary.term_related",
        "glossary.sectormeaning",
        "glossary.termsource",
    }
)
_TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "FilePathField"}


@dataclass(frozen=True)
class _Table:
    name: str
    label: str
    pk: str
    pk_is_text: bool


def _tables() -> list[_Table]:
    """The table of every installed model (auto-created many-to-many and history tables included)."""
    found: dict[str, _Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in found or meta.pk is None:
            continue
        found[meta.db_table] = _Table(
            name=meta.db_table,
            label=meta.label_lower,
            pk=meta.pk.column,
            pk_is_text=meta.pk.get_internal_type() in _TEXT_TYPES,
        )
    return sorted(found.values(), key=lambda table: table.name)


def _canonical(value: Any) -> Any:
    """A value as the driver returned it, in a text form that does not depend on the driver's types."""
    if value is None or isinstance(value, str | float):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _digest(rows: Iterator[tuple[Any, ...]]) -> TableState:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        line = json.dumps([_canonical(value) for value in row], ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return TableState(rows=count, sha256=digest.hexdigest())


# --- Engines ---------------------------------------------------------------------------------------------


def database_vendor(database: Mapping[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(gettext("The database engine %(engine)s is not supported by backups.") % {"engine": engine})


def database_settings(database: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return connections[DEFAULT_DB_ALIAS].settings_dict if database is None else database


def sqlite_name(database: Mapping[str, Any]) -> str:
    return str(database["NAME"])


def sqlite_is_file(name: str) -> bool:
    return name != ":memory:" and not name.startswith("file:")


def sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30, isolation_level=None)


def _sqlite_tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def sqlite_state(connection: sqlite3.Connection) -> dict[str, TableState]:
    existing = _sqlite_tables(connection)
    state = {}
    connection.execute("BEGIN")  # one read transaction: every table as of one moment
    try:
        for table in _tables():
            if table.name in existing:
                cursor = connection.execute(f'SELECT * FROM "{table.name}" ORDER BY "{table.pk}"')  # noqa: S608
                state[table.name] = _digest(iter(cursor))
    finally:
        connection.execute("ROLLBACK")
    return state


def sqlite_migrations(connection: sqlite3.Connection) -> tuple[tuple[str, str], ...]:
    if "django_migrations" not in _sqlite_tables(connection):
        return ()
    rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return tuple((str(app), str(name)) for app, name in rows)


def _pg_params(database: Mapping[str, Any]) -> dict[str, str]:
    params = {
        "dbname": database.get("NAME"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    options = database.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if options.get(key):
            params[key] = options[key]
    return {key: str(value) for key, value in params.items() if value}


def pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    """The libpq environment for pg_dump and pg_restore: the password never appears on a command line."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({names[key]: value for key, value in _pg_params(database).items()})
    return env


def pg_connect(database: Mapping[str, Any]) -> Any:
    return psycopg.connect(**_pg_params(database))  # type: ignore[arg-type]


@contextmanager
def database_errors(database: Mapping[str, Any]) -> Iterator[None]:
    """The driver's errors (a database that cannot be reached, a file that is not a database) as a
    message for the operator."""
    try:
        yield
    except (sqlite3.Error, psycopg.Error) as error:
        raise BackupError(
            gettext("The database %(name)s cannot be read (%(error)s).")
            % {"name": database.get("NAME"), "error": str(error).strip()}
        ) from error


def _pg_tables(connection: Any) -> set[str]:
    rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
    return {row[0] for row in rows}


def pg_state(connection: Any) -> dict[str, TableState]:
    """Every table's state, read in the connection's current transaction (one snapshot)."""
    existing = _pg_tables(connection)
    state = {}
    for table in _tables():
        if table.name not in existing:
            continue
        order = f'"{table.pk}" COLLATE "C"' if table.pk_is_text else f'"{table.pk}"'
        with connection.cursor(name=f"backup_{table.name}") as cursor:
            cursor.itersize = 2000
            cursor.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}')  # noqa: S608
            state[table.name] = _digest(iter(cursor))
    return state


def pg_migrations(connection: Any) -> tuple[tuple[str, str], ...]:
    if "django_migrations" not in _pg_tables(connection):
        return ()
    rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return tuple((str(app), str(name)) for app, name in rows)


def run_program(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise BackupError(
            gettext("%(program)s failed: %(error)s") % {"program": Path(command[0]).name, "error": detail.strip()}
        ) from error


def database_state(database: Mapping[str, Any] | None = None) -> dict[str, TableState]:
    """The row count and checksum of every table of the installed models that exists in the database."""
    database = database_settings(database)
    with database_errors(database):
        if database_vendor(database) == "sqlite":
            with closing(sqlite_connect(sqlite_name(database))) as connection:
                return sqlite_state(connection)
        with closing(pg_connect(database)) as connection:
            connection.read_only = True
            state = pg_state(connection)
            connection.rollback()
            return state


def installation_is_empty(database: Mapping[str, Any] | None = None) -> bool:
    """Whether the installation holds nothing of its own (see `occupied_tables`)."""
    return not occupied_tables(database)


def occupied_tables(database: Mapping[str, Any] | None = None) -> list[str]:
    """The tables that make the installation not empty.

    An installation is empty when no table of an installed model holds a row, except the tables that a
    fresh installation fills by itself (`INSTALLATION_MODELS`: content types, permissions, sessions, the
    data version, the themes, the glossary's seeded terms, the reference territories and the record of
    their loading). A database not
    migrated yet, or an SQLite file that does not exist yet, is empty too.
    """
    database = database_settings(database)
    with database_errors(database):
        return _occupied(database)


def _occupied(database: Mapping[str, Any]) -> list[str]:
    tables = [table for table in _tables() if table.label not in INSTALLATION_MODELS]
    if database_vendor(database) == "sqlite":
        name = sqlite_name(database)
        if sqlite_is_file(name) and not Path(name).exists():
            return []
        with closing(sqlite_connect(name)) as connection:
            existing = _sqlite_tables(connection)
            return [
                t.name
                for t in tables
                if t.name in existing and connection.execute(f'SELECT 1 FROM "{t.name}" LIMIT 1').fetchone()  # noqa: S608
            ]
    with closing(pg_connect(database)) as connection:
        existing = _pg_tables(connection)
        occupied = [
            t.name
            for t in tables
            if t.name in existing and connection.execute(f'SELECT 1 FROM "{t.name}" LIMIT 1').fetchone()  # noqa: S608
        ]
        connection.rollback()
        return occupied


def known_migrations() -> set[tuple[str, str]]:
    """The migrations this version of the code holds."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def pending_migrations(manifest: Manifest) -> list[tuple[str, str]]:
    """The migrations of this code that the backup did not have yet: run `migrate` after restoring it."""
    return sorted(known_migrations() - set(manifest.migrations))
