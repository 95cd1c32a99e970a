"""Exports in open standards: the registry as a Popolo bundle, and a concertation's coverage in GeoJSON."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from arrimage.interchange.geo import concertation_coverage
from arrimage.interchange.popolo import popolo_bundle

from .auth import OPTIONAL_SECURITY, optional_key
from .common import ErrorOut, caller
from .concertations import _get as visible_concertation

router = Router(tags=["exports"])


@router.get(
    "/export/popolo",
    response={200: dict[str, Any]},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="export_popolo",
)
def export_popolo(request: HttpRequest) -> HttpResponse:
    """The registry as a Popolo bundle (https://www.popoloproject.com): `organizations` (the
    organisations, and the concertations with `classification` « concertation »), `posts` (seats),
    `memberships` (holdings of seats, with `on_behalf_of_id`), `persons` and `areas` (territories, with
    Open Civic Data identifiers where they exist). The concertations the caller may see; a holder the
    caller may not see named is a protected person (a pseudonym); never a contact detail."""
    bundle = popolo_bundle(user=caller(request))
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="arrimage-popolo.json"'
    return response


@router.get(
    "/concertations/{int:pk}/geojson",
    response={200: dict[str, Any], 404: ErrorOut},
    auth=optional_key,
    openapi_extra={**OPTIONAL_SECURITY, "responses": {200: {"content": {"application/geo+json": {}}}}},
    url_name="concertation_geojson",
)
def concertation_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """The territories a concertation covers, as a GeoJSON FeatureCollection in WGS84 (RFC 7946):
    polygons for régions, RSS and MRCs, points for municipalities, no geometry for boroughs."""
    concertation = visible_concertation(request, pk)
    collection = concertation_coverage(concertation)
    return HttpResponse(json.dumps(collection, separators=(",", ":")), content_type="application/geo+json")
