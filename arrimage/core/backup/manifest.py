"""The manifest of a backup archive (`manifest.json`): what the archive holds and how to check it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils.translation import gettext

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


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
