"""Error pages: French pages for people, JSON for the API, never a stack trace."""

import pytest

pytestmark = pytest.mark.django_db


def boom(*args, **kwargs):
    raise RuntimeError("secret detail of the failure")


@pytest.fixture
def crashing_client(client, monkeypatch):
    """A client whose search, on the pages and in the API, fails with an unexpected error."""
    monkeypatch.setattr("arrimage.territories.views.selectors.territory_search", boom)
    monkeypatch.setattr("arrimage.api.territories.selectors.territory_search", boom)
    client.raise_request_exception = False
    return client


def test_unexpected_error_on_a_page_is_a_french_500_page(crashing_client):
    response = crashing_client.get("/territoires/recherche/", {"q": "beauport"})
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert 'class="notice notice--error"' in html
    assert "An error occurred" not in html  # translated
    assert "secret detail" not in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html


def test_unexpected_error_in_the_api_is_json(crashing_client):
    response = crashing_client.get("/api/v1/territories", {"q": "beauport"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    assert "secret detail" not in body["detail"]
    assert "An unexpected error" not in body["detail"]  # translated


def test_not_found_is_html_for_pages_and_json_for_the_api(client):
    page = client.get("/nulle-part/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert '<html lang="fr-CA">' in page.content.decode()

    api = client.get("/api/v2/territories")
    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
    assert "does not exist" not in api.json()["detail"]


def test_bad_request_is_a_french_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert "Request not understood" not in html  # translated
    assert "DisallowedHost" not in html
    assert "evil.example" not in html


def test_bad_request_in_the_api_is_json(client):
    response = client.get("/api/v1/territories", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_form_without_its_csrf_token_gets_a_french_page(client):
    from django.test import Client

    checking = Client(enforce_csrf_checks=True)
    response = checking.post("/compte/connexion/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Le formulaire a expiré" in html and "Rien n’a été enregistré" in html
    assert "CSRF verification failed" not in html and "DEBUG" not in html
