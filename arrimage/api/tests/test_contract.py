"""What every endpoint shares: one error format for every status, limits on writes and on wrong keys,
pages with the same shape and bounds, and an OpenAPI document that lists every refusal."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.utils import translation

from arrimage.api import errors
from tests.factories import ConcertationFactory, OrganizationFactory, PersonFactory

ORGANIZATIONS = "/api/v1/organizations"
LISTS = ["/api/v1/territories", ORGANIZATIONS, "/api/v1/people", "/api/v1/concertations", "/api/v1/memberships"]


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def assert_error_shape(response, status: int, *, with_errors: bool = False) -> dict:
    """The body of every refusal: `detail`, a sentence, and `errors`, each naming its field."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in body["detail"]
    for error in body.get("errors", []):
        assert set(error) == {"field", "parameter", "message"}
        assert error["field"] == error["parameter"]
        assert isinstance(error["message"], str) and error["message"]
    if with_errors:
        assert body["errors"]
    return body


class TestErrorFormat:
    def test_400_body_that_is_not_json(self, admin_api):
        response = admin_api.client.post(
            ORGANIZATIONS, b"\x00{", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {admin_api.key}"
        )
        body = assert_error_shape(response, 400)
        with translation.override("fr"):
            assert body["detail"] == errors.body_not_readable()
        assert "Cannot parse" not in body["detail"]

    def test_401_write_without_key(self, client, db):
        response = client.post(ORGANIZATIONS, {"name": "Sans clé", "sector": "community"}, "application/json")
        assert_error_shape(response, 401)
        assert response["WWW-Authenticate"] == "Bearer"

    def test_401_wrong_key_on_a_read(self, client, db):
        response = client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_wrong")
        body = assert_error_shape(response, 401)
        assert "révoquée" in plain(body["detail"])

    def test_403_refused_permission(self, nobody_api):
        response = nobody_api.post(ORGANIZATIONS, {"name": "Refusé", "sector": "community"})
        body = assert_error_shape(response, 403)
        assert "pas le droit" in plain(body["detail"])

    @pytest.mark.parametrize(
        "url", ["/api/v1/organizations/999999", "/api/v1/territories/region:99", "/api/v1/nowhere"]
    )
    def test_404(self, client, db, url):
        assert_error_shape(client.get(url), 404)

    def test_405_method_not_accepted(self, client, db):
        response = client.delete(ORGANIZATIONS)
        body = assert_error_shape(response, 405)
        assert set(response["Allow"].split(", ")) == {"GET", "POST"}
        assert "DELETE" in body["detail"]
        assert "GET, POST" in body["detail"]

    def test_409_change_based_on_an_older_version(self, admin_api):
        organization = OrganizationFactory.create()
        stale = organization.version
        assert (
            admin_api.patch(f"{ORGANIZATIONS}/{organization.pk}", {"mission": "A", "version": stale}).status_code == 200
        )
        response = admin_api.patch(f"{ORGANIZATIONS}/{organization.pk}", {"mission": "B", "version": stale})
        assert_error_shape(response, 409)

    def test_422_malformed_parameter(self, client, db):
        body = assert_error_shape(client.get(ORGANIZATIONS, {"page": "abc"}), 422, with_errors=True)
        assert body["errors"][0]["field"] == "page"
        assert plain(body["detail"]).startswith("Requête non valide")

    def test_422_refused_by_the_service(self, admin_api):
        response = admin_api.post(ORGANIZATIONS, {"name": "Date", "sector": "community", "start": "2021-02-30"})
        body = assert_error_shape(response, 422, with_errors=True)
        assert body["errors"][0]["field"] == "start"

    def test_422_unknown_reference_in_a_read_is_about_the_request(self, client, db):
        body = assert_error_shape(client.get("/api/v1/concertations", {"theme": "nothing"}), 422, with_errors=True)
        assert body["errors"][0]["parameter"] == "theme"
        assert plain(body["detail"]).startswith("Requête non valide")

    def test_422_unknown_parent_territory_names_the_parameter(self, client, db):
        body = assert_error_shape(client.get("/api/v1/territories", {"parent": "region:99"}), 422, with_errors=True)
        assert body["errors"][0]["parameter"] == "parent"

    @pytest.mark.parametrize("parameter", ["organization", "concertation", "person"])
    def test_422_record_number_beyond_what_the_database_holds(self, admin_api, parameter):
        response = admin_api.get("/api/v1/memberships", {parameter: 10**30})
        body = assert_error_shape(response, 422, with_errors=True)
        assert body["errors"][0]["parameter"] == parameter

    def test_422_empty_required_text(self, admin_api):
        body = assert_error_shape(admin_api.post(ORGANIZATIONS, {"name": "", "sector": "community"}), 422)
        assert body["errors"][0]["field"] == "name"

    @override_settings(ARRIMAGE_API_WRITE_RATE="1/min")
    def test_429_too_many_writes(self, admin_api):
        assert admin_api.post(ORGANIZATIONS, {"name": "Une", "sector": "community"}).status_code == 201
        response = admin_api.post(ORGANIZATIONS, {"name": "Deux", "sector": "community"})
        body = assert_error_shape(response, 429)
        assert 1 <= int(response["Retry-After"]) <= 60
        with translation.override("fr"):
            assert body["detail"] == errors.too_many_requests(int(response["Retry-After"]))

    def test_500_unexpected_error(self, client, db, monkeypatch):
        def broken() -> None:
            raise RuntimeError("broken on purpose")

        monkeypatch.setattr("arrimage.api.themes.selectors.themes_all", broken)
        client.raise_request_exception = False
        body = assert_error_shape(client.get("/api/v1/themes"), 500)
        assert "broken on purpose" not in body["detail"]

    def test_english_when_asked(self, client, db):
        client.cookies["arrimage_language"] = "en"
        body = assert_error_shape(client.get(ORGANIZATIONS, {"page": "0"}), 422)
        assert body["detail"].startswith("Invalid request")


