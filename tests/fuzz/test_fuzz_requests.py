"""Every list, search and suggestion page and every list endpoint of the API, with any text in their
parameters (`q=`, filters, page numbers, dates): the answer is never a server error (5xx), and refused input
gets a message. Run on SQLite and on PostgreSQL, which refuses the NUL character in a query.

Each request runs in a savepoint, so that a database error is reported on the input that caused it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ConcertationFactory, OrganizationFactory, PlanFactory, UserFactory, api_key

from .profiles import fuzz
from .strategies import nasty_text

PAGE_PARAMETERS = ("q", "territoire", "page", "theme", "type", "niveau", "terminees", "secteur", "date", "format")
PAGES = (
    "/",
    "/territoires/recherche/",
    "/concertations/",
    "/organismes/",
    "/plans/",
    "/concertations/export.csv",
    "/organismes/export.xlsx",
    "/territoires/mrc:31/",
    "/territoires/mrc:31/concertation/",
    "/territoires/mrc:31/plans/",
)
SIGNED_IN_PAGES = (
    "/suggestions/territoires/",
    "/suggestions/organismes/",
    "/suggestions/personnes/",
    "/suggestions/concertations/",
    "/importations/",
    "/importations/nouvelle/",
    "/plans/nouveau/",
    "/compte/securite/",
)
SIGNED_IN_PARAMETERS = ("q", "field", "format", "page", "concertation", "territory", "type", "quand", "date")
API_LISTS = {
    "/api/v1/territories": ("q", "kind", "parent", "page", "page_size"),
    "/api/v1/organizations": ("q", "sector", "territory", "neq", "page"),
    "/api/v1/people": ("q", "page"),
    "/api/v1/concertations": ("q", "kind", "level", "theme", "territory", "include_ended", "page"),
    "/api/v1/memberships": ("on", "concertation", "organization", "person", "page"),
    "/api/v1/services": ("q", "theme", "territory", "organization", "status", "page"),
    "/api/v1/plans": ("q", "kind", "stage", "territory", "page"),
    "/api/v1/themes": ("q", "page"),
}
api_requests = st.sampled_from(sorted(API_LISTS)).flatmap(
    lambda path: st.tuples(st.just(path), st.dictionaries(st.sampled_from(API_LISTS[path]), nasty_text, max_size=3))
)


@pytest.fixture
def world(territories: Any, django_db_blocker: Any) -> dict[str, Any]:
    concertation = ConcertationFactory.create()
    plan = PlanFactory.create()
    OrganizationFactory.create(name="Maison des jeunes de Saint-Zacharie")
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    return {"concertation": concertation, "plan": plan, "admin": admin, "key": api_key(admin)}


def _get(client: Client, path: str, params: dict[str, str], **headers: Any) -> Any:
    with transaction.atomic():
        response = client.get(path, params, **headers)
    assert response.status_code < 500, (path, params, response.status_code)
    return response


@pytest.mark.django_db
@fuzz(2, deadline=None)
@given(
    st.sampled_from((*PAGES, "concertation", "plan")),
    st.dictionaries(st.sampled_from(PAGE_PARAMETERS), nasty_text, max_size=3),
)
def test_public_pages_never_fail(client: Client, world: dict[str, Any], path: str, params: dict[str, str]) -> None:
    if path in world:
        path = world[path].get_absolute_url()
    _get(client, path, params)


@pytest.mark.django_db
@fuzz(1, deadline=None)
@given(
    st.sampled_from(SIGNED_IN_PAGES + PAGES[2:5]),
    st.dictionaries(st.sampled_from(SIGNED_IN_PARAMETERS + PAGE_PARAMETERS), nasty_text, max_size=3),
)
def test_signed_in_pages_never_fail(client: Client, world: dict[str, Any], path: str, params: dict[str, str]) -> None:
    client.force_login(world["admin"])
    _get(client, path, params)


@pytest.mark.django_db
@fuzz(2, deadline=None)
@given(api_requests, st.booleans())
def test_api_lists_never_fail(
    client: Client, world: dict[str, Any], request_: tuple[str, dict[str, str]], signed_in: bool
) -> None:
    path, params = request_
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['key']}"} if signed_in else {}
    response = _get(client, path, params, **headers)
    if response.status_code == 422:
        detail = json.loads(response.content)
        assert detail and json.dumps(detail).strip("{}[] ")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/concertations/", "/organismes/", "/plans/"])
def test_a_refused_search_says_why_in_french(client: Client, territories: Any, path: str) -> None:
    response = _get(client, path, {"q": "x" * 5000, "territoire": "mrc:\x00"})
    assert response.status_code in {200, 400, 422}
    assert "Assurez-vous" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/concertations/", {"territoire": "mrc:31\x00"}),
        ("/api/v1/concertations", {"theme": "culture\x00"}),
        ("/api/v1/services", {"theme": "\x00"}),
        ("/api/v1/plans", {"q": "a\x00b"}),
    ],
)
def test_nul_characters_in_parameters(client: Client, territories: Any, path: str, params: dict[str, str]) -> None:
    assert _get(client, path, params).status_code in {200, 422}
