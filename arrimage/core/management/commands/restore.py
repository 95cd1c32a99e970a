"""`manage.py restore PATH`: restore a backup into an empty installation, then verify it table by table."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext

from arrimage.core.backup import BackupError, backup_restore, pending_migrations


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty installation (stop the site first), "
        "then check that every table and file is identical to the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to restore.")
        parser.add_argument("--no-input", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to restore into.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        database = connections[options["database"]].settings_dict
        if not path.is_file():
            raise CommandError(gettext("The archive %(path)s does not exist.") % {"path": path})
        if not options["no_input"]:
            answer = input(
                gettext(
                    "Restore %(path)s into the database %(database)s? The installation must be empty and the site "
                    "stopped. Type “yes” to continue: "
                )
                % {"path": path, "database": database.get("NAME")}
            )
            if answer.strip().lower() not in {"yes", "oui", gettext("yes")}:
                raise CommandError(gettext("Restore cancelled: nothing was changed."))
        try:
            manifest = backup_restore(path, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            gettext(
                "Restored and verified: %(tables)d tables, %(rows)d rows and %(files)d uploaded files identical to "
                "the backup of %(created)s."
            )
            % {
                "tables": len(manifest.tables),
                "rows": manifest.rows,
                "files": len(manifest.files),
                "created": manifest.created_at,
            }
        )
        if pending_migrations(manifest):
            self.stdout.write(
                gettext("This version of Arrimage has newer migrations than the backup: run `manage.py migrate` now.")
            )
