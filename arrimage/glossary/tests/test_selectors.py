import pytest
from django.utils import translation

from arrimage.glossary.models import Term, TermStatus
from arrimage.glossary.selectors import lexicon, term_list, terms_by_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty() -> None:
    """Without the seeded lexicon."""
    Term.objects.all().delete()


def test_lexicon_lists_approved_terms_in_the_language_asked(empty) -> None:
    Term.objects.create(
        acronym="MRC",
        name="municipalité régionale de comté",
        name_en="regional county municipality",
        definition="Regroupement des municipalités d'un territoire.",
        plain="regroupement de municipalités",
        status=TermStatus.APPROVED,
        name_key=" municipalite regionale de comte ",
        acronym_key=" mrc ",
    )
    Term.objects.create(name="concertation", definition="…", status=TermStatus.PROPOSED, name_key=" concertation ")

    french = lexicon("fr")
    assert [(entry.acronym, entry.name, entry.plain) for entry in french] == [
        ("MRC", "municipalité régionale de comté", "regroupement de municipalités")
    ]
    with translation.override("en"):
        english = lexicon()
    # The English name, and the French text standing in for the missing English definition.
    assert english[0].name == "regional county municipality"
    assert english[0].definition == "Regroupement des municipalités d'un territoire."


def test_lexicon_follows_a_new_approval(empty) -> None:
    assert lexicon("fr") == ()
    Term.objects.create(name="concertation", definition="…", status=TermStatus.APPROVED, name_key=" concertation ")
    assert [entry.name for entry in lexicon("fr")] == ["concertation"]


def test_term_list_searches_without_accents_and_filters() -> None:
    assert "MRC" in [t.acronym for t in term_list(query="regionale comte")]
    assert [t.acronym for t in term_list(query="ECONOMIE SOCIALE")][:1] == [""]
    health = term_list(sector="health")
    assert "CLSC" in [t.acronym for t in health] and "NEQ" not in [t.acronym for t in health]
    letters = [t.acronym or t.name for t in term_list(letter="M")]
    assert "MRC" in letters and all(label[0] in "Mm" for label in letters)
    assert letters == sorted(letters, key=str.casefold) or len(letters) > 1


def test_terms_by_label_finds_acronyms_and_names() -> None:
    found, unknown = terms_by_label(["mrc", "Économie sociale", "inconnu"])
    assert len(found) == 2 and unknown == ["inconnu"]
