"""Write the labelled organisation-name pairs, arrimage/interchange/data/organization_name_pairs.csv.

    .venv/bin/python scripts/organization_name_pairs.py

Deterministic (one seeded random generator over files read in a fixed order): running it again gives the
same file. How the pairs are built is told in arrimage/interchange/data/README.md.
"""

from __future__ import annotations

import csv
import itertools
import random
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.matching import HEALTH, NICKNAMES, Municipality, of_place, reference_places  # noqa: E402

OUTPUT = ROOT / "arrimage" / "interchange" / "data" / "organization_name_pairs.csv"
SEED = 20_240_601

Row = tuple[str, str, int, str, str]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")


def saint_abbreviated(name: str) -> str:
    return name.replace("Saint-", "St-").replace("Sainte-", "Ste-")


def words(name: str) -> set[str]:
    small = {"de", "du", "des", "la", "le", "les", "l", "d", "sur", "en", "aux", "au"}
    return {w for w in strip_accents(name).lower().replace("'", "-").replace("–", "-").split("-") if w not in small}


def municipal_name(m: Municipality) -> str:
    return f"{m.designation} {of_place(m.name)}"


def municipalities(rng: random.Random, rows: list[Row]) -> None:
    places = reference_places()
    pool = [m for m in places.municipalities if m.designation != "Cantons unis"]
    by_name: dict[str, list[Municipality]] = defaultdict(list)
    for m in places.municipalities:
        by_name[m.name].append(m)
    unique = [m for m in pool if len(by_name[m.name]) == 1]
    # Positives: the same municipality written another way.
    saints = [m for m in unique if m.name.startswith(("Saint-", "Sainte-"))]
    for m in rng.sample(saints, 25):
        short = {"Municipalité": "Mun.", "Ville": "V.", "Paroisse": "P."}.get(m.designation, m.designation)
        rows.append(
            (f"{short} de {saint_abbreviated(m.name)}", municipal_name(m), 1, "municipality", "Mun./V./P. and St-/Ste-")
        )
    others = [m for m in unique if not m.name.startswith(("Saint-", "Sainte-"))]
    for m in rng.sample(others, 15):
        rows.append((f"{m.name} ({m.designation})", municipal_name(m), 1, "municipality", "designation after the name"))
    for m in rng.sample(others, 15):
        rows.append((f"{m.name}, {m.designation} de", municipal_name(m), 1, "municipality", "word order"))
    for m in rng.sample(unique, 15):
        rows.append(
            (strip_accents(municipal_name(m)).upper(), municipal_name(m), 1, "municipality", "capitals, no accents")
        )
    # Negatives: two municipalities with the same name and different designations.
    for _name, group in sorted(by_name.items()):
        designations = {
            m.designation: m
            for m in group
            if m.designation in {"Ville", "Municipalité", "Paroisse", "Village", "Canton"}
        }
        if len(designations) >= 2:
            a, b = sorted(designations.values(), key=lambda m: m.designation)[:2]
            rows.append((municipal_name(a), municipal_name(b), 0, "municipality", "same name, other designation"))
    # Negatives: similar place names, one containing the other (Saint-Georges / Saint-Georges-de-Windsor).
    contained = []
    for a in pool:
        for b in pool:
            if a.name != b.name and b.name.startswith(a.name + "-") and len(by_name[a.name]) == 1:
                contained.append((a, b))
    for a, b in rng.sample(sorted(contained, key=lambda p: (p[0].name, p[1].name)), 40):
        rows.append((municipal_name(a), municipal_name(b), 0, "municipality", "similar place name"))
    # Negatives: Saint-X and Sainte-X, or names one letter apart.
    names = sorted({m.name for m in unique})
    near = []
    for name in names:
        if name.startswith("Saint-") and "Sainte-" + name[6:] in names:
            near.append((name, "Sainte-" + name[6:]))
    for saint, sainte in near[:15]:
        ma, mb = by_name[saint][0], by_name[sainte][0]
        rows.append((municipal_name(ma), municipal_name(mb), 0, "municipality", "Saint-/Sainte-"))
    # Negatives: a place and the saint's place of the same name (Bonaventure / Saint-Bonaventure).
    every = sorted({m.name for m in pool})
    saint_of = [
        (name, f"{saint}-{name}") for name in every for saint in ("Saint", "Sainte") if f"{saint}-{name}" in every
    ]
    for plain, saint in saint_of[:12]:
        rows.append(
            (municipal_name(by_name[plain][0]), municipal_name(by_name[saint][0]), 0, "municipality", "saint's place")
        )
    # Negatives: a municipality and the MRC of the same name.
    mrc_names = {name for name, kind in places.mrcs if kind == "MRC"}
    for m in unique:
        if m.name in mrc_names:
            rows.append(
                (municipal_name(m), f"MRC {of_place(m.name)}", 0, "mrc", "municipality and MRC of the same name")
            )


