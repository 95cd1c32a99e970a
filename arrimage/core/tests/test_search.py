"""French full-text search (`arrimage.core.search`): stemming, as-you-type prefixes, on the database in use."""

import pytest
from django.apps import apps

from arrimage.core.search import query_forms, search_stems, stem, terms, text_matches, text_search, tokens
from tests.factories import OrganizationFactory, PersonFactory

# The searchable models live in higher apps, which core's modules never import.
Organization = apps.get_model("actors", "Organization")
Person = apps.get_model("actors", "Person")
Territory = apps.get_model("territories", "Territory")


def test_stems_fold_plurals_and_endings():
    assert stem("organismes") == stem("organisme") == "organ"
    assert stem("tables") == stem("table") == "tabl"
    assert stem("concertation") == "concert"
    assert stem("3e") == "3e"  # words with digits are kept whole, as PostgreSQL does


def test_terms_are_the_words_and_their_stems():
    assert terms("Table de concertation") == {"table", "tabl", "de", "concertation", "concert"}
    assert search_stems("Ste-Foy") == " foy saint sainte "
    assert search_stems("") == ""


def test_tokens_split_like_postgresql():
    # PostgreSQL's parser reads « 5e3 » as a number and starts a new token after it.
    assert tokens("5e3x 12 l'Île") == ["5e3", "x", "12", "l", "ile"]


def test_query_forms_keep_the_typed_word_when_its_stem_does_not_start_it():
    assert query_forms("tables") == [("tabl",)]
    assert query_forms("heureuse") == [("heureuse", "heureux")]
    assert query_forms("  ... ") == []


@pytest.mark.parametrize(
    ("query", "name", "found"),
    [
        ("concert", "Table de concertation", True),  # as you type
        ("concertati", "Table de concertation", True),
        ("organismes", "Regroupement des organisme", True),  # stemmed
        ("tables", "La Table", True),
        ("ste foy", "Sainte-Foy", True),
        ("st-jean", "Saint-Jean-sur-Richelieu", True),
        ("ECOLE", "École secondaire", True),
        ("coeur", "Cœur-du-Québec", True),
        ("table beauce", "Table de concertation", False),  # every word required
        ("des", "Desjardins", True),  # no stop words: « des » begins names
    ],
)
def test_text_matches(query, name, found):
    assert text_matches(query, name) is found


@pytest.mark.django_db
def test_organisations_found_by_plural_and_prefix():
    wanted = OrganizationFactory.create(name="Regroupement des organismes communautaires", acronym="")
    other = OrganizationFactory.create(name="Table de concertation des aînés", acronym="")
    assert list(Organization.objects.matching("organisme communautaire")) == [wanted]
    assert list(Organization.objects.matching("tables aine")) == [other]
    assert list(Organization.objects.matching("concert")) == [other]
    assert set(text_search(Organization.objects.all(), "des")) == {wanted, other}
    assert list(Organization.objects.matching("organismes tables")) == []


@pytest.mark.django_db
def test_people_found_whatever_the_accents():
    person = PersonFactory.create(given_name="Marie-Ève", family_name="Lévesque")
    assert list(text_search(Person.objects.all(), "marie eve levesq")) == [person]
    assert list(text_search(Person.objects.all(), "Lévesques")) == [person]
    assert not text_search(Person.objects.all(), "marie jean").exists()


@pytest.mark.django_db
def test_territories_found_by_stem():
    # « Îles » and « île »: the plural finds the singular and the other way around.
    found = set(Territory.objects.matching("ile madeleine").values_list("name", flat=True))
    assert "Les Îles-de-la-Madeleine" in found
    assert found == set(Territory.objects.matching("îles de la madeleine").values_list("name", flat=True))
