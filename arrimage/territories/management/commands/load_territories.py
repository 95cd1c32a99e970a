"""`manage.py load_territories`: load or refresh the Québec reference territories."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arrimage.territories.reference import DATA_DIR, ReferenceDataError
from arrimage.territories.services import reference_territories_load


class Command(BaseCommand):
    help = "Load or refresh the Québec reference territories (regions, MRC/TE, municipalities, boroughs, RSS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="Folder of the reference files.")
        parser.add_argument("--force", action="store_true", help="Reload even if the files have not changed.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reference_territories_load(
                data_dir=options["data_dir"], force=options["force"], acting_user="load_territories"
            )
        except ReferenceDataError as error:
            raise CommandError(_("Nothing was loaded. %(error)s") % {"error": error}) from None
        if report.skipped:
            self.stdout.write(_("The reference territories are up to date; nothing to do."))
        else:
            self.stdout.write(
                _("Reference territories loaded: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
            )
        for kind, count in sorted(report.counts_by_kind.items()):
            self.stdout.write(f"  {kind}: {count}")
