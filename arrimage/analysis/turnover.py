"""Turnover: how often seats change hands, how long holders stay, which seats stand empty and for how long.

Only what is known on the snapshot's date counts: holdings starting later are ignored. For each seat:

- *holder changes*: among its holdings in order of start, the times a holding's holder (person and
  organisation) differs from the previous one's; a renewed mandate is not a change;
- *changes per year*: holder changes over the years from its first known start (or its creation) to the
  snapshot's date (or its abolition); none when that span is unknown or empty;
- *tenure*: the days between start and end of ended holdings with both dates (mean), and the days the
  current holder has held it so far;
- *vacancy*: an open seat with no current holding is vacant, since the last end (or its creation when it
  was never held); the days are unknown when neither date is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from .inputs import HoldingInfo, SeatInfo, Snapshot

DAYS_PER_YEAR = 365.25


def _mean(days: list[int]) -> float | None:
    """The mean of whole numbers of days (exact sum, one division: `statistics.mean` goes through
    fractions, ten times slower on a province's seats)."""
    return sum(days) / len(days) if days else None


@dataclass(frozen=True)
class SeatTurnover:
    seat_id: int
    concertation_id: int
    holdings: int
    holder_changes: int
    years: float | None
    changes_per_year: float | None
    mean_tenure_days: float | None  # ended holdings
    current_tenure_days: int | None
    vacant: bool
    vacant_since: dt.date | None
    vacant_days: int | None


@dataclass(frozen=True)
class Summary:
    """Turnover over a group of seats (a concertation or the whole territory)."""

    seats: int
    vacant_seats: int
    holder_changes: int
    changes_per_year: float | None  # total changes over the total known years of the seats
    mean_tenure_days: float | None  # over every ended holding
    mean_current_tenure_days: float | None
    mean_vacant_days: float | None


@dataclass(frozen=True)
class ConcertationTurnover:
    concertation_id: int
    summary: Summary
    seats: tuple[SeatTurnover, ...]


@dataclass(frozen=True)
class Turnover:
    concertations: tuple[ConcertationTurnover, ...]  # most changes per year first
    territory: Summary


def _holder(holding: HoldingInfo) -> tuple[int | None, int | None]:
    return holding.person_id, holding.organization_id


def seat_turnover(seat: SeatInfo, holdings: list[HoldingInfo], on: dt.date) -> SeatTurnover:
    """The turnover of one seat from its holdings, as of `on`."""
    known = sorted(
        (h for h in holdings if h.start is None or h.start <= on),
        key=lambda h: (h.start or dt.date.min, h.id),
    )
    changes = sum(1 for before, after in pairwise(known) if _holder(before) != _holder(after))
    starts = [h.start for h in known if h.start is not None]
    if seat.created_on is not None:
        starts.append(seat.created_on)
    until = min(on, seat.abolished_on) if seat.abolished_on is not None else on
    years = max(0, (until - min(starts)).days) / DAYS_PER_YEAR if starts else None
    tenures = [(h.end - h.start).days for h in known if h.start is not None and h.end is not None and h.end < on]
    current = [h for h in known if h.current(on)]
    current_tenure = max(((on - h.start).days for h in current if h.start is not None), default=None)
    vacant = seat.open(on) and not current
    since: dt.date | None = None
    if vacant:
        ends = [h.end for h in known if h.end is not None]
        since = max(ends) if ends else seat.created_on
    return SeatTurnover(
        seat_id=seat.id,
        concertation_id=seat.concertation_id,
        holdings=len(known),
        holder_changes=changes,
        years=years,
        changes_per_year=changes / years if years else None,
        mean_tenure_days=_mean(tenures),
        current_tenure_days=current_tenure,
        vacant=vacant,
        vacant_since=since,
        vacant_days=(on - since).days if since is not None else None,
    )


def _summary(seats: list[SeatTurnover], tenures: list[int]) -> Summary:
    years = sum(seat.years for seat in seats if seat.years)
    changes = sum(seat.holder_changes for seat in seats)
    current = [seat.current_tenure_days for seat in seats if seat.current_tenure_days is not None]
    vacant = [seat.vacant_days for seat in seats if seat.vacant_days is not None]
    return Summary(
        seats=len(seats),
        vacant_seats=sum(1 for seat in seats if seat.vacant),
        holder_changes=changes,
        changes_per_year=changes / years if years else None,
        mean_tenure_days=_mean(tenures),
        mean_current_tenure_days=_mean(current),
        mean_vacant_days=_mean(vacant),
    )


def _ended_tenures(holdings: list[HoldingInfo], on: dt.date) -> list[int]:
    return [
        (h.end - h.start).days
        for h in holdings
        if h.start is not None and h.end is not None and h.start <= on and h.end < on
    ]


def turnover(s: Snapshot) -> Turnover:
    """Turnover of every seat of the snapshot's concertations created by its date, grouped by concertation."""
    holdings_of: dict[int, list[HoldingInfo]] = defaultdict(list)
    for holding in s.holdings:
        holdings_of[holding.seat_id].append(holding)
    by_concertation: dict[int, list[SeatTurnover]] = defaultdict(list)
    tenures_of: dict[int, list[int]] = defaultdict(list)
    for seat in sorted(s.seats, key=lambda seat: seat.id):
        if seat.created_on is not None and seat.created_on > s.on:
            continue
        by_concertation[seat.concertation_id].append(seat_turnover(seat, holdings_of[seat.id], s.on))
        tenures_of[seat.concertation_id].extend(_ended_tenures(holdings_of[seat.id], s.on))
    concertations = [
        ConcertationTurnover(
            concertation_id=concertation_id,
            summary=_summary(seats, tenures_of[concertation_id]),
            seats=tuple(seats),
        )
        for concertation_id, seats in by_concertation.items()
    ]
    concertations.sort(key=lambda c: (-(c.summary.changes_per_year or 0.0), c.concertation_id))
    every_seat = [seat for c in concertations for seat in c.seats]
    every_tenure = [days for tenures in tenures_of.values() for days in tenures]
    return Turnover(concertations=tuple(concertations), territory=_summary(every_seat, every_tenure))
