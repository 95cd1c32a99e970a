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
from typing import NamedTuple

from .inputs import HoldingInfo, SeatInfo, Snapshot

DAYS_PER_YEAR = 365.25


def _mean(days: list[int]) -> float | None:
    """The mean of whole numbers of days (exact sum, one division: `statistics.mean` goes through
    fractions, ten times slower on a province's seats)."""
    return sum(days) / len(days) if days else None


class SeatTurnover(NamedTuple):  # one per seat, 250,000 in a province: made faster than a frozen class
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


def _order(holding: HoldingInfo) -> tuple[dt.date, int]:
    return holding.start or dt.date.min, holding.id


def seat_turnover(seat: SeatInfo, holdings: list[HoldingInfo], on: dt.date) -> SeatTurnover:
    """The turnover of one seat from its holdings, as of `on`."""
    return _seat_turnover(seat, holdings, on)[0]


def _seat_turnover(seat: SeatInfo, holdings: list[HoldingInfo], on: dt.date) -> tuple[SeatTurnover, list[int]]:
    """The turnover of one seat and the days of its ended holdings, in one pass over its holdings."""
    known = [h for h in holdings if h.start is None or h.start <= on]
    if len(known) > 1:
        known.sort(key=_order)
    changes = 0
    first_start = seat.created_on
    tenures: list[int] = []
    current = False
    current_tenure: int | None = None
    last_end: dt.date | None = None
    previous: HoldingInfo | None = None
    for h in known:
        if previous is not None and (
            h.person_id != previous.person_id or h.organization_id != previous.organization_id
        ):
            changes += 1
        previous = h
        start, end = h.start, h.end
        if start is not None and (first_start is None or start < first_start):
            first_start = start
        if end is not None:
            if start is not None and end < on:
                tenures.append((end - start).days)
            if last_end is None or end > last_end:
                last_end = end
        if end is None or end >= on:  # current: it started on or before `on` (it is known)
            current = True
            if start is not None:
                days = (on - start).days
                if current_tenure is None or days > current_tenure:
                    current_tenure = days
    until = min(on, seat.abolished_on) if seat.abolished_on is not None else on
    years = max(0, (until - first_start).days) / DAYS_PER_YEAR if first_start is not None else None
    vacant = seat.open(on) and not current
    since = (last_end if last_end is not None else seat.created_on) if vacant else None
    return (
        SeatTurnover(
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
        ),
        tenures,
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
        result, tenures = _seat_turnover(seat, holdings_of.get(seat.id, []), s.on)
        by_concertation[seat.concertation_id].append(result)
        tenures_of[seat.concertation_id].extend(tenures)
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
