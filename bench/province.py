"""Arrimage at the scale of a province: every main page, the whole province's analysis, a large import and
the PDF portrait, at three sizes of the synthetic registry, each as a ratio to a floor measured in the
same run.

    python -m bench.province [--scales 0.25,1,4] [--seed 1] [--requests 40] [--pdf-requests 5]
                             [--import-rows 10000] [--rebuild] [--only pages,analysis,import,pdf]

For each scale a child process fills its own database (`var/bench-province-<scale>.sqlite3`, written once by
`arrimage.demo.synth.synth_generate` and reused while the seed and scale stay the same; scale 4 is about
50,000 organisations and 320,000 memberships) and measures:

- pages: the median and p95 server time of each main page and API call (django.test.Client, the whole
  middleware stack, cases interleaved in a new random order each round), warm, against the trivial view;
- analysis: the whole province's analysis (every section: overlaps, gaps, load, network, turnover,
  equity…) against the time to load its input rows from the database;
- import: a member list of `--import-rows` rows, previewed (with organisation matching) and committed,
  against a plain `executemany` of the rows the import wrote, table by table, into empty copies of those
  tables — the storage floor (and, as a second figure, against the file's rows in five text columns);
- pdf: the PDF portrait of an MRC and of a région, kept in the page cache and drawn again (the page cache
  emptied before each request), against the trivial view.

Targets (exit status 1 when one is missed): every page within 10× the trivial view at scale 1 and within
1.5× its own scale-0.25 ratio at scale 4; the province's analysis within 5× its input loading; the import
within 20× the plain insert of the rows it writes. The parent prints one table per measure and writes
var/bench/province.json and a Markdown table, var/bench/province.md, for the README.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.children import measure_scales, prepared_dataset

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "var" / "bench" / "province.json"
MARKDOWN_PATH = ROOT / "var" / "bench" / "province.md"
MEASURES = ("pages", "analysis", "import", "pdf")

PAGE_TARGET = 10.0  # × the trivial view, at scale 1
GROWTH_TARGET = 1.5  # ratio at the largest scale / ratio at the smallest
ANALYSIS_TARGET = 5.0  # × the time to load the province's input rows
IMPORT_TARGET = 20.0  # × a plain executemany of the same rows

# Fixed places, so that a page measures the same territory at every scale.
REGION, MRC, MUNICIPALITY = "region:12", "mrc:28", "municipality:23027"
LARGE_REGION = "region:06"
# The sections of the « Concertation » tab, each as its data (the table alternative of its figure).
SECTIONS = (
    "paysage",
    "couverture",
    "lacunes",
    "recouvrements",
    "recouvrements-services",
    "sollicitation-organismes",
    "sollicitation-personnes",
    "sollicitation-municipalites",
    "reseau-liens",
    "reseau-intermediaires",
    "roulement",
    "sieges-citoyens",
    "equite",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.25,1,4", help="the scales, smallest first (default 0.25,1,4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=40, help="measured requests per page (default 40)")
    parser.add_argument("--pdf-requests", type=int, default=5, help="measured requests per PDF (default 5)")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the member list (default 10000)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic registries")
    parser.add_argument("--only", default=",".join(MEASURES), help=f"measures to run (default {','.join(MEASURES)})")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # a child process: measure this scale
    args = parser.parse_args(argv)
    only = [measure for measure in args.only.split(",") if measure]
    if unknown := set(only) - set(MEASURES):
        parser.error(f"--only takes {', '.join(MEASURES)}, not {', '.join(sorted(unknown))}")
    if args.requests < 5 or args.pdf_requests < 1 or args.import_rows < 1:
        parser.error("--requests must be at least 5, --pdf-requests and --import-rows at least 1")
    if args.one is not None:
        print(json.dumps(_measure_scale(args, only)))
        return 0

    scales = sorted(float(s) for s in args.scales.split(","))
    arguments = ["--seed", str(args.seed), "--requests", str(args.requests), "--pdf-requests", str(args.pdf_requests)]
    arguments += ["--import-rows", str(args.import_rows), "--only", ",".join(only)]
    arguments += ["--rebuild"] if args.rebuild else []
    runs = measure_scales("bench.province", scales, arguments, "bench-province")
    if runs is None:
        return 2
    return _report(args, scales, runs, argv)


# In the child process -----------------------------------------------------------------------------------


def _measure_scale(args: argparse.Namespace, only: list[str]) -> dict[str, Any]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.analysis_settings"  # its database is named by the parent
    import django

    django.setup()
    from django.utils import translation

    translation.activate("fr")
    dataset = prepared_dataset("province", scale=args.one, seed=args.seed, rebuild=args.rebuild)
    run: dict[str, Any] = {"scale": args.one, "dataset": dataset}
    if "pages" in only:
        run["pages"] = _pages(args.requests)
    if "pdf" in only:
        run["pdf"] = _pdf(args.pdf_requests)
    if "analysis" in only:
        run["analysis"] = _analysis()
    if "import" in only:
        run["import"] = _import(args.import_rows, seed=args.seed)
    return run


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1] if len(values) > 1 else values[0]


def _timed(client: Any, url: str) -> float:
    """The server time of one request, in milliseconds."""
    began = time.perf_counter_ns()
    client.get(url)
    return (time.perf_counter_ns() - began) / 1e6


def _typical(queryset: Any, size: str) -> tuple[int, int]:
    """The primary key and size of the row at the 90th percentile of `size`: a large but ordinary one,
    which stays comparable from one scale to the next where the very largest does not."""
    rows = list(queryset.order_by(size, "pk").values_list("pk", size))
    if not rows:
        return 0, 0
    return rows[min(len(rows) - 1, len(rows) * 9 // 10)]


def _page_cases() -> list[tuple[str, str, str]]:
    """(key, label, URL) of every page measured, the trivial view first."""
    from django.db.models import Count, Q

    from arrimage.actors.models import Organization
    from arrimage.demo.synth import synthetic_concertations
    from arrimage.plans.models import Plan

    concertation, holdings = _typical(
        synthetic_concertations()
        .filter(is_public=True, end_date__isnull=True)
        .annotate(holdings=Count("seats__memberships")),
        "holdings",
    )
    organization, seats = _typical(Organization.objects.annotate(seats=Count("memberships")), "seats")
    public = Q(owner_concertation__isnull=True) | Q(owner_concertation__is_public=True)
    plan, actions = _typical(Plan.objects.filter(public).annotate(actions=Count("objectives__actions")), "actions")
    cases = [
        ("trivial", "Trivial view (the floor)", "/__bench__/trivial/"),
        ("home", "Home page", "/"),
        ("province", "Province page", "/territoires/province:24/"),
        ("region", "Région page (12)", f"/territoires/{REGION}/"),
        ("mrc", "MRC page (28)", f"/territoires/{MRC}/"),
        ("municipality", "Municipality page (Québec)", f"/territoires/{MUNICIPALITY}/"),
        ("territory_search", "Territory search « saint »", "/territoires/recherche/?q=saint"),
        ("concertation", f"Concertation page ({holdings} holdings)", f"/concertations/{concertation}/"),
        ("organization", f"Organisation page ({seats} seats)", f"/organismes/{organization}/"),
        ("plan", f"Plan page ({actions} actions)", f"/plans/{plan}/"),
        ("concertations", "Concertation list", "/concertations/"),
        ("concertations_region", "Concertation list, région 06", f"/concertations/?territoire={LARGE_REGION}"),
        ("organizations", "Organisation list", "/organismes/"),
        ("organizations_search", "Organisation search « centre »", "/organismes/?q=centre"),
        ("plans", "Plan list", "/plans/"),
        ("mrc_tab", "MRC « Concertation » tab", f"/territoires/{MRC}/concertation/"),
        ("region_tab", "Région « Concertation » tab", f"/territoires/{REGION}/concertation/"),
        *(
            (
                f"section_{slug}",
                f"Tab section « {slug} » (MRC, CSV)",
                f"/territoires/{MRC}/concertation/donnees/{slug}.csv",
            )
            for slug in SECTIONS
        ),
        ("api_organizations", "API organisations", "/api/v1/organizations"),
        ("api_organization", "API organisation detail", f"/api/v1/organizations/{organization}"),
        ("api_concertations", "API concertations, région 06", f"/api/v1/concertations?territory={LARGE_REGION}"),
        ("api_concertation", "API concertation detail", f"/api/v1/concertations/{concertation}"),
        ("api_plan", "API plan detail", f"/api/v1/plans/{plan}"),
    ]
    return cases


def _pages(requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    cases = _page_cases()
    urls = {key: url for key, _label, url in cases}
    queries, statuses, rows = {}, {}, {}
    for key, url in urls.items():
        client.get(url)  # the first visit fills the caches; the pages are measured as every later visit
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        statuses[key] = response.status_code
        queries[key] = len(captured)
        if url.endswith(".csv"):  # a download: its rows, without the header
            streamed = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
            body = b"".join(streamed)
            rows[key] = max(body.count(b"\n") - 1, 0)
    failing = {key: status for key, status in statuses.items() if status != 200}
    if failing:
        raise SystemExit(f"Pages that do not answer 200: {failing}")
    for _ in range(3):  # warm-up: compiled templates, URL and translation caches
        for url in urls.values():
            client.get(url)
    samples: dict[str, list[float]] = {key: [] for key in urls}
    # A new order each round: what a case leaves behind (a download of megabytes to free) falls on a
    # different case each time, not always on the one after it.
    order, shuffler = list(urls), random.Random(0)
    for _round in range(requests):
        shuffler.shuffle(order)
        for key in order:
            samples[key].append(_timed(client, urls[key]))
    floor = statistics.median(samples["trivial"])
    return {
        "floor_ms": floor,
        "cases": {
            key: {
                "label": label,
                "url": url,
                "queries": queries[key],
                "median_ms": statistics.median(samples[key]),
                "p95_ms": _percentile(samples[key], 95),
                "ratio": statistics.median(samples[key]) / floor,
                "ratio_p95": _percentile(samples[key], 95) / floor,
                **({"rows": rows[key]} if key in rows else {}),
            }
            for key, label, url in cases
            if key != "trivial"
        },
    }


def _pdf(requests: int) -> dict[str, Any]:
    """The PDF portraits warm (kept whole in the page cache, as for every visit after the first) and drawn
    (the page cache emptied before each request, outside the time measured: the portrait is gathered and
    WeasyPrint draws it, from the territory's analysis kept in memory)."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    client = Client()
    cases = {
        "trivial": "/__bench__/trivial/",
        "mrc_pdf": reverse("reports:territory_portrait_pdf", args=[MRC]),
        "region_pdf": reverse("reports:territory_portrait_pdf", args=[REGION]),
    }
    for url in cases.values():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples: dict[str, list[float]] = {key: [] for key in cases}
    for _ in range(requests):
        for key, url in cases.items():
            samples[key].append(_timed(client, url))
    # Drawn after every kept request: emptying the cache would otherwise empty it for the kept ones too.
    drawn: dict[str, list[float]] = {key: [] for key in cases if key != "trivial"}
    for _ in range(requests):
        for key in drawn:
            cache.clear()
            drawn[key].append(_timed(client, cases[key]))
    floor = statistics.median(samples["trivial"])
    return {
        "floor_ms": floor,
        "cases": {
            key: {
                "url": cases[key],
                "median_ms": statistics.median(samples[key]),
                "ratio": statistics.median(samples[key]) / floor,
                "drawn_median_ms": statistics.median(drawn[key]),
                "drawn_ratio": statistics.median(drawn[key]) / floor,
            }
            for key in drawn
        },
    }


def _analysis() -> dict[str, Any]:
    """The whole province's analysis from scratch, beside the time to load its input rows."""
    import gc

    from django.utils import timezone

    from arrimage.analysis.loading import snapshot
    from arrimage.analysis.results import compute
    from arrimage.territories.selectors import territory_get

    province = territory_get("province:24")
    today = timezone.localdate()
    loadings: list[float] = []
    analyses: list[float] = []
    # The median of three runs, or one run when it takes more than half a minute (scale 4).
    while len(analyses) < 3 and sum(analyses) < 30:
        gc.collect()
        began = time.perf_counter()
        s = snapshot(province, on=today)
        loadings.append(time.perf_counter() - began)
        began = time.perf_counter()
        results = compute(s)
        analyses.append(time.perf_counter() - began)
    loading, analysis = statistics.median(loadings), statistics.median(analyses)
    return {
        "concertations": len(s.concertations),
        "memberships": len(s.holdings),
        "organizations": len(s.organizations),
        "overlap_pairs": len(results.overlaps),
        "gaps": len(results.gaps),
        "loading_s": loading,
        "analysis_s": analysis,
        "ratio": analysis / loading,
    }


MEMBER_HEADERS = ["Organisme", "Représentant·e", "Courriel", "Rôle", "Depuis"]


def _member_rows(count: int, *, seed: int) -> list[list[str]]:
    """A member list as a regional network would send it: mostly organisations already in the registry,
    written as people write them (accents dropped, capitals changed, acronyms), and some unknown ones."""
    from arrimage.actors.models import Organization

    rng = random.Random(seed)
    known = list(Organization.objects.order_by("pk").values_list("name", flat=True)[: count * 2])
    given = ["Marie", "Luc", "Zoé", "Ana", "Jean-François", "Nathalie", "Mohamed", "Isabelle", "Pierre", "Chloé"]
    family = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Lopez"]
    roles = ["Membre", "Présidente", "Trésorier", "Secrétaire", "Membre", "Membre"]
    rows = []
    for number in range(count):
        draw = rng.random()
        if draw < 0.7 and known:
            name = rng.choice(known)
            if draw < 0.2:
                name = name.upper()
            elif draw < 0.35:
                name = name.replace("é", "e").replace("è", "e").replace("É", "E")
        else:
            name = f"Regroupement citoyen no {number} de {rng.choice(family)}"
        person = f"{rng.choice(given)} {rng.choice(family)}-{number}"
        email = f"membre{number}@exemple.org"
        rows.append([name, person, email, rng.choice(roles), str(rng.randint(2012, 2025))])
    return rows


def _import(count: int, *, seed: int) -> dict[str, Any]:
    """A member list imported into a new provincial network (preview with matching, then commit), beside
    three floors: a plain executemany of the rows the import wrote, table by table, into empty copies of
    those tables with their definitions and indexes (the storage floor), the same into bare copies (their
    columns alone), and a plain executemany of the file's rows into a table of five text columns.
    Everything is rolled back, so the dataset stays as it was."""
    from django.db import connection, transaction

    from arrimage.concertation.services import ConcertationData, concertation_create
    from arrimage.interchange.models import ImportStatus
    from arrimage.interchange.services import import_commit, import_preview
    from arrimage.territories.selectors import territory_get

    rows = _member_rows(count, seed=seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(MEMBER_HEADERS)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")

    plain = []
    for _ in range(3):
        with transaction.atomic():
            with connection.cursor() as cursor:
                columns = ", ".join(f"c{n} text" for n in range(len(MEMBER_HEADERS)))
                cursor.execute(f"CREATE TABLE bench_member_rows (id integer primary key, {columns})")
                marks = ", ".join(["%s"] * len(MEMBER_HEADERS))
                names = ", ".join(f"c{n}" for n in range(len(MEMBER_HEADERS)))
                began = time.perf_counter()
                cursor.executemany(f"INSERT INTO bench_member_rows ({names}) VALUES ({marks})", rows)
                plain.append(time.perf_counter() - began)
            transaction.set_rollback(True)
    plain_floor = statistics.median(plain)

    with transaction.atomic():
        network = concertation_create(
            data=ConcertationData(
                name="Réseau provincial des membres (banc d'essai)",
                kind="network",
                level="national",
                territories=[territory_get("province:24")],
            ),
            acting_user="bench",
        )
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            last = {}
            for table in tables:
                cursor.execute(f'SELECT MAX(rowid) FROM "{table}"')
                last[table] = cursor.fetchone()[0] or 0
        began = time.perf_counter()
        preview = import_preview(data=data, filename="membres.csv", kind="members", user=None, concertation=network)
        previewed = time.perf_counter() - began
        # Where a name is close to several organisations, the person importing picks the first one offered.
        choices = {row.line: row.candidates[0].organization_id for row in preview.rows if row.action == "choose"}
        errors = [str(error) for row in preview.rows for error in row.errors]
        if preview.problems or errors:
            raise SystemExit(f"The member list cannot be imported: {(preview.problems + errors)[:3]}")
        began = time.perf_counter()
        run = import_commit(run=preview.run, data=data, acting_user="bench", choices=choices)
        committed = time.perf_counter() - began
        assert run.status == ImportStatus.COMMITTED
        # The storage floor: the rows this import wrote (read back, table by table), inserted again with a
        # plain executemany into empty copies of their tables, in the same transaction.
        with connection.cursor() as cursor:
            written: dict[str, list[tuple[Any, ...]]] = {}
            for table in tables:
                cursor.execute(f'SELECT * FROM "{table}" WHERE rowid > %s', [last[table]])
                if found := cursor.fetchall():
                    written[table] = found
            floors: dict[bool, list[float]] = {True: [], False: []}
            for attempt in range(3):
                for same_definition in (True, False):
                    elapsed = 0.0
                    for table, found in written.items():
                        copy = f"bench_copy_{attempt}_{int(same_definition)}_{table}"
                        _copy_table(cursor, table, copy, same_definition=same_definition)
                        marks = ", ".join(["%s"] * len(found[0]))
                        began = time.perf_counter()
                        cursor.executemany(f'INSERT INTO "{copy}" VALUES ({marks})', found)
                        elapsed += time.perf_counter() - began
                    floors[same_definition].append(elapsed)
        transaction.set_rollback(True)
    floor, bare_floor = statistics.median(floors[True]), statistics.median(floors[False])
    total = previewed + committed
    return {
        "rows": count,
        "counts": preview.counts,
        "chosen": len(choices),
        "written": {table: len(found) for table, found in sorted(written.items())},
        "written_rows": sum(len(found) for found in written.values()),
        "insert_s": floor,
        "bare_insert_s": bare_floor,
        "plain_insert_s": plain_floor,
        "preview_s": previewed,
        "commit_s": committed,
        "import_s": total,
        "ratio": total / floor,
        "bare_ratio": total / bare_floor,
        "plain_ratio": total / plain_floor,
    }


def _copy_table(cursor: Any, table: str, copy: str, *, same_definition: bool) -> None:
    """An empty copy of `table` named `copy` (SQLite): with the same definition (columns, primary key,
    constraints) and the same indexes, or bare (its columns alone, `CREATE TABLE … AS SELECT`)."""
    if not same_definition:
        cursor.execute(f'CREATE TABLE "{copy}" AS SELECT * FROM "{table}" WHERE 0')
        return
    cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table])
    definitions = sorted(cursor.fetchall(), key=lambda item: item[0] != "table")  # the table before its indexes
    for kind, name, sql in definitions:
        if kind == "table":
            sql = sql.replace(f'"{table}"', f'"{copy}"', 1)
        else:
            sql = sql.replace(f'"{name}"', f'"{copy}_{name}"', 1).replace(f'ON "{table}"', f'ON "{copy}"', 1)
        if f'"{copy}' not in sql:
            raise SystemExit(f"The definition of {name} could not be copied: {sql}")
        cursor.execute(sql)


