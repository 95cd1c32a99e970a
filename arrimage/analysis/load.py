"""Solicitation: who carries the concertation of a territory, and how heavily each municipality is asked.

A *seat* here is a holding current on the snapshot's date. A person holding a seat on behalf of an
organisation counts for both. Results carry ids only: the page names people and organisations through the
access policy (a person who did not consent is not named to visitors).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .inputs import Snapshot


@dataclass(frozen=True)
class SeatCount:
    """A person or an organisation and the seats it holds."""

    id: int
    seats: int
    concertation_ids: tuple[int, ...]


@dataclass(frozen=True)
class MunicipalityLoad:
    """The seats held by organisations based in a municipality, also per 1,000 inhabitants."""

    municipality_id: int
    population: int
    seats: int
    organizations: int
    per_thousand: float | None  # None when the population is unknown


@dataclass(frozen=True)
class Load:
    people: tuple[SeatCount, ...]  # most seats first
    organizations: tuple[SeatCount, ...]  # most seats first
    municipalities: tuple[MunicipalityLoad, ...]  # most seats per 1,000 inhabitants first


def _ranked(seats: dict[int, list[int]]) -> tuple[SeatCount, ...]:
    counts = [SeatCount(id=key, seats=len(ids), concertation_ids=tuple(sorted(set(ids)))) for key, ids in seats.items()]
    return tuple(sorted(counts, key=lambda count: (-count.seats, count.id)))


def solicitation(s: Snapshot) -> Load:
    """Rank people and organisations by their current seats, and weigh the seats of each municipality."""
    people: dict[int, list[int]] = defaultdict(list)
    organizations: dict[int, list[int]] = defaultdict(list)
    for holding in s.holdings:
        if not holding.current(s.on):
            continue
        if holding.person_id is not None:
            people[holding.person_id].append(holding.concertation_id)
        if holding.organization_id is not None:
            organizations[holding.organization_id].append(holding.concertation_id)
    seats_in: dict[int, int] = defaultdict(int)
    organizations_in: dict[int, int] = defaultdict(int)
    for organization in s.organizations:
        if organization.municipality_id is not None and organization.id in organizations:
            seats_in[organization.municipality_id] += len(organizations[organization.id])
            organizations_in[organization.municipality_id] += 1
    municipalities = [
        MunicipalityLoad(
            municipality_id=m.id,
            population=m.population,
            seats=seats_in[m.id],
            organizations=organizations_in[m.id],
            per_thousand=seats_in[m.id] * 1000 / m.population if m.population > 0 else None,
        )
        for m in s.municipalities
    ]
    municipalities.sort(key=lambda m: (m.per_thousand is None, -(m.per_thousand or 0.0), -m.seats, m.municipality_id))
    return Load(people=_ranked(people), organizations=_ranked(organizations), municipalities=tuple(municipalities))
