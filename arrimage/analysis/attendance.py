"""Attendance: who comes to the meetings a concertation holds, over the twelve months up to a date.

Each input row is one seat invited to one meeting (`AttendanceInfo`). Only meetings that were held count,
and only rows whose attendance was taken: a seat still marked « invited » after the meeting says nothing
about whether it came. A seat attended when it was present or replaced by someone else.

Citizen seats (citizens, people with lived experience of poverty) are counted in the totals; a page shown
to someone who may not see the concertation's members shows them only as counts and rates, never seat by
seat (`participation(..., citizens_by_seat=False)`). On a territory's page, the meetings attended by a
person or an organisation leave out citizen seats for the same reason.

Pure: plain data in, frozen results out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .load import Load, SeatCount
from .participation import CITIZEN_SEAT_TYPES

#: Attendance statuses (those of `arrimage.meetings.models.AttendanceStatus`).
ATTENDED = frozenset({"present", "replaced"})
RECORDED = frozenset({"present", "replaced", "excused", "absent"})

#: A seat invited this many times or more that never came is listed as such.
NEVER_MINIMUM = 3


@dataclass(frozen=True)
class AttendanceInfo:
    """One seat invited to one held meeting, and whether it came."""

    meeting_id: int
    day: dt.date  # the meeting's day
    concertation_id: int  # the seat's concertation (a joint meeting invites the seats of several)
    seat_id: int
    seat_type: str
    status: str  # invited, present, excused, absent, replaced
    organization_id: int | None = None  # holding the seat on the day
    person_id: int | None = None  # holding the seat on the day

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    @property
    def citizen(self) -> bool:
        return self.seat_type in CITIZEN_SEAT_TYPES


def window_start(on: dt.date) -> dt.date:
    """The first day of the twelve months that end on `on` (the day after the same day a year before)."""
    try:
        before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        before = on.replace(year=on.year - 1, day=28)
    return before + dt.timedelta(days=1)


def counted(rows: Iterable[AttendanceInfo], *, on: dt.date) -> list[AttendanceInfo]:
    """The rows of the twelve months up to `on` whose attendance was taken."""
    start = window_start(on)
    return [row for row in rows if start <= row.day <= on and row.status in RECORDED]


@dataclass(frozen=True)
class Tally:
    """Meetings a seat (or an organisation, or a group of seats) was invited to, and attended."""

    invited: int
    attended: int

    @property
    def rate(self) -> float | None:
        """The share of invitations attended; None without any invitation."""
        return self.attended / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)


@dataclass(frozen=True)
class SeatAttendance:
    seat_id: int
    seat_type: str
    tally: Tally


@dataclass(frozen=True)
class OrganizationAttendance:
    organization_id: int
    tally: Tally  # distinct meetings: two seats of one organisation at one meeting count once


@dataclass(frozen=True)
class Participation:
    """Attendance to the meetings of the twelve months from `start` to `end`."""

    start: dt.date
    end: dt.date
    meetings: int  # meetings with at least one attendance taken
    overall: Tally  # every invitation of every seat
    seats: tuple[SeatAttendance, ...]  # lowest rate first (without citizen seats unless asked)
    organizations: tuple[OrganizationAttendance, ...]  # lowest rate first
    never_attended: tuple[int, ...]  # seat ids invited NEVER_MINIMUM times or more, never there
    citizens: Tally  # every invitation of a citizen seat
    citizen_seats: int  # citizen seats invited at least once


def _ranked_key(tally: Tally, ident: int) -> tuple[float, int, int]:
    return (tally.rate if tally.rate is not None else 1.0, -tally.invited, ident)


def participation(rows: Iterable[AttendanceInfo], *, on: dt.date, citizens_by_seat: bool = False) -> Participation:
    """Attendance per seat and per organisation over the twelve months up to `on`.

    With `citizens_by_seat` False, citizen seats appear only in `citizens` and `overall`: neither in the
    rows per seat, nor per organisation, nor among the seats that never came.
    """
    kept = counted(rows, on=on)
    invited: dict[int, int] = defaultdict(int)
    attended: dict[int, int] = defaultdict(int)
    seat_types: dict[int, str] = {}
    organization_invited: dict[int, set[int]] = defaultdict(set)
    organization_attended: dict[int, set[int]] = defaultdict(set)
    citizen_seats: set[int] = set()
    citizen_invited = citizen_attended = 0
    for row in kept:
        if row.citizen:
            citizen_seats.add(row.seat_id)
            citizen_invited += 1
            citizen_attended += row.attended
            if not citizens_by_seat:
                continue
        seat_types[row.seat_id] = row.seat_type
        invited[row.seat_id] += 1
        attended[row.seat_id] += row.attended
        if row.organization_id is not None:
            organization_invited[row.organization_id].add(row.meeting_id)
            if row.attended:
                organization_attended[row.organization_id].add(row.meeting_id)
    seats = sorted(
        (
            SeatAttendance(seat_id, seat_types[seat_id], Tally(invited[seat_id], attended[seat_id]))
            for seat_id in invited
        ),
        key=lambda seat: _ranked_key(seat.tally, seat.seat_id),
    )
    organizations = sorted(
        (
            OrganizationAttendance(ident, Tally(len(meetings), len(organization_attended[ident])))
            for ident, meetings in organization_invited.items()
        ),
        key=lambda organization: _ranked_key(organization.tally, organization.organization_id),
    )
    never = sorted(seat.seat_id for seat in seats if seat.tally.invited >= NEVER_MINIMUM and seat.tally.attended == 0)
    return Participation(
        start=window_start(on),
        end=on,
        meetings=len({row.meeting_id for row in kept}),
        overall=Tally(len(kept), sum(row.attended for row in kept)),
        seats=tuple(seats),
        organizations=tuple(organizations),
        never_attended=tuple(never),
        citizens=Tally(citizen_invited, citizen_attended),
        citizen_seats=len(citizen_seats),
    )


# Seats held and meetings attended (the territory's solicitation) ---------------------------------------


@dataclass(frozen=True)
class Carried:
    """A person or an organisation: the seats it holds, and the meetings it attended over twelve months."""

    id: int
    seats: int
    concertation_ids: tuple[int, ...]
    meetings: int  # distinct meetings attended in one of these concertations, citizen seats left out


@dataclass(frozen=True)
class SeatsAndMeetings:
    organizations: tuple[Carried, ...]  # in the order of the load
    people: tuple[Carried, ...]  # in the order of the load


def meetings_attended(
    rows: Iterable[AttendanceInfo], *, on: dt.date, concertation_ids: frozenset[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """The distinct meetings each organisation and each person attended over the twelve months up to
    `on`, in the seats of these concertations, citizen seats left out: (per organisation, per person)."""
    organizations: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    for row in counted(rows, on=on):
        if not row.attended or row.citizen or row.concertation_id not in concertation_ids:
            continue
        if row.organization_id is not None:
            organizations[row.organization_id].add(row.meeting_id)
        if row.person_id is not None:
            people[row.person_id].add(row.meeting_id)
    return (
        {ident: len(meetings) for ident, meetings in organizations.items()},
        {ident: len(meetings) for ident, meetings in people.items()},
    )


def seats_and_meetings(
    load: Load, rows: Iterable[AttendanceInfo], *, on: dt.date, concertation_ids: frozenset[int], top: int | None = None
) -> SeatsAndMeetings:
    """The load's first `top` organisations and people (all without `top`), each with the meetings it
    attended next to the seats it holds."""
    organizations, people = meetings_attended(rows, on=on, concertation_ids=concertation_ids)

    def carried(counts: tuple[SeatCount, ...], meetings: dict[int, int]) -> tuple[Carried, ...]:
        return tuple(
            Carried(count.id, count.seats, count.concertation_ids, meetings.get(count.id, 0)) for count in counts[:top]
        )

    return SeatsAndMeetings(
        organizations=carried(load.organizations, organizations), people=carried(load.people, people)
    )


# Attendance across a territory's bodies (the « Concertation » tab) ---------------------------------------


@dataclass(frozen=True)
class SeatTally:
    """A seat's invitations and attendances over the twelve months."""

    seat_id: int
    concertation_id: int
    seat_type: str
    invited: int
    attended: int

    @property
    def citizen(self) -> bool:
        return self.seat_type in CITIZEN_SEAT_TYPES