# In the parent process ----------------------------------------------------------------------------------


def _scale(scale: float) -> str:
    return f"scale {scale:g}"


def _report(args: argparse.Namespace, scales: list[float], runs: dict[float, Any], argv: list[str] | None) -> int:
    """Print each measure across the scales, write the JSON and the README's Markdown; 1 when a target is
    missed."""
    missed: list[str] = []
    markdown: list[str] = []
    for measure, report in (
        ("pages", _report_pages),
        ("pdf", _report_pdf),
        ("analysis", _report_analysis),
        ("import", _report_import),
    ):
        if all(measure in runs[scale] for scale in scales):
            print()
            markdown += ["", *report(scales, runs, missed)]

    command = " ".join(["python", "-m", "bench.province", *(sys.argv[1:] if argv is None else argv)])
    date = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    document = {
        "date": date,
        "command": command,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpu_count": os.cpu_count()},
        "targets": {
            "page_ratio_at_scale_1": PAGE_TARGET,
            "page_growth": GROWTH_TARGET,
            "analysis_ratio": ANALYSIS_TARGET,
            "import_ratio": IMPORT_TARGET,
        },
        "scales": {format(scale, "g"): runs[scale] for scale in scales},
        "passed": not missed,
        "missed": missed,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    data = " · ".join(
        f"{_scale(scale)}: {runs[scale]['dataset']['counts'].get('organizations', 0):,} organisations, "
        f"{runs[scale]['dataset']['counts'].get('memberships', 0):,} memberships"
        for scale in scales
    )
    heading = f"`{command}`, {date[:10]}, {os.cpu_count()} CPU, Python {platform.python_version()}."
    MARKDOWN_PATH.write_text("\n".join([heading, "", f"Data: {data}.", *markdown]) + "\n", encoding="utf-8")
    print(f"\nResults written to {args.output} and {MARKDOWN_PATH}.")
    for line in missed:
        print(f"Missed: {line}")
    return 1 if missed else 0


def _report_pages(scales: list[float], runs: dict[float, Any], missed: list[str]) -> list[str]:
    small, large = scales[0], scales[-1]
    one = 1.0 if 1.0 in scales else scales[len(scales) // 2]
    columns = " ".join(f"{_scale(scale) + ': median / p95, ratio':>34}" for scale in scales)
    print(f"{'Page':52} {'queries':>9} {columns} {'growth':>7}")
    lines = [
        "| Page | Queries | " + " | ".join(f"× trivial, {_scale(scale)}" for scale in scales) + " | Growth |",
        "|---|---|" + "---|" * len(scales) + "---|",
    ]
    for key, case in runs[small]["pages"]["cases"].items():
        measured = [runs[scale]["pages"]["cases"][key] for scale in scales]
        queries = "/".join(str(count) for count in sorted({m["queries"] for m in measured}))
        growth = measured[-1]["ratio"] / measured[0]["ratio"]
        cells = " ".join(f"{m['median_ms']:>11.1f} / {m['p95_ms']:>6.1f} ms {m['ratio']:>7.1f}×" for m in measured)
        more_rows = _rows_growth(measured)
        if more_rows > 1:  # a download holding every row: its time per row is what must stay flat
            growth /= more_rows
        per_row = " per row" if more_rows > 1 else ""
        print(f"{case['label']:52} {queries:>9} {cells} {growth:>6.2f}×{per_row}")
        ratios = " | ".join(f"{m['ratio']:.1f}×" for m in measured)
        rows = f" ({measured[0]['rows']:,} → {measured[-1]['rows']:,} rows)" if more_rows > 1 else ""
        lines.append(f"| {case['label']}{rows} | {queries} | {ratios} | {growth:.2f}×{per_row} |")
        at_one = runs[one]["pages"]["cases"][key]["ratio"]
        if at_one > PAGE_TARGET:
            missed.append(
                f"{case['label']}: {at_one:.1f}× the trivial view at {_scale(one)} (target {PAGE_TARGET:g}×)."
            )
        if growth > GROWTH_TARGET:
            missed.append(
                f"{case['label']}: grows {growth:.2f}× from {_scale(small)} to {_scale(large)} "
                f"(target {GROWTH_TARGET:g}×)."
            )
    floors = " · ".join(f"{runs[scale]['pages']['floor_ms']:.2f} ms at {_scale(scale)}" for scale in scales)
    print(f"Trivial view: {floors}. Growth: the ratio at {_scale(large)} over the ratio at {_scale(small)}.")
    return [*lines, "", f"Trivial view (the floor): {floors}."]


def _rows_growth(measured: list[dict[str, Any]]) -> float:
    """How many times more rows a download holds at the largest scale than at the smallest (1 for a page).

    A file that lists every row of a territory grows with the territory: at scale 4 the overlaps of MRC 28
    are about 230 times those at scale 0.25 (pairs grow with the square of the concertations). Paging such a
    file would defeat its purpose, a spreadsheet of the whole table, so for a download the growth target
    applies to its time per row."""
    first, last = measured[0].get("rows"), measured[-1].get("rows")
    if not first or not last:
        return 1.0
    return max(last / first, 1.0)


def _report_pdf(scales: list[float], runs: dict[float, Any], missed: list[str]) -> list[str]:
    lines = ["| PDF portrait | " + " | ".join(_scale(scale) for scale in scales) + " | Growth |"]
    lines.append("|---|" + "---|" * len(scales) + "---|")
    for key, label in (("mrc_pdf", "MRC 28"), ("region_pdf", "Région 12")):
        measured = [runs[scale]["pdf"]["cases"][key] for scale in scales]
        for prefix, name in (("", "kept"), ("drawn_", "drawn")):
            growth = measured[-1][f"{prefix}ratio"] / measured[0][f"{prefix}ratio"]
            cells = [f"{m[prefix + 'median_ms']:,.1f} ms ({m[prefix + 'ratio']:,.0f}× trivial)" for m in measured]
            print(f"PDF portrait, {label}, {name}: {' · '.join(cells)}; growth {growth:.2f}×.")
            lines.append(f"| {label}, {name} | {' | '.join(cells)} | {growth:.2f}× |")
    return lines


def _report_analysis(scales: list[float], runs: dict[float, Any], missed: list[str]) -> list[str]:
    cells = []
    for scale in scales:
        a = runs[scale]["analysis"]
        print(
            f"Province analysis, {_scale(scale)}: {a['concertations']:,} bodies, {a['memberships']:,} memberships, "
            f"{a['overlap_pairs']:,} possible overlaps; loading {a['loading_s']:.2f} s, analysis "
            f"{a['analysis_s']:.2f} s = {a['ratio']:.1f}× loading."
        )
        cells.append(f"{a['loading_s']:.2f} s → {a['analysis_s']:.2f} s ({a['ratio']:.1f}×)")
        if a["ratio"] > ANALYSIS_TARGET:
            missed.append(
                f"Province analysis at {_scale(scale)}: {a['ratio']:.1f}× its input loading "
                f"(target {ANALYSIS_TARGET:g}×)."
            )
    return [
        "| Whole-province analysis | " + " | ".join(_scale(scale) for scale in scales) + " |",
        "|---|" + "---|" * len(scales),
        "| loading its rows → every section (× loading) | " + " | ".join(cells) + " |",
    ]


def _report_import(scales: list[float], runs: dict[float, Any], missed: list[str]) -> list[str]:
    cells, bare_cells, plain_cells = [], [], []
    for scale in scales:
        i = runs[scale]["import"]
        print(
            f"Import, {_scale(scale)}: {i['rows']:,} rows {i['counts']}; preview {i['preview_s']:.2f} s + commit "
            f"{i['commit_s']:.2f} s against a plain insert of the {i['written_rows']:,} rows it wrote in "
            f"{len(i['written'])} tables, {i['insert_s'] * 1000:.0f} ms = {i['ratio']:,.1f}× "
            f"(into bare copies of the tables, {i['bare_insert_s'] * 1000:.0f} ms: {i['bare_ratio']:,.1f}×; "
            f"the file's rows in five text columns, {i['plain_insert_s'] * 1000:.0f} ms: {i['plain_ratio']:,.0f}×)."
        )
        cells.append(f"{i['import_s']:.1f} s ({i['ratio']:,.1f}×)")
        bare_cells.append(f"{i['bare_ratio']:,.1f}×")
        plain_cells.append(f"{i['plain_ratio']:,.0f}×")
        if i["ratio"] > IMPORT_TARGET:
            missed.append(
                f"Import at {_scale(scale)}: {i['ratio']:,.0f}× the plain insert of its rows "
                f"(target {IMPORT_TARGET:g}×)."
            )
    rows = runs[scales[0]]["import"]["rows"]
    return [
        f"| Import of {rows:,} members | " + " | ".join(_scale(scale) for scale in scales) + " |",
        "|---|" + "---|" * len(scales),
        "| preview + commit (× a plain executemany of the rows it writes, into tables defined and indexed as"
        " the registry's) | " + " | ".join(cells) + " |",
        "| the same, × that executemany into bare copies (columns alone, no key, no index) | "
        + " | ".join(bare_cells)
        + " |",
        "| the same, × a plain executemany of the file's rows (5 text columns) | " + " | ".join(plain_cells) + " |",
    ]


if __name__ == "__main__":
    sys.exit(main())
