"""`manage.py apply_retention`: empty the contact details of people inactive for too long (Law 25)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from arrimage.actors.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Empty the email and telephone of people with no job, seat or accompaniment and no change for "
        "ARRIMAGE_RETENTION_YEARS years (3 by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count the people concerned; change nothing.")
        parser.add_argument("--years", type=int, default=None, help="Years of inactivity (overrides the setting).")

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention_apply(years=options["years"], dry_run=options["dry_run"])
        values = {"count": report.count, "years": report.years, "day": report.cutoff.isoformat()}
        if report.applied:
            message = ngettext(
                "Contact details emptied for %(count)d person inactive for %(years)d years (since %(day)s).",
                "Contact details emptied for %(count)d people inactive for %(years)d years (since %(day)s).",
                report.count,
            )
        else:
            message = ngettext(
                "Dry run: %(count)d person inactive for %(years)d years (since %(day)s) would lose their contact "
                "details.",
                "Dry run: %(count)d people inactive for %(years)d years (since %(day)s) would lose their contact "
                "details.",
                report.count,
            )
        self.stdout.write(message % values)
