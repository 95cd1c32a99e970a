"""GeoJSON (RFC 7946) of what the registry places on the map."""

from __future__ import annotations

from typing import Any

from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_features


def concertation_coverage(concertation: Concertation) -> dict[str, Any]:
    """The territories a concertation covers, as one GeoJSON FeatureCollection in WGS84.

    Each feature is the territory's own (see `territory_features`): a polygon for a région, an RSS or an
    MRC, a point for a municipality, no geometry for a borough. Its properties say which concertation it
    belongs to. One query per territory covered (a concertation covers a few).
    """
    territories = Territory.objects.without_geometry().filter(concertations=concertation).order_by("kind", "name")
    features = []
    for territory in territories:
        for feature in territory_features(territory)["features"]:
            feature["properties"]["concertation"] = concertation.pk
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}
