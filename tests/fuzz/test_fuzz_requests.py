"""Every list, search and suggestion page and every list endpoint of the API, with any text in their
parameters (`q=`, filters, page numbers, dates): the answer is never a server error (5xx), and refused input
gets a message. Run on SQLite and on PostgreSQL, which refuses the NUL character in a query.

Each request runs in a savepoint, so that a database error is reported on the input that caused it.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from arrimage.api.api import api
from tests.factories import (
    ConcertationFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    api_key,
)

from .profiles import fuzz
from .strategies import nasty_text

PAGE_PARAMETERS = (
    "q",
    "territoire",
    "page",
    "theme",
    "type",
    "niveau",
    "terminees",
    "secteur",
    "date",
    "format",
    "annee",
    "depuis",
    "kind",
    "etape",
    "ouverts",
)
# Pages of the records the `world` fixture creates, by the pattern of their address.
RECORD_PAGES = (
    "/concertations/{concertation}/",
    "/concertations/{concertation}/rapport-annuel/",
    "/concertations/{concertation}/demarches/",
    "/concertations/{concertation}/complementaire/{other}/",
    "/plans/{plan}/",
    "/organismes/{organization}/",
)
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
    "/programmes/",
    "/programmes/echeances/",
    "/programmes/echeances.ics",
    "/territoires/mrc:31/programmes/",
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
SIGNED_IN_PARAMETERS = (
    "q",
    "field",
    "format",
    "page",
    "concertation",
    "territory",
    "type",
    "kind",
    "email",
    "date",
    "territoire",
)
API_LISTS = {
    "/api/v1/territories": ("q", "kind", "parent", "page", "page_size"),
    "/api/v1/organizations": ("q", "sector", "territory", "neq", "page"),
    "/api/v1/people": ("q", "page"),
    "/api/v1/concertations": ("q", "kind", "level", "theme", "territory", "include_ended", "page"),
    "/api/v1/memberships": ("on", "concertation", "organization", "person", "page"),
    "/api/v1/services": ("q", "theme", "territory", "organization", "status", "page"),
    "/api/v1/plans": ("q", "kind", "stage", "territory", "page"),
    "/api/v1/themes": ("q", "page"),
    "/api/v1/programmes": ("q", "theme", "territory", "open", "page"),
}
api_requests = st.sampled_from(sorted(API_LISTS)).flatmap(
    lambda path: st.tuples(st.just(path), st.dictionaries(st.sampled_from(API_LISTS[path]), nasty_text, max_size=3))
)


@pytest.fixture
def world(territories: Any, django_db_blocker: Any) -> dict[str, Any]:
    concertation = ConcertationFactory.create()
    plan = PlanFactory.create()
    organization = OrganizationFactory.create(name="Maison des jeunes de Saint-Zacharie")
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    return {
        "concertation": concertation,
        "other": ConcertationFactory.create(),
        "plan": plan,
        "organization": organization,
        "person": PersonFactory.create(),
        "admin": admin,
        "key": api_key(admin),
    }


def _get(client: Client, path: str, params: dict[str, str], **headers: Any) -> Any:
    with transaction.atomic():
        response = client.get(path, params, **headers)
    assert response.status_code < 500, (path, params, response.status_code)
    return response


@pytest.mark.django_db
@fuzz(2, deadline=None)
@given(
    st.sampled_from(PAGES + RECORD_PAGES),
    st.dictionaries(st.sampled_from(PAGE_PARAMETERS), nasty_text, max_size=3),
)
def test_public_pages_never_fail(client: Client, world: dict[str, Any], path: str, params: dict[str, str]) -> None:
    path = path.format(**{name: getattr(record, "pk", "") for name, record in world.items()})
    _get(client, path, params)


@pytest.mark.django_db
@fuzz(1, deadline=None)
@given(
    st.sampled_from(SIGNED_IN_PAGES + PAGES[2:5] + RECORD_PAGES[2:4]),
    st.dictionaries(st.sampled_from(SIGNED_IN_PARAMETERS + PAGE_PARAMETERS), nasty_text, max_size=3),
)
def test_signed_in_pages_never_fail(client: Client, world: dict[str, Any], path: str, params: dict[str, str]) -> None:
    client.force_login(world["admin"])
    path = path.format(**{name: getattr(record, "pk", "") for name, record in world.items()})
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


@functools.cache
def _openapi() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema()))


def _resolved(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _write_operations(spec: dict[str, Any], numbers: dict[str, int]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every operation of the API that takes a JSON body: its method, its address (with existing records'
    numbers) and a body of plausible values for the fields it knows."""
    plausible = {
        "name": "Nom",
        "sector": "community",
        "given_name": "Léa",
        "family_name": "Roy",
        "start": "2020",
        "end": "2024",
        "on": "2024-01-01",
        "version": 1,
        **numbers,
    }
    operations = []
    for path, methods in sorted(spec["paths"].items()):
        address = re.sub(r"\{[a-z_]+\}", str(numbers["organization"]), path)
        for method, operation in sorted(methods.items()):
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if method in {"post", "patch", "put"} and schema:
                fields = _resolved(schema, spec).get("properties", {})
                operations.append((method, address, {name: plausible[name] for name in fields if name in plausible}))
    return operations