class TestWriteLimit:
    @override_settings(ARRIMAGE_API_WRITE_RATE="2/min")
    def test_counts_each_user_apart(self, admin_api, editor_api):
        for name in ("Un", "Deux"):
            assert admin_api.post(ORGANIZATIONS, {"name": name, "sector": "community"}).status_code == 201
        assert admin_api.post(ORGANIZATIONS, {"name": "Trois", "sector": "community"}).status_code == 429
        assert editor_api.post(ORGANIZATIONS, {"name": "Quatre", "sector": "community"}).status_code == 201

    @override_settings(ARRIMAGE_API_WRITE_RATE="1/min")
    def test_reads_are_not_counted(self, admin_api):
        for _ in range(5):
            assert admin_api.get(ORGANIZATIONS).status_code == 200
        assert admin_api.post(ORGANIZATIONS, {"name": "Une", "sector": "community"}).status_code == 201

    @override_settings(ARRIMAGE_API_WRITE_RATE="1/min")
    def test_works_again_after_the_window(self, admin_api, monkeypatch):
        assert admin_api.post(ORGANIZATIONS, {"name": "Une", "sector": "community"}).status_code == 201
        assert admin_api.post(ORGANIZATIONS, {"name": "Deux", "sector": "community"}).status_code == 429
        later = time.time() + 61
        monkeypatch.setattr("arrimage.core.ratelimit.time.time", lambda: later)
        assert admin_api.post(ORGANIZATIONS, {"name": "Trois", "sector": "community"}).status_code == 201


