"""Reads of the territories, in the domain's words. Each returns data ready for a page or the API,
with a number of queries that does not grow with the number of territories involved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404

from arrimage.core import pagecache
from arrimage.core.text import search_key, search_words
from arrimage.core.versions import registry_version

from .models import KIND_ORDER, Territory, TerritoryKind, Urbanity

# Deepest chain of parents: borough → municipality → MRC → region → province.
_ANCESTRY = "parent__parent__parent__parent"


def territory_get(public_id: str) -> Territory:
    """The territory with this public id (`region:03`), its ancestors loaded, its boundary left out.

    Raises Http404 when no territory has this id.
    """
    territory = (
        Territory.objects.without_geometry()
        .select_related(_ANCESTRY, "rss")
        .defer(*(f"{prefix}boundary" for prefix in _ancestor_prefixes()), "rss__boundary")
        .by_code(public_id)
        .first()
    )
    if territory is None:
        raise Http404(public_id)
    return territory


#: Public ids longer than this are not kept with their identity (a made-up address should not fill the cache).
_IDENTITY_KEPT_UP_TO = 40


def territory_identity(public_id: str, *, version: str | None = None) -> Territory:
    """Only the kind, code and name of the territory with this public id: what a page needs around
    its cached content. Raises Http404 when no territory has this id.

    Given the data `version` the page has read already (`territories_version`), the identity is kept in
    the cache under that version, so that a cached territory page costs that one query."""
    key = f"territory-identity:{version}:{public_id}" if version and len(public_id) <= _IDENTITY_KEPT_UP_TO else ""
    found = cache.get(key) if key else None
    if found is not None:
        pk, kind, code, name = found
        return Territory(pk=pk, kind=kind, code=code, name=name)
    territory = Territory.objects.only("kind", "code", "name").by_code(public_id).first()
    if territory is None:
        raise Http404(public_id)
    if key:
        cache.set(key, (territory.pk, territory.kind, territory.code, territory.name), pagecache.TIMEOUT)
    return territory


def territories_version() -> str:
    """A value that changes whenever any territory is written, for the keys of cached pages: the
    registry's data version (`arrimage.core.versions`), raised in the same transaction as every write to
    the territories (and to the rest of the registry). One query by primary key, and no clock involved."""
    return str(registry_version())


def _ancestor_prefixes() -> list[str]:
    parts = _ANCESTRY.split("__")
    return ["__".join(parts[: depth + 1]) + "__" for depth in range(len(parts))]


def territory_ancestors(territory: Territory) -> list[Territory]:
    """The territory's ancestors, the province first (already loaded by `territory_get`)."""
    chain = []
    parent = territory.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def territory_children(territory: Territory) -> QuerySet[Territory]:
    """The territories directly under this one: the regions of the province, the MRCs of a region,
    the municipalities of an MRC or of an RSS, the boroughs of a municipality."""
    children = Territory.objects.without_geometry()
    if territory.kind == TerritoryKind.RSS:
        children = children.filter(rss=territory)
    else:
        children = children.filter(parent=territory).exclude(kind=TerritoryKind.RSS)
    # Regions are listed by their number, as Québec does; the others by name.
    return children.order_by("code" if territory.kind == TerritoryKind.PROVINCE else "name")


def territory_health_regions() -> QuerySet[Territory]:
    """The 18 health and social services regions (RSS), listed on the province's page."""
    return Territory.objects.without_geometry().of_kind(TerritoryKind.RSS).order_by("code")


def _municipalities_within(territory: Territory) -> Q:
    kind = territory.kind
    if kind == TerritoryKind.PROVINCE:
        return Q(kind=TerritoryKind.MUNICIPALITY)
    if kind == TerritoryKind.REGION:
        return Q(kind=TerritoryKind.MUNICIPALITY, parent__parent=territory)
    if kind == TerritoryKind.MRC:
        return Q(kind=TerritoryKind.MUNICIPALITY, parent=territory)
    if kind == TerritoryKind.RSS:
        return Q(kind=TerritoryKind.MUNICIPALITY, rss=territory)
    if kind == TerritoryKind.MUNICIPALITY:
        return Q(pk=territory.pk)
    return Q(pk__in=[])


@dataclass(frozen=True)
class UrbanityShare:
    urbanity: Urbanity
    population: int
    municipalities: int
    percent: float


