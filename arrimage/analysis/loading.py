"""Build the `Snapshot` of one territory as of one date: the only module of the analysis that reads the
database. The number of queries is fixed, whatever the size of the territory (a few per level of the
territory tree, plus one per kind of row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

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

_FIELDS = ("id", "kind", "name", "parent_id", "rss_id", "population", "metropolitan_influence_zone", "mrc_typology")


class _Tree:
    """The part of the territory tree the snapshot needs, to find the municipalities a territory contains."""

    def __init__(self, rows: Iterable[dict[str, object]]) -> None:
        self.rows: dict[int, dict[str, object]] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.served: dict[int, list[int]] = defaultdict(list)  # the municipalities of each RSS
        for row in rows:
            ident = int(row["id"])  # type: ignore[call-overload]
            self.rows[ident] = row
            if row["parent_id"] is not None:
                self.children[int(row["parent_id"])].append(ident)  # type: ignore[call-overload]
            if row["rss_id"] is not None and row["kind"] == TerritoryKind.MUNICIPALITY:
                self.served[int(row["rss_id"])].append(ident)  # type: ignore[call-overload]
        self._cache: dict[int, frozenset[int]] = {}

    def municipalities(self, territory_id: int) -> frozenset[int]:
        """The municipalities inside this territory: itself for a municipality, its municipality for a
        borough, the municipalities served by an RSS, those of its descendants otherwise."""
        if territory_id in self._cache:
            return self._cache[territory_id]
        row = self.rows.get(territory_id)
        found: set[int] = set()
        if row is not None:
            kind = row["kind"]
            if kind == TerritoryKind.MUNICIPALITY:
                found = {territory_id}
            elif kind == TerritoryKind.BOROUGH:
                found = {int(row["parent_id"])} if row["parent_id"] is not None else set()  # type: ignore[call-overload]
            elif kind == TerritoryKind.RSS:
                found = set(self.served.get(territory_id, ()))
            else:
                for child in self.children.get(territory_id, ()):
                    if self.rows[child]["kind"] != TerritoryKind.RSS:
                        found |= self.municipalities(child)
        result = frozenset(found)
        self._cache[territory_id] = result
        return result

    def of(self, territory_ids: Iterable[int]) -> frozenset[int]:
        found: set[int] = set()
        for ident in territory_ids:
            found |= self.municipalities(ident)
        return frozenset(found)


def _info(row: dict[str, object], population: int | None = None) -> TerritoryInfo:
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
    (or whose service area contains it).
    """
    within = territory_ids_within([territory.pk])
    around = territory_ids_around([territory.pk])
    touching = within | around
    child_ids = list(territory_children(territory).values_list("pk", flat=True))

    concertations = list(
        Concertation.objects.active(on)
        .filter(territories__in=touching)
        .distinct()
        .prefetch_related("territories", "themes")
    )
    concertation_ids = [c.pk for c in concertations]
    seats = list(Seat.objects.filter(concertation_id__in=concertation_ids).order_by("concertation_id", "order", "pk"))
    holdings = list(
        Membership.objects.filter(seat__concertation_id__in=concertation_ids).select_related("seat").order_by("pk")
    )
    services = list(
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(Q(service_areas__in=touching) | Q(locations__territory__in=within))
        .distinct()
        .prefetch_related("themes", "service_areas", "locations")
    )
    organization_ids = {h.organization_id for h in holdings if h.organization_id is not None}
    organization_ids |= {c.coordinating_organization_id for c in concertations if c.coordinating_organization_id}
    served_rows = list(
        Organization.territories_served.through.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", "territory_id"
        )
    )
    organizations = list(Organization.objects.filter(pk__in=organization_ids).only("id", "name", "sector"))
    themes = list(Theme.objects.order_by("pk"))

    recorded: set[int] = set()
    for concertation in concertations:
        recorded |= {t.pk for t in concertation.territories.all()}
    for service in services:
        recorded |= {t.pk for t in service.service_areas.all()}
        recorded |= {loc.territory_id for loc in service.locations.all() if loc.territory_id is not None}
    recorded |= {territory_id for _org, territory_id in served_rows}
    extra = territory_ids_within(recorded - within) if recorded - within else set()
    tree = _Tree(Territory.objects.filter(pk__in=within | extra | around).values(*_FIELDS))

    own = tree.rows[territory.pk]
    municipality_ids = tree.municipalities(territory.pk)
    municipalities = [_info(tree.rows[m]) for m in sorted(municipality_ids) if m in tree.rows]
    people = {m.id: m.population for m in municipalities}
    municipalities_of = {child: tree.municipalities(child) for child in child_ids}
    subterritories = []
    for child in child_ids:
        row = tree.rows[child]
        population = None if row["population"] else sum(people.get(m, 0) for m in municipalities_of[child])
        subterritories.append(_info(row, population))
    population = None if own["population"] else sum(people.values())

    return Snapshot(
        territory=_info(own, population),
        on=on,
        subterritories=subterritories,
        municipalities=municipalities,
        concertations=[
            ConcertationInfo(
                id=c.pk,
                name=c.name,
                kind=c.kind,
                level=c.level,
                theme_ids=frozenset(t.pk for t in c.themes.all()),
                territory_ids=frozenset(t.pk for t in c.territories.all()),
                municipality_ids=tree.of(t.pk for t in c.territories.all()),
                mission=c.mission,
                is_public=c.is_public,
                parent_id=c.parent_id,
                coordinating_organization_id=c.coordinating_organization_id,
                start=c.start_date,
                end=c.end_date,
            )
            for c in concertations
        ],
        seats=[
            SeatInfo(
                id=s.pk,
                concertation_id=s.concertation_id,
                seat_type=s.seat_type,
                is_voting=s.is_voting,
                created_on=s.created_on,
                abolished_on=s.abolished_on,
            )
            for s in seats
        ],
        holdings=[
            HoldingInfo(
                id=h.pk,
                seat_id=h.seat_id,
                concertation_id=h.seat.concertation_id,
                person_id=h.person_id,
                organization_id=h.organization_id,
                start=h.start_date,
                end=h.end_date,
                end_reason=h.end_reason,
            )
            for h in holdings
        ],
        organizations=_organizations(organizations, served_rows, tree),
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


def _organizations(
    organizations: list[Organization], served_rows: list[tuple[int, int]], tree: _Tree
) -> list[OrganizationInfo]:
    served: dict[int, list[int]] = defaultdict(list)
    for organization_id, territory_id in served_rows:
        served[organization_id].append(territory_id)
    result = []
    for organization in organizations:
        territory_ids = served.get(organization.pk, [])
        based = sorted(
            t for t in territory_ids if t in tree.rows and tree.rows[t]["kind"] == TerritoryKind.MUNICIPALITY
        )
        result.append(
            OrganizationInfo(
                id=organization.pk,
                name=organization.name,
                sector=organization.sector,
                territory_ids=frozenset(territory_ids),
                municipality_id=based[0] if based else None,
            )
        )
    return result
