"""How well and how fast the organisation matcher links names, against a plain rapidfuzz baseline.

    python -m bench.matching [--organizations 12000] [--rows 300] [--seed 1] [--target-f1 0.95] [--target-speedup 10]

Two measures (bench/README.md explains them):

1. Quality on the labelled pairs of `arrimage/interchange/data/organization_name_pairs.csv`: a pair is
   predicted to be the same organisation when `OrganizationIndex.decide` is « sure » for name_a in an
   index holding name_b alone. Precision, recall and F1 are compared with rapidfuzz's `WRatio` on the
   same pairs, at the threshold that gives WRatio its best F1 (tuned on the very pairs measured, which
   favours the baseline).
2. Speed: time per row to decide against 12,000 known organisations, compared with the brute force of
   scoring each row against every organisation with `WRatio` (`rapidfuzz.process.extractOne`, in C). The
   known organisations are synthetic but realistic (`synthetic_organizations`: real Québec places, real
   institution families); the rows are variants of known names and names of unknown organisations.

Writes var/bench/matching.json. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from arrimage.interchange.matching import SURE, KnownOrganization, OrganizationIndex

ROOT = Path(__file__).resolve().parent.parent
PAIRS_PATH = ROOT / "arrimage" / "interchange" / "data" / "organization_name_pairs.csv"
TERRITORIES = ROOT / "arrimage" / "territories" / "data"
RESULTS_PATH = ROOT / "var" / "bench" / "matching.json"

# Synthetic organisations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    name: str
    designation: str  # « Ville », « Municipalité », « Paroisse », « Village », « Canton »…
    mrc: str
    region: str
    population: int


@dataclass(frozen=True)
class Places:
    municipalities: list[Municipality]
    mrcs: list[tuple[str, str]]  # (name, « MRC » or « TE »)
    regions: list[str]
    boroughs: list[tuple[str, str]]  # (borough, city)


def reference_places() -> Places:
    """The Québec places shipped with Arrimage (territories/data), read as plain records."""

    def rows(name: str) -> list[dict[str, str]]:
        with (TERRITORIES / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    municipalities = [
        Municipality(r["nom"], r["designation"], r["mrc_nom"], r["region_nom"], int(r["population_mamh"] or 0))
        for r in rows("municipalites_qc.csv")
        if r["designation"] in {"Ville", "Municipalité", "Paroisse", "Village", "Canton", "Cantons unis"}
    ]
    mrcs = [(r["mrc_nom"], r["type"]) for r in rows("mrc_qc.csv")]
    regions = [r["region_nom"] for r in rows("regions_administratives_qc.csv")]
    boroughs = [(r["arrondissement_nom"], r["ville_nom"]) for r in rows("arrondissements_qc.csv")]
    return Places(municipalities, mrcs, regions, boroughs)


_VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔÛ")


def of_place(name: str) -> str:
    """« de » followed by a place name, with French elision and contraction: « d'Amos », « des Etchemins »."""
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith(_VOWELS):
        return f"d'{name}"
    return f"de {name}"


