"""A concertation's coverage as GeoJSON, valid against the RFC 7946 schemas kept in `standards/geojson`."""

from __future__ import annotations

import json

import pytest

from arrimage.interchange.geo import concertation_coverage
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def concertation():
    concertation = ConcertationFactory.create(name="Table de Beauport")
    concertation.territories.add(territory("mrc:23"), territory("municipality:23027"), territory("borough:REQ05"))
    return concertation


def test_coverage_is_a_valid_feature_collection(concertation, feature_collection_validator):
    collection = concertation_coverage(concertation)
    assert sorted(feature_collection_validator.iter_errors(collection), key=str) == []
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"mrc:23", "municipality:23027", "borough:REQ05"}
    assert features["mrc:23"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert features["municipality:23027"]["geometry"]["type"] == "Point"
    assert features["borough:REQ05"]["geometry"] is None
    assert all(f["properties"]["concertation"] == concertation.pk for f in collection["features"])


def test_no_territory_is_an_empty_collection(feature_collection_validator):
    collection = concertation_coverage(ConcertationFactory.create())
    assert collection == {"type": "FeatureCollection", "features": []}
    assert not list(feature_collection_validator.iter_errors(collection))


class TestApi:
    def test_geojson(self, client, concertation, feature_collection_validator):
        response = client.get(f"/api/v1/concertations/{concertation.pk}/geojson")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert not list(feature_collection_validator.iter_errors(json.loads(response.content)))

    def test_private_concertation_is_not_found(self, client):
        private = ConcertationFactory.create(is_public=False)
        response = client.get(f"/api/v1/concertations/{private.pk}/geojson")
        assert response.status_code == 404
        assert client.get("/api/v1/concertations/999999/geojson").status_code == 404
