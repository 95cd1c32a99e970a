"""Citizen participation: the seats reserved for citizens and for people with lived experience of poverty,
how many are filled, and those left vacant (since when)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .inputs import SeatInfo, Snapshot

CITIZEN_SEAT_TYPES = frozenset({"citizen", "lived_experience"})


@dataclass(frozen=True)
class VacantSeat:
    seat_id: int
    concertation_id: int
    seat_type: str
    since: dt.date | None  # the day after the last holding ended, else the seat's creation; None if unknown


@dataclass(frozen=True)
class ConcertationCitizens:
    concertation_id: int
    name: str
    reserved: int
    filled: int
    vacant: tuple[VacantSeat, ...]


@dataclass(frozen=True)
class CitizenParticipation:
    concertations: tuple[ConcertationCitizens, ...]  # those with at least one citizen seat
    without_citizen_seat: tuple[int, ...]  # ids of the concertations without any

    @property
    def reserved(self) -> int:
        return sum(c.reserved for c in self.concertations)

    @property
    def filled(self) -> int:
        return sum(c.filled for c in self.concertations)

    @property
    def vacant(self) -> tuple[VacantSeat, ...]:
        return tuple(seat for c in self.concertations for seat in c.vacant)


def citizen_seats(s: Snapshot) -> CitizenParticipation:
    """Citizen and lived-experience seats open on the snapshot's date: reserved vs filled, per concertation
    and in total, with the vacant ones and since when."""
    seats_of: dict[int, list[SeatInfo]] = {}
    for seat in s.seats:
        if seat.seat_type in CITIZEN_SEAT_TYPES and seat.open(s.on):
            seats_of.setdefault(seat.concertation_id, []).append(seat)
    held = {h.seat_id for h in s.holdings if h.current(s.on)}
    last_end: dict[int, dt.date] = {}
    for h in s.holdings:
        if h.end is not None and h.end < s.on and (h.seat_id not in last_end or h.end > last_end[h.seat_id]):
            last_end[h.seat_id] = h.end
    rows = []
    without = []
    for c in sorted(s.concertations, key=lambda c: (c.name, c.id)):
        seats = seats_of.get(c.id, [])
        if not seats:
            without.append(c.id)
            continue
        vacant = tuple(
            VacantSeat(
                seat_id=seat.id,
                concertation_id=c.id,
                seat_type=seat.seat_type,
                since=last_end[seat.id] + dt.timedelta(days=1) if seat.id in last_end else seat.created_on,
            )
            for seat in seats
            if seat.id not in held
        )
        rows.append(ConcertationCitizens(c.id, c.name, len(seats), len(seats) - len(vacant), vacant))
    return CitizenParticipation(concertations=tuple(rows), without_citizen_seat=tuple(without))