@dataclass(frozen=True)
class BodyParticipation:
    """One concertation body: its meetings over twelve months and how its seats came to them."""

    concertation_id: int
    meetings: int  # meetings its seats were invited to (its own and joint ones) with attendance taken
    seats: Tally  # invitations and attendances of the seats other than citizen seats
    never_attended: int  # seats other than citizen seats invited NEVER_MINIMUM times or more, never there
    citizens: Tally  # invitations and attendances of its citizen seats
    citizen_seats: int  # citizen seats invited at least once


@dataclass(frozen=True)
class TerritoryParticipation:
    """Attendance at the meetings of a territory's bodies over the twelve months from `start` to `end`."""

    start: dt.date
    end: dt.date
    meetings: int  # distinct meetings (a joint meeting counts once)
    seats: Tally  # every seat other than citizen seats
    never_attended: int
    citizens: Tally
    citizen_seats: int
    bodies: tuple[BodyParticipation, ...]  # lowest rate first; bodies without a meeting left out
    organizations: tuple[OrganizationAttendance, ...]  # lowest rate first, citizen seats left out


#: One invitation as `territory_participation` reads it, the meeting held within the twelve months and its
#: attendance taken: (seat id, seat's concertation id, seat type, meeting id, status, organisation id).
InvitationRow = tuple[int, int, str, int, str, int | None]


