"""`manage.py backup`: write one archive of the database and the uploaded files while the site runs."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from arrimage.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write one consistent archive of the database and the uploaded files (MEDIA_ROOT), while the site runs. "
        "The archive holds personal information: keep it encrypted and out of public reach."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Where to write the archive (default: var/backups/arrimage-YYYYMMDD-HHMMSS.tar.gz).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"]
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BASE_DIR) / "var" / "backups" / f"arrimage-{stamp}.tar.gz"
        try:
            manifest = backup_write(path, database=connections[options["database"]].settings_dict)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(gettext("Backup written: %(path)s") % {"path": path})
        self.stdout.write(
            gettext("Tables: %(tables)d, rows: %(rows)d, uploaded files: %(files)d, size: %(size)s.")
            % {
                "tables": len(manifest.tables),
                "rows": manifest.rows,
                "files": len(manifest.files),
                "size": filesizeformat(path.stat().st_size),
            }
        )