def mrcs(rng: random.Random, rows: list[Row]) -> None:
    places = reference_places()
    names = sorted(name for name, kind in places.mrcs if kind == "MRC")
    for name in rng.sample(names, 30):
        full = f"Municipalité régionale de comté {of_place(name)}"
        variant = rng.choice([f"MRC {name}", f"{name} (MRC)", f"MRC {of_place(name)}"])
        rows.append((variant, full, 1, "mrc", "MRC and its full form"))
    for name in rng.sample(names, 10):
        rows.append(
            (
                f"mrc {strip_accents(of_place(name)).lower()}",
                f"MRC {of_place(name)}",
                1,
                "mrc",
                "lower case, no accents",
            )
        )
    similar = [(a, b) for a in names for b in names if a < b and words(a) & words(b)]
    for a, b in similar:
        rows.append((f"MRC {of_place(a)}", f"MRC {of_place(b)}", 0, "mrc", "same family, similar place name"))


def health(rng: random.Random, rows: list[Row]) -> None:
    for full, acronym in HEALTH:
        short = (
            full.replace("Centre intégré universitaire de santé et de services sociaux", "CIUSSS")
            .replace("Centre intégré de santé et de services sociaux", "CISSS")
            .replace("Centre régional de santé et de services sociaux", "CRSSS")
        )
        family = short.split(" ")[0].lower()
        rows.append((short, full, 1, family, "acronym of the family"))
        rows.append((strip_accents(full).lower(), full, 1, family, "lower case, no accents"))
        if acronym:
            rows.append((acronym, full, 1, family, "acronym with the région's abbreviation"))
    shorts = [full for full, _acronym in HEALTH]
    for i, a in enumerate(shorts):
        for b in shorts[i + 1 :]:
            if words(a) & words(b) - words("Centre intégré universitaire de santé et de services sociaux"):
                rows.append((a, b, 0, "cisss", "same family, similar région"))
    montreal = [s for s in shorts if "Montréal" in s]
    for i, a in enumerate(montreal):
        for b in montreal[i + 1 :]:
            pair = (a.replace("Centre intégré universitaire de santé et de services sociaux", "CIUSSS"), b)
            if (pair[0], pair[1], 0, "ciusss", "same family, similar région") not in rows:
                rows.append((*pair, 0, "ciusss", "same family, other part of Montréal"))
    rows.append(
        (
            "CIUSSS-CN",
            "Centre intégré de santé et de services sociaux de Chaudière-Appalaches",
            0,
            "cisss",
            "different région",
        )
    )
    rows.append(
        (
            "CISSS-CA",
            "Centre intégré universitaire de santé et de services sociaux de la Capitale-Nationale",
            0,
            "cisss",
            "different région",
        )
    )


FAMILIES = [
    # (family, full name, acronym)
    ("cdc", "Corporation de développement communautaire", "CDC"),
    ("cje", "Carrefour jeunesse-emploi", "CJE"),
    ("cab", "Centre d'action bénévole", "CAB"),
    ("sadc", "Société d'aide au développement des collectivités", "SADC"),
    ("clsc", "Centre local de services communautaires", "CLSC"),
    ("tca", "Table de concertation des aînés", "TCA"),
    ("cld", "Centre local de développement", "CLD"),
    ("omh", "Office municipal d'habitation", "OMH"),
]


