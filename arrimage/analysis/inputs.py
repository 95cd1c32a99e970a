"""The plain data every analysis works on: no model instance, no query. `loading` builds it from the
database; tests build it by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TerritoryInfo:
    """A territory as the analysis needs it."""

    id: int
    kind: str  # province, region, mrc, municipality, borough, rss, custom
    name: str
    parent_id: int | None = None
    population: int = 0
    metropolitan_influence_zone: int | None = None  # 1 (in a CMA) … 7 (no influence)
    mrc_typology: int | None = None  # 1 (large metropolitan) … 6 (very remote)
    urbanity: str = ""  # urban, periurban, rural (from the zone)


@dataclass(frozen=True)
class ConcertationInfo:
    id: int
    name: str
    kind: str
    level: str  # local, supralocal, regional, national
    theme_ids: frozenset[int] = frozenset()
    territory_ids: frozenset[int] = frozenset()  # as recorded (a région, an MRC, municipalities…)
    municipality_ids: frozenset[int] = frozenset()  # the municipalities its coverage contains
    mission: str = ""
    is_public: bool = True
    parent_id: int | None = None
    coordinating_organization_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def active(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or self.end >= on)


@dataclass(frozen=True)
class SeatInfo:
    id: int
    concertation_id: int
    seat_type: str  # organisational, citizen, lived_experience, elected, observer, ex_officio
    is_voting: bool = True
    created_on: dt.date | None = None
    abolished_on: dt.date | None = None

    def open(self, on: dt.date) -> bool:
        return (self.created_on is None or self.created_on <= on) and (
            self.abolished_on is None or self.abolished_on > on
        )


@dataclass(frozen=True)
class HoldingInfo:
    """A membership: a seat held by a person (on behalf of an organisation) or by an organisation."""

    id: int
    seat_id: int
    concertation_id: int
    person_id: int | None
    organization_id: int | None
    start: dt.date | None
    end: dt.date | None
    end_reason: str = ""

    def current(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or self.end >= on)


@dataclass(frozen=True)
class OrganizationInfo:
    id: int
    name: str
    sector: str
    territory_ids: frozenset[int] = frozenset()  # territories served
    municipality_id: int | None = None  # where it is based, when known (the first municipality served)


@dataclass(frozen=True)
class ThemeInfo:
    id: int
    slug: str
    name: str  # in the active language
    dimension: str


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    organization_id: int
    name: str
    description: str = ""
    theme_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()
    status: str = "active"


@dataclass
class Snapshot:
    """Everything the analysis of one territory reads, as of one date.

    `territory` is the territory analysed; `subterritories` are its direct parts (the MRCs of a région,
    the municipalities of an MRC or an RSS, the boroughs of a municipality); `municipalities` every
    municipality inside it (for population and coverage). Concertations are those whose coverage touches
    the territory: inside it, or covering it from above (regional and national ones).
    """

    territory: TerritoryInfo
    on: dt.date
    subterritories: list[TerritoryInfo] = field(default_factory=list)
    municipalities: list[TerritoryInfo] = field(default_factory=list)
    concertations: list[ConcertationInfo] = field(default_factory=list)
    seats: list[SeatInfo] = field(default_factory=list)
    holdings: list[HoldingInfo] = field(default_factory=list)
    organizations: list[OrganizationInfo] = field(default_factory=list)
    themes: list[ThemeInfo] = field(default_factory=list)
    services: list[ServiceInfo] = field(default_factory=list)
    # For each subterritory id, the ids of the municipalities it contains (itself for a municipality).
    municipalities_of: dict[int, frozenset[int]] = field(default_factory=dict)
