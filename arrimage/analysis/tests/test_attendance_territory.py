"""Attendance across a territory's bodies: the database adds the rows up (three queries), and gives the
same figures as the concertation page's analysis, which reads them one by one."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.utils import timezone

from arrimage.analysis.attendance import (
    NEVER_MINIMUM,
    OrganizationAttendance,
    SeatTally,
    Tally,
    counted,
    meetings_attended,
    participation,
    territory_participation,
    window_start,
)
from arrimage.analysis.attendance_loading import concertation_attendance, meetings_attended_by, territory_attendance
from arrimage.concertation.models import SeatType
from arrimage.meetings.models import AttendanceStatus, MeetingStatus
from arrimage.meetings.tests.factories_attendance import attend, held_meeting
from tests.factories import ConcertationFactory, OrganizationFactory, SeatFactory

ON = dt.date(2026, 6, 30)


def test_bodies_come_lowest_rate_first_and_citizen_seats_are_counted_apart():
    seats = [
        SeatTally(1, concertation_id=10, seat_type="organisational", invited=4, attended=4),
        SeatTally(2, concertation_id=10, seat_type="citizen", invited=4, attended=1),
        SeatTally(3, concertation_id=20, seat_type="organisational", invited=4, attended=0),
        SeatTally(4, concertation_id=20, seat_type="organisational", invited=2, attended=0),  # under the minimum
        SeatTally(5, concertation_id=20, seat_type="lived_experience", invited=4, attended=0),
    ]
    meetings = [(10, 100), (10, 101), (10, 102), (10, 103), (20, 103), (20, 200), (20, 201), (20, 202)]
    organizations = [
        OrganizationAttendance(7, Tally(4, 4)),
        OrganizationAttendance(8, Tally(6, 0)),
        OrganizationAttendance(9, Tally(0, 0)),
    ]
    result = territory_participation(seats, meetings, organizations, on=ON)
    assert [body.concertation_id for body in result.bodies] == [20, 10]
    low, high = result.bodies
    assert (low.meetings, low.seats, low.never_attended) == (4, Tally(6, 0), 1)
    assert (low.citizens, low.citizen_seats) == (Tally(4, 0), 1)
    assert (high.seats.percent, high.citizens.percent, high.never_attended) == (100, 25, 0)
    assert result.meetings == 7  # meeting 103 was joint: it counts once
    assert (result.seats, result.never_attended) == (Tally(10, 4), 1)
    assert (result.citizens, result.citizen_seats) == (Tally(8, 1), 2)
    assert [row.organization_id for row in result.organizations] == [8, 7, 9]  # no invitation: no rate, last
    assert (result.start, result.end) == (window_start(ON), ON)
    assert NEVER_MINIMUM == 3


def test_nothing_gives_empty_figures():
    result = territory_participation((), (), (), on=ON)
    assert (result.meetings, result.bodies, result.organizations) == (0, (), ())
    assert result.seats.rate is None and result.citizens.percent is None


@pytest.mark.django_db
def test_the_database_adds_up_what_the_concertation_page_counts(django_assert_num_queries):
    """A random history of two bodies, a joint meeting, citizen seats, organisations holding two seats:
    the figures added up by the database equal those of `participation` over the rows one by one."""
    rng = random.Random(20261127)
    today = timezone.localdate()
    bodies = [ConcertationFactory.create(), ConcertationFactory.create()]
    organizations = [OrganizationFactory.create() for _ in range(4)]
    seats = {
        body.pk: [
            SeatFactory.create(concertation=body, seat_type=SeatType.CITIZEN if index == 0 else SeatType.ORGANISATIONAL)
            for index in range(5)
        ]
        for body in bodies
    }
    statuses = [AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED, AttendanceStatus.INVITED]
    for index in range(14):
        host = bodies[index % 2]
        meeting = held_meeting(
            host,
            days_ago=rng.choice([2, 40, 200, 380, 500]),
            status=MeetingStatus.HELD if index % 5 else MeetingStatus.PLANNED,
        )
        guests = list(seats[host.pk])
        if index % 4 == 0:  # a joint meeting
            other = bodies[1 - index % 2]
            meeting.joint_with.add(other)
            guests += seats[other.pk]
        for seat in guests:
            citizen = seat.seat_type == SeatType.CITIZEN
            holder = None if citizen else organizations[seat.pk % len(organizations)]
            status = AttendanceStatus.ABSENT if seat == seats[bodies[0].pk][4] else rng.choice(statuses)
            attend(meeting, seat, status, organization=holder)
    with django_assert_num_queries(3):
        data = territory_attendance([body.pk for body in bodies], on=today)
    result = data.participation
    rows = []
    for body in bodies:
        page = concertation_attendance(body.pk, on=today)
        rows += page.rows
        expected = participation(page.rows, on=today, citizens_by_seat=True)
        row = next(row for row in result.bodies if row.concertation_id == body.pk)
        assert row.meetings == expected.meetings
        assert (row.citizens, row.citizen_seats) == (expected.citizens, expected.citizen_seats)
        assert row.seats.invited == expected.overall.invited - expected.citizens.invited
        assert row.seats.attended == expected.overall.attended - expected.citizens.attended
        citizen_ids = {seat.pk for seat in seats[body.pk] if seat.seat_type == SeatType.CITIZEN}
        assert row.never_attended == len(set(expected.never_attended) - citizen_ids)
    assert result.never_attended >= 1  # the seat always absent
    invited: dict[int, set[int]] = defaultdict(set)
    came: dict[int, set[int]] = defaultdict(set)
    for info in counted(rows, on=today):
        if info.organization_id is not None and not info.citizen:
            invited[info.organization_id].add(info.meeting_id)
            if info.attended:
                came[info.organization_id].add(info.meeting_id)
    assert {tallied.organization_id: tallied.tally for tallied in result.organizations} == {
        ident: Tally(len(meetings), len(came[ident])) for ident, meetings in invited.items()
    }
    assert result.meetings == len({row.meeting_id for row in counted(rows, on=today)})
    assert set(data.organization_names) == set(invited)
    with django_assert_num_queries(2):
        by_organization, by_person = meetings_attended_by([body.pk for body in bodies], on=today)
    assert (by_organization, by_person) == meetings_attended(
        rows, on=today, concertation_ids=frozenset(body.pk for body in bodies)
    )
    assert by_organization
    with django_assert_num_queries(0):
        assert territory_attendance([], on=today).participation.bodies == ()
        assert meetings_attended_by([], on=today) == ({}, {})
