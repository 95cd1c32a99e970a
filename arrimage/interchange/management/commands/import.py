"""`manage.py import FILE --kind members --concertation 12 [--sheet NAME] [--map "Organisme=organization"]
[--choose 7=42] [--commit] [--as EMAIL]`: preview, then (with --commit) carry out the import of a CSV or
XLSX file.

`manage.py import FILE --kind popolo|hsds --as EMAIL [--commit]`: a Popolo or HSDS bundle, through the same
`bundle_import` as the web. Without --commit, the whole import is carried out then rolled back, to tell
what it would do: nothing is written.

Without `--as`, the command acts as the system for table files: no permission is checked and the changes
are recorded without an author. With `--as EMAIL`, it acts as that user and checks `policy.can_import`.
A bundle is always imported as a person (`--as`), whose rights decide what it may create.
"""

from pathlib import Path
from typing import IO, Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.interchange.bundles import BUNDLE_KINDS, COUNT_LABELS, BundleError, bundle_import
from arrimage.interchange.columns import kind_columns
from arrimage.interchange.importing.plan import ACTION_LABELS, NEW
from arrimage.interchange.reading import ImportFileError, check_file_size
from arrimage.interchange.services import TABLE_KINDS, Preview, import_commit, import_preview

ACTION_STYLES = {
    "create": "green",
    "link": "cyan",
    "update": "yellow",
    "skip": "dim",
    "error": "red",
    "choose": "magenta",
}


