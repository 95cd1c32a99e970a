"""Reads of meetings: one meeting in a fixed number of queries, the meetings a concertation hosts or joins,
and the open follow-ups of a concertation or an organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from arrimage.meetings import selectors, services
from arrimage.meetings.models import FollowUp, Meeting
from arrimage.meetings.services import AgendaItemData, DocumentData, MeetingData
from tests.factories import (
    ActionFactory,
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _meeting(table: Any, user: Any, size: int, day: int = 12) -> Meeting:
    for _ in range(size):
        MembershipFactory.create(seat=SeatFactory.create(concertation=table))
    meeting = services.meeting_create(
        data=MeetingData(
            concertation=table,
            starts_at=timezone.make_aware(dt.datetime(2024, 3, day, 19)),
            joint_with=[ConcertationFactory.create() for _ in range(size)],
            agenda=[AgendaItemData(f"Point {n}") for n in range(size)],
            documents=[DocumentData(f"Document {n}", f"https://exemple.org/{n}.pdf") for n in range(size)],
        ),
        acting_user=user,
    )
    for item in meeting.agenda_items.all():
        decision = services.decision_create(meeting=meeting, text="Adopté.", agenda_item=item, acting_user=user)
        for _ in range(2):
            services.follow_up_create(
                decision=decision, organization=OrganizationFactory.create(), person=PersonFactory.create(),
                task="Faire", due_on=dt.date(2024, 4, 1), acting_user=user,
                action=ActionFactory.create(objective__plan__owner_concertation=table),
            )  # fmt: skip
    return meeting


def _read_everything(meeting: Meeting) -> None:
    str(meeting.concertation)
    list(meeting.joint_with.all())
    for item in meeting.agenda_items.all():
        str(item.follow_up and item.follow_up.organization)
    list(meeting.documents.all())
    for row in meeting.attendances.all():
        str((row.seat, row.organization, row.person, row.substitute))
    for decision in meeting.decisions.all():
        str(decision.agenda_item)
        for follow_up in decision.follow_ups.all():
            assert follow_up.action is not None
            str((follow_up.organization, follow_up.person, follow_up.action.objective.plan))


@pytest.mark.parametrize("size", [1, 4])
def test_meeting_get_reads_in_a_fixed_number_of_queries(django_assert_num_queries: Any, size: int) -> None:
    user, table = UserFactory.create(), ConcertationFactory.create()
    meeting = _meeting(table, user, size)
    with django_assert_num_queries(7):
        _read_everything(selectors.meeting_get(meeting.pk))


def test_meetings_of_a_concertation_hosted_or_joined() -> None:
    user, table, other = UserFactory.create(), ConcertationFactory.create(), ConcertationFactory.create()
    hosted = _meeting(table, user, 1, day=1)
    joined = services.meeting_create(
        data=MeetingData(
            concertation=other, starts_at=timezone.make_aware(dt.datetime(2024, 3, 20, 19)), joint_with=[table]
        ),
        acting_user=user,
    )
    services.meeting_create(
        data=MeetingData(concertation=other, starts_at=timezone.make_aware(dt.datetime(2024, 3, 21, 19))),
        acting_user=user,
    )
    assert list(selectors.meetings_of_concertation(table)) == [joined, hosted]


def test_open_follow_ups_in_one_query(django_assert_num_queries: Any) -> None:
    user, table = UserFactory.create(), ConcertationFactory.create()
    meeting = _meeting(table, user, 3)
    first = meeting.decisions.first()
    assert first is not None
    follow_ups = list(FollowUp.objects.filter(decision=first))
    services.follow_up_done(follow_up=follow_ups[0], done_on=dt.date(2024, 3, 20), acting_user=user)
    with django_assert_num_queries(1):
        found = selectors.open_follow_ups_of_concertation(table)
        [str((f.organization, f.person, f.decision.meeting.concertation)) for f in found]
    assert len(found) == 5
    organization = follow_ups[1].organization
    with django_assert_num_queries(1):
        assert selectors.open_follow_ups_of_organization(organization) == [follow_ups[1]]
    assert selectors.open_follow_ups_of_organization(follow_ups[0].organization) == []
