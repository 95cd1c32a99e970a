"""The territories in the JSON API: list and search, one territory, GeoJSON, OpenAPI and errors."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/territories"
TOTAL = 1467


def plain(text: str) -> str:
    """French typography's non-breaking spaces made plain for the assertions."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def positions(coordinates):
    """Every [longitude, latitude] of a geometry's coordinates, however deeply nested."""
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
    else:
        for part in coordinates:
            yield from positions(part)


def assert_valid_geojson(response, validator) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    errors = sorted(validator.iter_errors(collection), key=str)
    assert not errors, errors[0].message if errors else ""
    for feature in collection["features"]:
        if feature["geometry"] is not None:
            for longitude, latitude in positions(feature["geometry"]["coordinates"]):
                assert -180 <= longitude <= 180 and -90 <= latitude <= 90
                # Longitude first: Québec lies west of Greenwich and north of 44° N.
                assert -80 < longitude < -56 and 44 < latitude < 63
    return collection


class TestList:
    def test_first_page(self, client):
        response = client.get(LIST)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"count", "page", "page_size", "pages", "next", "previous", "results"}
        assert body["count"] == TOTAL
        assert (body["page"], body["page_size"], body["pages"]) == (1, 50, math.ceil(TOTAL / 50))
        assert body["next"] == f"{LIST}?page=2"
        assert body["previous"] is None
        assert len(body["results"]) == 50
        assert body["results"][0]["id"] == "province:24"

    def test_links_keep_the_filters(self, client):
        body = client.get(LIST, {"q": "saint", "kind": "municipality", "page": 2, "page_size": 10}).json()
        assert body["next"].startswith(f"{LIST}?")
        assert "q=saint" in body["next"] and "kind=municipality" in body["next"] and "page=3" in body["next"]
        assert "page=1" in body["previous"]
        follow = client.get(body["next"]).json()
        assert follow["page"] == 3
        assert {r["id"] for r in follow["results"]}.isdisjoint({r["id"] for r in body["results"]})

    def test_last_page(self, client):
        body = client.get(LIST, {"page_size": 200, "page": 8}).json()
        assert body["pages"] == 8
        assert len(body["results"]) == TOTAL - 7 * 200
        assert body["next"] is None

    def test_page_past_the_end_is_empty(self, client):
        response = client.get(LIST, {"page": 999})
        assert response.status_code == 200
        body = response.json()
        assert body["results"] == []
        assert body["count"] == TOTAL
        assert body["page"] == 999
        assert body["next"] is None
        assert "page=30" in body["previous"]

    def test_kind(self, client):
        body = client.get(LIST, {"kind": "region"}).json()
        assert body["count"] == 17
        assert {r["kind"] for r in body["results"]} == {"region"}

    @pytest.mark.parametrize("q", ["st-zacharie", "SAINT ZACHARIE", "saint-zacharie"])
    def test_q(self, client, q):
        results = client.get(LIST, {"q": q}).json()["results"]
        assert results[0]["id"] == "municipality:28005"

    def test_q_and_kind(self, client):
        results = client.get(LIST, {"q": "beauport", "kind": "borough"}).json()["results"]
        assert [r["id"] for r in results] == ["borough:REQ05"]

    def test_parent(self, client):
        body = client.get(LIST, {"parent": "region:05"}).json()
        assert body["count"] == 9
        assert {r["parent"] for r in body["results"]} == {"region:05"}
        assert {r["kind"] for r in body["results"]} == {"mrc"}

    def test_parent_rss_gives_its_municipalities(self, client):
        # The page of an RSS lists its municipalities as its subdivisions; the API agrees.
        body = client.get(LIST, {"parent": "rss:04", "q": "trois rivieres"}).json()
        assert [r["id"] for r in body["results"]][:1] == ["municipality:37067"]
        assert {r["health_region"] for r in body["results"]} == {"rss:04"}
        everything = client.get(LIST, {"parent": "rss:04", "page_size": 1}).json()
        assert everything["count"] == Territory.objects.filter(kind="municipality", rss__code="04").count() > 100

    def test_parent_and_q(self, client):
        body = client.get(LIST, {"parent": "mrc:28", "q": "st"}).json()
        assert "municipality:28005" in [r["id"] for r in body["results"]]
        assert {r["parent"] for r in body["results"]} == {"mrc:28"}

    def test_same_queries_for_a_long_and_a_short_page(self, client, django_assert_num_queries):
        client.get(LIST, {"page_size": 5})
        cache.clear()  # the answers are cached: their computation is measured (and the data version read)
        with django_assert_num_queries(3):
            assert len(client.get(LIST, {"page_size": 200}).json()["results"]) == 200
        with django_assert_num_queries(3):
            assert len(client.get(LIST, {"page_size": 5}).json()["results"]) == 5


class TestListErrors:
    @pytest.mark.parametrize(
        ("params", "parameter", "french"),
        [
            ({"page": "abc"}, "page", "entier"),
            ({"page": "0"}, "page", "au moins 1"),
            ({"kind": "foo"}, "kind", "region"),
            ({"page_size": "0"}, "page_size", "au moins 1"),
            ({"page_size": "201"}, "page_size", "au plus 200"),
            ({"parent": "nonsense"}, "parent", "forme"),
            ({"q": "x" * 101}, "q", "100"),
        ],
    )
    def test_malformed_parameter_is_a_422_in_french(self, client, params, parameter, french):
        response = client.get(LIST, params)
        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        detail = plain(body["detail"])
        assert f"« {parameter} »" in detail
        assert french in detail
        assert detail.startswith("Requête")
        assert "Invalid request" not in detail
        assert [error["parameter"] for error in body["errors"]] == [parameter]

    def test_unknown_parent(self, client):
        response = client.get(LIST, {"parent": "region:99"})
        assert response.status_code == 422
        detail = plain(response.json()["detail"])
        assert "« region:99 »" in detail
        assert "inconnu" in detail
        assert "Unknown" not in detail


