"""Attendance across a territory's bodies: the invitations of the twelve months read in one query and
added up, with the same figures as the concertation page's analysis."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.utils import timezone

from arrimage.analysis import attendance_loading
from arrimage.analysis.attendance import (
    NEVER_MINIMUM,
    Tally,
    counted,
    meetings_attended,
    participation,
    territory_participation,
    window_start,
)
from arrimage.analysis.attendance_loading import (
    concertation_attendance,
    meetings_attended_by,
    organization_names,
    territory_attendance,
)
from arrimage.concertation.models import SeatType
from arrimage.meetings.models import AttendanceStatus, MeetingStatus
from arrimage.meetings.tests.factories_attendance import attend, held_meeting
from tests.factories import ConcertationFactory, OrganizationFactory, SeatFactory

ON = dt.date(2026, 6, 30)


def test_bodies_come_lowest_rate_first_and_citizen_seats_are_counted_apart():
    def invitations(seat, body, seat_type, meetings, came, organization=None):
        return [
            (seat, body, seat_type, meeting, "present" if index < came else "absent", organization)
            for index, meeting in enumerate(meetings)
        ]

    rows = [
        *invitations(1, 10, "organisational", (100, 101, 102, 103), came=4, organization=7),
        *invitations(2, 10, "citizen", (100, 101, 102, 103), came=1, organization=9),
        *invitations(3, 20, "organisational", (103, 200, 201, 202), came=0, organization=8),
        *invitations(4, 20, "organisational", (200, 201), came=0, organization=8),  # under the minimum
        *invitations(5, 20, "lived_experience", (200, 201, 202, 103), came=0),
    ]
    result = territory_participation(rows, on=ON)
    assert [body.concertation_id for body in result.bodies] == [20, 10]
    low, high = result.bodies
    assert (low.meetings, low.seats, low.never_attended) == (4, Tally(6, 0), 1)
    assert (low.citizens, low.citizen_seats) == (Tally(4, 0), 1)
    assert (high.seats.percent, high.citizens.percent, high.never_attended) == (100, 25, 0)
    assert result.meetings == 7  # meeting 103 was joint: it counts once
    assert (result.seats, result.never_attended) == (Tally(10, 4), 1)
    assert (result.citizens, result.citizen_seats) == (Tally(8, 1), 2)
    # Organisation 8 holds two seats at meetings 200 and 201: each counts once. Organisation 9 holds a
    # citizen seat only: it is left out.
    assert [(row.organization_id, row.tally) for row in result.organizations] == [(8, Tally(4, 0)), (7, Tally(4, 4))]
    assert (result.start, result.end) == (window_start(ON), ON)
    assert NEVER_MINIMUM == 3


def test_nothing_gives_empty_figures():
    result = territory_participation((), on=ON)
    assert (result.meetings, result.bodies, result.organizations) == (0, (), ())
    assert result.seats.rate is None and result.citizens.percent is None


@pytest.mark.django_db
@pytest.mark.parametrize("through", ["meetings", "seats"])
def test_the_territory_counts_what_the_concertation_page_counts(through, monkeypatch, django_assert_num_queries):
    """A random history of two bodies, a joint meeting, citizen seats, organisations holding two seats:
    the territory's figures equal those of `participation` over each body's rows, whether the rows are
    found through the meetings of the twelve months or, for a province's many ids, through the seats."""
    if through == "seats":
        monkeypatch.setattr(attendance_loading, "MEETINGS_FIRST_LIMIT", 1)
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
    with django_assert_num_queries(1):
        result = territory_attendance([body.pk for body in bodies], on=today)
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
    with django_assert_num_queries(1):
        assert set(organization_names(invited)) == set(invited)
    with django_assert_num_queries(2):
        by_organization, by_person = meetings_attended_by([body.pk for body in bodies], on=today)
    assert (by_organization, by_person) == meetings_attended(
        rows, on=today, concertation_ids=frozenset(body.pk for body in bodies)
    )
    assert by_organization
    with django_assert_num_queries(0):
        assert territory_attendance([], on=today).bodies == ()
        assert meetings_attended_by([], on=today) == ({}, {})
        assert organization_names([]) == {}