# Families of organisations found in every MRC (full name, usual acronym).
MRC_FAMILIES = [
    ("Corporation de développement communautaire", "CDC"),
    ("Carrefour jeunesse-emploi", "CJE"),
    ("Centre d'action bénévole", "CAB"),
    ("Société d'aide au développement des collectivités", "SADC"),
    ("Table de concertation des aînés", "TCA"),
    ("Pôle d'économie sociale", ""),
    ("Office municipal d'habitation", "OMH"),
    ("Centre local de développement", "CLD"),
    ("Transport adapté et collectif", ""),
    ("Regroupement des organismes communautaires", ""),
    ("Association des familles monoparentales", ""),
    ("Centre de pédiatrie sociale", ""),
    ("Maison d'hébergement pour femmes", ""),
]
# Organisations found in towns and villages.
LOCAL_HEADS = [
    "Maison des jeunes",
    "Centre communautaire",
    "Maison de la famille",
    "Cuisines collectives",
    "Comptoir alimentaire",
    "Popote roulante",
    "Centre de femmes",
    "Club des aînés",
    "Corporation des loisirs",
    "Comité logement",
    "Association des locataires",
    "Centre d'éducation populaire",
    "Jardins communautaires",
    "Coopérative de solidarité",
    "Ressourcerie",
    "Friperie communautaire",
    "Société d'histoire",
    "Bibliothèque",
    "Chambre de commerce",
    "Fondation communautaire",
    "Comité citoyen",
    "Centre de la petite enfance",
    "CLSC",
    "École primaire",
]
NICKNAMES = (  # noqa: SIM905 - a long list reads better as one text
    "L'Envolée|Le Phare|La Passerelle|Le Tournesol|L'Entraide|Le Relais|La Ruche|Le Pignon bleu|L'Élan|La Boussole|"
    "Le Carrefour|L'Arc-en-ciel|La Source|Le Pont|L'Escale|La Maisonnée|Le Nid|Le Rucher|La Marée|Le Sentier|"
    "L'Horizon|Les Érables|La Grande Ourse|Le Havre|La Clé|L'Étincelle|Le Cap|La Traversée|Le Rivage|Le Fil d'Ariane|"
    "Les Petits Lutins|La Ribambelle|Le Petit Monde|Les Copains d'abord|La Coccinelle|Les Bambins|La Bottine|"
    "Les Frimousses|Le Jardin de Pierrot|La Chenille|Les Mousses|Le Papillon bleu|La Marmaille|Les Lucioles"
).split("|")
HEALTH = [
    ("Centre intégré de santé et de services sociaux du Bas-Saint-Laurent", "CISSS-BSL"),
    ("Centre intégré universitaire de santé et de services sociaux du Saguenay–Lac-Saint-Jean", "CIUSSS-SLSJ"),
    ("Centre intégré universitaire de santé et de services sociaux de la Capitale-Nationale", "CIUSSS-CN"),
    (
        "Centre intégré universitaire de santé et de services sociaux de la Mauricie-et-du-Centre-du-Québec",
        "CIUSSS-MCQ",
    ),
    ("Centre intégré universitaire de santé et de services sociaux de l'Estrie – CHUS", "CIUSSS de l'Estrie-CHUS"),
    ("Centre intégré universitaire de santé et de services sociaux de l'Ouest-de-l'Île-de-Montréal", "CIUSSS ODIM"),
    ("Centre intégré universitaire de santé et de services sociaux du Centre-Ouest-de-l'Île-de-Montréal", ""),
    ("Centre intégré universitaire de santé et de services sociaux du Centre-Sud-de-l'Île-de-Montréal", "CCSMTL"),
    ("Centre intégré universitaire de santé et de services sociaux du Nord-de-l'Île-de-Montréal", "CIUSSS NIM"),
    ("Centre intégré universitaire de santé et de services sociaux de l'Est-de-l'Île-de-Montréal", "CEMTL"),
    ("Centre intégré de santé et de services sociaux de l'Outaouais", "CISSSO"),
    ("Centre intégré de santé et de services sociaux de l'Abitibi-Témiscamingue", "CISSS-AT"),
    ("Centre intégré de santé et de services sociaux de la Côte-Nord", ""),
    ("Centre intégré de santé et de services sociaux de la Gaspésie", ""),
    ("Centre intégré de santé et de services sociaux des Îles", ""),
    ("Centre intégré de santé et de services sociaux de Chaudière-Appalaches", "CISSS-CA"),
    ("Centre intégré de santé et de services sociaux de Laval", "CISSSL"),
    ("Centre intégré de santé et de services sociaux de Lanaudière", ""),
    ("Centre intégré de santé et de services sociaux des Laurentides", ""),
    ("Centre intégré de santé et de services sociaux de la Montérégie-Centre", "CISSSMC"),
    ("Centre intégré de santé et de services sociaux de la Montérégie-Est", "CISSSME"),
    ("Centre intégré de santé et de services sociaux de la Montérégie-Ouest", "CISSSMO"),
    ("Centre régional de santé et de services sociaux de la Baie-James", "CRSSS de la Baie-James"),
]


def synthetic_organizations(count: int = 12_000, seed: int = 1) -> list[KnownOrganization]:
    """`count` organisations with distinct, realistic names on the real Québec places, always the same for a seed.

    Every municipality under its designation, every MRC, the health and social services centres, the
    families found in every MRC, then local organisations in the towns (weighted by population) until
    `count` is reached, a distinctive name told apart when a kind repeats in a town.
    """
    rng = random.Random(seed)
    places = reference_places()
    names: dict[str, str] = {}  # name → acronym

    def add(name: str, acronym: str = "") -> None:
        if len(names) < count:
            names.setdefault(name, acronym)

    for name, acronym in HEALTH:
        add(name, acronym)
    for municipality in places.municipalities:
        add(f"{municipality.designation} {of_place(municipality.name)}")
    for mrc, kind in places.mrcs:
        if kind == "MRC":
            add(f"MRC {of_place(mrc)}", "MRC")
    served = [mrc for mrc, _kind in places.mrcs] + [borough for borough, _city in places.boroughs]
    for head, acronym in MRC_FAMILIES:
        for place in served:
            add(f"{head} {of_place(place)}", acronym)
    towns = [m for m in places.municipalities if m.population > 0]
    weights = [m.population**0.5 for m in towns]
    while len(names) < count:
        town = rng.choices(towns, weights)[0]
        head = rng.choice(LOCAL_HEADS)
        name = f"{head} {of_place(town.name)}"
        if name in names:
            name = f"{head} {rng.choice(NICKNAMES)} {of_place(town.name)}"
        if name in names:
            name = f"{head} {rng.choice(NICKNAMES)}"
        add(name)
    return [KnownOrganization(i + 1, name, acronym) for i, (name, acronym) in enumerate(names.items())]


