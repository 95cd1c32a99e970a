"""French full-text search of practice notes: accents and endings ignored, contacts never searched, and the
same rows on SQLite (stored terms) and PostgreSQL (the GIN index on the whole note's text)."""

from typing import Any

import pytest
from django.db import connection

from arrimage.core.search import stems_condition
from arrimage.practice.models import PracticeNote
from tests.factories import UserFactory

from .helpers import write_note

pytestmark = pytest.mark.django_db

NOTES: dict[str, dict[str, Any]] = {
    "ecole": {
        "title": "Une halte-garderie à l'École des Découvreurs",
        "summary": "Les parents viennent quand leurs enfants sont gardés.",
        "context": "Quartier Giffard, hiver 2023.",
        "tried": "Des soirées d'information à l'école.",
        "contacts": "Marie-Ève Poulin, mobilisation@exemple.org",
    },
    "mobilisation": {
        "title": "Réussir la mobilisation des aînés",
        "summary": "Le transport est la clé.",
        "worked": "Un covoiturage organisé par le club de l'âge d'or.",
        "did_not_work": "Les affiches à l'hôtel de ville.",
        "contacts": "Club des aînés, Jacques Tremblay",
    },
    "logement": {
        "title": "Comité logement",
        "summary": "Des locataires se sont regroupés.",
        "context": "Des hausses de loyer importantes en 2024.",
        "tried": "Un kiosque d'information sur les droits des locataires.",
        "contacts": "Québécoise Rivard",
    },
}


@pytest.fixture
def notes():
    author = UserFactory.create()
    return {key: write_note(author, **values) for key, values in NOTES.items()}


def _found(query: str) -> set[str]:
    keys = {note.pk: note.title for note in PracticeNote.objects.all()}
    found = PracticeNote.objects.matching(query).values_list("pk", flat=True)
    return {next(k for k, v in NOTES.items() if v["title"] == keys[pk]) for pk in found}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ecole", {"ecole"}),  # « ecole » finds « École » and « école »
        ("ÉCOLE", {"ecole"}),
        ("mobilisations", {"mobilisation"}),  # the plural finds the singular (stemming)
        ("mobilis", {"mobilisation"}),  # words as prefixes, as typed
        ("aine", {"mobilisation"}),  # « aînés »
        ("locataire droits", {"logement"}),  # every word, anywhere in the note
        ("hotel ville", {"mobilisation"}),
        ("enfant parents", {"ecole"}),  # « enfants », « parents »
        ("loyers 2024", {"logement"}),
        ("giffard hiver", {"ecole"}),
        ("tremblay", set()),  # the contacts are never searched
        ("poulin", set()),
        ("quebecoise", set()),
        ("exemple", set()),
    ],
)
def test_search_is_french_and_never_reads_contacts(notes, query, expected):
    assert _found(query) == expected


@pytest.mark.parametrize(
    "query", ["ecole", "mobilisations", "aines transport", "locataires", "de", "l'", "information"]
)
def test_both_matchings_find_the_same_notes(notes, query):
    full_text = set(PracticeNote.objects.matching(query).values_list("pk", flat=True))
    stored = set(PracticeNote.objects.filter(stems_condition(query)).values_list("pk", flat=True))
    assert full_text == stored
    assert stored


def test_postgresql_uses_the_full_text_index(notes):
    queryset = PracticeNote.objects.matching("mobilisations")
    if connection.vendor != "postgresql":
        assert "LIKE" in str(queryset.query)
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table: make the planner show its index
        plan = queryset.explain()
    assert "practice_practicenote_fts" in plan


def test_a_long_note_is_indexed_whole(notes):
    """The search key is unbounded text: a long note's last words are found too."""
    long_text = " ".join(["concertation"] * 3000) + " dernierpassage"
    note = write_note(UserFactory.create(), title="Longue fiche", tried=long_text)
    assert list(PracticeNote.objects.matching("dernierpassage")) == [note]
