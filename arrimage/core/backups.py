"""Backups of an installation: one archive holding the database and the uploaded files, and its restore.

`backup_write(path)` writes a `.tar.gz` archive while the site runs:

- `manifest.json`: the format version, when and from which engine the backup was taken, the applied
  migrations, the row count and a checksum of every table of every installed model (many-to-many and
  history tables included), the checksum of the database dump and of every uploaded file;
- the database: on SQLite a copy made with SQLite's online backup (`database.sqlite3`), on PostgreSQL a
  `pg_dump` custom-format dump (`database.pgdump`);
- the uploaded files (`MEDIA_ROOT`), under `media/`.

The manifest describes exactly the state in the dump, even while people keep writing: on SQLite the
counts and checksums are read from the copy itself; on PostgreSQL they are read in one repeatable-read
transaction whose snapshot `pg_dump` shares (`pg_export_snapshot()` and `pg_dump --snapshot`).

`backup_restore(path)` restores an archive into an *empty installation* (see `installation_is_empty`): it
checks the whole archive first (manifest, format, engine, migrations, checksums of the dump and of the
files), so that a damaged or foreign archive is refused before anything is touched; it then swaps the
database in at once (SQLite: the file replaced with `os.replace`; PostgreSQL: `pg_restore` in a single
transaction), copies the files, and reads every table back: any difference from the manifest is an error.

The functions take the database as a settings dictionary (an entry of `DATABASES`, the default database
when omitted) and talk to it with the driver directly: they only read `apps.get_models()` to know the
tables, so that this module stays in the lowest layer.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# PostgreSQL's client programs; on Debian, /usr/bin/pg_dump picks the version that matches the server.
PG_DUMP = shutil.which("pg_dump") or "/usr/bin/pg_dump"
PG_RESTORE = shutil.which("pg_restore") or "/usr/bin/pg_restore"

# Tables that a fresh installation fills by itself: `migrate` (content types, permissions, the themes a
# migration seeds) and `load_territories` (the reference territories, the record of their loading, the data
# version).
# Rows there do not make an installation "not empty"; a row anywhere else does.
INSTALLATION_MODELS = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "core.dataversion",
        "concertation.theme",
        "territories.territory",
        "territories.referencedataload",
    }
)
_CHUNK = 1024 * 1024
_TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "FilePathField"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class TableState:
    """What a table holds: its number of rows and a checksum of their values."""

    rows: int
    sha256: str


@dataclass(frozen=True)
class MediaFile:
    """An uploaded file: its path under MEDIA_ROOT (with `/`), size and checksum."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """The description of a backup archive, stored in it as `manifest.json`."""

    format: int
    created_at: str
    vendor: str
    database_file: str
    database_size: int
    database_sha256: str
    migrations: tuple[tuple[str, str], ...]
    tables: dict[str, TableState]
    files: tuple[MediaFile, ...] = ()
    media_root: str = ""

    @property
    def rows(self) -> int:
        return sum(state.rows for state in self.tables.values())

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": self.format,
                "created_at": self.created_at,
                "vendor": self.vendor,
                "database": {"file": self.database_file, "size": self.database_size, "sha256": self.database_sha256},
                "migrations": [list(pair) for pair in self.migrations],
                "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in sorted(self.tables.items())},
                "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
                "media_root": self.media_root,
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest; a manifest of an unknown format or with missing parts raises BackupError."""
        try:
            data = json.loads(text)
            version = data["format"]
            if version != FORMAT:
                raise BackupError(
                    gettext("The archive's format (%(format)s) is unknown to this version of Arrimage.")
                    % {"format": version}
                )
            database = data["database"]
            return cls(
                format=version,
                created_at=str(data["created_at"]),
                vendor=str(data["vendor"]),
                database_file=str(database["file"]),
                database_size=int(database["size"]),
                database_sha256=str(database["sha256"]),
                migrations=tuple((str(app), str(name)) for app, name in data["migrations"]),
                tables={
                    str(name): TableState(rows=int(s["rows"]), sha256=str(s["sha256"]))
                    for name, s in data["tables"].items()
                },
                files=tuple(
                    MediaFile(path=str(f["path"]), size=int(f["size"]), sha256=str(f["sha256"])) for f in data["files"]
                ),
                media_root=str(data.get("media_root", "")),
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(
                gettext("The archive's manifest cannot be read (%(error)s).") % {"error": error}
            ) from error


# --- Tables and their checksums -------------------------------------------------------------------------


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


def _vendor(database: Mapping[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(gettext("The database engine %(engine)s is not supported by backups.") % {"engine": engine})


def _settings_database(database: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return connections[DEFAULT_DB_ALIAS].settings_dict if database is None else database


def _sqlite_name(database: Mapping[str, Any]) -> str:
    return str(database["NAME"])


def _sqlite_is_file(name: str) -> bool:
    return name != ":memory:" and not name.startswith("file:")


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30, isolation_level=None)


def _sqlite_tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _sqlite_state(connection: sqlite3.Connection) -> dict[str, TableState]:
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


def _sqlite_migrations(connection: sqlite3.Connection) -> tuple[tuple[str, str], ...]:
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


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
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


def _pg_connect(database: Mapping[str, Any]) -> Any:
    return psycopg.connect(**_pg_params(database))  # type: ignore[arg-type]


@contextmanager
def _database_errors(database: Mapping[str, Any]) -> Iterator[None]:
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


def _pg_state(connection: Any) -> dict[str, TableState]:
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


def _pg_migrations(connection: Any) -> tuple[tuple[str, str], ...]:
    if "django_migrations" not in _pg_tables(connection):
        return ()
    rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return tuple((str(app), str(name)) for app, name in rows)


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise BackupError(
            gettext("%(program)s failed: %(error)s") % {"program": Path(command[0]).name, "error": detail.strip()}
        ) from error


def database_state(database: Mapping[str, Any] | None = None) -> dict[str, TableState]:
    """The row count and checksum of every table of the installed models that exists in the database."""
    database = _settings_database(database)
    with _database_errors(database):
        if _vendor(database) == "sqlite":
            with closing(_sqlite_connect(_sqlite_name(database))) as connection:
                return _sqlite_state(connection)
        with closing(_pg_connect(database)) as connection:
            connection.read_only = True
            state = _pg_state(connection)
            connection.rollback()
            return state


def installation_is_empty(database: Mapping[str, Any] | None = None) -> bool:
    """Whether the installation holds nothing of its own (see `occupied_tables`)."""
    return not occupied_tables(database)


def occupied_tables(database: Mapping[str, Any] | None = None) -> list[str]:
    """The tables that make the installation not empty.

    An installation is empty when no table of an installed model holds a row, except the tables that a
    fresh installation fills by itself (`INSTALLATION_MODELS`: content types, permissions, sessions, the
    data version, the themes, the reference territories and the record of their loading). A database not
    migrated yet, or an SQLite file that does not exist yet, is empty too.
    """
    database = _settings_database(database)
    with _database_errors(database):
        return _occupied(database)


def _occupied(database: Mapping[str, Any]) -> list[str]:
    tables = [table for table in _tables() if table.label not in INSTALLATION_MODELS]
    if _vendor(database) == "sqlite":
        name = _sqlite_name(database)
        if _sqlite_is_file(name) and not Path(name).exists():
            return []
        with closing(_sqlite_connect(name)) as connection:
            existing = _sqlite_tables(connection)
            return [
                t.name
                for t in tables
                if t.name in existing and connection.execute(f'SELECT 1 FROM "{t.name}" LIMIT 1').fetchone()  # noqa: S608
            ]
    with closing(_pg_connect(database)) as connection:
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


# --- Files -----------------------------------------------------------------------------------------------


def _media_root(media_root: Path | None) -> Path | None:
    if media_root is not None:
        return media_root
    configured = getattr(settings, "MEDIA_ROOT", "")
    return Path(configured) if configured else None


def _media_files(root: Path | None) -> list[Path]:
    if root is None or not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file read once, for the archive, while its checksum is computed."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


# --- Backup ----------------------------------------------------------------------------------------------


@contextmanager
def _database_snapshot(database: Mapping[str, Any], directory: Path) -> Iterator[tuple[Path, Manifest]]:
    """A dump of the database in `directory`, with the manifest of exactly what it holds (no files yet)."""
    vendor = _vendor(database)
    created_at = timezone.now().astimezone(dt.UTC).isoformat()
    dump = directory / DUMP_NAMES[vendor]
    if vendor == "sqlite":
        name = _sqlite_name(database)
        if _sqlite_is_file(name) and not Path(name).exists():
            raise BackupError(gettext("The database file %(name)s does not exist.") % {"name": name})
        with closing(_sqlite_connect(name)) as source, closing(_sqlite_connect(str(dump))) as copy:
            source.backup(copy)  # all pages in one step: one consistent moment, writers are not blocked (WAL)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            tables = _sqlite_state(copy)
            migrations = _sqlite_migrations(copy)
    else:
        with closing(_pg_connect(database)) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            _run(
                [
                    PG_DUMP,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                _pg_env(database),
            )
            tables = _pg_state(connection)
            migrations = _pg_migrations(connection)
            connection.rollback()
    yield (
        dump,
        Manifest(
            format=FORMAT,
            created_at=created_at,
            vendor=vendor,
            database_file=dump.name,
            database_size=dump.stat().st_size,
            database_sha256=_file_sha256(dump),
            migrations=migrations,
            tables=tables,
        ),
    )


def backup_write(path: Path, *, database: Mapping[str, Any] | None = None, media_root: Path | None = None) -> Manifest:
    """Write one archive of the database and of the uploaded files to `path` while the site runs.

    The archive appears at `path` only once complete (written beside it, then renamed), readable by its
    owner only: it holds personal information.
    """
    database = _settings_database(database)
    root = _media_root(media_root)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (
        _database_errors(database),
        tempfile.TemporaryDirectory(prefix="arrimage-backup-") as work,
        _database_snapshot(database, Path(work)) as (dump, manifest),
    ):
        partial = path.with_name(f".{path.name}.partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                archive.add(dump, arcname=dump.name)
                files = []
                for file in _media_files(root):
                    assert root is not None
                    relative = file.relative_to(root).as_posix()
                    info = archive.gettarinfo(file, arcname=f"{MEDIA}/{relative}")
                    with file.open("rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    files.append(MediaFile(path=relative, size=info.size, sha256=reader.digest.hexdigest()))
                manifest = replace(manifest, files=tuple(files), media_root=str(root or ""))
                data = manifest.to_json().encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                archive.addfile(info, BytesIO(data))
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- Restore ---------------------------------------------------------------------------------------------


def backup_read(path: Path, directory: Path) -> Manifest:
    """Unpack the archive into `directory` and check it whole; raise BackupError if anything is wrong."""
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            archive.extractall(directory, filter="data")
    except (OSError, EOFError, tarfile.TarError, zlib.error) as error:
        raise BackupError(
            gettext("The archive %(path)s cannot be read (%(error)s).") % {"path": path, "error": error}
        ) from error
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(gettext("The archive has no manifest.json: it is not a backup of Arrimage."))
    manifest = Manifest.from_json(manifest_path.read_text(encoding="utf-8"))
    if manifest.database_file not in DUMP_NAMES.values():
        raise BackupError(gettext("The archive's manifest names an unknown database file."))
    dump = directory / manifest.database_file
    if not dump.is_file() or _file_sha256(dump) != manifest.database_sha256:
        raise BackupError(gettext("The database in the archive is missing or damaged (its checksum differs)."))
    expected = {MANIFEST, manifest.database_file}
    for file in manifest.files:
        relative = PurePosixPath(file.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(gettext("The archive names a file outside the media folder: %(path)s.") % file.__dict__)
        unpacked = directory / MEDIA / relative
        if not unpacked.is_file() or _file_sha256(unpacked) != file.sha256:
            raise BackupError(
                gettext("The file %(path)s in the archive is missing or damaged (its checksum differs).")
                % {"path": file.path}
            )
        expected.add(f"{MEDIA}/{file.path}")
    extra = sorted(
        found.relative_to(directory).as_posix()
        for found in directory.rglob("*")
        if found.is_file() and found.relative_to(directory).as_posix() not in expected
    )
    if extra:
        raise BackupError(
            gettext("The archive holds files its manifest does not list: %(names)s.") % {"names": ", ".join(extra)}
        )
    return manifest


def _check_target(manifest: Manifest, database: Mapping[str, Any], root: Path | None) -> None:
    vendor = _vendor(database)
    if manifest.vendor != vendor:
        raise BackupError(
            gettext(
                "The archive comes from a %(archive)s database, but this installation uses %(target)s: "
                "restore it into an installation of the same kind."
            )
            % {"archive": manifest.vendor, "target": vendor}
        )
    unknown = sorted(set(manifest.migrations) - known_migrations())
    if unknown:
        raise BackupError(
            gettext(
                "The archive holds migrations this version of Arrimage does not know (%(names)s): restore it with "
                "the version that made the backup, or a newer one."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in unknown)}
        )
    if vendor == "sqlite" and not _sqlite_is_file(_sqlite_name(database)):
        raise BackupError(gettext("A backup cannot be restored into an SQLite database held in memory."))
    occupied = occupied_tables(database)
    if occupied:
        raise BackupError(
            gettext(
                "The installation is not empty: %(tables)s already hold data. A backup is restored only into an "
                "empty installation; nothing was changed."
            )
            % {"tables": ", ".join(occupied[:5]) + (", …" if len(occupied) > 5 else "")}
        )
    if manifest.files and root is None:
        raise BackupError(gettext("The archive holds uploaded files, but MEDIA_ROOT is not set."))
    if _media_files(root):
        raise BackupError(
            gettext(
                "The media folder %(path)s already holds files. A backup is restored only into an empty "
                "installation; nothing was changed."
            )
            % {"path": root}
        )


def _differences(manifest: Manifest, state: Mapping[str, TableState]) -> list[str]:
    return sorted(name for name, expected in manifest.tables.items() if state.get(name) != expected)


def _close_django_connections(database: Mapping[str, Any]) -> None:
    for connection in connections.all(initialized_only=True):
        if str(connection.settings_dict.get("NAME")) == str(database.get("NAME")):
            connection.close()


def _sqlite_swap(dump: Path, manifest: Manifest, database: Mapping[str, Any]) -> None:
    """Put the SQLite copy in place of the database file in one rename, after checking the copy."""
    target = Path(_sqlite_name(database))
    with closing(_sqlite_connect(str(dump))) as copy:
        differences = _differences(manifest, _sqlite_state(copy))
    if differences:
        raise BackupError(
            gettext("The database in the archive does not match its manifest (%(tables)s); nothing was changed.")
            % {"tables": ", ".join(differences)}
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".restore", dir=target.parent)
    staged = Path(name)
    try:
        with os.fdopen(fd, "wb") as out, dump.open("rb") as source:
            shutil.copyfileobj(source, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        _close_django_connections(database)
        if target.exists():
            with closing(_sqlite_connect(str(target))) as old:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        staged.replace(target)
    finally:
        staged.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _pg_swap(dump: Path, database: Mapping[str, Any]) -> None:
    _close_django_connections(database)
    _run(
        [
            PG_RESTORE,
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        _pg_env(database),
    )


def backup_restore(
    path: Path, *, database: Mapping[str, Any] | None = None, media_root: Path | None = None
) -> Manifest:
    """Restore the archive at `path` into an empty installation, then check every table and file against it.

    Everything is checked before anything is changed: a damaged archive, one from another engine or from a
    newer version of Arrimage, or a target that is not empty raises BackupError and touches nothing. After
    the restore, a table or a file that differs from the manifest raises BackupError too.
    """
    database = _settings_database(database)
    root = _media_root(media_root)
    with tempfile.TemporaryDirectory(prefix="arrimage-restore-") as work:
        directory = Path(work)
        manifest = backup_read(path, directory)
        _check_target(manifest, database, root)
        dump = directory / manifest.database_file
        with _database_errors(database):
            if manifest.vendor == "sqlite":
                _sqlite_swap(dump, manifest, database)
            else:
                _pg_swap(dump, database)
        if manifest.files:
            assert root is not None  # checked with the target
            for file in manifest.files:
                destination = root / PurePosixPath(file.path)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(directory / MEDIA / PurePosixPath(file.path), destination)
    differences = _differences(manifest, database_state(database))
    damaged = [
        file.path
        for file in manifest.files
        if root is None or not (root / file.path).is_file() or _file_sha256(root / file.path) != file.sha256
    ]
    if differences or damaged:
        raise BackupError(
            gettext("Verification failed after the restore: %(names)s differ from the backup.")
            % {"names": ", ".join(differences + damaged)}
        )
    return manifest