def row_variants(organizations: list[KnownOrganization], count: int, seed: int = 1) -> list[tuple[str, int | None]]:
    """Names as a file would give them, each with the organisation it names (None for an unknown one).

    Four in five rewrite a known name (capitals, accents, word order, abbreviations, legal form); the
    others name organisations that are not known.
    """
    rng = random.Random(seed)
    rewrites: list[Callable[[str], str]] = [
        str.upper,
        str.lower,
        lambda n: n.replace("Saint-", "St-").replace("Sainte-", "Ste-"),
        lambda n: n.replace("Municipalité", "Mun.").replace("Ville de", "V. de"),
        lambda n: f"{n} inc.",
        lambda n: "".join(c for c in unicodedata.normalize("NFKD", n) if not unicodedata.combining(c)),
        lambda n: ", ".join(reversed(n.rsplit(" de ", 1))),
    ]
    rows: list[tuple[str, int | None]] = []
    for _ in range(count):
        if rng.random() < 0.8:
            organization = rng.choice(organizations)
            rows.append((rng.choice(rewrites)(organization.name), organization.id))
        else:
            rows.append((f"{rng.choice(LOCAL_HEADS)} {rng.choice(NICKNAMES)} du quartier {rng.randint(1, 99)}", None))
    return rows


# Measures -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    name_a: str
    name_b: str
    same: bool
    family: str
    note: str


def labelled_pairs(path: Path = PAIRS_PATH) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Pair(r["name_a"], r["name_b"], r["same"] == "1", r["family"], r["note"]) for r in csv.DictReader(handle)
        ]


def matcher_says_same(pair: Pair) -> bool:
    """The matcher links name_a to name_b without asking."""
    index = OrganizationIndex.build([KnownOrganization(1, pair.name_b)])
    decision = index.decide(pair.name_a)
    return decision.kind == "sure" or bool(decision.best and decision.best.score >= SURE)


def wratio(pair: Pair) -> float:
    return fuzz.WRatio(pair.name_a, pair.name_b, processor=utils.default_process)


