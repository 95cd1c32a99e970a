"""The attendance rows read from the database: held meetings of the twelve months only, attendance taken,
the seats of a concertation at its own meetings and at joint ones, in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from arrimage.analysis.attendance import window_start
from arrimage.analysis.attendance_loading import actors_attendance, concertation_attendance
from arrimage.meetings.models import AttendanceStatus, MeetingStatus
from arrimage.meetings.tests.factories_attendance import attend, held_meeting
from tests.factories import ConcertationFactory, OrganizationFactory, PersonFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_the_seats_of_a_concertation_over_twelve_months(django_assert_num_queries):
    today = timezone.localdate()
    concertation = ConcertationFactory.create()
    host = ConcertationFactory.create()
    organization = OrganizationFactory.create(name="Carrefour")
    seat = SeatFactory.create(concertation=concertation, label="Siège A")
    own = held_meeting(concertation, days_ago=3)
    attend(own, seat, AttendanceStatus.PRESENT, organization=organization)
    joint = held_meeting(host, days_ago=10)
    joint.joint_with.add(concertation)
    attend(joint, seat, AttendanceStatus.ABSENT, organization=organization)
    attend(joint, SeatFactory.create(concertation=host), AttendanceStatus.PRESENT)  # the host's seat
    attend(held_meeting(concertation, days_ago=20), seat, AttendanceStatus.INVITED)  # not taken
    attend(held_meeting(concertation, days_ago=30, status=MeetingStatus.PLANNED), seat)
    days_before_window = (today - window_start(today)).days + 1
    attend(held_meeting(concertation, days_ago=days_before_window), seat)
    attend(held_meeting(concertation, days_ago=days_before_window - 1), seat)  # the first day, counted
    with django_assert_num_queries(1):
        data = concertation_attendance(concertation.pk, on=today)
    assert sorted((row.day, row.status) for row in data.rows) == [
        (window_start(today), "present"),
        (today - dt.timedelta(days=10), "absent"),
        (today - dt.timedelta(days=3), "present"),
    ]
    assert {row.concertation_id for row in data.rows} == {concertation.pk}
    assert data.seat_labels == {seat.pk: "Siège A"}
    assert data.organization_names == {organization.pk: "Carrefour"}


def test_the_meetings_organisations_and_people_attended(django_assert_num_queries):
    today = timezone.localdate()
    concertation = ConcertationFactory.create()
    organization, other = OrganizationFactory.create(), OrganizationFactory.create()
    person = PersonFactory.create()
    meeting = held_meeting(concertation, days_ago=5)
    attend(meeting, SeatFactory.create(concertation=concertation), organization=organization)
    attend(
        meeting,
        SeatFactory.create(concertation=concertation),
        AttendanceStatus.REPLACED,
        person=person,
        substitute_name="Y",
    )
    attend(meeting, SeatFactory.create(concertation=concertation), AttendanceStatus.ABSENT, organization=organization)
    attend(meeting, SeatFactory.create(concertation=concertation), organization=other)
    with django_assert_num_queries(0):
        assert actors_attendance(organization_ids=[], person_ids=[], on=today) == []
    with django_assert_num_queries(1):
        rows = actors_attendance(organization_ids=[organization.pk], person_ids=[person.pk], on=today)
    assert {(row.organization_id, row.person_id, row.status) for row in rows} == {
        (organization.pk, None, "present"),
        (None, person.pk, "replaced"),
    }
