"""A simple static map of a territory for the printed reports: its boundary and its parts, drawn as SVG
from the reference boundaries with shapely, simplified to what a page of paper shows.

The municipalities of the reference data are points (their reference point), the MRCs, régions and
health regions are polygons: a région's map shows its MRCs, an MRC's map its municipalities as dots, a
municipality's map its MRC with the municipality as a dot. The map always comes with the list of what it
draws (`TerritoryMap.features`), which the report shows as its text alternative.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from arrimage.registry.charts import FONT, INK_MUTED, LINE, SURFACE, TEAL
from arrimage.territories.models import Territory, TerritoryKind
from arrimage.territories.selectors import territory_children

WIDTH = 480.0
HEIGHT = 360.0
MARGIN = 12.0
FILL = "#e3efee"
CONTEXT_FILL = "#f3f1ec"
DOT = 3.5


@dataclass(frozen=True)
class Feature:
    """Something the map draws: a territory, what it stands for on the map and its population."""

    name: str
    kind: str
    role: str  # "territory", "part" or "context"
    population: int | None


@dataclass(frozen=True)
class TerritoryMap:
    svg: str  # empty when nothing can be drawn
    features: list[Feature]


def _geometry(territory: Territory) -> BaseGeometry | None:
    if territory.boundary:
        try:
            geometry = shape(json.loads(territory.boundary))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return geometry if not geometry.is_empty else None
    if territory.latitude is not None and territory.longitude is not None:
        return shape({"type": "Point", "coordinates": [territory.longitude, territory.latitude]})
    return None


def _shapes(territory: Territory) -> tuple[Territory | None, list[Territory]]:
    """What frames the map (a polygon) and the parts drawn inside it. Two queries at most."""
    if territory.kind in (TerritoryKind.MUNICIPALITY, TerritoryKind.BOROUGH):
        municipality = territory if territory.kind == TerritoryKind.MUNICIPALITY else territory.parent
        if municipality is None:
            return None, []
        rows = Territory.objects.filter(pk__in=[municipality.pk, municipality.parent_id or 0])
        found = {t.pk: t for t in rows}
        return found.get(municipality.parent_id or 0), [found[municipality.pk]] if municipality.pk in found else []
    frame = Territory.objects.filter(pk=territory.pk).first()
    return frame, list(territory_children(territory).defer(None))


def territory_map(territory: Territory) -> TerritoryMap:
    """The map of `territory` (see the module's documentation). Two or three queries."""
    frame, parts = _shapes(territory)
    features: list[Feature] = []
    polygons: list[tuple[BaseGeometry, str]] = []
    dots: list[BaseGeometry] = []
    is_local = territory.kind in (TerritoryKind.MUNICIPALITY, TerritoryKind.BOROUGH)
    if frame is not None and (geometry := _geometry(frame)) is not None and geometry.geom_type != "Point":
        polygons.append((geometry, CONTEXT_FILL if is_local else FILL))
        features.append(
            Feature(frame.name, frame.get_kind_display(), "context" if is_local else "territory", frame.population)
        )
    for part in parts:
        geometry = _geometry(part)
        if geometry is None:
            continue
        if geometry.geom_type == "Point":
            dots.append(geometry)
        else:
            polygons.append((geometry, "none"))
        role = "territory" if is_local else "part"
        features.append(Feature(part.name, part.get_kind_display(), role, part.population))
    every = [g for g, _fill in polygons] + dots
    if not every:
        return TerritoryMap("", features)
    return TerritoryMap(_svg(territory.name, polygons, dots, every, highlight=is_local), features)


def _svg(
    name: str,
    polygons: list[tuple[BaseGeometry, str]],
    dots: list[BaseGeometry],
    every: Iterable[BaseGeometry],
    *,
    highlight: bool,
) -> str:
    xs, ys = [], []
    for geometry in every:
        minx, miny, maxx, maxy = geometry.bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    # An equirectangular projection, its longitudes shrunk by the cosine of the mean latitude: close enough
    # to the true shape at the scale of a Québec région.
    shrink = math.cos(math.radians((miny + maxy) / 2))
    span_x = max((maxx - minx) * shrink, 1e-6)
    span_y = max(maxy - miny, 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    width, height = span_x * scale + 2 * MARGIN, span_y * scale + 2 * MARGIN
    tolerance = 1.5 / scale  # a point and a half on paper, in degrees

    def point(x: float, y: float) -> str:
        return f"{MARGIN + (x - minx) * shrink * scale:.1f},{MARGIN + (maxy - y) * scale:.1f}"

    def path(geometry: BaseGeometry) -> str:
        simple = geometry.simplify(tolerance, preserve_topology=True)
        rings = []
        for polygon in getattr(simple, "geoms", [simple]):
            for ring in [polygon.exterior, *polygon.interiors]:
                coordinates = list(ring.coords)
                if len(coordinates) >= 3:
                    rings.append("M" + " L".join(point(x, y) for x, y in coordinates) + " Z")
        return " ".join(rings)

    title = _("Map of %(name)s") % {"name": name}
    description = _("The boundary of the territory and its parts. The list below the map names every part drawn.")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="report-map-title" '
        f'aria-describedby="report-map-desc" font-family="{escape(FONT)}" class="report-map">',
        f'<title id="report-map-title">{escape(title)}</title>',
        f'<desc id="report-map-desc">{escape(description)}</desc>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="{SURFACE}"/>',
    ]
    for geometry, fill in polygons:
        stroke, stroke_width = (INK_MUTED, 1.2) if fill != "none" else (TEAL, 0.8)
        if geometry.geom_type in ("Polygon", "MultiPolygon"):
            out.append(
                f'<path d="{path(geometry)}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" '
                'fill-rule="evenodd" stroke-linejoin="round"/>'
            )
    for dot in dots:
        radius = DOT * 1.6 if highlight else DOT
        x, y = point(*dot.centroid.coords[0]).split(",")
        out.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{TEAL}" stroke="{SURFACE}" stroke-width="1"/>')
    out.append(f'<rect width="{width:.0f}" height="{height:.0f}" fill="none" stroke="{LINE}"/>')
    out.append("</svg>")
    return "\n".join(out)
