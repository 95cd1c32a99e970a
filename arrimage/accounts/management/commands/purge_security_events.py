"""`manage.py purge_security_events`: delete the security events past their retention period."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from arrimage.accounts.services import security_events_purge


class Command(BaseCommand):
    help = "Delete the security events older than ARRIMAGE_SECURITY_EVENT_RETENTION_DAYS (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = security_events_purge()
        self.stdout.write(
            ngettext("%(count)s security event deleted.", "%(count)s security events deleted.", deleted)
            % {"count": deleted}
        )