@pytest.mark.django_db
@fuzz(1.5, deadline=None)
@given(st.data())
def test_api_writes_never_fail(client: Client, world: dict[str, Any], data: Any) -> None:
    spec = _openapi()
    numbers = {"organization": world["organization"].pk, "person": world["person"].pk}
    method, address, body = data.draw(st.sampled_from(_write_operations(spec, numbers)), label="operation")
    field = data.draw(st.sampled_from(sorted(body) or ["name"]), label="field")
    body = {**body, field: data.draw(st.one_of(nasty_text, st.lists(nasty_text, max_size=2)), label="value")}
    with override_settings(ARRIMAGE_API_WRITE_RATE="1000000/min"), transaction.atomic():
        response = getattr(client, method)(
            address, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world['key']}"
        )
        transaction.set_rollback(True)
    assert response.status_code < 500, (method, address, body, response.status_code)
    if response.status_code == 422:
        assert json.loads(response.content)["detail"].strip()


class _FormFields(HTMLParser):
    """The names and values of the fields of a page's POST form (the first that has text fields)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append(self._current)
        name = attributes.get("name")
        text = tag in {"select", "textarea"} or attributes.get("type") not in {"submit", "checkbox", "radio", "file"}
        if self._current is not None and tag in {"input", "select", "textarea"} and name and text:
            self._current.setdefault(name, attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _form_pages(world: dict[str, Any]) -> list[str]:
    organization, person, concertation, plan = (
        world[name].pk for name in ("organization", "person", "concertation", "plan")
    )
    return [
        "/organismes/nouveau/",
        "/personnes/nouvelle/",
        "/concertations/nouvelle/",
        "/plans/nouveau/",
        "/compte/cles/nouvelle/",
        f"/organismes/{organization}/modifier/",
        f"/personnes/{person}/modifier/",
        f"/personnes/{person}/postes/ajouter/",
        f"/concertations/{concertation}/modifier/",
        f"/concertations/{concertation}/sieges/ajouter/",
        f"/plans/{plan}/modifier/",
        f"/plans/{plan}/objectifs/ajouter/",
    ]


@pytest.mark.django_db
@fuzz(2, deadline=None)
@given(st.integers(0, 11), st.data())
def test_edit_forms_never_fail(client: Client, world: dict[str, Any], page: int, data: Any) -> None:
    client.force_login(world["admin"])
    path = _form_pages(world)[page]
    forms = world.setdefault("forms", {})
    if path not in forms:
        parser = _FormFields()
        parser.feed(_get(client, path, {}).content.decode())
        forms[path] = next(form for form in parser.forms if len(form) > 1)
    fields = dict(forms[path])
    name = data.draw(st.sampled_from(sorted(name for name in fields if name != "csrfmiddlewaretoken")), label="field")
    fields[name] = data.draw(nasty_text, label="value")
    with transaction.atomic():
        response = client.post(path, fields)
        transaction.set_rollback(True)
    assert response.status_code < 500, (path, name, fields[name], response.status_code)