class TestDetail:
    def test_region(self, client):
        response = client.get(f"{LIST}/region:03")
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == "region:03"
        assert (body["kind"], body["code"], body["name"]) == ("region", "03", "Capitale-Nationale")
        assert body["parent"] == "province:24"
        assert body["health_region"] is None
        assert body["url"] == "/territoires/region:03/"
        with (Path(settings.BASE_DIR) / "arrimage/territories/data/regions_administratives_qc.csv").open() as file:
            row = next(line for line in file if line.startswith("03,")).strip().split(",")
        assert body["population"] == int(row[4])
        assert body["population_census_2021"] == int(row[5])

    def test_municipality(self, client):
        body = client.get(f"{LIST}/municipality:31084").json()
        assert body["name"] == "Thetford Mines"
        assert body["parent"] == "mrc:31"
        assert body["health_region"] == "rss:12"
        assert body["designation"] == "Ville"
        assert body["urbanity"] in ("urban", "periurban", "rural")
        assert isinstance(body["area_land_km2"], float)
        assert 45 < body["latitude"] < 47 and -72 < body["longitude"] < -71

    def test_every_field_is_documented(self, client):
        body = client.get(f"{LIST}/borough:REQ05").json()
        schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["TerritoryOut"]
        assert set(body) == set(schema["properties"])
        assert body["parent"] == "municipality:23027"

    @pytest.mark.parametrize("public_id", ["region:99", "nonsense", "custom:nothing"])
    def test_unknown_is_a_json_404_in_french(self, client, public_id):
        response = client.get(f"{LIST}/{public_id}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        detail = plain(response.json()["detail"])
        assert f"« {public_id} »" in detail
        assert "territoire" in detail
        assert "No territory" not in detail


class TestGeoJSON:
    @pytest.mark.parametrize(
        ("public_id", "geometry"),
        [
            ("region:03", {"Polygon", "MultiPolygon"}),
            ("rss:04", {"Polygon", "MultiPolygon"}),
            ("mrc:28", {"Polygon", "MultiPolygon"}),
            ("municipality:28005", {"Point"}),
        ],
    )
    def test_territory(self, client, feature_collection_validator, public_id, geometry):
        collection = assert_valid_geojson(client.get(f"{LIST}/{public_id}/geojson"), feature_collection_validator)
        (feature,) = collection["features"]
        assert feature["id"] == public_id
        assert feature["geometry"]["type"] in geometry

    def test_borough_has_a_null_geometry(self, client, feature_collection_validator):
        collection = assert_valid_geojson(client.get(f"{LIST}/borough:REQ05/geojson"), feature_collection_validator)
        assert collection["features"][0]["geometry"] is None

    @pytest.mark.parametrize(
        ("public_id", "count", "geometry"),
        [
            ("province:24", 17, {"Polygon", "MultiPolygon"}),
            ("region:05", 9, {"Polygon", "MultiPolygon"}),
            ("mrc:28", 13, {"Point"}),
            ("municipality:23027", 6, {None}),
        ],
    )
    def test_children(self, client, feature_collection_validator, public_id, count, geometry):
        response = client.get(f"{LIST}/{public_id}/geojson", {"children": 1})
        collection = assert_valid_geojson(response, feature_collection_validator)
        assert len(collection["features"]) == count
        assert {(f["geometry"] or {}).get("type") for f in collection["features"]} <= geometry
        assert {f["properties"]["kind"] for f in collection["features"]} != {public_id.split(":")[0]}

    def test_validator_rejects_what_is_not_geojson(self, feature_collection_validator):
        assert not feature_collection_validator.is_valid({"type": "FeatureCollection"})
        bad_point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1]}}
        assert not feature_collection_validator.is_valid({"type": "FeatureCollection", "features": [bad_point]})

    def test_malformed_children_flag(self, client):
        response = client.get(f"{LIST}/region:03/geojson", {"children": "maybe"})
        assert response.status_code == 422
        assert "« children »" in plain(response.json()["detail"])

    def test_unknown_territory(self, client):
        response = client.get(f"{LIST}/region:99/geojson")
        assert response.status_code == 404
        assert "region:99" in response.json()["detail"]


class TestDocumentation:
    def test_openapi(self, client):
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        spec = json.loads(response.content)
        assert spec["openapi"].startswith("3.")
        assert spec["info"]["title"] == "Arrimage API"
        assert {
            "/api/v1/territories",
            "/api/v1/territories/{public_id}",
            "/api/v1/territories/{public_id}/geojson",
        } <= set(spec["paths"])
        geojson = spec["paths"]["/api/v1/territories/{public_id}/geojson"]["get"]
        assert "application/geo+json" in geojson["responses"]["200"]["content"]
        parameters = {p["name"] for p in spec["paths"]["/api/v1/territories"]["get"]["parameters"]}
        assert {"kind", "q", "parent", "page", "page_size"} <= parameters

    def test_docs_load_nothing_from_a_cdn(self, client):
        response = client.get("/api/v1/docs")
        assert response.status_code == 200
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets
        assert all(asset.startswith("/static/") for asset in assets), assets
        assert "cdn" not in html.lower()
        assert "/api/v1/openapi.json" in html

    def test_unknown_address_is_a_json_404(self, client):
        response = client.get("/api/v1/nope")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        detail = plain(response.json()["detail"])
        assert "API" in detail
        assert "does not exist" not in detail
