"""The map of a territory's « Concertation » page: its parts (the columns of the coverage matrix) shaded
by the number of concertation bodies covering each, or working on one theme there, and the compact table
that gives the same figures without the map.

The shapes come from the territories' GeoJSON endpoint; the figures from the page's analysis
(`Results`), passed to `static/js/analysis-map.js` with `json_script`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrimage.analysis.coverage import parts
from arrimage.analysis.results import Results
from arrimage.territories.models import Territory, TerritoryKind

# The page's module imports this one: its helpers are read from the module when the map is built.
from .analysis_names import HEAT_STEPS

# The territories whose parts have shapes of their own: regions and MRCs are polygons, municipalities
# points. Boroughs have none: a municipality is drawn alone, and a borough shows the municipality it is in.
_PARTS_DRAWN = {TerritoryKind.PROVINCE, TerritoryKind.REGION, TerritoryKind.MRC, TerritoryKind.RSS}


@dataclass(frozen=True)
class MapRow:
    """One part of the territory on the map and in its table."""

    id: str  # public id, as in the GeoJSON features
    name: str
    url: str  # its own « Concertation » page
    population: int
    bodies: int  # every body whose coverage meets the part, whatever its themes
    themes: tuple[int, ...]  # bodies working on each theme there, in the order of the matrix's rows
    themes_without: int  # themes without any body there


def map_context(territory: Territory, results: Results) -> dict[str, Any]:
    """The data of the map (`map_data`, for `json_script`) and the rows of its table (`map_rows`)."""
    s = results.snapshot
    matrix = results.matrix
    units = {info.id: (info, municipalities) for info, municipalities in parts(s)}
    codes = {
        pk: f"{kind}:{code}"
        for pk, kind, code in Territory.objects.filter(pk__in=list(units)).values_list("pk", "kind", "code")
    }
    rows = []
    for territory_id in matrix.territory_ids:
        info, municipalities = units[territory_id]
        themes = tuple(len(matrix.cell(theme_id, territory_id).concertation_ids) for theme_id in matrix.theme_ids)
        public_id = codes.get(territory_id, "")
        rows.append(
            MapRow(
                id=public_id,
                name=info.name,
                url=reverse("registry:territory_analysis", args=[public_id]) if public_id else "",
                population=info.population,
                bodies=sum(1 for c in s.concertations if c.municipality_ids & municipalities),
                themes=themes,
                themes_without=sum(1 for count in themes if count == 0),
            )
        )
    counts = {row.bodies for row in rows} | {count for row in rows for count in row.themes}
    names = {t.id: t.name for t in s.themes}
    layers = _layers(territory, has_parts=bool(s.subterritories))
    data = {
        "layers": layers,
        "steps": list(HEAT_STEPS),
        "themes": [names.get(theme_id, "") for theme_id in matrix.theme_ids],
        "parts": [
            {
                "id": row.id,
                "name": row.name,
                "url": row.url,
                "link": _("Concertation in %(name)s") % {"name": row.name},
                "bodies": row.bodies,
                "themes": list(row.themes),
            }
            for row in rows
        ],
        # The words for each number shown, in the page's language (plurals differ from one to another).
        "counts": {
            str(count): ngettext("%(count)d concertation body", "%(count)d concertation bodies", count)
            % {"count": count}
            for count in sorted(counts)
        },
    }
    return {
        "map_data": data,
        "map_rows": rows,
        "map_theme_count": len(matrix.theme_ids),
        "map_parts_drawn": any(layer["role"] == "parts" for layer in layers),
    }


def _layers(territory: Territory, *, has_parts: bool) -> list[dict[str, str]]:
    """The GeoJSON layers to fetch: `parts` holds the shapes to shade, `context` shapes drawn plainly."""

    def geojson(public_id: str, children: bool = False) -> str:
        url = reverse("api-1:territory_geojson", kwargs={"public_id": public_id})
        return f"{url}?children=1" if children else url

    if territory.kind in _PARTS_DRAWN and has_parts:
        return [{"url": geojson(territory.public_id, children=True), "role": "parts"}]
    if has_parts:  # a municipality whose boroughs have no shape
        return [{"url": geojson(territory.public_id), "role": "context"}]
    layers = [{"url": geojson(territory.public_id), "role": "parts"}]
    if territory.kind == TerritoryKind.BOROUGH and territory.parent_id is not None:
        parent = Territory.objects.without_geometry().only("kind", "code").get(pk=territory.parent_id)
        layers.insert(0, {"url": geojson(parent.public_id), "role": "context"})
    return layers