class TestKeyFailureLimit:
    @override_settings(ARRIMAGE_API_KEY_FAILURE_RATE="3/min")
    def test_wrong_keys_from_an_address_lock_it_out(self, admin_api, client):
        for _ in range(3):
            assert client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_guess").status_code == 401
        response = client.get(ORGANIZATIONS, HTTP_AUTHORIZATION=f"Bearer {admin_api.key}")
        body = assert_error_shape(response, 429)
        assert int(response["Retry-After"]) >= 1
        with translation.override("fr"):
            assert body["detail"] == errors.too_many_requests(int(response["Retry-After"]))
        # Without a key, the public view is still served.
        assert client.get(ORGANIZATIONS).status_code == 200
        # Another address is not concerned.
        other = client.get(ORGANIZATIONS, HTTP_AUTHORIZATION=f"Bearer {admin_api.key}", REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200

    @override_settings(ARRIMAGE_API_KEY_FAILURE_RATE="3/min")
    def test_malformed_headers_count_too(self, client, db):
        for _ in range(3):
            assert client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Basic abc").status_code == 401
        assert client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_x").status_code == 429

    @override_settings(ARRIMAGE_API_KEY_FAILURE_RATE="3/min")
    def test_right_keys_are_not_counted(self, admin_api):
        for _ in range(5):
            assert admin_api.get(ORGANIZATIONS).status_code == 200

    @override_settings(ARRIMAGE_API_KEY_FAILURE_RATE="2/min", ARRIMAGE_TRUSTED_PROXIES=1)
    def test_behind_a_proxy_the_forwarded_address_counts(self, client, db):
        for _ in range(2):
            client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_x", HTTP_X_FORWARDED_FOR="198.51.100.1")
        blocked = client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_x", HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert blocked.status_code == 429
        other = client.get(ORGANIZATIONS, HTTP_AUTHORIZATION="Bearer arr_x", HTTP_X_FORWARDED_FOR="198.51.100.2")
        assert other.status_code == 401


class TestPages:
    @pytest.mark.parametrize("url", LISTS)
    def test_every_list_has_the_same_page_shape(self, client, db, url):
        body = client.get(url, {"page_size": 1}).json()
        assert set(body) == {"count", "page", "page_size", "pages", "next", "previous", "results"}
        assert body["page"] == 1 and body["page_size"] == 1
        assert body["previous"] is None

    @pytest.mark.parametrize("url", LISTS)
    @pytest.mark.parametrize(
        ("params", "parameter"),
        [({"page_size": 201}, "page_size"), ({"page_size": 0}, "page_size"), ({"page": 0}, "page")],
    )
    def test_bounds_are_a_422_on_the_parameter(self, client, db, url, params, parameter):
        body = assert_error_shape(client.get(url, params), 422, with_errors=True)
        assert [error["parameter"] for error in body["errors"]] == [parameter]

    def test_largest_page(self, client, db):
        assert client.get("/api/v1/territories", {"page_size": 200}).json()["page_size"] == 200

    def test_links_keep_the_parameters(self, client, db):
        for name in ("Alpha", "Bravo", "Charlie"):
            OrganizationFactory.create(name=f"Groupe {name}")
        body = client.get(ORGANIZATIONS, {"q": "groupe", "page_size": 1, "page": 2}).json()
        assert body["count"] == 3 and body["pages"] == 3
        assert body["next"] == f"{ORGANIZATIONS}?q=groupe&page_size=1&page=3"
        assert body["previous"] == f"{ORGANIZATIONS}?q=groupe&page_size=1&page=1"

    def test_page_past_the_end_is_empty(self, client, db):
        PersonFactory.create(public_consent=True)
        ConcertationFactory.create()
        body = client.get("/api/v1/people", {"page": 50}).json()
        assert body["results"] == [] and body["next"] is None


class TestOpenAPI:
    @pytest.fixture
    def schema(self, client, db):
        return client.get("/api/v1/openapi.json").json()

    def test_every_write_documents_its_refusals(self, schema):
        writes = [
            (path, method, operation)
            for path, item in schema["paths"].items()
            for method, operation in item.items()
            if method in ("post", "patch", "put", "delete")
        ]
        assert writes
        for path, method, operation in writes:
            for status in ("400", "401", "403", "422", "429"):
                assert status in operation["responses"], (method, path, status)
            assert "Retry-After" in operation["responses"]["429"]["headers"]

    def test_reads_with_a_key_document_401_and_429(self, schema):
        operation = schema["paths"]["/api/v1/organizations"]["get"]
        assert {"401", "422", "429"} <= set(operation["responses"])
        assert "400" not in operation["responses"]

    def test_one_error_schema(self, schema):
        schemas = schema["components"]["schemas"]
        assert schemas["ErrorOut"]["required"] == ["detail"]
        assert set(schemas["InvalidOut"]["required"]) == {"detail", "errors"}
        assert set(schemas["FieldErrorOut"]["properties"]) == {"field", "parameter", "message"}

    def test_pages_are_documented(self, schema):
        assert "page_size" in schema["info"]["description"]
        parameters = {p["name"]: p for p in schema["paths"]["/api/v1/territories"]["get"]["parameters"]}
        assert parameters["page_size"]["schema"]["maximum"] == 200


def test_every_schema_has_its_own_name():
    """OpenAPI names components after the schema classes: two classes with one name would silently make
    one endpoint document the other's shape."""
    import importlib
    import inspect
    import pkgutil
    from collections import defaultdict

    from django.db import models
    from ninja import Schema

    import arrimage.api as package

    modules_of: dict[str, set[str]] = defaultdict(set)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name == "tests":
            continue
        module = importlib.import_module(f"arrimage.api.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == module.__name__:
                modules_of[name].add(module.__name__)
            # Choices used as field types are components too, named after their class wherever it lives.
            if inspect.isclass(obj) and issubclass(obj, models.Choices) and obj.__module__ != models.Choices.__module__:
                modules_of[name].add(obj.__module__)
    assert {name: modules for name, modules in modules_of.items() if len(modules) > 1} == {}
