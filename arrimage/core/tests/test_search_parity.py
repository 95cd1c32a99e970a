"""Both implementations of French search give the same results.

On PostgreSQL: the terms Python computes for real Québec names equal the lexemes PostgreSQL's
`arrimage_fr` configuration produces, both matchings (full text, and the SQLite way on the stored terms)
return the same rows, and the full-text query uses the GIN index. On SQLite: the Python side is checked
against a frozen list, so this module never skips.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from arrimage.core.search import stems_condition, terms, text_search
from arrimage.core.text import search_key

Territory = apps.get_model("territories", "Territory")

TRICKY = [
    "Cœur-du-Québec",
    "L'Île-d'Orléans",
    "Ste-Anne-de-Beaupré",
    "St-Jean-sur-Richelieu",
    "Saints-Anges",
    "Œuvre des Bijoux et des Choux",
    "Organismes communautaires autonomes",
    "Tables de concertation",
    "Regroupement des femmes françaises",
    "Le Palais Montcalm et les mauvaises herbes",
    "Ils nient, elle niait, nous nierions",
    "Agir, agissons, agissaient",
    "Centre d'action bénévole Aide 23",
    "5e3x Clinique du 3e âge",
    "Hôpital de l'Enfant-Jésus",
    "Développement économique Îles-de-la-Madeleine",
    "Mouvement des Caisses Desjardins",
    "Lévis, Laval, Lac-Mégantic",
    "Kawawachikamach Naskapi",
    "Pessamit Innu Uashat mak Mani-utenam",
]

FROZEN = {
    "Cœur-du-Québec": ["coeur", "du", "quebec"],
    "Œuvre des Bijoux et des Choux": ["bijoux", "choux", "de", "des", "et", "oeuvr", "oeuvre"],
    "Organismes communautaires autonomes": [
        "autonom",
        "autonomes",
        "communautair",
        "communautaires",
        "organ",
        "organismes",
    ],
    "Tables de concertation": ["concert", "concertation", "de", "tabl", "tables"],
    "Regroupement des femmes françaises": [
        "de",
        "des",
        "femm",
        "femmes",
        "francais",
        "francaises",
        "regroup",
        "regroupement",
    ],
    "Le Palais Montcalm et les mauvaises herbes": [
        "et",
        "herb",
        "herbes",
        "le",
        "les",
        "mauvais",
        "mauvaises",
        "montcalm",
        "pal",
        "palais",
    ],
    "Ils nient, elle niait, nous nierions": ["elle", "il", "ils", "ni", "niait", "nient", "nierions", "nous"],
    "5e3x Clinique du 3e âge": ["3e", "5e3", "age", "cliniqu", "clinique", "du", "x"],
}


def _corpus() -> list[str]:
    # Reference data of the demonstration (a higher app, read by name: core's modules never import it).
    demo = importlib.import_module("arrimage.demo.data")
    names = [row.name for row in demo.ORGANIZATIONS] + [row.name for row in demo.CONCERTATIONS]
    names += list(Territory.objects.values_list("name", flat=True))
    return [*TRICKY, *names]


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_python_terms_are_frozen(name):
    assert sorted(terms(name)) == FROZEN[name]


@pytest.mark.django_db
def test_stems_equal_postgresql_lexemes():
    if connection.vendor != "postgresql":
        assert len(_corpus()) > 1000  # the reference territories are loaded: the corpus is real
        return
    names = _corpus()
    keys = [search_key(name) for name in names]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, tsvector_to_array(to_tsvector('simple', k) || to_tsvector('arrimage_fr', k))"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(k, n)",
            [keys],
        )
        lexemes = {number - 1: set(found) for number, found in cursor.fetchall()}
    differences = {names[i]: (terms(names[i]), lexemes[i]) for i in range(len(names)) if terms(names[i]) != lexemes[i]}
    assert differences == {}
    assert len(names) > 1000


QUERIES = [
    "saint",
    "ste",
    "st-jean",
    "lac",
    "lacs",
    "iles",
    "ile",
    "riviere",
    "rivieres du",
    "mont",
    "monts",
    "notre dame",
    "beau",
    "fort",
    "ville",
    "de la",
    "l'",
    "sainte marie",
    "trois riv",
    "montreal",
    "quebec",
    "chaudiere appalaches",
    "anges",
    "riv",
    "pointe",
    "val",
    "port",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
def test_both_matchings_find_the_same_territories(query):
    full_text = set(text_search(Territory.objects.all(), query).values_list("pk", flat=True))
    stored = set(Territory.objects.filter(stems_condition(query)).values_list("pk", flat=True))
    assert full_text == stored
    assert stored  # every query finds something: the comparison is not between empty sets


@pytest.mark.django_db
def test_postgresql_uses_the_full_text_index():
    if connection.vendor != "postgresql":
        assert "LIKE" in str(text_search(Territory.objects.all(), "lacs").query)
        return
    queryset = text_search(Territory.objects.all(), "lacs saint")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: make the planner show its index
        plan = queryset.explain()
    assert "territories_territory_fts" in plan
