"""The glossary in the API: approved terms only, searched without accents, with their parts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.glossary import services
from arrimage.glossary.models import Term

pytestmark = pytest.mark.django_db


def test_the_list_is_public_searchable_and_filtered(client) -> None:
    body = client.get("/api/v1/glossary").json()
    assert body["count"] == Term.objects.approved().count() >= 120
    first = body["results"][0]
    assert {"id", "acronym", "name_fr", "name_en", "definition_fr", "definition_en", "url"} <= set(first)
    found = client.get("/api/v1/glossary", {"q": "regionale comte"}).json()["results"]
    assert "MRC" in [term["acronym"] for term in found]
    health_page = client.get("/api/v1/glossary", {"sector": "health", "page_size": 200}).json()
    health = [term["acronym"] for term in health_page["results"]]
    assert "CLSC" in health and "NEQ" not in health
    letter_page = client.get("/api/v1/glossary", {"letter": "c"}).json()
    letter = [term["acronym"] or term["name_fr"] for term in letter_page["results"]]
    assert letter and all(label[0] in "Cc" for label in letter)
    assert client.get("/api/v1/glossary", {"sector": "nowhere"}).status_code == 422
    assert client.get("/api/v1/glossary", {"letter": "ab"}).status_code == 422


def test_a_term_with_its_meanings_related_terms_and_sources(client) -> None:
    mrc = Term.objects.get(acronym="MRC")
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/v1/glossary/{mrc.pk}").json()
    assert body["name_fr"] == "municipalité régionale de comté"
    assert {meaning["sector"] for meaning in body["meanings"]} >= {"municipal", "economic"}
    assert "TE" in [other["acronym"] for other in body["related"]]
    assert body["sources"][0]["url"].startswith("https://")
    assert len(queries) <= 6


def test_a_proposed_term_does_not_exist_in_the_api(client, django_user_model) -> None:
    user = django_user_model.objects.create_user(email="proposeur@example.org", password="un mot de passe 2026")
    term = services.term_propose(
        data=services.TermData(acronym="ZZQ", name="terme proposé", definition="Proposé."), acting_user=user
    )
    assert client.get(f"/api/v1/glossary/{term.pk}").status_code == 404
    assert client.get("/api/v1/glossary/999999").status_code == 404
    assert "ZZQ" not in [t["acronym"] for t in client.get("/api/v1/glossary", {"q": "zzq"}).json()["results"]]
