"""The interface is French unless the person chose English with the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEARCH = "/territoires/recherche/"


def test_french_by_default_even_when_the_browser_asks_for_english(client):
    response = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr-CA">' in html
    # The switch offers the other language.
    assert 'name="language" value="en"' in html
    assert "Cookie" in response["Vary"]
    # French interface: the English source sentence of the page's title is translated.
    assert "Territory search" not in html


def test_english_after_the_language_cookie_is_set(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(SEARCH)
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en-CA">' in html
    assert "Territory search" in html
    assert 'name="language" value="fr"' in html


def test_unknown_language_in_the_cookie_falls_back_to_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr-CA">' in response.content.decode()


def test_language_switch_posts_to_set_language(client):
    assert reverse("set_language") == "/i18n/setlang/"
    page = client.get(SEARCH).content.decode()
    assert 'action="/i18n/setlang/" method="post"' in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": f"{SEARCH}?q=beauport"})
    assert response.status_code == 302
    assert response["Location"] == f"{SEARCH}?q=beauport"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"

    english = client.get(SEARCH)
    assert english["Content-Language"] == "en"
    assert "Territory search" in english.content.decode()

    client.post("/i18n/setlang/", {"language": "fr", "next": SEARCH})
    assert client.get(SEARCH)["Content-Language"] == "fr"


def test_a_language_arrimage_does_not_offer_gives_french(client):
    # Django's view accepts any language it has a catalogue for; the middleware keeps to LANGUAGES.
    client.post("/i18n/setlang/", {"language": "de", "next": SEARCH})
    response = client.get(SEARCH)
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr-CA">' in response.content.decode()


def test_set_language_does_not_redirect_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://example.com/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
