"""Equity between kinds of places: concertations and seats per 1,000 inhabitants, by urban / periurban /
rural class and by MRC typology, over the municipalities inside the territory.

A concertation counts in a class when its coverage contains at least one municipality of that class (a
regional body therefore counts in every class it reaches); its seats open on the date count with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from .inputs import Snapshot, TerritoryInfo

URBANITY_ORDER = ("urban", "periurban", "rural", "")


@dataclass(frozen=True)
class EquityRow:
    key: str  # the urbanity ("urban", "periurban", "rural"), or the MRC typology ("1"…"6"); "" if unknown
    municipalities: int
    population: int
    concertations: int
    seats: int

    @property
    def concertations_per_1000(self) -> float | None:
        return 1000 * self.concertations / self.population if self.population else None

    @property
    def seats_per_1000(self) -> float | None:
        return 1000 * self.seats / self.population if self.population else None


@dataclass(frozen=True)
class Equity:
    by_urbanity: tuple[EquityRow, ...]
    by_typology: tuple[EquityRow, ...]


def equity(s: Snapshot) -> Equity:
    """Concertations and seats per 1,000 inhabitants by urbanity and by MRC typology."""
    open_seats: dict[int, int] = {}
    for seat in s.seats:
        if seat.open(s.on):
            open_seats[seat.concertation_id] = open_seats.get(seat.concertation_id, 0) + 1
    by_urbanity = _rows(s, open_seats, lambda m: m.urbanity)
    by_typology = _rows(s, open_seats, lambda m: str(m.mrc_typology) if m.mrc_typology is not None else "")
    return Equity(
        by_urbanity=tuple(sorted(by_urbanity, key=lambda r: URBANITY_ORDER.index(r.key))),
        by_typology=tuple(sorted(by_typology, key=lambda r: (r.key == "", r.key))),
    )


def _rows(s: Snapshot, open_seats: dict[int, int], class_of: Callable[[TerritoryInfo], Hashable]) -> list[EquityRow]:
    members: dict[str, list[TerritoryInfo]] = {}
    for municipality in s.municipalities:
        members.setdefault(str(class_of(municipality)), []).append(municipality)
    rows = []
    for key, municipalities in members.items():
        ids = {m.id for m in municipalities}
        reaching = [c for c in s.concertations if c.municipality_ids & ids]
        rows.append(
            EquityRow(
                key=key,
                municipalities=len(municipalities),
                population=sum(m.population for m in municipalities),
                concertations=len(reaching),
                seats=sum(open_seats.get(c.id, 0) for c in reaching),
            )
        )
    return rows