class Command(BaseCommand):
    help = "Preview the import of a CSV or XLSX file, or of a Popolo or HSDS bundle, and carry it out with --commit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file, or the bundle (.json, .zip for HSDS).")
        parser.add_argument("--kind", required=True, choices=(*TABLE_KINDS, *BUNDLE_KINDS), help="What the file lists.")
        parser.add_argument("--concertation", type=int, help="Id of the concertation (for --kind members).")
        parser.add_argument("--sheet", help="Sheet of an XLSX file (the first one by default).")
        parser.add_argument(
            "--map", action="append", default=[], metavar="HEADER=FIELD", help="Column of the file → field."
        )
        parser.add_argument(
            "--choose",
            action="append",
            default=[],
            metavar="LINE=ID",
            help="Organisation meant on a line with an ambiguous name: its id, or « new ».",
        )
        parser.add_argument("--commit", action="store_true", help="Carry out the import (otherwise preview only).")
        parser.add_argument("--as", dest="as_email", metavar="EMAIL", help="Act as this user, with their rights.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=160)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        try:
            check_file_size(path.stat().st_size)  # before reading a file that may be huge
        except ImportFileError as error:
            raise CommandError(error.message) from None
        user = self._user(options["as_email"])
        if options["kind"] in BUNDLE_KINDS:
            self._bundle(console, path, options["kind"], user, commit=options["commit"])
            return
        data = path.read_bytes()
        concertation = None
        if options["concertation"] is not None:
            concertation = Concertation.objects.filter(pk=options["concertation"]).first()
            if concertation is None:
                raise CommandError(_("No concertation has the id %(id)s.") % {"id": options["concertation"]})
        if user is not None and not policy.can_import(user, options["kind"], concertation=concertation):
            raise CommandError(_("%(email)s may not import this file.") % {"email": user.email})
        choices = dict(self._pair(item, "--choose") for item in options["choose"])
        choices = {line: value if value == NEW else int(value) for line, value in choices.items()}

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}
            labels = {"plan": _("Reading the rows"), "write": _("Writing")}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(labels.get(step, step), total=total)
                bar.update(tasks[step], completed=done, total=total)

            try:
                preview = import_preview(
                    data=data,
                    filename=path.name,
                    kind=options["kind"],
                    user=user,
                    sheet=options["sheet"],
                    mapping=self._mapping(options["map"], data, path.name, options),
                    concertation=concertation,
                    choices=choices,
                    progress=progress,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self._show(console, preview)
            if not options["commit"]:
                console.print(_("Preview only: nothing was written. Run again with --commit to import."))
                return
            try:
                run = import_commit(run=preview.run, data=data, acting_user=user, progress=progress)
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from None
        console.print(
            _("Import %(id)s done: %(created)s records created, %(updated)s updated, %(aliases)s names added.")
            % {
                "id": run.pk,
                "created": run.counts.get("created", 0),
                "updated": run.counts.get("updated", 0),
                "aliases": run.counts.get("alias_added", 0),
            }
        )

    def _bundle(self, console: Console, path: Path, kind: str, user: Any, *, commit: bool) -> None:
        """A Popolo or HSDS bundle, imported whole; without `commit`, rolled back once it is done."""
        if user is None:
            raise CommandError(_("A bundle is imported on behalf of a person: give --as EMAIL."))
        if not policy.can_import(user, kind):
            raise CommandError(_("%(email)s may not import this file.") % {"email": user.email})
        try:
            result = bundle_import(
                kind=kind, data=path.read_bytes(), filename=path.name, acting_user=user, dry_run=not commit
            )
        except BundleError as error:
            raise CommandError("\n".join(error.messages)) from None
        for key, label in COUNT_LABELS.items():
            if result.counts.get(key):
                console.print(f"{label} : {result.counts[key]}")
        for note in result.notes:
            console.print(note, style="yellow", markup=False)
        if result.run is None:
            console.print(_("Preview only: nothing was written. Run again with --commit to import."))
        else:
            console.print(_("Import %(id)s done.") % {"id": result.run.pk})

    def _user(self, email: str | None) -> Any:
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("No user has the email address %(email)s.") % {"email": email})
        return user

    def _pair(self, item: str, option: str) -> tuple[Any, str]:
        key, sep, value = item.rpartition("=")
        if not sep or not key.strip():
            raise CommandError(_("Write %(option)s as KEY=VALUE, not « %(item)s ».") % {"option": option, "item": item})
        if option == "--choose":
            if not key.strip().isdigit():
                raise CommandError(_("Write --choose as LINE=ID or LINE=new, not « %(item)s ».") % {"item": item})
            return int(key), value.strip()
        return key.strip(), value.strip()

    def _mapping(self, items: list[str], data: bytes, filename: str, options: dict[str, Any]) -> dict[str, str] | None:
        """The suggested (or saved) mapping, corrected by each --map."""
        if not items:
            return None
        from arrimage.interchange.reading import read_table
        from arrimage.interchange.selectors import import_mapping

        try:
            table = read_table(data, filename=filename, sheet=options["sheet"])
        except ImportFileError as error:
            raise CommandError(error.message) from None
        mapping = import_mapping(None, options["kind"], table.headers)
        for item in items:
            header, field = self._pair(item, "--map")
            if header not in mapping:
                raise CommandError(_("The file has no column « %(header)s ».") % {"header": header})
            mapping = {key: ("" if value == field else value) for key, value in mapping.items()}
            mapping[header] = field
        return mapping

    def _show(self, console: Console, preview: Preview) -> None:
        table = preview.table
        details = [_("%(count)s rows") % {"count": len(table.rows)}]
        if table.format == "csv":
            details.append(
                _("encoding %(encoding)s, separator « %(separator)s »")
                % {"encoding": table.encoding, "separator": "tab" if table.separator == "\t" else table.separator}
            )
        else:
            details.append(_("sheet « %(sheet)s »") % {"sheet": table.sheet})
        console.print(f"[bold]{preview.run.filename}[/bold] — " + ", ".join(details))
        columns = Table(title=_("Columns"))
        columns.add_column(_("Column of the file"))
        columns.add_column(_("Field"))
        fields = kind_columns(preview.run.kind)
        for header, field in preview.mapping.items():
            columns.add_row(header, str(fields.field(field).label) if field else "—")
        console.print(columns)
        for problem in preview.problems:
            console.print(f"[red]{problem}[/red]")
        rows = Table(title=_("Rows"))
        rows.add_column(_("Line"), justify="right")
        rows.add_column(_("Action"))
        rows.add_column(_("What"))
        rows.add_column(_("Why"))
        for row in preview.rows:
            why = [*(str(error) for error in row.errors), *row.reasons]
            why += [f"  {c.organization_id}: {c.name} ({round(c.score * 100)} %)" for c in row.candidates]
            style = ACTION_STYLES.get(row.action, "")
            rows.add_row(str(row.line), f"[{style}]{ACTION_LABELS[row.action]}[/{style}]", row.target, "\n".join(why))
        console.print(rows)
        counts = preview.counts.items()
        console.print(", ".join(f"{ACTION_LABELS[action]} : {count}" for action, count in counts if count))
