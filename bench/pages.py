"""How fast Arrimage's territory pages answer, as multiples of a trivial Django view.

    python -m bench.pages [--requests 200] [--warmup 20] [--target 10] [--profile region]

Every figure is measured in this one process, through django.test.Client (the whole middleware stack,
URL resolution, views, templates and a file SQLite database with the full reference territories),
and the cases are interleaved round-robin so that machine noise hits them all alike. The result is a
ratio to the trivial view's median, which travels between machines far better than milliseconds do.
See bench/README.md for how to read the table.

Exit status: 0 when every page is within the target, 1 when one is not, 2 when a page does not
answer 200 (the figures would mean nothing).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The benchmark has its own settings (file database, DEBUG off, the trivial view's URL), whatever the
# shell exports: measuring with another settings module would silently measure something else.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from django.test import Client

RESULTS_PATH = Path(__file__).resolve().parent.parent / "var" / "bench" / "pages.json"

# Piped output (make, CI logs) gets a fixed width wide enough for the table rather than rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 160)


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    url: str
    guarded: bool  # a page the target applies to; the other lines are for information
    cold: bool = False  # the page cache is emptied before each request (outside the timing)


TRIVIAL = Case("trivial", "Trivial view (the floor)", "/__bench__/trivial/", guarded=False)
CASES = [
    TRIVIAL,
    Case("region", "Région 12 Chaudière-Appalaches (10 MRC)", "/territoires/region:12/", guarded=True),
    Case("mrc", "MRC 28 Les Etchemins", "/territoires/mrc:28/", guarded=True),
    Case("municipality", "Municipality 23027 Québec (boroughs)", "/territoires/municipality:23027/", guarded=True),
    Case("search", "Search « saint »", "/territoires/recherche/?q=saint", guarded=True),
    Case("region_cold", "Région 12, page cache empty", "/territoires/region:12/", guarded=False, cold=True),
    Case(
        "search_cold", "Search « saint », page cache empty", "/territoires/recherche/?q=saint", guarded=False, cold=True
    ),
    Case("api_list", "API list, q=saint", "/api/v1/territories?q=saint", guarded=False),
    Case(
        "api_geojson",
        "API GeoJSON, children of région 12",
        "/api/v1/territories/region:12/geojson?children=1",
        guarded=False,
    ),
]


@dataclass(frozen=True)
class Check:
    """What one warm request of a case costs besides time."""

    queries: int
    response_bytes: int


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    url: str
    guarded: bool
    queries: int
    response_bytes: int
    median_ms: float
    p95_ms: float
    min_ms: float
    mean_ms: float
    ratio: float  # median / the trivial view's median
    ratio_p95: float  # p95 / the trivial view's median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per case (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per case first (default 20)")
    parser.add_argument("--target", type=float, default=10.0, help="largest ratio a page may have (default 10)")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH, help=f"JSON results (default {RESULTS_PATH})")
    parser.add_argument(
        "--profile",
        metavar="CASE",
        choices=[case.key for case in CASES],
        help="instead of measuring, profile this case with cProfile and print where the time goes",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be at least 1 and --warmup at least 0")

    django.setup()
    _prepare_database()

    from django.test import Client

    client = Client()
    if not _all_answer_200(client, CASES):
        return 2
    _warm_up(client, CASES, args.warmup)
    if args.profile:
        _profile(client, next(case for case in CASES if case.key == args.profile), args.requests)
        return 0
    checks = _inspect(client, CASES)
    machine = _machine()
    console.print(_describe(machine))

    # Cases with an empty page cache run in a second pass: emptying the cache would otherwise also
    # empty it for the warm cases of the same round.
    samples = _measure(client, [case for case in CASES if not case.cold], requests=args.requests)
    samples |= _measure(client, [case for case in CASES if case.cold], requests=args.requests)
    results = _results(CASES, samples, checks)
    too_slow = [result for result in results if result.guarded and result.ratio > args.target]
    _print_table(results, target=args.target, requests=args.requests)
    command = ["python", "-m", "bench.pages", *(sys.argv[1:] if argv is None else argv)]
    path = _write_json(
        args.output, results, machine, command=command, requests=args.requests, warmup=args.warmup, target=args.target
    )
    console.print(f"Results written to {path}.")

    if too_slow:
        for result in too_slow:
            console.print(
                f"[bold red]Too slow:[/] {result.label} takes {result.ratio:.1f}× the trivial view "
                f"(median {result.median_ms:.2f} ms, {result.queries} queries); the target is {args.target:g}×."
            )
        console.print("Profile it with: python -m bench.pages --profile <case>")
        return 1
    console.print(f"[bold green]Every page is within {args.target:g}× the trivial view.[/]")
    return 0


def _prepare_database() -> None:
    """Migrate the benchmark's database and load the full reference territories (once)."""
    from django.conf import settings
    from django.core.management import call_command

    from arrimage.territories.services import reference_territories_load

    Path(str(settings.DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    with console.status("Migrating the benchmark database…"):
        call_command("migrate", interactive=False, verbosity=0)
    with console.status("Loading the reference territories…"):
        start = time.perf_counter()
        report = reference_territories_load(acting_user="bench")
        elapsed = time.perf_counter() - start
    total = sum(report.counts_by_kind.values())
    how = "already loaded" if report.skipped else f"loaded in {elapsed:.1f} s"
    console.print(f"Reference territories: {total} ({how}) in {settings.DATABASES['default']['NAME']}.")


def _all_answer_200(client: Client, cases: list[Case]) -> bool:
    """Fetch every case once: timing an error page would measure nothing useful."""
    answered = True
    for case in cases:
        status = client.get(case.url).status_code
        if status != 200:
            console.print(f"[bold red]{case.url} answered {status}, not 200:[/] nothing measured.")
            answered = False
    return answered


def _warm_up(client: Client, cases: list[Case], rounds: int) -> None:
    """Unmeasured requests first: imports, compiled templates, URL and translation caches."""
    for _ in range(rounds):
        for case in cases:
            client.get(case.url)


def _inspect(client: Client, cases: list[Case]) -> dict[str, Check]:
    """The SQL queries and the size of one warm request of each case (outside the timed requests,
    since recording queries slows them)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checks = {}
    for case in cases:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(case.url)
        checks[case.key] = Check(queries=len(queries), response_bytes=len(response.content))
    return checks


def _measure(client: Client, cases: list[Case], *, requests: int) -> dict[str, list[int]]:
    """Server time of each request, in nanoseconds, per case.

    The cases take turns, one request each, and the starting case rotates every round, so that a
    burst of noise, a garbage collection or a cache effect from the previous request falls on all of
    them alike rather than on whichever case happened to run during it.
    """
    from django.core.cache import cache

    gc.collect()

    samples: dict[str, list[int]] = {case.key: [] for case in cases}
    columns = (TextColumn("Measuring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("rounds", total=requests)
        for round_number in range(requests):
            offset = round_number % len(cases)
            for case in cases[offset:] + cases[:offset]:
                if case.cold:
                    cache.clear()
                start = time.perf_counter_ns()
                client.get(case.url)
                samples[case.key].append(time.perf_counter_ns() - start)
            # Drawing the bar happens between requests, never inside a timed one.
            progress.update(task, advance=1, refresh=True)
    return samples


def _percentile(values: list[int], percent: int) -> float:
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _results(cases: list[Case], samples: dict[str, list[int]], checks: dict[str, Check]) -> list[Result]:
    floor = statistics.median(samples[TRIVIAL.key])
    results = []
    for case in cases:
        values = samples[case.key]
        median = statistics.median(values)
        p95 = _percentile(values, 95)
        results.append(
            Result(
                key=case.key,
                label=case.label,
                url=case.url,
                guarded=case.guarded,
                queries=checks[case.key].queries,
                response_bytes=checks[case.key].response_bytes,
                median_ms=median / 1e6,
                p95_ms=p95 / 1e6,
                min_ms=min(values) / 1e6,
                mean_ms=statistics.fmean(values) / 1e6,
                ratio=median / floor,
                ratio_p95=p95 / floor,
            )
        )
    return results


def _print_table(results: list[Result], *, target: float, requests: int) -> None:
    table = Table(
        title=f"Server time, {requests} requests per case, as a multiple of the trivial view",
        caption=f"Target: every page (✓/✗) within {target:g}× the trivial view's median; ‘·’ lines are information.",
    )
    table.add_column("Case", no_wrap=True)
    table.add_column("URL", style="dim", no_wrap=True)
    table.add_column("Queries", justify="right")
    table.add_column("Size", justify="right")
    table.add_column("Median", justify="right")
    table.add_column("p95", justify="right")
    table.add_column("Ratio", justify="right")
    table.add_column("", justify="center")
    for result in results:
        if result.key == TRIVIAL.key:
            verdict, ratio = "", "1.0×"
        elif result.guarded:
            within = result.ratio <= target
            verdict = "[green]✓[/]" if within else "[bold red]✗[/]"
            ratio = f"{result.ratio:.1f}×" if within else f"[bold red]{result.ratio:.1f}×[/]"
        else:
            verdict, ratio = "·", f"{result.ratio:.1f}×"
        table.add_row(
            result.label,
            result.url,
            str(result.queries),
            f"{result.response_bytes / 1024:.1f} KiB",
            f"{result.median_ms:.3f} ms",
            f"{result.p95_ms:.3f} ms",
            ratio,
            verdict,
        )
    console.print(table)


def _machine() -> dict[str, Any]:
    import sqlite3

    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "django": django.get_version(),
        "database": {
            "engine": database["ENGINE"],
            "name": str(database["NAME"]),
            "sqlite_version": sqlite3.sqlite_version,
            "journal_mode": journal_mode,
        },
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "debug": settings.DEBUG,
    }


def _describe(machine: dict[str, Any]) -> str:
    database = machine["database"]
    return (
        f"Python {machine['python']}, Django {machine['django']}, SQLite {database['sqlite_version']} "
        f"({database['journal_mode']}), {machine['cpu_count']} CPU, {machine['platform']}."
    )


def _write_json(
    path: Path,
    results: list[Result],
    machine: dict[str, Any],
    *,
    command: list[str],
    requests: int,
    warmup: int,
    target: float,
) -> Path:
    document = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(command),
        "machine": machine,
        "requests_per_case": requests,
        "warmup_per_case": warmup,
        "target_ratio": target,
        "passed": all(result.ratio <= target for result in results if result.guarded),
        "cases": [asdict(result) for result in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _profile(client: Client, case: Case, requests: int) -> None:
    """Run the case under cProfile and print the functions where its time goes."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(case.url)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(30)
        console.rule(f"{case.label}: {requests} requests, by {order} time")
        console.print(out.getvalue(), markup=False, highlight=False)


if __name__ == "__main__":
    sys.exit(main())