def territory_participation(rows: Iterable[InvitationRow], *, on: dt.date) -> TerritoryParticipation:
    """Attendance per body and per organisation across a territory, over the twelve months up to `on`
    (the caller keeps the rows of that window whose attendance was taken). Citizen seats are only ever
    counted, never listed, and left out of the organisations' figures."""
    invited: dict[int, int] = defaultdict(int)
    attended: dict[int, int] = defaultdict(int)
    seat_of: dict[int, tuple[int, str]] = {}
    body_meetings: dict[int, set[int]] = defaultdict(set)
    organization_invited: dict[int, set[int]] = defaultdict(set)
    organization_attended: dict[int, set[int]] = defaultdict(set)
    for seat_id, concertation_id, seat_type, meeting_id, status, organization_id in rows:
        came = status in ATTENDED
        invited[seat_id] += 1
        attended[seat_id] += came
        seat_of[seat_id] = (concertation_id, seat_type)
        body_meetings[concertation_id].add(meeting_id)
        if organization_id is not None and seat_type not in CITIZEN_SEAT_TYPES:
            organization_invited[organization_id].add(meeting_id)
            if came:
                organization_attended[organization_id].add(meeting_id)
    by_body: dict[int, list[SeatTally]] = defaultdict(list)
    for seat_id, (concertation_id, seat_type) in seat_of.items():
        by_body[concertation_id].append(
            SeatTally(seat_id, concertation_id, seat_type, invited[seat_id], attended[seat_id])
        )

    def body(concertation_id: int, tallies: list[SeatTally]) -> BodyParticipation:
        others = [seat for seat in tallies if not seat.citizen]
        citizens = [seat for seat in tallies if seat.citizen]
        return BodyParticipation(
            concertation_id=concertation_id,
            meetings=len(body_meetings[concertation_id]),
            seats=Tally(sum(s.invited for s in others), sum(s.attended for s in others)),
            never_attended=sum(1 for s in others if s.invited >= NEVER_MINIMUM and s.attended == 0),
            citizens=Tally(sum(s.invited for s in citizens), sum(s.attended for s in citizens)),
            citizen_seats=len(citizens),
        )

    bodies = sorted(
        (body(ident, tallies) for ident, tallies in by_body.items()),
        key=lambda row: _ranked_key(row.seats, row.concertation_id),
    )
    organizations = sorted(
        (
            OrganizationAttendance(ident, Tally(len(meetings), len(organization_attended[ident])))
            for ident, meetings in organization_invited.items()
        ),
        key=lambda row: _ranked_key(row.tally, row.organization_id),
    )
    return TerritoryParticipation(
        start=window_start(on),
        end=on,
        meetings=len(set().union(*body_meetings.values())),
        seats=Tally(sum(b.seats.invited for b in bodies), sum(b.seats.attended for b in bodies)),
        never_attended=sum(b.never_attended for b in bodies),
        citizens=Tally(sum(b.citizens.invited for b in bodies), sum(b.citizens.attended for b in bodies)),
        citizen_seats=sum(b.citizen_seats for b in bodies),
        bodies=tuple(bodies),
        organizations=tuple(organizations),
    )
