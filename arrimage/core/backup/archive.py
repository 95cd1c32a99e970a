"""The archive side of backups: writing the `.tar.gz`, checking it whole, and restoring it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Mapping
from contextlib import closing
from dataclasses import replace
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext

from .databases import (
    PG_DUMP,
    PG_RESTORE,
    database_errors,
    database_settings,
    database_state,
    database_vendor,
    known_migrations,
    occupied_tables,
    pg_connect,
    pg_env,
    pg_migrations,
    pg_state,
    run_program,
    sqlite_connect,
    sqlite_is_file,
    sqlite_migrations,
    sqlite_name,
    sqlite_state,
)
from .manifest import DUMP_NAMES, FORMAT, MANIFEST, MEDIA, BackupError, Manifest, MediaFile, TableState

_CHUNK = 1024 * 1024


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


def _database_dump(database: Mapping[str, Any], directory: Path) -> tuple[Path, Manifest]:
    """A dump of the database in `directory`, with the manifest of exactly what it holds (no files yet)."""
    vendor = database_vendor(database)
    created_at = timezone.now().astimezone(dt.UTC).isoformat()
    dump = directory / DUMP_NAMES[vendor]
    if vendor == "sqlite":
        name = sqlite_name(database)
        if sqlite_is_file(name) and not Path(name).exists():
            raise BackupError(gettext("The database file %(name)s does not exist.") % {"name": name})
        with closing(sqlite_connect(name)) as source, closing(sqlite_connect(str(dump))) as copy:
            source.backup(copy)  # all pages in one step: one consistent moment, writers are not blocked (WAL)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            tables = sqlite_state(copy)
            migrations = sqlite_migrations(copy)
    else:
        with closing(pg_connect(database)) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            run_program(
                [
                    PG_DUMP,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                pg_env(database),
            )
            tables = pg_state(connection)
            migrations = pg_migrations(connection)
            connection.rollback()
    return (
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
    database = database_settings(database)
    root = _media_root(media_root)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (
        database_errors(database),
        tempfile.TemporaryDirectory(prefix="arrimage-backup-") as work,
    ):
        dump, manifest = _database_dump(database, Path(work))
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
    vendor = database_vendor(database)
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
    if vendor == "sqlite" and not sqlite_is_file(sqlite_name(database)):
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
    target = Path(sqlite_name(database))
    with closing(sqlite_connect(str(dump))) as copy:
        differences = _differences(manifest, sqlite_state(copy))
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
            with closing(sqlite_connect(str(target))) as old:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        staged.replace(target)
    finally:
        staged.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _pg_swap(dump: Path, database: Mapping[str, Any]) -> None:
    _close_django_connections(database)
    run_program(
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
        pg_env(database),
    )


def backup_restore(
    path: Path, *, database: Mapping[str, Any] | None = None, media_root: Path | None = None
) -> Manifest:
    """Restore the archive at `path` into an empty installation, then check every table and file against it.

    Everything is checked before anything is changed: a damaged archive, one from another engine or from a
    newer version of Arrimage, or a target that is not empty raises BackupError and touches nothing. After
    the restore, a table or a file that differs from the manifest raises BackupError too.
    """
    database = database_settings(database)
    root = _media_root(media_root)
    with tempfile.TemporaryDirectory(prefix="arrimage-restore-") as work:
        directory = Path(work)
        manifest = backup_read(path, directory)
        _check_target(manifest, database, root)
        dump = directory / manifest.database_file
        with database_errors(database):
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
