"""Territories in the JSON API: list and search, one territory, and GeoJSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from arrimage.territories import selectors
from arrimage.territories.models import Territory, TerritoryKind

from .common import TERRITORY_ID_PATTERN, ErrorOut, InvalidOut, PageOut, PageParams, paginate

router = Router(tags=["territories"])


class TerritoryOut(Schema):
    id: str = Field(description="Stable identifier `kind:code`, e.g. `region:03`, `municipality:31084`.")
    kind: TerritoryKind
    code: str
    name: str
    designation: str
    parent: str | None = Field(description="Identifier of the parent territory.")
    health_region: str | None = Field(description="Identifier of the health and social services region (RSS).")
    population: int | None = Field(description="Population of the decree in force (MAMH directory, March 2026).")
    population_estimate_isq: int | None = Field(description="ISQ estimate of the geographic code (previous edition).")
    population_census_2021: int | None = Field(description="Statistics Canada, 2021 Census.")
    area_total_km2: float | None
    area_land_km2: float | None
    metropolitan_influence_zone: int | None = Field(description="Statistics Canada ZIM, 1 (in a CMA) to 7 (none).")
    mrc_typology: int | None = Field(description="ISQ typology of MRCs, 1 (large metropolitan) to 6 (very remote).")
    urbanity: str | None = Field(description="urban, periurban or rural, derived from the ZIM.")
    latitude: float | None
    longitude: float | None
    url: str = Field(description="The territory's page.")

    @staticmethod
    def of(territory: Territory) -> dict[str, Any]:
        def number(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {
            "id": territory.public_id,
            "kind": territory.kind,
            "code": territory.code,
            "name": territory.name,
            "designation": territory.designation,
            "parent": territory.parent.public_id if territory.parent else None,
            "health_region": f"rss:{territory.rss.code}" if territory.rss else None,
            "population": territory.population,
            "population_estimate_isq": territory.population_estimate_isq,
            "population_census_2021": territory.population_census_2021,
            "area_total_km2": number(territory.area_total_km2),
            "area_land_km2": number(territory.area_land_km2),
            "metropolitan_influence_zone": territory.metropolitan_influence_zone,
            "mrc_typology": territory.mrc_typology,
            "urbanity": territory.urbanity.value if territory.urbanity else None,
            "latitude": territory.latitude,
            "longitude": territory.longitude,
            "url": territory.get_absolute_url(),
        }


class TerritoryPage(PageOut):
    results: list[TerritoryOut]


class TerritoryFilters(PageParams):
    kind: TerritoryKind | None = Field(None, description="Only territories of this kind.")
    q: str = Field("", max_length=100, description="Words of the name; accents, case and hyphens are ignored.")
    parent: str | None = Field(None, pattern=TERRITORY_ID_PATTERN, description="Only the children of this territory.")


def _territories_out(rows: list[Territory]) -> list[dict[str, Any]]:
    return [TerritoryOut.of(territory) for territory in rows]


@router.get("/territories", response={200: TerritoryPage, 422: InvalidOut}, url_name="territory_list")
def territory_list(request: HttpRequest, filters: Query[TerritoryFilters]) -> dict[str, Any]:
    """Territories of Québec, best matches first when `q` is given; a page past the end is empty."""
    parent = None
    if filters.parent:
        try:
            parent = selectors.territory_get(filters.parent)
        except Http404:
            raise ValidationError(
                {"parent": _("Unknown parent territory « %(id)s ».") % {"id": filters.parent}}
            ) from None
    results = selectors.territory_search(filters.q, kind=filters.kind or "", parent=parent).select_related("rss")
    return paginate(request, results.defer("rss__boundary"), filters, _territories_out)


def _get_or_404(public_id: str) -> Territory:
    try:
        return selectors.territory_get(public_id)
    except Http404:
        raise HttpError(404, _("No territory has the identifier « %(id)s ».") % {"id": public_id}) from None


@router.get("/territories/{public_id}", response={200: TerritoryOut, 404: ErrorOut}, url_name="territory_detail")
def territory_detail(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """One territory, by its identifier (`region:03`, `mrc:31`, `municipality:31084`…)."""
    return TerritoryOut.of(_get_or_404(public_id))


@router.get(
    "/territories/{public_id}/geojson",
    response={200: dict[str, Any], 404: ErrorOut, 422: InvalidOut},
    url_name="territory_geojson",
    openapi_extra={"responses": {200: {"content": {"application/geo+json": {}}}}},
)
def territory_geojson(request: HttpRequest, public_id: str, children: bool = False) -> HttpResponse:
    """The territory's boundary (or point), or with `children=1` its children's, as a GeoJSON
    FeatureCollection in WGS84 (RFC 7946)."""
    territory = _get_or_404(public_id)
    collection = selectors.territory_features(territory, children=children)
    response = HttpResponse(json.dumps(collection, separators=(",", ":")), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response
