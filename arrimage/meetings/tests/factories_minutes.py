"""Small factories for meetings, for the tests of the minutes and of the meetings feed. They write through the
model layer, like `tests/factories.py`."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from arrimage.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMethod,
    FollowUp,
    Meeting,
    MeetingStatus,
)
from tests.factories import ConcertationFactory, OrganizationFactory, SeatFactory


def _soon() -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=14)).replace(hour=18, minute=30, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    concertation = factory.SubFactory(ConcertationFactory)
    title = factory.Sequence(lambda n: f"Rencontre régulière {n}")
    starts_at = factory.LazyFunction(_soon)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    place = "Centre communautaire, 100 rue Principale"
    status = MeetingStatus.HELD
    minutes_private = False


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Point {n}")
    minutes = "Les membres ont échangé sur le sujet."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    seat = factory.SubFactory(SeatFactory, concertation=factory.SelfAttribute("..meeting.concertation"))
    status = AttendanceStatus.PRESENT


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "Adopter le procès-verbal de la rencontre précédente."
    method = DecisionMethod.CONSENSUS


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    decision = factory.SubFactory(DecisionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    task = "Envoyer le compte rendu aux partenaires."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
