"""How fast the plans' pages, the planning tab, the territorial portrait in PDF and the plans' API answer on
a synthetic province.

    python -m bench.plans [--scales 1] [--seed 1] [--requests 20] [--pdf-requests 5] [--rebuild]

For each scale, a child process fills its own database (`var/bench-plans-<scale>.sqlite3`, written once by
`arrimage.demo.synth.synth_generate`, about 3,000 plans and 30,000 actions at scale 1, and reused while the
seed and scale stay the same) and measures with django.test.Client, cases interleaved as in bench.pages,
against a trivial view measured in the same run:

- the page of the public plan with the most actions (`registry:plan_detail`);
- the « Plans » tab of the MRC with the most plans in force (`registry:territory_plans`), warm (the
  planning analysis cached, as for every visitor after the first);
- the territorial portrait of that MRC in PDF (`reports:territory_portrait_pdf`);
- the same plan and the same MRC's planning analysis in the API (for information).

A page whose URL name does not exist in the checked-out version is reported as missing and skipped.

Targets (exit status 1 when one is missed, median server time): plan page under 100 ms, MRC planning tab
under 300 ms, MRC portrait in PDF under 5 s. Results go to var/bench/plans.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.children import measure_scales, prepared_dataset

RESULTS_PATH = Path(__file__).resolve().parent.parent / "var" / "bench" / "plans.json"
# (key, label, URL name or None for a fixed API address, target in ms or None for information)
CASES: list[tuple[str, str, str | None, float | None]] = [
    ("plan", "Plan page", "registry:plan_detail", 100.0),
    ("mrc_plans", "MRC « Plans » tab", "registry:territory_plans", 300.0),
    ("mrc_pdf", "MRC portrait, PDF", "reports:territory_portrait_pdf", 5000.0),
    ("api_plan", "API plan detail", None, None),
    ("api_planning", "API MRC planning", None, None),
    # The same pages on the first visit after a write: the registry's data version is raised before each
    # request (outside the time measured), so nothing kept from an earlier request serves it.
    ("plan_cold", "Plan page, after a write", "registry:plan_detail", None),
    ("mrc_plans_cold", "MRC « Plans » tab, after a write", "registry:territory_plans", None),
    ("mrc_pdf_cold", "MRC portrait PDF, after a write", "reports:territory_portrait_pdf", 5000.0),
]
SLOW = {"mrc_pdf", "mrc_pdf_cold"}  # measured in the first --pdf-requests rounds only
COLD = {"plan_cold", "mrc_plans_cold", "mrc_pdf_cold"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.plans", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1", help="the scales measured (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20, help="measured requests per case (default 20)")
    parser.add_argument("--pdf-requests", type=int, default=5, help="measured PDF requests (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic registries")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # a child process: measure this scale
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(_measure_scale(args)))
        return 0

    scales = [float(s) for s in args.scales.split(",")]
    arguments = ["--seed", str(args.seed), "--requests", str(args.requests), "--pdf-requests", str(args.pdf_requests)]
    arguments += ["--rebuild"] if args.rebuild else []
    runs = measure_scales("bench.plans", scales, arguments, "bench-plans")
    if runs is None:
        return 2
    return _report(args, scales, runs)


def _targets() -> dict[str, Any]:
    """The plan and the MRC measured: the public plan with the most actions, the MRC with the most plans
    in force."""
    from django.db.models import Count, Q

    from arrimage.plans.models import IN_FORCE, Plan
    from arrimage.territories.models import Territory
    from arrimage.territories.selectors import territory_ids_within

    public = Q(owner_concertation__isnull=True) | Q(owner_concertation__is_public=True)
    plan = (
        Plan.objects.filter(public)
        .annotate(actions=Count("objectives__actions"))
        .order_by("-actions", "pk")
        .values_list("pk", "actions")
        .first()
    ) or (0, 0)
    mrc, plans = "mrc:28", -1
    for territory in Territory.objects.filter(kind="mrc").order_by("code").only("kind", "code"):
        count = Plan.objects.within(territory_ids_within({territory.pk})).filter(stage__in=IN_FORCE).count()
        if count > plans:
            mrc, plans = territory.public_id, count
    return {"plan_pk": plan[0], "plan_actions": plan[1], "mrc": mrc, "mrc_plans": plans}


def _urls(targets: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The address of each case, and the URL names that do not exist yet."""
    from django.urls import NoReverseMatch, reverse

    arguments = {"plan": [targets["plan_pk"]], "mrc_plans": [targets["mrc"]], "mrc_pdf": [targets["mrc"]]}
    arguments |= {f"{key}_cold": value for key, value in arguments.items()}
    urls = {
        "trivial": "/__bench__/trivial/",
        "api_plan": f"/api/v1/plans/{targets['plan_pk']}",
        "api_planning": f"/api/v1/territories/{targets['mrc']}/planning",
    }
    missing = []
    for key, _label, name, _target in CASES:
        if name is None:
            continue
        try:
            urls[key] = reverse(name, args=arguments[key])
        except NoReverseMatch:
            missing.append(name)
    return urls, missing


