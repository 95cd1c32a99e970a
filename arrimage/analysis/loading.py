"""Build the `Snapshot` of one territory as of one date: the only module of the analysis that reads the
database. The number of queries is fixed, whatever the size of the territory (a few per level of the
territory tree, plus one per kind of row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Membership, Seat, Theme
from arrimage.directory.models import Service, ServiceStatus
from arrimage.territories.models import Territory, TerritoryKind, Urbanity
from arrimage.territories.selectors import territory_children, territory_ids_around, territory_ids_within

from .inputs import (
    ConcertationInfo,
    HoldingInfo,
    OrganizationInfo,
    SeatInfo,
    ServiceInfo,
    Snapshot,
    TerritoryInfo,
    ThemeInfo,
)

TERRITORY_FIELDS = (
    "id",
    "kind",
    "name",
    "parent_id",
    "rss_id",
    "population",
    "metropolitan_influence_zone",
    "mrc_typology",
)


class PlaceTree:
    """The part of the territory tree the snapshot needs, to find the places a territory contains.

    The analysis counts in *places*: the municipalities, except that a municipality divided into boroughs
    counts as its boroughs, so that two tables of two boroughs of Québec City do not look as if they covered
    the same people. A borough without a population of its own gets an even share of its municipality's.
    """

    def __init__(self, rows: Iterable[dict[str, object]]) -> None:
        self.rows: dict[int, dict[str, object]] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.served: dict[int, list[int]] = defaultdict(list)  # the municipalities of each RSS
        self.boroughs: dict[int, list[int]] = defaultdict(list)  # the boroughs of each municipality
        for row in rows:
            ident = int(row["id"])  # type: ignore[call-overload]
            self.rows[ident] = row
            if row["parent_id"] is not None:
                self.children[int(row["parent_id"])].append(ident)  # type: ignore[call-overload]
                if row["kind"] == TerritoryKind.BOROUGH:
                    self.boroughs[int(row["parent_id"])].append(ident)  # type: ignore[call-overload]
            if row["rss_id"] is not None and row["kind"] == TerritoryKind.MUNICIPALITY:
                self.served[int(row["rss_id"])].append(ident)  # type: ignore[call-overload]
        self._cache: dict[int, frozenset[int]] = {}
        self._unions: dict[frozenset[int], frozenset[int]] = {}

    def municipalities(self, territory_id: int) -> frozenset[int]:
        """The places inside this territory: a municipality's boroughs, or itself when it has none; a
        borough itself; the places of the municipalities served by an RSS, and of its descendants for
        any other territory."""
        if territory_id in self._cache:
            return self._cache[territory_id]
        row = self.rows.get(territory_id)
        found: set[int] = set()
        if row is not None:
            kind = row["kind"]
            if kind == TerritoryKind.MUNICIPALITY:
                found = set(self.boroughs.get(territory_id, ())) or {territory_id}
            elif kind == TerritoryKind.BOROUGH:
                found = {territory_id}
            elif kind == TerritoryKind.RSS:
                for municipality in self.served.get(territory_id, ()):
                    found |= self.municipalities(municipality)
            else:
                for child in self.children.get(territory_id, ()):
                    if self.rows[child]["kind"] != TerritoryKind.RSS:
                        found |= self.municipalities(child)
        result = frozenset(found)
        self._cache[territory_id] = result
        return result

    def of(self, territory_ids: Iterable[int]) -> frozenset[int]:
        """The places inside these territories. Equal coverages give the same object, so that the analysis
        can remember what it computed for one coverage."""
        key = frozenset(territory_ids)
        if key not in self._unions:
            found: set[int] = set()
            for ident in key:
                found |= self.municipalities(ident)
            self._unions[key] = frozenset(found)
        return self._unions[key]

    def population(self, place_id: int) -> int | None:
        """The population of a place; for a borough without one, an even share of its municipality's."""
        row = self.rows[place_id]
        if row["population"] or row["kind"] != TerritoryKind.BOROUGH or row["parent_id"] is None:
            return None
        parent = int(row["parent_id"])  # type: ignore[call-overload]
        if parent not in self.rows:
            return None
        return int(self.rows[parent]["population"] or 0) // max(1, len(self.boroughs[parent]))  # type: ignore[call-overload]

    def place(self, place_id: int) -> TerritoryInfo:
        """A place as the analysis sees it: a borough takes its municipality's remoteness and urbanity."""
        row = self.rows[place_id]
        if row["kind"] == TerritoryKind.BOROUGH and row["parent_id"] in self.rows:
            parent = self.rows[int(row["parent_id"])]  # type: ignore[call-overload]
            row = {
                **row,
                "metropolitan_influence_zone": row["metropolitan_influence_zone"]
                or parent["metropolitan_influence_zone"],
                "mrc_typology": row["mrc_typology"] or parent["mrc_typology"],
            }
        return territory_info(row, self.population(place_id))


