"""Small factories for the tests of attendance: meetings held and the seats invited to them, written with
the ORM (the meetings' services are tested on their own)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from arrimage.concertation.models import Concertation, Seat
from arrimage.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from tests.factories import ConcertationFactory, SeatFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    concertation = factory.SubFactory(ConcertationFactory)
    title = factory.Sequence(lambda n: f"Rencontre {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    status = MeetingStatus.HELD


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    seat = factory.SubFactory(SeatFactory, concertation=factory.SelfAttribute("..meeting.concertation"))
    status = AttendanceStatus.PRESENT


def held_meeting(concertation: Concertation, *, days_ago: int, **fields: object) -> Meeting:
    """A meeting of `concertation` held `days_ago` days ago (at ten in the morning)."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return MeetingFactory.create(concertation=concertation, starts_at=starts_at, **fields)


def attend(meeting: Meeting, seat: Seat, status: str = AttendanceStatus.PRESENT, **fields: object) -> Attendance:
    """The seat invited to the meeting, with its attendance."""
    return AttendanceFactory.create(meeting=meeting, seat=seat, status=status, **fields)
