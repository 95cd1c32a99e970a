"""How fast the territorial analysis answers on a synthetic province, at two scales.

    python -m bench.analysis [--scales 0.25,1] [--seed 1] [--requests 30] [--cold 3] [--rebuild]

For each scale, a child process fills its own database (`var/bench-analysis-<scale>.sqlite3`, written once
by `arrimage.demo.synth.synth_generate` and reused while the seed and scale stay the same) and measures,
with django.test.Client and the method of bench.pages (cases interleaved, ratios to a trivial view
measured in the same run):

- the « Concertation » tab of two MRCs and two régions, warm (the analysis cache holds the territory's
  results, as for every visitor after the first) and cold (the registry's data version is raised before
  each request, outside the timing, as after any write: the analysis is recomputed from the database);
- the whole province's overlap candidates and gaps, computed from scratch (pure functions on a snapshot),
  beside the time to load that snapshot from the database (the input rows).

The parent prints one table with both scales and the growth from the smaller to the larger, and writes
it as JSON (var/bench/analysis.json).

Targets (exit status 1 when one is missed): an MRC's tab under 300 ms and a région's under 1 s (median
server time, warm), every page at most 5× its time at the smaller scale (warm and cold), and the
province's overlaps and gaps under 10 s. The province's growth is reported with the growth of its
candidate pairs, which follows the square of the density of bodies rather than the data's size.
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

RESULTS_PATH = Path(__file__).resolve().parent.parent / "var" / "bench" / "analysis.json"
CASES = [
    ("mrc", "MRC 28 Les Etchemins", "/territoires/mrc:28/concertation/"),
    ("mrc_large", "MRC 66 Montréal (agglomeration)", "/territoires/mrc:66/concertation/"),
    ("region", "Région 03 Capitale-Nationale", "/territoires/region:03/concertation/"),
    ("region_large", "Région 12 Chaudière-Appalaches", "/territoires/region:12/concertation/"),
]
TARGET_MS = {"mrc": 300.0, "mrc_large": 300.0, "region": 1000.0, "region_large": 1000.0}
PROVINCE_TARGET_S = 10.0
GROWTH_TARGET = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.25,1", help="the scales compared, smallest first (default 0.25,1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30, help="warm requests per case (default 30)")
    parser.add_argument("--cold", type=int, default=3, help="cold requests per case (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic registries")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # a child process: measure this scale
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(_measure_scale(args)))
        return 0

    scales = [float(s) for s in args.scales.split(",")]
    arguments = ["--seed", str(args.seed), "--requests", str(args.requests), "--cold", str(args.cold)]
    arguments += ["--rebuild"] if args.rebuild else []
    runs = measure_scales("bench.analysis", scales, arguments, "bench-analysis")
    if runs is None:
        return 2
    return _report(args, scales, runs)


def _measure_scale(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.analysis_settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from arrimage.analysis.coverage import gaps
    from arrimage.analysis.loading import snapshot
    from arrimage.analysis.overlaps import ScoringStats, overlap_candidates
    from arrimage.core.versions import registry_changed
    from arrimage.territories.selectors import territory_get

    dataset = prepared_dataset("analysis", scale=args.one, seed=args.seed, rebuild=args.rebuild)

    client = Client()
    urls = {"trivial": "/__bench__/trivial/", **{key: url for key, _label, url in CASES}}
    queries = {}
    for key, url in urls.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[key] = len(captured)

    warm: dict[str, list[float]] = {key: [] for key in urls}
    for round_number in range(args.requests):
        keys = list(urls)
        offset = round_number % len(keys)
        for key in keys[offset:] + keys[:offset]:
            began = time.perf_counter()
            client.get(urls[key])
            warm[key].append((time.perf_counter() - began) * 1000)
    cold: dict[str, list[float]] = {key: [] for key, _label, _url in CASES}
    for _round in range(args.cold):
        for key, _label, url in CASES:
            registry_changed()
            began = time.perf_counter()
            client.get(url)
            cold[key].append((time.perf_counter() - began) * 1000)

    translation.activate("fr")
    province = territory_get("province:24")
    began = time.perf_counter()
    s = snapshot(province, on=timezone.localdate())
    loading = time.perf_counter() - began
    stats = ScoringStats()
    began = time.perf_counter()
    pairs = overlap_candidates(s, stats=stats)
    found = gaps(s)
    analysis = time.perf_counter() - began
    floor = statistics.median(warm["trivial"])
    return {
        "scale": args.one,
        "dataset": dataset,
        "floor_ms": floor,
        "cases": {
            key: {
                "label": label,
                "url": url,
                "queries": queries[key],
                "warm_median_ms": statistics.median(warm[key]),
                "warm_ratio": statistics.median(warm[key]) / floor,
                "cold_median_ms": statistics.median(cold[key]),
            }
            for key, label, url in CASES
        },
        "province": {
            "concertations": len(s.concertations),
            "memberships": len(s.holdings),
            "pairs_scored": stats.pairs_scored,
            "pairs": len(pairs),
            "gaps": len(found),
            "loading_s": loading,
            "overlaps_and_gaps_s": analysis,
            "ratio_to_loading": analysis / loading,
        },
    }


def _report(args: argparse.Namespace, scales: list[float], runs: dict[float, dict[str, Any]]) -> int:
    small, large = runs[scales[0]], runs[scales[-1]]
    missed = []
    print()
    print(f"{'Case':40} " + " ".join(f"{'scale ' + format(s, 'g'):>22}" for s in scales) + f" {'growth':>8}")
    for key, label, _url in CASES:
        for mode in ("warm", "cold"):
            values = [runs[s]["cases"][key][f"{mode}_median_ms"] for s in scales]
            growth = values[-1] / values[0]
            cells = " ".join(
                f"{v:>13.1f} ms ({runs[s]['cases'][key]['queries']:>2} q)" for v, s in zip(values, scales, strict=True)
            )
            print(f"{label + ', ' + mode:40} {cells} {growth:>7.1f}×")
            if mode == "warm" and values[-1] > TARGET_MS[key]:
                missed.append(f"{label} (warm) takes {values[-1]:.0f} ms; the target is {TARGET_MS[key]:.0f} ms.")
            if growth > GROWTH_TARGET:
                missed.append(f"{label} ({mode}) grows {growth:.1f}× from scale {scales[0]:g} to {scales[-1]:g}.")
    for s in scales:
        province = runs[s]["province"]
        print(
            f"Province, scale {s:g}: {province['concertations']} bodies, {province['memberships']} memberships; "
            f"loading {province['loading_s']:.2f} s; overlaps ({province['pairs_scored']} pairs scored) and "
            f"{province['gaps']} gaps {province['overlaps_and_gaps_s']:.2f} s "
            f"({province['ratio_to_loading']:.1f}× loading)."
        )
    province_growth = large["province"]["overlaps_and_gaps_s"] / small["province"]["overlaps_and_gaps_s"]
    print(f"Province overlaps and gaps grow {province_growth:.1f}× from scale {scales[0]:g} to {scales[-1]:g}.")
    floors = ", ".join(f"{runs[s]['floor_ms']:.2f} ms at scale {s:g}" for s in scales)
    print(f"Trivial view: {floors}.")
    if large["province"]["overlaps_and_gaps_s"] > PROVINCE_TARGET_S:
        missed.append(f"The province's overlaps and gaps take {large['province']['overlaps_and_gaps_s']:.1f} s.")
    pairs_growth = large["province"]["pairs_scored"] / max(1, small["province"]["pairs_scored"])
    per_pair = [
        runs[s]["province"]["overlaps_and_gaps_s"] / max(1, runs[s]["province"]["pairs_scored"]) for s in scales
    ]
    print(
        f"Information: the candidate pairs grow {pairs_growth:.1f}× (with the square of the density of bodies on "
        f"the same places); the time per pair goes from {per_pair[0] * 1e6:.0f} µs to {per_pair[-1] * 1e6:.0f} µs."
    )

    document = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "-m", "bench.analysis", *sys.argv[1:]]),
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