def territory_info(row: dict[str, object], population: int | None = None) -> TerritoryInfo:
    zone = row["metropolitan_influence_zone"]
    urbanity = Urbanity.from_zone(zone)  # type: ignore[arg-type]
    return TerritoryInfo(
        id=int(row["id"]),  # type: ignore[call-overload]
        kind=str(row["kind"]),
        name=str(row["name"]),
        parent_id=row["parent_id"],  # type: ignore[arg-type]
        population=population if population is not None else int(row["population"] or 0),  # type: ignore[call-overload]
        metropolitan_influence_zone=zone,  # type: ignore[arg-type]
        mrc_typology=row["mrc_typology"],  # type: ignore[arg-type]
        urbanity=str(urbanity.value) if urbanity is not None else "",
    )


def snapshot(territory: Territory, *, on: dt.date) -> Snapshot:
    """Everything the analysis of `territory` reads, as of `on`.

    Concertations are those active on `on` whose recorded territories lie inside the territory or contain
    it; services are the active services of the directory whose service areas or locations lie inside it
    (or whose service area contains it). Rows are read as plain values, not model instances: a province
    holds tens of thousands of memberships.
    """
    within = territory_ids_within([territory.pk])
    around = territory_ids_around([territory.pk])
    touching = within | around
    child_ids = list(territory_children(territory).values_list("pk", flat=True))

    rows = list(
        Concertation.objects.active(on)
        .filter(
            pk__in=Concertation.territories.through.objects.filter(territory_id__in=touching).values("concertation_id")
        )
        .order_by("pk")
        .values_list(*_CONCERTATION_FIELDS)
    )
    concertation_ids = [row[0] for row in rows]
    territories_of = related_ids(Concertation.territories.through, "concertation_id", "territory_id", concertation_ids)
    themes_of = related_ids(Concertation.themes.through, "concertation_id", "theme_id", concertation_ids)
    seats = list(
        Seat.objects.filter(concertation_id__in=concertation_ids)
        .order_by("concertation_id", "order", "pk")
        .values_list("pk", "concertation_id", "seat_type", "is_voting", "created_on", "abolished_on")
    )
    holdings = list(
        Membership.objects.filter(seat__concertation_id__in=concertation_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "seat_id",
            "seat__concertation_id",
            "person_id",
            "organization_id",
            "start_date",
            "end_date",
            "end_reason",
        )
    )
    services = list(
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(Q(service_areas__in=touching) | Q(locations__territory__in=within))
        .distinct()
        .prefetch_related("themes", "service_areas", "locations")
    )
    organization_ids = {row[4] for row in holdings if row[4] is not None}
    organization_ids |= {row[_COORDINATOR] for row in rows if row[_COORDINATOR] is not None}
    organization_ids |= {service.organization_id for service in services}
    served_rows = list(
        Organization.territories_served.through.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", "territory_id"
        )
    )
    organizations = list(Organization.objects.filter(pk__in=organization_ids).values_list("id", "name", "sector"))
    themes = list(Theme.objects.order_by("pk"))

    recorded: set[int] = set()
    for ids in territories_of.values():
        recorded |= ids
    for service in services:
        recorded |= {t.pk for t in service.service_areas.all()}
        recorded |= {loc.territory_id for loc in service.locations.all() if loc.territory_id is not None}
    recorded |= {territory_id for _org, territory_id in served_rows}
    extra = territory_ids_within(recorded - within) if recorded - within else set()
    tree = PlaceTree(
        Territory.objects.filter(
            Q(pk__in=within | extra | around)
            | Q(kind=TerritoryKind.BOROUGH)
            | Q(kind=TerritoryKind.MUNICIPALITY, children__kind=TerritoryKind.BOROUGH)
        )
        .distinct()
        .values(*TERRITORY_FIELDS)
    )

    own = tree.rows[territory.pk]
    place_ids = tree.municipalities(territory.pk)
    places = [tree.place(m) for m in sorted(place_ids) if m in tree.rows]
    people = {m.id: m.population for m in places}
    municipalities_of = {child: tree.municipalities(child) for child in child_ids}
    subterritories = []
    for child in child_ids:
        row = tree.rows[child]
        population = None if row["population"] else sum(people.get(m, 0) for m in municipalities_of[child])
        subterritories.append(territory_info(row, population))
    population = None if own["population"] else sum(people.values())
    no_ids: frozenset[int] = frozenset()

    return Snapshot(
        territory=territory_info(own, population),
        on=on,
        subterritories=subterritories,
        municipalities=places,
        concertations=[
            ConcertationInfo(
                id=ident,
                name=name,
                kind=kind,
                level=level,
                theme_ids=frozenset(themes_of.get(ident, no_ids)),
                territory_ids=frozenset(territories_of.get(ident, no_ids)),
                municipality_ids=tree.of(territories_of.get(ident, no_ids)),
                mission=mission,
                is_public=is_public,
                parent_id=parent_id,
                coordinating_organization_id=coordinator,
                start=start,
                end=end,
            )
            for ident, name, kind, level, mission, is_public, parent_id, coordinator, start, end in rows
        ],
        seats=[
            SeatInfo(
                id=ident,
                concertation_id=concertation_id,
                seat_type=seat_type,
                is_voting=is_voting,
                created_on=created_on,
                abolished_on=abolished_on,
            )
            for ident, concertation_id, seat_type, is_voting, created_on, abolished_on in seats
        ],
        holdings=[
            HoldingInfo(
                id=ident,
                seat_id=seat_id,
                concertation_id=concertation_id,
                person_id=person_id,
                organization_id=organization_id,
                start=start,
                end=end,
                end_reason=end_reason,
            )
            for ident, seat_id, concertation_id, person_id, organization_id, start, end, end_reason in holdings
        ],
        organizations=organization_infos(organizations, served_rows, tree),
        themes=[ThemeInfo(id=t.pk, slug=t.slug, name=t.name, dimension=t.dimension) for t in themes],
        services=[
            ServiceInfo(
                id=s.pk,
                organization_id=s.organization_id,
                name=s.name,
                description=s.description,
                theme_ids=frozenset(t.pk for t in s.themes.all()),
                municipality_ids=tree.of(
                    [t.pk for t in s.service_areas.all()]
                    + [loc.territory_id for loc in s.locations.all() if loc.territory_id is not None]
                ),
                status=s.status,
            )
            for s in services
        ],
        municipalities_of=municipalities_of,
    )


