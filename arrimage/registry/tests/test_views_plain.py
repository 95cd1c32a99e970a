"""The plain-language check page: the form, its refusals, the highlighted result, the limit on checks."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from arrimage.glossary.models import Term
from arrimage.glossary.plain import MAX_CHARS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/lexique/verification/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mrc(db) -> Term:
    return Term.objects.get(acronym="MRC")  # from the glossary's seed


def _errors(response) -> list[str]:
    return response.context["form"].errors.get("text", [])


def test_the_address_and_the_empty_form(client) -> None:
    assert reverse("registry:plain_check") == URL
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<textarea name="text"' in page and "maxlength" not in page
    assert 'name="language"' in page
    assert response.context["report"] is None


def test_an_empty_text_gets_a_message_on_the_field(client) -> None:
    response = client.post(URL, {"text": "   \n ", "language": "fr"})
    assert response.status_code == 422
    assert _errors(response) == ["Collez le texte à vérifier : la boîte est vide."]
    assert 'href="#id_text"' in response.content.decode()


def test_a_text_over_the_limit_says_the_limit_and_the_size_received(client) -> None:
    response = client.post(URL, {"text": "a " * 100_000, "language": "fr"})
    assert response.status_code == 422
    [message] = _errors(response)
    assert "200\u00a0000 caractères" in message and "100\u00a0000 au plus" in message
    assert response.context["report"] is None
    # Up to the limit is accepted.
    assert client.post(URL, {"text": "Bonjour. " * (MAX_CHARS // 9), "language": "fr"}).status_code == 200


def test_the_result_highlights_findings_and_lists_them_with_links(client, mrc) -> None:
    text = "La MRC vous invite. Les citoyens sont invités à la mise en œuvre du plan <b>d'action</b>."
    response = client.post(URL, {"text": text, "language": "fr"})
    assert response.status_code == 200
    page = response.content.decode()
    report = response.context["report"]
    assert [finding.kind for finding in report.findings] == ["acronym", "passive", "jargon"]
    assert '<mark class="plain-mark plain-mark--acronym" id="constat-0" tabindex="-1">' in page
    assert '<span class="visually-hidden">[Sigle non expliqué] </span>MRC</mark>' in page
    for index in range(3):
        assert f'href="#constat-{index}"' in page
    assert "municipalité régionale de comté" in page and "Regroupement des municipalités d" in page
    assert "&lt;b&gt;d&#x27;action&lt;/b&gt;" in page and "<b>d'action</b>" not in page
    # The highlighted text, without its marks and labels, is the text sent.
    match = re.search(r'<div class="plain-text"[^>]*>(.*?)</div>', page, re.S)
    assert match
    shown = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", match.group(1))
    assert re.sub(r"<[^>]+>", "", shown).replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'") == text


def test_the_score_is_said_in_plain_words(client) -> None:
    response = client.post(URL, {"text": "Nous vous invitons à un souper. Venez nombreux.", "language": "fr"})
    page = response.content.decode()
    level = response.context["report"].readability.level
    assert str(level.meaning) in page
    assert "Kandel et Moles (1958)" in page


def test_english_texts_use_flesch(client) -> None:
    response = client.post(URL, {"text": "The plan was approved by the board.", "language": "en"})
    report = response.context["report"]
    assert report.readability.formula == "flesch"
    assert [finding.excerpt for finding in report.findings] == ["was approved"]


def test_the_language_follows_the_interface_by_default(client) -> None:
    assert client.get(URL).context["form"]["language"].value() == "fr"
    client.cookies["arrimage_language"] = "en"
    assert client.get(URL).context["form"]["language"].value() == "en"


def test_a_text_without_words(client) -> None:
    response = client.post(URL, {"text": "… — !", "language": "fr"})
    assert response.status_code == 200
    assert "Le texte ne contient aucun mot à lire" in response.content.decode()


def test_signed_in_users_check_too_and_nothing_is_stored(client, django_assert_max_num_queries) -> None:
    client.force_login(UserFactory.create())
    with django_assert_max_num_queries(6):
        response = client.post(URL, {"text": "La CDC invite.", "language": "fr"})
    assert response.status_code == 200


def test_checks_are_limited_per_address(client, settings) -> None:
    settings.ARRIMAGE_PLAIN_CHECK_RATE = "2/min"
    for _attempt in range(2):
        assert client.post(URL, {"text": "Bonjour.", "language": "fr"}).status_code == 200
    refused = client.post(URL, {"text": "Bonjour.", "language": "fr"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Trop de vérifications en peu de temps" in refused.content.decode()
    # A refused form (empty) is not counted and still answers on its field.
    assert client.post(URL, {"text": "", "language": "fr"}).status_code == 422


def test_only_get_and_post(client) -> None:
    assert client.put(URL).status_code == 405


def test_a_text_full_of_findings_shows_the_first_thousand(client) -> None:
    response = client.post(URL, {"text": "Le CISSS. " * 1500, "language": "fr"})
    assert response.status_code == 200
    page = response.content.decode()
    assert len(response.context["findings"]) == 1000 and response.context["hidden"] == 500
    assert response.context["report"].counts["acronym"] == 1500
    assert "500 autres éléments ne sont pas affichés" in page
    assert 'id="constat-999"' in page and 'id="constat-1000"' not in page
