"""Cross-site request forgery: every address of the site refuses a POST without the form's CSRF token, even
from a signed-in administrator, and the API's writes need an API key, so a session cookie alone (which a
forged request would carry) writes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from arrimage.accounts.models import User
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# A value that each converter accepts; the CSRF check runs before the view, so no record needs to exist.
SAMPLES = ("1", "mrc:28", "csv", "x", "00000000-0000-4000-8000-000000000000")
API_PREFIX = "api/v1/"


def sample(converter: Any) -> str:
    """The first sample value that the converter's pattern accepts."""
    for value in SAMPLES:
        if re.fullmatch(converter.regex, value):
            return value
    raise AssertionError(f"No sample value for the converter {converter!r}")


def site_paths(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> Iterator[str]:
    """Every address of the site written with path() (the admin's few regular expressions aside), with a
    sample value in each parameter."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        converters = pattern.pattern.converters

        def fill(match: re.Match[str], converters: dict[str, Any] = converters) -> str:
            return sample(converters[match["name"]])

        filled = PARAMETER.sub(fill, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from site_paths(pattern.url_patterns, prefix + filled)
        else:
            yield "/" + prefix + filled


PATHS = sorted({path for path in site_paths() if not path.startswith("/" + API_PREFIX)})


@pytest.fixture
def administrator_client() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    return client


def test_the_walk_finds_the_forms() -> None:
    for form in ("/concertations/nouvelle/", "/plans/1/modifier/", "/importations/nouvelle/", "/compte/cles/nouvelle/"):
        assert form in PATHS


@pytest.mark.parametrize("path", PATHS)
def test_a_post_without_the_csrf_token_is_refused(administrator_client: Client, path: str) -> None:
    assert not getattr(resolve(path).func, "csrf_exempt", False), f"{path} is exempt from the CSRF check"
    response = administrator_client.post(path, {"name": "Forgée"})
    assert response.status_code == 403, f"POST {path} answered {response.status_code}"


def test_a_post_with_the_token_passes_the_check(administrator_client: Client) -> None:
    """The refusals above come from the missing token: the same form with its token is read."""
    administrator_client.get("/concertations/nouvelle/")
    token = administrator_client.cookies["csrftoken"].value
    response = administrator_client.post("/concertations/nouvelle/", {"csrfmiddlewaretoken": token, "name": ""})
    assert response.status_code == 422


def api_writes() -> Iterator[tuple[str, str]]:
    from arrimage.api.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            if method in ("post", "put", "patch", "delete"):
                yield method, re.sub(r"\{[^}]+\}", "1", path)


API_WRITES = sorted(api_writes())


def test_the_api_has_writes() -> None:
    assert ("post", "/api/v1/organizations") in API_WRITES


@pytest.mark.parametrize(("method", "path"), API_WRITES)
def test_an_api_write_with_a_session_and_no_key_is_refused(
    administrator_client: Client, method: str, path: str
) -> None:
    response = getattr(administrator_client, method)(path, data={"name": "Forgée"}, content_type="application/json")
    assert response.status_code == 401, f"{method.upper()} {path} answered {response.status_code}"
    assert response["Content-Type"].startswith("application/json")


def test_an_api_write_with_a_key_needs_no_csrf_token(administrator_client: Client) -> None:
    """API clients send their key, not a cookie: no CSRF token is asked of them."""
    user = User.objects.get()
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/organizations",
        data={},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key(user)}"},
    )
    assert response.status_code == 422, response.content
