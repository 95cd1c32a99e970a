"""The API's reads are cached for each audience (see `arrimage.api.caching`): a write through the services
shows at once, a caller with a key and an anonymous caller never share an answer, a revoked key is refused
even when its answer is cached, and a cached answer costs the same query whatever the data."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.accounts.models import ApiToken
from arrimage.accounts.services import api_token_revoke
from arrimage.actors.services import organization_data, organization_update
from arrimage.concertation.services import ConcertationData, concertation_update
from tests.factories import ConcertationFactory, OrganizationFactory, PersonFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(body: dict) -> list[str]:
    return [row["name"] for row in body["results"]]


def test_a_write_shows_at_once_in_the_lists_and_the_records(client, admin_api) -> None:
    organization = OrganizationFactory.create(name="Maison des jeunes Nord")
    concertation = ConcertationFactory.create(name="Table du quartier Nord")
    for url in ("/api/v1/organizations", f"/api/v1/organizations/{organization.pk}"):
        assert "Maison des jeunes Nord" in client.get(url).content.decode()
    for url in ("/api/v1/concertations", f"/api/v1/concertations/{concertation.pk}"):
        assert "Table du quartier Nord" in client.get(url).content.decode()
    organization_update(
        organization=organization,
        data=dataclasses.replace(organization_data(organization), name="Maison des jeunes Sud"),
        acting_user=admin_api.user,
    )
    data = ConcertationData(name="Table du quartier Sud", kind=concertation.kind, level=concertation.level)
    concertation_update(concertation=concertation, data=data, acting_user=admin_api.user)
    for url in ("/api/v1/organizations", f"/api/v1/organizations/{organization.pk}"):
        assert "Maison des jeunes Sud" in client.get(url).content.decode()
    for url in ("/api/v1/concertations", f"/api/v1/concertations/{concertation.pk}"):
        assert "Table du quartier Sud" in client.get(url).content.decode()
    # A write through the API itself, too.
    version = client.get(f"/api/v1/organizations/{organization.pk}").json()["version"]
    body = {"name": "Maison des jeunes Est", "version": version}
    response = admin_api.patch(f"/api/v1/organizations/{organization.pk}", body)
    assert response.status_code == 200
    assert client.get(f"/api/v1/organizations/{organization.pk}").json()["name"] == "Maison des jeunes Est"


def test_an_anonymous_caller_never_gets_an_answer_cached_for_a_key(client, admin_api) -> None:
    ConcertationFactory.create(name="Cellule de crise confidentielle", is_public=False)
    person = PersonFactory.create(public_consent=True, email="camille.secret@example.org")
    assert "Cellule de crise confidentielle" in names(admin_api.get("/api/v1/concertations").json())
    assert admin_api.get(f"/api/v1/people/{person.pk}").json()["email"] == "camille.secret@example.org"
    # The same addresses without a key.
    assert "Cellule de crise confidentielle" not in names(client.get("/api/v1/concertations").json())
    assert "camille.secret@example.org" not in client.get(f"/api/v1/people/{person.pk}").content.decode()


def test_a_caller_with_a_key_never_gets_the_anonymous_answer(client, admin_api, nobody_api) -> None:
    person = PersonFactory.create(public_consent=True, email="camille.secret@example.org")
    assert "camille.secret@example.org" not in client.get(f"/api/v1/people/{person.pk}").content.decode()
    assert admin_api.get(f"/api/v1/people/{person.pk}").json()["email"] == "camille.secret@example.org"
    # Nor another key's answer.
    assert "camille.secret@example.org" not in nobody_api.get(f"/api/v1/people/{person.pk}").content.decode()


def test_a_revoked_key_is_refused_even_when_its_answer_is_cached(admin_api) -> None:
    assert admin_api.get("/api/v1/plans").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=admin_api.user), acting_user=admin_api.user)
    assert admin_api.get("/api/v1/plans").status_code == 401


def test_a_cached_answer_keeps_its_headers(client) -> None:
    first = client.get("/api/v1/territories/mrc:31/geojson")
    second = client.get("/api/v1/territories/mrc:31/geojson")
    assert second.content == first.content
    for header in ("Content-Type", "Cache-Control"):
        assert second[header] == first[header]


def test_filters_and_pages_are_kept_apart(client) -> None:
    for index in range(3):
        OrganizationFactory.create(name=f"Carrefour {index}")
    OrganizationFactory.create(name="Maison de quartier")
    assert names(client.get("/api/v1/organizations", {"q": "carrefour", "page_size": 2}).json()) != names(
        client.get("/api/v1/organizations", {"q": "carrefour", "page_size": 2, "page": 2}).json()
    )
    assert names(client.get("/api/v1/organizations", {"q": "maison"}).json()) == ["Maison de quartier"]


def test_a_refusal_is_never_cached(client) -> None:
    for _index in range(2):
        assert client.get("/api/v1/organizations", {"page_size": 1000}).status_code == 422
        assert client.get("/api/v1/organizations/999999").status_code == 404


@pytest.mark.parametrize("with_key", [False, True], ids=["anonymous", "key"])
def test_a_cached_answer_reads_the_same_queries_at_two_sizes(client, admin_api, with_key) -> None:
    caller = admin_api if with_key else client
    plan = PlanFactory.create()
    urls = ["/api/v1/organizations", "/api/v1/concertations", "/api/v1/people", "/api/v1/plans"]
    urls += [f"/api/v1/plans/{plan.pk}", "/api/v1/territories/mrc:31"]

    def warm() -> dict[str, int]:
        counts = {}
        for url in urls:
            assert caller.get(url).status_code == 200
            with CaptureQueriesContext(connection) as context:
                assert caller.get(url).status_code == 200
            counts[url] = len(context.captured_queries)
        return counts

    small = warm()
    for _index in range(6):
        OrganizationFactory.create()
        PersonFactory.create(public_consent=True)
        ConcertationFactory.create()
        UserFactory.create()
    large = warm()
    assert large == small
    # The data version, and with a key its check by the cache and by the API.
    assert max(small.values()) <= (3 if with_key else 1), small