def quality(pairs: list[Pair], predicted: Iterable[bool]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for pair, same in zip(pairs, predicted, strict=True):
        if same and pair.same:
            tp += 1
        elif same:
            fp += 1
        elif pair.same:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def best_threshold(pairs: list[Pair], scores: list[float]) -> tuple[float, dict[str, float]]:
    """The WRatio threshold with the best F1 on these very pairs (the baseline's most favourable setting)."""
    best: tuple[float, dict[str, float]] = (100.0, quality(pairs, [False] * len(pairs)))
    for threshold in range(0, 101):
        result = quality(pairs, [score >= threshold for score in scores])
        if result["f1"] > best[1]["f1"]:
            best = (float(threshold), result)
    return best


def _per_row_ms(function: Callable[[str], Any], rows: list[str]) -> float:
    started = time.perf_counter_ns()
    for row in rows:
        function(row)
    return (time.perf_counter_ns() - started) / len(rows) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=12_000, help="known organisations (default 12000)")
    parser.add_argument("--rows", type=int, default=300, help="rows timed (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic names (default 1)")
    parser.add_argument("--target-f1", type=float, default=0.95, help="smallest F1 accepted (default 0.95)")
    parser.add_argument("--target-speedup", type=float, default=10.0, help="smallest speed-up (default 10)")
    parser.add_argument("--output", type=Path, default=RESULTS_PATH, help=f"JSON results (default {RESULTS_PATH})")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()  # the reasons of candidates are translated strings
    from rich.console import Console
    from rich.table import Table

    console = Console()

    pairs = labelled_pairs()
    ours = quality(pairs, [matcher_says_same(pair) for pair in pairs])
    scores = [wratio(pair) for pair in pairs]
    threshold, baseline = best_threshold(pairs, scores)
    misses = [(pair, same) for pair, same in ((p, matcher_says_same(p)) for p in pairs) if same != pair.same]

    organizations = synthetic_organizations(args.organizations, args.seed)
    started = time.perf_counter()
    index = OrganizationIndex.build(organizations)
    build_seconds = time.perf_counter() - started
    rows_expected = row_variants(organizations, args.rows, args.seed)
    rows = [row for row, _expected in rows_expected]
    choices = [organization.name for organization in organizations]
    processed = [utils.default_process(choice) for choice in choices]

    def brute(row: str) -> Any:
        return process.extractOne(utils.default_process(row), processed, scorer=fuzz.WRatio, processor=None)

    index.decide(rows[0])  # warm up
    brute(rows[0])
    index.lookups = index.pooled = 0
    matcher_ms = statistics.median(_per_row_ms(index.decide, rows) for _ in range(3))
    pool = index.average_pool_size
    brute_ms = statistics.median(_per_row_ms(brute, rows) for _ in range(3))
    speedup = brute_ms / matcher_ms if matcher_ms else float("inf")
    # Whether each row found its organisation among 12,000: linked without asking by the matcher, ranked
    # first by the brute force at the baseline's threshold.
    known_rows = [(row, expected) for row, expected in rows_expected if expected is not None]
    matcher_found = sum(
        1
        for row, expected in known_rows
        if (d := index.decide(row)).kind == "sure" and d.best and d.best.organization_id == expected
    )
    brute_found = sum(
        1
        for row, expected in known_rows
        if (hit := brute(row)) and hit[1] >= threshold and organizations[hit[2]].id == expected
    )
    unknown_rows = [row for row, expected in rows_expected if expected is None]
    matcher_false = sum(1 for row in unknown_rows if index.decide(row).kind == "sure")
    brute_false = sum(1 for row in unknown_rows if (hit := brute(row)) and hit[1] >= threshold)

    table = Table(title=f"Organisation matching — {len(pairs)} labelled pairs ({sum(p.same for p in pairs)} same)")
    for column in ("Method", "Precision", "Recall", "F1", "TP", "FP", "FN", "TN"):
        table.add_column(column, justify="left" if column == "Method" else "right")
    for label, result in (
        (f"Arrimage matcher (sure, ≥ {SURE})", ours),
        (f"WRatio ≥ {threshold:.0f} (best F1)", baseline),
    ):
        table.add_row(
            label,
            *(f"{result[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(str(result[k]) for k in ("tp", "fp", "fn", "tn")),
        )
    console.print(table)
    speed = Table(title=f"Time per row against {len(organizations):,} organisations ({len(rows)} rows)")
    for column in ("Method", "ms per row", "Organisations compared per row"):
        speed.add_column(column, justify="left" if column == "Method" else "right")
    speed.add_row("Arrimage matcher (inverted index)", f"{matcher_ms:.3f}", f"{pool:.1f}")
    speed.add_row("Brute force WRatio (rapidfuzz extractOne)", f"{brute_ms:.3f}", f"{len(organizations):,}")
    console.print(speed)
    console.print(f"Speed-up: {speedup:.1f}×; index built in {build_seconds:.2f} s.")
    console.print(
        f"Rows naming a known organisation, linked to it: matcher {matcher_found}/{len(known_rows)}, "
        f"brute force WRatio {brute_found}/{len(known_rows)}. Rows naming an unknown organisation, linked anyway: "
        f"matcher {matcher_false}/{len(unknown_rows)}, brute force {brute_false}/{len(unknown_rows)}."
    )
    for pair, same in misses:
        console.print(f"[yellow]{'FP' if same else 'FN'}[/] {pair.name_a!r} / {pair.name_b!r} ({pair.note})")

    passed = ours["f1"] >= args.target_f1 and speedup >= args.target_speedup
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "pairs": len(pairs),
        "positives": sum(p.same for p in pairs),
        "matcher": ours,
        "baseline": {"scorer": "rapidfuzz.fuzz.WRatio", "threshold": threshold, **baseline},
        "speed": {
            "organizations": len(organizations),
            "rows": len(rows),
            "matcher_ms_per_row": matcher_ms,
            "brute_force_ms_per_row": brute_ms,
            "speedup": speedup,
            "average_pool_size": pool,
            "index_build_seconds": build_seconds,
            "known_rows": len(known_rows),
            "known_rows_linked_matcher": matcher_found,
            "known_rows_linked_brute_force": brute_found,
            "unknown_rows": len(unknown_rows),
            "unknown_rows_linked_matcher": matcher_false,
            "unknown_rows_linked_brute_force": brute_false,
        },
        "targets": {"f1": args.target_f1, "speedup": args.target_speedup, "passed": passed},
        "misses": [{"name_a": p.name_a, "name_b": p.name_b, "same": p.same, "note": p.note} for p, _s in misses],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not passed:
        console.print(
            f"[red]Target missed[/]: F1 {ours['f1']:.3f} (≥ {args.target_f1}), "
            f"speed-up {speedup:.1f}× (≥ {args.target_speedup}×)."
        )
        return 1
    console.print(
        f"[green]Targets met[/]: F1 {ours['f1']:.3f} ≥ {args.target_f1}, "
        f"speed-up {speedup:.1f}× ≥ {args.target_speedup}×."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
