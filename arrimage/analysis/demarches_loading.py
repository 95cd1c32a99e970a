"""Build the `NetworkData` of one network of démarches as of one date, in a fixed number of queries
(whatever the number of démarches, seats and members; the territory tree adds one query per level).

The caller says which sub-concertations the reader may see (`visible`): the others are neither loaded nor
counted, so a private démarche's members never show through the shared-members matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Prefetch, Q

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Membership, Seat, Theme
from arrimage.territories.models import Territory, TerritoryKind
from arrimage.territories.selectors import territory_ids_within

from .demarches import NetworkData, Overview, overview
from .inputs import ConcertationInfo, HoldingInfo, OrganizationInfo, SeatInfo, ThemeInfo
from .loading import TERRITORY_FIELDS, PlaceTree, territory_info

Visible = Callable[[list[Concertation]], list[Concertation]]


class _MunicipalTree(PlaceTree):
    """The territory tree as the overview reads it: a borough stands for its municipality, and a divided
    municipality for itself. The overview tells the municipalities covered in full from those covered
    through some of their boroughs with the territories recorded (see `demarches`)."""

    def municipalities(self, territory_id: int) -> frozenset[int]:
        row = self.rows.get(territory_id)
        if row is not None and row["kind"] == TerritoryKind.MUNICIPALITY:
            return frozenset({territory_id})
        if row is not None and row["kind"] == TerritoryKind.BOROUGH:
            return frozenset({int(row["parent_id"])}) if row["parent_id"] is not None else frozenset()  # type: ignore[call-overload]
        return super().municipalities(territory_id)


def network_data(network: Concertation, *, on: dt.date, visible: Visible) -> NetworkData:
    """What the overview of `network` reads as of `on`, with only the sub-concertations `visible` keeps."""
    rows = list(
        Concertation.objects.filter(Q(pk=network.pk) | Q(parent_id=network.pk))
        .prefetch_related(Prefetch("territories", queryset=Territory.objects.without_geometry()), "themes")
        .order_by("name", "pk")
    )
    own = next(c for c in rows if c.pk == network.pk)
    children = visible([c for c in rows if c.pk != network.pk])
    concertations = [own, *children]
    ids = [c.pk for c in concertations]

    seats = list(Seat.objects.filter(concertation_id__in=ids).order_by("concertation_id", "order", "pk"))
    holdings = list(
        Membership.objects.filter(seat__concertation_id__in=ids)
        .values("id", "seat_id", "seat__concertation_id", "person_id", "organization_id", "start_date", "end_date")
        .order_by("pk")
    )
    organization_ids = {h["organization_id"] for h in holdings if h["organization_id"] is not None}
    organization_ids |= {c.coordinating_organization_id for c in concertations if c.coordinating_organization_id}
    organizations = list(Organization.objects.filter(pk__in=organization_ids).values("id", "name", "sector"))
    themes = list(Theme.objects.order_by("pk"))

    recorded = {t.pk for c in concertations for t in c.territories.all()}
    # A borough's municipality, to name it and count its population, even outside the network's territory.
    cities = {
        t.parent_id
        for c in concertations
        for t in c.territories.all()
        if t.kind == TerritoryKind.BOROUGH and t.parent_id
    }
    tree = _MunicipalTree(
        Territory.objects.filter(pk__in=territory_ids_within(recorded) | cities).values(*TERRITORY_FIELDS)
    )
    wanted = set(recorded)
    infos = {}
    for c in concertations:
        territory_ids = [t.pk for t in c.territories.all()]
        info = ConcertationInfo(
            id=c.pk,
            name=c.name,
            kind=c.kind,
            level=c.level,
            theme_ids=frozenset(t.pk for t in c.themes.all()),
            territory_ids=frozenset(territory_ids),
            municipality_ids=tree.of(territory_ids),
            mission=c.mission,
            is_public=c.is_public,
            parent_id=c.parent_id,
            coordinating_organization_id=c.coordinating_organization_id,
            start=c.start_date,
            end=c.end_date,
        )
        infos[c.pk] = info
        wanted |= info.municipality_ids
    wanted |= cities

    return NetworkData(
        network=infos[network.pk],
        on=on,
        concertations=[infos[c.pk] for c in children],
        territories=[territory_info(tree.rows[t]) for t in sorted(wanted) if t in tree.rows],
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
                id=h["id"],
                seat_id=h["seat_id"],
                concertation_id=h["seat__concertation_id"],
                person_id=h["person_id"],
                organization_id=h["organization_id"],
                start=h["start_date"],
                end=h["end_date"],
            )
            for h in holdings
        ],
        organizations=[OrganizationInfo(id=o["id"], name=o["name"], sector=o["sector"]) for o in organizations],
        themes=[ThemeInfo(id=t.pk, slug=t.slug, name=t.name, dimension=t.dimension) for t in themes],
    )


def network_overview(network: Concertation, *, on: dt.date, visible: Visible) -> tuple[NetworkData, Overview]:
    """The data of `network` as the reader may see it, and its overview."""
    data = network_data(network, on=on, visible=visible)
    return data, overview(data)