def families(rng: random.Random, rows: list[Row]) -> None:
    places = reference_places()
    served = sorted({name for name, _kind in places.mrcs} | {b for b, _city in places.boroughs})
    for family, full, acronym in FAMILIES:
        for place in rng.sample(served, 12):
            variant = rng.choice(
                [
                    f"{acronym} {of_place(place)}",
                    f"{acronym} {place}",
                    f"{acronym} {of_place(place)} inc.",
                    f"{place} ({acronym})",
                    strip_accents(f"{full} {of_place(place)}").upper(),
                ]
            )
            rows.append((variant, f"{full} {of_place(place)}", 1, family, "acronym or spelling of the family"))
        for place in rng.sample(served, 8):
            other = rng.choice([p for p in served if p != place and not words(p) & words(place)])
            rows.append(
                (f"{acronym} {of_place(place)}", f"{full} {of_place(other)}", 0, family, "same family, other place")
            )
        # The same place, another family.
        for place in rng.sample(served, 3):
            _key, other_full, _acr = rng.choice([f for f in FAMILIES if f[0] != family])
            rows.append(
                (
                    f"{acronym} {of_place(place)}",
                    f"{other_full} {of_place(place)}",
                    0,
                    family,
                    "same place, other family",
                )
            )
    # Similar places in one family: a place and a place that contains it.
    similar = [(a, b) for a in served for b in served if a != b and words(a) < words(b)]
    for a, b in rng.sample(similar, min(15, len(similar))):
        family, full, acronym = rng.choice(FAMILIES)
        rows.append((f"{acronym} {of_place(a)}", f"{full} {of_place(b)}", 0, family, "same family, similar place name"))
    rows.append(("CDC de Beauport", "Corporation de développement communautaire de Beauport", 1, "cdc", "spec example"))
    rows.append(("CDC de Beauport", "CDC de Charlesbourg", 0, "cdc", "spec example"))
    rows.append(
        (
            "Pôle d’économie sociale de la Capitale-Nationale",
            "Pôle d'économie sociale de la Capitale-Nationale",
            1,
            "pole",
            "typographic apostrophe",
        )
    )
    rows.append(
        (
            "Pole d'economie sociale Chaudiere-Appalaches",
            "Pôle d'économie sociale de Chaudière-Appalaches",
            1,
            "pole",
            "no accents",
        )
    )
    rows.append(
        (
            "Pôle d'économie sociale de l'Estrie",
            "Pôle d'économie sociale de la Mauricie",
            0,
            "pole",
            "same family, other place",
        )
    )
    rows.append(
        (
            "Pôle régional d'économie sociale de l'Outaouais",
            "Pôle d'économie sociale de la Vallée-de-la-Gatineau",
            0,
            "pole",
            "same family, other place",
        )
    )


SCHOOL_SERVICE_CENTRES = [
    "des Découvreurs",
    "de la Capitale",
    "des Navigateurs",
    "de la Beauce-Etchemin",
    "des Premières-Seigneuries",
    "de Portneuf",
    "de Charlevoix",
    "des Appalaches",
    "de la Côte-du-Sud",
    "des Sommets",
    "de la Région-de-Sherbrooke",
    "Marguerite-Bourgeoys",
    "de la Pointe-de-l'Île",
    "des Affluents",
    "des Samares",
    "du Chemin-du-Roy",
    "de l'Énergie",
    "des Hautes-Rivières",
    "des Grandes-Seigneuries",
    "de la Riveraine",
]


