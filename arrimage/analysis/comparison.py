"""What changed on a territory between two dates: concertations that began or ended, seats created or
abolished, and seats whose holders changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .inputs import Snapshot

Holder = tuple[int | None, int | None]  # (person id, organisation id)


@dataclass(frozen=True)
class HolderChange:
    seat_id: int
    concertation_id: int
    before: frozenset[Holder]
    after: frozenset[Holder]


@dataclass(frozen=True)
class Comparison:
    before_on: dt.date
    after_on: dt.date
    new_concertations: tuple[int, ...]
    ended_concertations: tuple[int, ...]
    new_seats: tuple[int, ...]
    abolished_seats: tuple[int, ...]
    holder_changes: tuple[HolderChange, ...]
    concertations_before: int = 0  # active on the first date
    concertations_after: int = 0  # active on the second date
    seats_before: int = 0  # open on the first date, in an active concertation
    seats_after: int = 0

    @property
    def unchanged(self) -> bool:
        """True when nothing began, ended or changed hands between the two dates."""
        return not (
            self.new_concertations
            or self.ended_concertations
            or self.new_seats
            or self.abolished_seats
            or self.holder_changes
        )


def _active(s: Snapshot) -> set[int]:
    return {c.id for c in s.concertations if c.active(s.on)}


def _open_seats(s: Snapshot) -> dict[int, int]:
    """The seats open on the snapshot's date, in a concertation active on it."""
    active = _active(s)
    return {seat.id: seat.concertation_id for seat in s.seats if seat.open(s.on) and seat.concertation_id in active}


def _holders(s: Snapshot) -> dict[int, frozenset[Holder]]:
    found: dict[int, set[Holder]] = {}
    for h in s.holdings:
        if h.current(s.on):
            found.setdefault(h.seat_id, set()).add((h.person_id, h.organization_id))
    return {seat_id: frozenset(holders) for seat_id, holders in found.items()}


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    """The differences between two snapshots of the same territory. A seat counts as abolished when it
    was open on the first date and is not on the second (its concertation may have ended); holder changes
    are given for the seats open on both dates whose holders (person, organisation) differ, a vacancy
    being an empty set of holders."""
    active_before, active_after = _active(before), _active(after)
    seats_before, seats_after = _open_seats(before), _open_seats(after)
    holders_before, holders_after = _holders(before), _holders(after)
    changes = tuple(
        HolderChange(
            seat_id,
            seats_after[seat_id],
            holders_before.get(seat_id, frozenset()),
            holders_after.get(seat_id, frozenset()),
        )
        for seat_id in sorted(set(seats_before) & set(seats_after))
        if holders_before.get(seat_id, frozenset()) != holders_after.get(seat_id, frozenset())
    )
    return Comparison(
        before_on=before.on,
        after_on=after.on,
        new_concertations=tuple(sorted(active_after - active_before)),
        ended_concertations=tuple(sorted(active_before - active_after)),
        new_seats=tuple(sorted(set(seats_after) - set(seats_before))),
        abolished_seats=tuple(sorted(set(seats_before) - set(seats_after))),
        holder_changes=changes,
        concertations_before=len(active_before),
        concertations_after=len(active_after),
        seats_before=len(seats_before),
        seats_after=len(seats_after),
    )
