"""The synthetic meetings: a meeting a month for every synthetic concertation while it exists, attendance
only for seats open and held on the day, follow-ups due after their meeting, reproducible from the seed,
and removed with the synthetic registry."""

from __future__ import annotations

import datetime as dt

import pytest

from arrimage.concertation.models import Membership
from arrimage.demo.synth import synth_clear, synth_generate, synthetic_concertations
from arrimage.demo.synth_meetings import meetings_write
from arrimage.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    FollowUp,
    Meeting,
    MeetingStatus,
)
from arrimage.meetings.services import MeetingData, meeting_create

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def written() -> dict[str, int]:
    synth_generate(scale=0.01, seed=3, today=TODAY)
    return meetings_write(concertations=synthetic_concertations(), years=2, seed=3, today=TODAY)


def test_every_concertation_meets_monthly_while_it_exists(written: dict[str, int]) -> None:
    assert written["meetings"] == Meeting.objects.count() > 0
    assert written["attendances"] == Attendance.objects.count() > written["meetings"]
    assert written["agenda_items"] == AgendaItem.objects.count()
    assert written["decisions"] == Decision.objects.count() == written["follow_ups"] == FollowUp.objects.count()
    for concertation in synthetic_concertations().filter(start_date__lte=TODAY.replace(year=2024)):
        if concertation.end_date is None:
            # Two years back (the month of today included) and two months ahead.
            assert 25 <= Meeting.objects.filter(concertation=concertation).count() <= 27
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert {MeetingStatus.HELD, MeetingStatus.PLANNED} <= statuses
    assert not Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__date__lt=TODAY).exists()


def test_attendance_keeps_the_rules_of_the_services(written: dict[str, int]) -> None:
    rows = Attendance.objects.select_related("seat", "meeting")
    for attendance in rows.iterator():
        day = attendance.meeting.day
        seat = attendance.seat
        assert seat.concertation_id == attendance.meeting.concertation_id
        assert seat.created_on is None or seat.created_on <= day
        assert seat.abolished_on is None or day < seat.abolished_on
        holders = Membership.objects.filter(seat=seat).current(day)
        assert (attendance.organization_id, attendance.person_id) in set(
            holders.values_list("organization_id", "person_id")
        )
        if attendance.meeting.status == MeetingStatus.PLANNED:
            assert attendance.status == AttendanceStatus.INVITED
        else:
            assert attendance.status != AttendanceStatus.INVITED
    assert not Attendance.objects.filter(meeting__status=MeetingStatus.CANCELLED).exists()
    for follow_up in FollowUp.objects.select_related("decision__meeting"):
        assert follow_up.due_on >= follow_up.decision.meeting.starts_at.date()
        assert follow_up.done_on is None or follow_up.done_on < TODAY


def test_some_seats_never_come_and_the_rest_mostly_do(written: dict[str, int]) -> None:
    held = Attendance.objects.exclude(status=AttendanceStatus.INVITED)
    attended = held.filter(status__in=AttendanceStatus.attended()).count()
    assert 0.5 < attended / held.count() < 0.85
    seats = {seat for (seat,) in held.values_list("seat").distinct()}
    coming = {seat for (seat,) in held.filter(status__in=AttendanceStatus.attended()).values_list("seat").distinct()}
    assert seats - coming, "no seat that never comes"


def test_the_same_seed_gives_the_same_meetings() -> None:
    synth_generate(scale=0.01, seed=3, today=TODAY)
    first = meetings_write(concertations=synthetic_concertations(), years=1, seed=3, today=TODAY)
    drawn = list(Attendance.objects.order_by("meeting__starts_at", "seat").values_list("seat", "status"))
    Attendance.objects.all().delete()
    FollowUp.objects.all().delete()
    Meeting.objects.all().delete()
    again = meetings_write(concertations=synthetic_concertations(), years=1, seed=3, today=TODAY)
    assert first == again
    assert drawn == list(Attendance.objects.order_by("meeting__starts_at", "seat").values_list("seat", "status"))


def test_the_synthetic_meetings_go_with_the_synthetic_registry(written: dict[str, int]) -> None:
    removed = synth_clear()
    assert removed["meetings"] == written["meetings"]
    assert not Meeting.objects.exists() and not Attendance.objects.exists() and not FollowUp.objects.exists()


def test_a_meeting_written_after_the_synthetic_ones_gets_a_new_id(written: dict[str, int]) -> None:
    concertation = synthetic_concertations().first()
    assert concertation is not None
    meeting = meeting_create(
        data=MeetingData(concertation=concertation, starts_at=dt.datetime(2026, 7, 1, 13, 30, tzinfo=dt.UTC)),
        acting_user=None,
    )
    assert meeting.pk > max(Meeting.objects.exclude(pk=meeting.pk).values_list("pk", flat=True))