def _measure_scale(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.analysis_settings"  # its database is named by the parent
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from arrimage.core.versions import registry_changed

    dataset = prepared_dataset("plans", scale=args.one, seed=args.seed, rebuild=args.rebuild)

    client = Client()
    targets = _targets()
    urls, missing = _urls(targets)
    queries: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for key, url in urls.items():
        statuses[key] = client.get(url).status_code  # also the cold first request: fills the caches
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[key] = len(captured)
    failing = {key: status for key, status in statuses.items() if status != 200}
    measured = [key for key in urls if key not in failing]

    samples: dict[str, list[float]] = {key: [] for key in measured}
    # The warm cases interleaved, then the cold ones (each raises the data version, which would turn the
    # warm cases cold too).
    warm = [key for key in measured if key not in COLD]
    cold = [key for key in measured if key in COLD]
    rounds = [(number, group) for group in (warm, cold) if group for number in range(args.requests)]
    for round_number, group in rounds:
        offset = round_number % len(group)
        for key in group[offset:] + group[:offset]:
            if key in SLOW and round_number >= args.pdf_requests:
                continue
            if key in COLD:
                registry_changed()
            began = time.perf_counter()
            client.get(urls[key])
            samples[key].append((time.perf_counter() - began) * 1000)
    floor = statistics.median(samples["trivial"])
    return {
        "scale": args.one,
        "dataset": dataset,
        "targets": targets,
        "floor_ms": floor,
        "missing": missing,
        "failing": failing,
        "cases": {
            key: {
                "url": urls[key],
                "queries": queries[key],
                "requests": len(samples[key]),
                "median_ms": statistics.median(samples[key]),
                "max_ms": max(samples[key]),
                "ratio": statistics.median(samples[key]) / floor,
            }
            for key in measured
            if key != "trivial"
        },
    }


def _report(args: argparse.Namespace, scales: list[float], runs: dict[float, dict[str, Any]]) -> int:
    missed = []
    for scale in scales:
        run = runs[scale]
        targets = run["targets"]
        print()
        print(
            f"Scale {scale:g}: {run['dataset'].get('counts', {}).get('plans', '?')} plans; plan {targets['plan_pk']} "
            f"({targets['plan_actions']} actions); {targets['mrc']} ({targets['mrc_plans']} plans in force)."
        )
        print(f"{'Case':28} {'Queries':>7} {'Median':>12} {'Max':>12} {'Ratio':>9}  Target")
        print(f"{'Trivial view (the floor)':28} {'':>7} {run['floor_ms']:>9.2f} ms {'':>12} {'1.0×':>9}")
        for key, label, name, target in CASES:
            case = run["cases"].get(key)
            if case is None:
                if name in run["missing"]:
                    print(f"{label:28} missing: the URL name « {name} » does not exist yet.")
                else:
                    print(f"{label:28} answered {run['failing'].get(key)}: not measured.")
                    missed.append(f"{label} answered {run['failing'].get(key)} at scale {scale:g}.")
                continue
            verdict = "information"
            if target is not None:
                verdict = f"< {target:g} ms " + ("✓" if case["median_ms"] < target else "✗")
                if case["median_ms"] >= target:
                    missed.append(f"{label} takes {case['median_ms']:.0f} ms; the target is {target:g} ms.")
            print(
                f"{label:28} {case['queries']:>7} {case['median_ms']:>9.2f} ms {case['max_ms']:>9.2f} ms "
                f"{case['ratio']:>8.1f}×  {verdict}"
            )
    document = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "-m", "bench.plans", *sys.argv[1:]]),
        "scales": {format(s, "g"): runs[s] for s in scales},
        "passed": not missed,
        "missed": missed,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Results written to {args.output}.")
    for line in missed:
        print(f"Missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
