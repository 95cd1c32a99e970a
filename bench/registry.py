"""How fast the registry's pages and API answer on a province-scale synthetic registry.

    python -m bench.registry [--scale 1] [--seed 1] [--rebuild] [--requests 100] [--target 10] [--profile CASE]

The same method as bench.pages (read its docstring and bench/README.md): one process, django.test.Client,
cases interleaved round-robin, ratios to a trivial Django view measured in the same run. The database is
its own file, var/bench-registry.sqlite3 (bench/registry_settings.py), filled once by
`arrimage.demo.synth.synth_generate` (about 12,000 organisations, 25,000 people, 4,000 concertations and
80,000 memberships at scale 1) and reused while the seed and scale stay the same.

A page whose URL does not exist in this version of the project is skipped with a note rather than
failing the run.

Exit status: 0 when every page measured is within the target, 1 when one is not, 2 when a page that
exists does not answer 200.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

# bench.pages points DJANGO_SETTINGS_MODULE at its own settings when imported; this benchmark has a
# database of its own, so it sets its settings after that import and before Django reads them.
from bench import pages
from bench.pages import TRIVIAL, Case, console

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.registry_settings"

import django
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

RESULTS_PATH = Path(__file__).resolve().parent.parent / "var" / "bench" / "registry.json"
DATASET_PATH = Path(__file__).resolve().parent.parent / "var" / "bench" / "registry-dataset.json"
REGION = "region:06"  # Montréal: the région with the most concertations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the synthetic registry (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic registry (default 1)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic registry even if present")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per case (default 100)")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per case first (default 10)")
    parser.add_argument("--target", type=float, default=10.0, help="largest ratio a page may have (default 10)")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH, help=f"JSON results (default {RESULTS_PATH})")
    parser.add_argument("--profile", metavar="CASE", help="profile this case with cProfile instead of measuring")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.scale <= 0:
        parser.error("--requests must be at least 1, --warmup at least 0 and --scale positive")

    django.setup()
    dataset = prepare_database(scale=args.scale, seed=args.seed, rebuild=args.rebuild)

    from django.test import Client

    cases, skipped = _cases()
    for case, reason in skipped:
        console.print(f"[yellow]Skipped[/] {case.label} ({case.url}): {reason}")
    if args.profile:
        chosen = [case for case in cases if case.key == args.profile]
        if not chosen:
            parser.error(f"--profile must be one of: {', '.join(case.key for case in cases)}")
        client = Client()
        pages._warm_up(client, chosen, args.warmup)
        pages._profile(client, chosen[0], args.requests)
        return 0

    client = Client()
    if not pages._all_answer_200(client, cases):
        return 2
    pages._warm_up(client, cases, args.warmup)
    checks = pages._inspect(client, cases)
    machine = pages._machine()
    console.print(pages._describe(machine))
    samples = pages._measure(client, cases, requests=args.requests)
    results = pages._results(cases, samples, checks)
    pages._print_table(results, target=args.target, requests=args.requests)

    document = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "-m", "bench.registry", *(sys.argv[1:] if argv is None else argv)]),
        "machine": machine,
        "dataset": dataset,
        "requests_per_case": args.requests,
        "warmup_per_case": args.warmup,
        "target_ratio": args.target,
        "passed": all(result.ratio <= args.target for result in results if result.guarded),
        "cases": [asdict(result) for result in results],
        "skipped": [{"key": case.key, "url": case.url, "reason": reason} for case, reason in skipped],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"Results written to {args.output}.")

    too_slow = [result for result in results if result.guarded and result.ratio > args.target]
    for result in too_slow:
        console.print(
            f"[bold red]Too slow:[/] {result.label} takes {result.ratio:.1f}× the trivial view "
            f"(median {result.median_ms:.2f} ms, {result.queries} queries); the target is {args.target:g}×."
        )
    if too_slow:
        console.print("Profile it with: python -m bench.registry --profile <case>")
        return 1
    console.print(f"[bold green]Every page measured is within {args.target:g}× the trivial view.[/]")
    return 0


def prepare_database(*, scale: float, seed: int, rebuild: bool, dataset_path: Path = DATASET_PATH) -> dict[str, Any]:
    """Migrate the database, load the territories, and write the synthetic registry unless the one
    already there was drawn from the same seed and scale (and still has the counts it was written with)."""
    from django.conf import settings
    from django.core.management import call_command

    from arrimage.concertation.models import Membership
    from arrimage.demo.synth import synth_clear, synth_generate, synthetic_concertations
    from arrimage.territories.services import reference_territories_load

    Path(str(settings.DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    with console.status("Migrating the benchmark database…"):
        call_command("migrate", interactive=False, verbosity=0)
    with console.status("Loading the reference territories…"):
        reference_territories_load(acting_user="bench")

    previous = json.loads(dataset_path.read_text(encoding="utf-8")) if dataset_path.exists() else {}
    counts = previous.get("counts", {})
    same = (
        not rebuild
        and previous.get("scale") == scale
        and previous.get("seed") == seed
        and synthetic_concertations().count() == counts.get("concertations")
        and Membership.objects.filter(seat__concertation__in=synthetic_concertations()).count()
        == counts.get("memberships")
    )
    if same:
        console.print(f"Synthetic registry of scale {scale:g}, seed {seed} already in place: reused.")
        return previous

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        began = time.perf_counter()
        synth_clear()
        report = synth_generate(scale=scale, seed=seed, progress=progress)
    dataset = {
        "scale": scale,
        "seed": seed,
        "counts": report.counts,
        "seconds": round(time.perf_counter() - began, 1),
        "written_on": datetime.date.today().isoformat(),
    }
    dataset_path.parent.mkdir(parents=True, exist_ok=True)
    dataset_path.write_text(json.dumps(dataset, indent=2) + "\n", encoding="utf-8")
    console.print(f"Synthetic registry written in {dataset['seconds']} s: {report.counts}.")
    return dataset


def _cases() -> tuple[list[Case], list[tuple[Case, str]]]:
    """The cases to measure, on the largest public concertation and the busiest organisation, and those
    whose URL this version of the project does not have."""
    from django.db.models import Count
    from django.urls import Resolver404, resolve

    from arrimage.actors.models import Organization
    from arrimage.demo.synth import synthetic_concertations

    concertation = (
        synthetic_concertations()
        .filter(is_public=True, end_date__isnull=True)
        .annotate(size=Count("seats__memberships"))
        .order_by("-size", "pk")
        .values_list("pk", "size")
        .first()
    )
    organization = (
        Organization.objects.annotate(size=Count("memberships"))
        .order_by("-size", "pk")
        .values_list("pk", "size")
        .first()
    )
    concertation_pk, concertation_size = concertation or (0, 0)
    organization_pk, organization_size = organization or (0, 0)
    wanted = [
        TRIVIAL,
        Case("concertations", "Concertation list", "/concertations/", guarded=True),
        Case("concertations_region", "Concertation list, région 06", f"/concertations/?territoire={REGION}", True),
        Case(
            "concertation",
            f"Concertation page ({concertation_size} holdings)",
            f"/concertations/{concertation_pk}/",
            guarded=True,
        ),
        Case("organizations", "Organisation list", "/organismes/", guarded=True),
        Case(
            "organization",
            f"Organisation page ({organization_size} holdings)",
            f"/organismes/{organization_pk}/",
            guarded=True,
        ),
        Case("api_concertations", "API concertations", "/api/v1/concertations", guarded=False),
        Case(
            "api_concertations_region",
            "API concertations, région 06",
            f"/api/v1/concertations?territory={REGION}",
            False,
        ),
        Case("api_organizations", "API organisations", "/api/v1/organizations", guarded=False),
    ]
    cases, skipped = [], []
    for case in wanted:
        try:
            resolve(case.url.split("?")[0])
        except Resolver404:
            skipped.append((case, "no such URL in this version of the project"))
        else:
            cases.append(case)
    return cases, skipped


if __name__ == "__main__":
    sys.exit(main())