def territory_urbanity_breakdown(territory: Territory) -> list[UrbanityShare]:
    """How the territory's population splits between urban, periurban and rural municipalities.

    One query, whatever the number of municipalities.
    """
    rows = (
        Territory.objects.filter(_municipalities_within(territory))
        .values("metropolitan_influence_zone")
        .annotate(people=Sum("population"), count=Count("pk"))
    )
    people: dict[Urbanity, int] = {}
    counts: dict[Urbanity, int] = {}
    for row in rows:
        urbanity = Urbanity.from_zone(row["metropolitan_influence_zone"])
        if urbanity is None:
            continue
        people[urbanity] = people.get(urbanity, 0) + (row["people"] or 0)
        counts[urbanity] = counts.get(urbanity, 0) + row["count"]
    total = sum(people.values())
    return [
        UrbanityShare(urbanity, people.get(urbanity, 0), counts.get(urbanity, 0), 100 * people.get(urbanity, 0) / total)
        for urbanity in Urbanity
        if total and urbanity in counts
    ]


def territory_search(query: str, *, kind: str = "", parent: Territory | None = None) -> QuerySet[Territory]:
    """Territories whose name matches `query` word by word (accents, case, hyphens and « St »/« Ste »
    ignored), best matches first: the exact name, then names that start with the query, then larger
    territories before smaller ones, then the most populous."""
    results = Territory.objects.without_geometry().select_related("parent")
    if query.strip() and not search_words(query):
        return Territory.objects.none()  # only punctuation: nothing can match, rather than everything
    if query.strip():
        key = search_key(query)
        results = results.matching(query).annotate(
            rank=Case(
                When(search_key=key, then=Value(0)),
                When(search_key__startswith=key.rstrip(), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    else:
        results = results.annotate(rank=Value(0, output_field=IntegerField()))
    if kind:
        results = results.filter(kind=kind)
    if parent is not None:
        # The children of an RSS are the municipalities it serves, as on its page (`territory_children`).
        results = results.filter(rss=parent) if parent.kind == TerritoryKind.RSS else results.filter(parent=parent)
    kind_rank = Case(
        *(When(kind=value, then=Value(position)) for position, value in enumerate(KIND_ORDER)),
        output_field=IntegerField(),
    )
    return (
        results.defer("parent__boundary")
        .annotate(kind_rank=kind_rank)
        # NULLS LAST: PostgreSQL puts NULL first in a descending order, SQLite last.
        .order_by("rank", "kind_rank", F("population").desc(nulls_last=True), "name", "pk")
    )


def territory_features(territory: Territory, *, children: bool = False) -> dict[str, Any]:
    """The territory (or its children) as a GeoJSON FeatureCollection in WGS84.

    Regions, RSS and MRCs are polygons; municipalities are their reference point; a borough has no
    geometry of its own and is given with a null geometry, as GeoJSON allows.
    """
    members = list(territory_children(territory).defer(None)) if children else [Territory.objects.get(pk=territory.pk)]
    return {"type": "FeatureCollection", "features": [_feature(member) for member in members]}


def _feature(territory: Territory) -> dict[str, Any]:
    geometry: dict[str, Any] | None = None
    if territory.boundary:
        geometry = json.loads(territory.boundary)
    elif territory.latitude is not None and territory.longitude is not None:
        geometry = {"type": "Point", "coordinates": [territory.longitude, territory.latitude]}
    return {
        "type": "Feature",
        "id": territory.public_id,
        "geometry": geometry,
        "properties": {
            "id": territory.public_id,
            "kind": territory.kind,
            "name": territory.name,
            "designation": territory.designation,
            "population": territory.population,
            "url": territory.get_absolute_url(),
        },
    }


def territory_ids_within(territory_ids: set[int] | list[int]) -> set[int]:
    """These territories and every territory inside them, as ids: the MRCs and municipalities of a
    region, the municipalities of an RSS, the boroughs of a municipality…

    One query for the RSS among them and one per level of the tree, whatever the number of territories.
    """
    found = set(territory_ids)
    frontier = set(found)
    rss_ids = set(Territory.objects.filter(pk__in=frontier, kind=TerritoryKind.RSS).values_list("pk", flat=True))
    if rss_ids:
        frontier |= set(Territory.objects.filter(rss__in=rss_ids).values_list("pk", flat=True))
        found |= frontier
    while frontier:
        # Every child, RSS included: the province holds its RSS as `territory_ids_around` says it does.
        frontier = set(Territory.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def territory_ids_around(territory_ids: set[int] | list[int]) -> set[int]:
    """These territories and every territory that contains them: their MRC, région, RSS and the province.

    One query per level of the tree, whatever the number of territories.
    """
    found = set(territory_ids)
    frontier = set(found)
    while frontier:
        rows = Territory.objects.filter(pk__in=frontier).values_list("parent_id", "rss_id")
        frontier = {ident for row in rows for ident in row if ident is not None} - found
        found |= frontier
    return found
