"""`manage.py synth --scale 1 --seed 1 [--clear] [--meetings 5]`: write a synthetic province-scale registry for
benchmarks, optionally with years of monthly meetings."""

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from arrimage.demo.synth import synth_clear, synth_exists, synth_generate, synthetic_concertations
from arrimage.demo.synth_meetings import meetings_write

ROW_LABELS = {
    "organizations": gettext_lazy("Organisations"),
    "organization territories": gettext_lazy("Territories served by organisations"),
    "people": gettext_lazy("People"),
    "concertations": gettext_lazy("Concertations"),
    "concertation territories": gettext_lazy("Territories covered by concertations"),
    "concertation themes": gettext_lazy("Themes of concertations"),
    "concertation funders": gettext_lazy("Funders of concertations"),
    "seats": gettext_lazy("Seats"),
    "seats and memberships": gettext_lazy("Seats and memberships"),
    "memberships": gettext_lazy("Memberships"),
    "positions": gettext_lazy("Positions"),
    "plans": gettext_lazy("Plans and policies"),
    "plan territories": gettext_lazy("Territories covered by plans"),
    "plan themes": gettext_lazy("Themes of plans"),
    "stage changes": gettext_lazy("Stage changes of plans"),
    "plan documents": gettext_lazy("Documents of plans"),
    "accompaniments": gettext_lazy("Accompaniments of plans"),
    "objectives": gettext_lazy("Objectives of plans"),
    "actions": gettext_lazy("Actions of plans"),
    "action co-leaders": gettext_lazy("Co-leaders of actions"),
    "action partners": gettext_lazy("Partners of actions"),
    "action themes": gettext_lazy("Themes of actions"),
    "progress updates": gettext_lazy("Progress updates"),
    "contributions": gettext_lazy("Contributions to actions"),
    "meetings": gettext_lazy("Meetings"),
    "agenda_items": gettext_lazy("Agenda items"),
    "attendances": gettext_lazy("Attendance of seats"),
    "decisions": gettext_lazy("Decisions"),
    "follow_ups": gettext_lazy("Follow-ups of decisions"),
}


class Command(BaseCommand):
    help = (
        "Write a synthetic registry on the loaded territories: at scale 1, about 12,000 organisations, "
        "25,000 people, 4,000 concertations, 80,000 memberships and 3,000 plans with 30,000 actions. "
        "For benchmarks, never for production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="Multiple of the province-scale counts.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random draws (same seed, same data).")
        parser.add_argument("--clear", action="store_true", help="Remove the earlier synthetic data first.")
        parser.add_argument(
            "--meetings",
            type=int,
            default=0,
            metavar="YEARS",
            help="Also write a meeting a month for every concertation over the last YEARS years.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] <= 0:
            raise CommandError(_("The scale must be a positive number."))
        # The command's output wrapper writes and flushes like a text file, which is all rich needs.
        console = Console(file=cast(IO[str], self.stdout))
        if options["clear"]:
            with console.status(_("Removing the earlier synthetic data…")):
                removed = synth_clear()
            console.print(_("Removed %(count)s rows of earlier synthetic data.") % {"count": sum(removed.values())})
        elif synth_exists():
            raise CommandError(
                _("Synthetic data is already present. Run the command again with --clear to replace it.")
            )

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(str(ROW_LABELS.get(step, step)), total=total)
                bar.update(tasks[step], completed=done, total=total)

            report = synth_generate(scale=options["scale"], seed=options["seed"], progress=progress)
            if options["meetings"] > 0:
                report.counts.update(
                    meetings_write(
                        concertations=synthetic_concertations(),
                        years=options["meetings"],
                        seed=options["seed"],
                        progress=progress,
                    )
                )

        table = Table(title=_("Synthetic data, scale %(scale)s, seed %(seed)s") % options)
        table.add_column(_("Rows"))
        table.add_column(_("Count"), justify="right")
        for name, count in report.counts.items():
            table.add_row(str(ROW_LABELS.get(name, name)), f"{count:,}".replace(",", " "))
        console.print(table)
        console.print(_("Written in %(seconds).1f s.") % {"seconds": report.seconds})
        console.print(_("Of which the plans: %(seconds).1f s.") % {"seconds": report.plan_seconds})
