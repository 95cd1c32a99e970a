"""`manage.py load_demo`: load the demonstration data (fictional activity on real Québec territories)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from arrimage.demo.services import COUNT_LABELS, DemoDataError, demo_load


class Command(BaseCommand):
    help = "Load the demonstration data. Does nothing if it is already loaded, unless --reset is given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Remove the demonstration data first, then load it again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_load(reset=options["reset"])
        except (DemoDataError, ValidationError) as error:
            raise CommandError(_("Nothing was loaded. %(error)s") % {"error": error}) from None
        if report.deleted:
            self.stdout.write(
                _("Demonstration data removed: %(counts)s.")
                % {"counts": ", ".join(f"{COUNT_LABELS[name]} {count}" for name, count in report.deleted.items())}
            )
        if not report.created:
            self.stdout.write(_("The demonstration data is already loaded; nothing to do."))
            return
        self.stdout.write(_("Demonstration data loaded."))
        for name, count in report.counts.items():
            self.stdout.write(f"  {COUNT_LABELS[name]}: {count}")
        self.stdout.write(_("Demonstration accounts (password « %(password)s »):") % {"password": report.password})
        for account in report.accounts:
            self.stdout.write(
                f"  {account.email} — {account.role_label}" + (f" — {account.scope}" if account.scope else "")
            )
