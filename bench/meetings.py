"""Meetings at the scale of a province: the pages that read attendance, on the synthetic registry of scale 1
extended with five years of monthly meetings (about 240,000 meetings and 2.5 million attendance rows).

    python -m bench.meetings [--seed 1] [--years 5] [--requests 25] [--rebuild]

The database is its own file, `var/bench-meetings-1.sqlite3`: the synthetic registry of scale 1
(`arrimage.demo.synth.synth_generate`) and its meetings (`arrimage.demo.synth_meetings.meetings_write`),
written once and reused while the seed and the number of years stay the same. The method is bench.province's
(read bench/README.md): django.test.Client through the whole middleware stack, cases interleaved
round-robin, each page's median and p95 server time against a trivial view measured in the same run.

The pages are measured warm (their caches kept, as for every visit after the first) and, for the
territory's « Concertation » tab, cold too: the registry's data version raised before each request
(outside the time measured, as bench.analysis does), so that the analysis and the participation figures
are computed from the rows each time.

Budgets (exit status 1 when one is missed): every page within 10× the trivial view; the MRC's tab under
300 ms and the région's under 1 s, cold (the budgets of the territorial analysis). Results are written to
var/bench/meetings.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.province import _timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "var" / "bench" / "meetings.json"
DATABASE = "bench-meetings-1.sqlite3"
PAGE_TARGET = 10.0  # × the trivial view
TAB_BUDGETS_MS = {"mrc_tab": 300.0, "region_tab": 1000.0}  # cold, median
MRC, REGION = "mrc:28", "region:12"
GENERATOR = 2  # raised when arrimage.demo.synth_meetings draws differently: the meetings are written again


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.meetings", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=5, help="years of monthly meetings (default 5)")
    parser.add_argument("--requests", type=int, default=25, help="measured requests per page (default 25)")
    parser.add_argument("--rebuild", action="store_true", help="write the synthetic data again")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.years < 1:
        parser.error("--requests and --years must be at least 1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.analysis_settings"
    os.environ["ARRIMAGE_BENCH_DATABASE"] = DATABASE
    import django

    django.setup()
    from django.utils import translation

    translation.activate("fr")
    dataset = _dataset(seed=args.seed, years=args.years, rebuild=args.rebuild)
    measured = _pages(args.requests)
    missed = _report(dataset, measured)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(
        json.dumps(
            {
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "command": "python -m bench.meetings " + " ".join(argv if argv is not None else sys.argv[1:]),
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "dataset": dataset,
                "pages": measured,
                "missed": missed,
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"Written to {RESULTS_PATH.relative_to(ROOT)}.")
    return 1 if missed else 0


def _dataset(*, seed: int, years: int, rebuild: bool) -> dict[str, Any]:
    """The synthetic registry of scale 1 with `years` years of meetings, written when missing or asked."""
    from arrimage.demo.synth import synthetic_concertations
    from arrimage.demo.synth_meetings import meetings_clear, meetings_write
    from arrimage.meetings.models import Meeting
    from bench.children import prepared_dataset

    registry = prepared_dataset("meetings", scale=1.0, seed=seed, rebuild=rebuild)
    described = ROOT / "var" / "bench" / "meetings-1-meetings.json"
    previous = json.loads(described.read_text(encoding="utf-8")) if described.exists() else {}
    same = (
        not rebuild
        and previous.get("seed") == seed
        and previous.get("years") == years
        and previous.get("generator") == GENERATOR
        and previous.get("registry") == registry.get("counts")
        and Meeting.objects.count() == previous.get("counts", {}).get("meetings")
    )
    if not same:
        meetings_clear(organizations=[], people=[], concertations=synthetic_concertations().values("pk"))
        began = time.perf_counter()
        counts = meetings_write(concertations=synthetic_concertations(), years=years, seed=seed)
        previous = {
            "seed": seed,
            "years": years,
            "generator": GENERATOR,
            "registry": registry.get("counts"),
            "counts": counts,
            "seconds": round(time.perf_counter() - began, 1),
        }
        described.write_text(json.dumps(previous, indent=2), encoding="utf-8")
    return previous


def _typical_concertation() -> tuple[int, int]:
    """A public synthetic concertation with many meetings and seats: the 90th percentile of attendance rows."""
    from django.db.models import Count

    from arrimage.demo.synth import synthetic_concertations

    rows = list(
        synthetic_concertations()
        .filter(is_public=True, end_date__isnull=True)
        .annotate(rows=Count("meetings__attendances"))
        .order_by("rows", "pk")
        .values_list("pk", "rows")
    )
    return rows[min(len(rows) - 1, len(rows) * 9 // 10)]


def _cases() -> list[tuple[str, str, str, bool]]:
    """(key, label, URL, cold) of each page measured, the trivial view first. A cold page has its caches
    emptied before each request."""
    from django.urls import NoReverseMatch, reverse

    concertation, rows = _typical_concertation()
    cases = [
        ("trivial", "Trivial view (the floor)", "/__bench__/trivial/", False),
        ("concertation", f"Concertation page ({rows:,} attendance rows)", f"/concertations/{concertation}/", False),
        ("mrc_tab", "MRC « Concertation » tab (28)", f"/territoires/{MRC}/concertation/", False),
        ("region_tab", "Région « Concertation » tab (12)", f"/territoires/{REGION}/concertation/", False),
        ("mrc_tab_cold", "MRC « Concertation » tab (28), cold", f"/territoires/{MRC}/concertation/", True),
        ("region_tab_cold", "Région « Concertation » tab (12), cold", f"/territoires/{REGION}/concertation/", True),
    ]
    from arrimage.meetings.models import Meeting, MeetingStatus

    held = Meeting.objects.filter(concertation_id=concertation, status=MeetingStatus.HELD, minutes_private=False)
    latest = held.order_by("-starts_at")
    meeting = latest.values_list("pk", flat=True).first()
    pages = (
        ("meetings", "Meetings of the concertation", "registry:meeting_list", concertation),
        ("meeting", "Its latest held meeting with public minutes", "registry:meeting_detail", meeting),
        ("minutes", "Its printable minutes", "registry:meeting_minutes", meeting),
        ("feed", "Its calendar feed (iCalendar)", "registry:concertation_meetings_ical", concertation),
    )
    for key, label, name, pk in pages:
        with contextlib.suppress(NoReverseMatch):
            cases.append((key, label, reverse(name, args=[pk]), False))
    return cases


def _pages(requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from arrimage.core.versions import registry_changed

    client = Client()
    cases = _cases()
    queries = {}
    for key, _label, url, _cold in cases:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answers {response.status_code}")
        queries[key] = len(captured)
    for _ in range(3):
        for _key, _label, url, _cold in cases:
            client.get(url)
    samples: dict[str, list[float]] = {key: [] for key, *_rest in cases}
    warm = [case for case in cases if not case[3]]
    for round_number in range(requests):  # warm pages interleaved round-robin
        offset = round_number % len(warm)
        for key, _label, url, _cold in warm[offset:] + warm[:offset]:
            samples[key].append(_timed(client, url))
    # Then the cold ones: raising the data version empties every cached result, so they are not
    # interleaved with the warm pages (as in bench.analysis).
    for _round in range(requests):
        for key, _label, url, cold in cases:
            if cold:
                registry_changed()
                samples[key].append(_timed(client, url))
    floor = statistics.median(samples["trivial"])
    return {
        "floor_ms": floor,
        "cases": {
            key: {
                "label": label,
                "url": url,
                "cold": cold,
                "queries": queries[key],
                "median_ms": statistics.median(samples[key]),
                "p95_ms": statistics.quantiles(samples[key], n=100, method="inclusive")[94]
                if len(samples[key]) > 1
                else samples[key][0],
                "ratio": statistics.median(samples[key]) / floor,
            }
            for key, label, url, cold in cases
            if key != "trivial"
        },
    }


def _report(dataset: dict[str, Any], measured: dict[str, Any]) -> list[str]:
    counts = dataset.get("counts", {})
    print(
        f"Scale 1, {dataset.get('years')} years: {counts.get('meetings', 0):,} meetings, "
        f"{counts.get('attendances', 0):,} attendance rows, {counts.get('follow_ups', 0):,} follow-ups "
        f"(written in {dataset.get('seconds')} s)."
    )
    print(f"Trivial view: {measured['floor_ms']:.2f} ms.")
    print(f"{'Page':58} {'median':>9} {'p95':>9} {'×':>6} {'queries':>8}")
    missed = []
    for key, case in measured["cases"].items():
        budget = TAB_BUDGETS_MS.get(key.removesuffix("_cold")) if case["cold"] else None
        print(
            f"{case['label']:58} {case['median_ms']:8.1f}  {case['p95_ms']:8.1f}  "
            f"{case['ratio']:5.1f}  {case['queries']:8d}"
        )
        if budget is not None and case["median_ms"] > budget:
            missed.append(f"{case['label']}: {case['median_ms']:.0f} ms, budget {budget:.0f} ms")
        if not case["cold"] and case["ratio"] > PAGE_TARGET:
            missed.append(f"{case['label']}: {case['ratio']:.1f}× the trivial view, target {PAGE_TARGET:g}×")
    for line in missed:
        print("Missed:", line)
    return missed


if __name__ == "__main__":
    raise SystemExit(main())
