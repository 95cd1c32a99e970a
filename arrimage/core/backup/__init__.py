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

Modules: `manifest` (what an archive holds), `databases` (tables, checksums, emptiness, on each engine),
`archive` (writing, checking and restoring). The functions take the database as a settings dictionary (an
entry of `DATABASES`, the default database when omitted) and talk to it with the driver directly: they only
read `apps.get_models()` to know the tables, so that this package stays in the lowest layer.
"""

from .archive import backup_read, backup_restore, backup_write
from .databases import (
    INSTALLATION_MODELS,
    database_state,
    installation_is_empty,
    known_migrations,
    occupied_tables,
    pending_migrations,
)
from .manifest import FORMAT, BackupError, Manifest, MediaFile, TableState

__all__ = [
    "FORMAT",
    "INSTALLATION_MODELS",
    "BackupError",
    "Manifest",
    "MediaFile",
    "TableState",
    "backup_read",
    "backup_restore",
    "backup_write",
    "database_state",
    "installation_is_empty",
    "known_migrations",
    "occupied_tables",
    "pending_migrations",
]