def schools_and_childcare(rng: random.Random, rows: list[Row]) -> None:
    for place in SCHOOL_SERVICE_CENTRES:
        full = f"Centre de services scolaire {place}"
        rows.append((f"CSS {place}", full, 1, "css", "acronym of the family"))
    for place in SCHOOL_SERVICE_CENTRES[:6]:
        rows.append(
            (
                f"Commission scolaire {place}",
                f"Centre de services scolaire {place}",
                1,
                "css",
                "former name (before 2020)",
            )
        )
    for a, b in zip(SCHOOL_SERVICE_CENTRES, SCHOOL_SERVICE_CENTRES[1:] + SCHOOL_SERVICE_CENTRES[:1], strict=True):
        rows.append((f"CSS {a}", f"Centre de services scolaire {b}", 0, "css", "same family, other place"))
    cpe = NICKNAMES[30:]
    for name in cpe:
        rows.append((f"CPE {name}", f"Centre de la petite enfance {name} inc.", 1, "cpe", "acronym and legal form"))
    for a, b in itertools.pairwise(cpe):
        rows.append((f"CPE {a}", f"Centre de la petite enfance {b}", 0, "cpe", "same family, other name"))


def community(rng: random.Random, rows: list[Row]) -> None:
    places = reference_places()
    towns = sorted({m.name for m in places.municipalities if m.population > 3_000})
    heads = [
        "Maison des jeunes",
        "Centre communautaire",
        "Maison de la famille",
        "Comptoir alimentaire",
        "Club des aînés",
    ]
    for town in rng.sample(towns, 12):
        head = rng.choice(heads)
        rows.append(
            (f"{head} {of_place(town)} inc.", f"La {head} {of_place(town)}", 1, "obnl", "article and legal form")
        )
    for town in rng.sample(towns, 6):
        rows.append(
            (
                f"Maison de la famille & de l'enfance {of_place(town)}",
                f"Maison de la famille et de l'enfance {of_place(town)}",
                1,
                "obnl",
                "& and et",
            )
        )
    for name in rng.sample(NICKNAMES[:30], 10):
        head = rng.choice(heads)
        article, _sep, rest = name.partition(" ") if name.startswith(("Le ", "La ", "Les ")) else ("", "", name)
        variant = f"{head} {rest} ({article})" if article else f"{head} {name} OBNL"
        rows.append((variant, f"{head} {name}", 1, "obnl", "article in brackets, OBNL"))
    for town in rng.sample(towns, 12):
        a, b = rng.sample(heads, 2)
        rows.append((f"{a} {of_place(town)}", f"{b} {of_place(town)}", 0, "obnl", "same place, other kind"))
    for name in rng.sample(NICKNAMES[:30], 8):
        other = rng.choice([n for n in NICKNAMES[:30] if n != name])
        head = rng.choice(heads)
        rows.append((f"{head} {name}", f"{head} {other}", 0, "obnl", "same kind, other name"))
    # Spelling mistakes: the same organisation, which the matcher should suggest rather than link.
    rows.append(
        (
            "Corporation de developement communautaire de Beauport",
            "Corporation de développement communautaire de Beauport",
            1,
            "cdc",
            "typo",
        )
    )
    rows.append(("Carrefour jeunesse emploi de Portneuff", "Carrefour jeunesse-emploi de Portneuf", 1, "cje", "typo"))
    rows.append(("MRC de Bellechase", "MRC de Bellechasse", 1, "mrc", "typo"))
    rows.append(("Municipalité de Saint-Zacharie", "Mun. de St-Zacharie", 1, "municipality", "spec example"))
    rows.append(("MRC des Etchemins", "Municipalité régionale de comté des Etchemins", 1, "mrc", "spec example"))
    rows.append(("MRC Les Etchemins", "MRC des Etchemins", 1, "mrc", "spec example"))
    rows.append(("CIUSSS-CN", "CIUSSS de la Capitale-Nationale", 1, "ciusss", "spec example"))


def main() -> int:
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not a secret
    rows: list[Row] = []
    for part in (municipalities, mrcs, health, families, schools_and_childcare, community):
        part(rng, rows)
    seen = set()
    unique_rows = []
    for row in rows:
        key = (row[0], row[1])
        if key not in seen and row[0] != row[1]:
            seen.add(key)
            unique_rows.append(row)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name_a", "name_b", "same", "family", "note"])
        writer.writerows(unique_rows)
    positives = sum(row[2] for row in unique_rows)
    print(f"{len(unique_rows)} pairs ({positives} same, {len(unique_rows) - positives} different) → {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
