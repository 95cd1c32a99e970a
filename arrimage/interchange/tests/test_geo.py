"""A concertation's coverage as GeoJSON, valid against the RFC 7946 schemas kept in `standards/geojson`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from arrimage.interchange.geo import concertation_coverage
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory

pytestmark = pytest.mark.django_db

GEOJSON_SCHEMAS = Path(settings.BASE_DIR) / "standards" / "geojson"


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    resources = []
    for path in sorted(GEOJSON_SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)))
    root = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$ref": "https://geojson.org/schema/FeatureCollection.json",
    }
    return Draft7Validator(root, registry=Registry().with_resources(resources))


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def concertation():
    concertation = ConcertationFactory.create(name="Table de Beauport")
    concertation.territories.add(territory("mrc:23"), territory("municipality:23027"), territory("borough:REQ05"))
    return concertation


def test_coverage_is_a_valid_feature_collection(concertation, validator):
    collection = concertation_coverage(concertation)
    assert sorted(validator.iter_errors(collection), key=str) == []
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"mrc:23", "municipality:23027", "borough:REQ05"}
    assert features["mrc:23"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert features["municipality:23027"]["geometry"]["type"] == "Point"
    assert features["borough:REQ05"]["geometry"] is None
    assert all(f["properties"]["concertation"] == concertation.pk for f in collection["features"])


def test_no_territory_is_an_empty_collection(validator):
    collection = concertation_coverage(ConcertationFactory.create())
    assert collection == {"type": "FeatureCollection", "features": []}
    assert not list(validator.iter_errors(collection))


class TestApi:
    def test_geojson(self, client, concertation, validator):
        response = client.get(f"/api/v1/concertations/{concertation.pk}/geojson")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert not list(validator.iter_errors(json.loads(response.content)))

    def test_private_concertation_is_not_found(self, client):
        private = ConcertationFactory.create(is_public=False)
        response = client.get(f"/api/v1/concertations/{private.pk}/geojson")
        assert response.status_code == 404
        assert client.get("/api/v1/concertations/999999/geojson").status_code == 404