_CONCERTATION_FIELDS = (
    "pk",
    "name",
    "kind",
    "level",
    "mission",
    "is_public",
    "parent_id",
    "coordinating_organization_id",
    "start_date",
    "end_date",
)
_COORDINATOR = _CONCERTATION_FIELDS.index("coordinating_organization_id")


def related_ids(through: Any, source: str, target: str, ids: list[int]) -> dict[int, set[int]]:
    """The rows of a many-to-many table as a mapping from each source id to its target ids (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    for source_id, target_id in through.objects.filter(**{f"{source}__in": ids}).values_list(source, target):
        found[source_id].add(target_id)
    return found


def organization_infos(
    organizations: list[tuple[int, str, str]], served_rows: list[tuple[int, int]], tree: PlaceTree
) -> list[OrganizationInfo]:
    served: dict[int, list[int]] = defaultdict(list)
    for organization_id, territory_id in served_rows:
        served[organization_id].append(territory_id)
    result = []
    for ident, name, sector in organizations:
        territory_ids = served.get(ident, [])
        # Where it is based: the first place it serves (a municipality, or a borough of a divided one).
        based = sorted(t for t in territory_ids if t in tree.rows and tree.municipalities(t) == frozenset({t}))
        result.append(
            OrganizationInfo(
                id=ident,
                name=name,
                sector=sector,
                territory_ids=frozenset(territory_ids),
                municipality_id=based[0] if based else None,
            )
        )
    return result
