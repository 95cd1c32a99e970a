import pytest
from django.utils import translation

from arrimage.glossary.models import Term, TermStatus
from arrimage.glossary.selectors import lexicon

pytestmark = pytest.mark.django_db


def test_lexicon_lists_approved_terms_in_the_language_asked() -> None:
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


def test_lexicon_follows_a_new_approval() -> None:
    assert lexicon("fr") == ()
    Term.objects.create(name="concertation", definition="…", status=TermStatus.APPROVED, name_key=" concertation ")
    assert [entry.name for entry in lexicon("fr")] == ["concertation"]
