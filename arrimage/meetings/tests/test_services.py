"""Writes to meetings: invitations of the seats open on the day, attendance, minutes, decisions and
follow-ups; every bad input refused with a French message on its field and nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arrimage.meetings import services
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
from arrimage.meetings.services import AgendaItemData, DocumentData, MeetingData
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 12)


def at(day: dt.date, hour: int = 19) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are checked in their English source (the French catalogue is filled separately)."""
    with translation.override("en"):
        yield


@pytest.fixture
def user() -> Any:
    return UserFactory.create()


@pytest.fixture
def table() -> Any:
    return ConcertationFactory.create()


def data(table: Any, **changes: Any) -> MeetingData:
    values: dict[str, Any] = {
        "concertation": table,
        "starts_at": at(DAY),
        "title": "Assemblée régulière",
        "agenda": [AgendaItemData("Mot de bienvenue"), AgendaItemData("Plan d'action", "Bilan")],
        "documents": [DocumentData("Convocation", "https://exemple.org/convocation.pdf")],
    }
    values.update(changes)
    return MeetingData(**values)


def message(error: pytest.ExceptionInfo[ValidationError], key: str) -> str:
    return " ".join(error.value.message_dict[key])


def test_create_invites_the_seats_open_on_the_day_with_their_holder(user: Any, table: Any) -> None:
    held = MembershipFactory.create(seat__concertation=table, start_date=dt.date(2023, 1, 1))
    MembershipFactory.create(seat=held.seat, start_date=dt.date(2020, 1, 1), end_date=dt.date(2022, 12, 31))
    vacant = SeatFactory.create(concertation=table, created_on=DAY)
    SeatFactory.create(concertation=table, created_on=DAY + dt.timedelta(days=1))  # later
    SeatFactory.create(concertation=table, abolished_on=DAY)  # abolished that day
    partner = ConcertationFactory.create()
    joint_seat = SeatFactory.create(concertation=partner)
    SeatFactory.create()  # another concertation

    meeting = services.meeting_create(data=data(table, joint_with=[partner]), acting_user=user)

    rows = {row.seat_id: row for row in meeting.attendances.all()}
    assert set(rows) == {held.seat_id, vacant.pk, joint_seat.pk}
    assert rows[held.seat_id].organization_id == held.organization_id
    assert rows[held.seat_id].person_id == held.person_id
    assert rows[vacant.pk].organization_id is None
    assert all(row.status == AttendanceStatus.INVITED for row in rows.values())
    assert [i.title for i in meeting.agenda_items.all()] == ["Mot de bienvenue", "Plan d'action"]
    assert meeting.documents.get().url == "https://exemple.org/convocation.pdf"
    assert meeting.history.get().history_user == user


def test_an_evening_meeting_keeps_its_local_day(user: Any, table: Any) -> None:
    seat = SeatFactory.create(concertation=table, abolished_on=DAY + dt.timedelta(days=1))
    meeting = services.meeting_create(data=data(table, starts_at=at(DAY, 23)), acting_user=user)
    assert Meeting.objects.get(pk=meeting.pk).day == DAY
    assert meeting.attendances.filter(seat=seat).exists()


def test_ending_before_the_start_is_refused(user: Any, table: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_create(data=data(table, ends_at=at(DAY, 18)), acting_user=user)
    assert "end before" in message(error, "ends_at")
    assert not Meeting.objects.exists()


def test_update_keeps_minutes_and_refuses_a_stale_version(user: Any, table: Any) -> None:
    meeting = services.meeting_create(data=data(table), acting_user=user)
    item = meeting.agenda_items.get(order=2)
    services.agenda_item_minutes(meeting=meeting, minutes={item.pk: "Adopté."}, acting_user=user)

    changed = services.meeting_update(
        meeting=meeting,
        data=data(table, status=MeetingStatus.HELD, agenda=[AgendaItemData("Accueil"), AgendaItemData("Plan")]),
        acting_user=user,
        expected_version=1,
    )
    assert changed.version == 2
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Adopté."
    assert AgendaItem.objects.get(pk=item.pk).title == "Plan"

    with pytest.raises(ValidationError) as error:
        services.meeting_update(meeting=meeting, data=data(table, title="Autre"), acting_user=user, expected_version=1)
    assert "Someone else saved" in " ".join(error.value.messages)
    assert Meeting.objects.get(pk=meeting.pk).title == "Assemblée régulière"


def test_update_refuses_to_drop_an_item_with_minutes(user: Any, table: Any) -> None:
    meeting = services.meeting_create(data=data(table), acting_user=user)
    item = meeting.agenda_items.get(order=2)
    services.agenda_item_minutes(meeting=meeting, minutes={item.pk: "Adopté."}, acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.meeting_update(
            meeting=meeting, data=data(table, agenda=[AgendaItemData("Seul")]), acting_user=user, expected_version=1
        )
    assert "has minutes or decisions" in message(error, "agenda")
    assert meeting.agenda_items.count() == 2
    assert Meeting.objects.get(pk=meeting.pk).version == 1


def test_moving_the_day_follows_the_seats(user: Any, table: Any) -> None:
    early = SeatFactory.create(concertation=table, abolished_on=DAY + dt.timedelta(days=3))
    meeting = services.meeting_create(data=data(table), acting_user=user)
    later = data(table, starts_at=at(DAY + dt.timedelta(days=7)))
    services.meeting_update(meeting=meeting, data=later, acting_user=user)
    assert not meeting.attendances.filter(seat=early).exists()


def test_attendance_is_recorded_with_a_substitute(user: Any, table: Any) -> None:
    first, second, third = (SeatFactory.create(concertation=table) for _ in range(3))
    meeting = services.meeting_create(data=data(table), acting_user=user)
    substitute = PersonFactory.create()
    services.attendance_record(
        meeting=meeting,
        entries={
            first.pk: (AttendanceStatus.PRESENT, None),
            second.pk: (AttendanceStatus.REPLACED, substitute),
            third.pk: (AttendanceStatus.REPLACED, "  Jeanne   Roy "),
        },
        acting_user=user,
    )
    rows = {row.seat_id: row for row in meeting.attendances.all()}
    assert rows[first.pk].status == AttendanceStatus.PRESENT
    assert rows[second.pk].substitute == substitute
    assert rows[third.pk].substitute_name == "Jeanne Roy"


@pytest.mark.parametrize(
    ("created_on", "abolished_on"),
    [(DAY + dt.timedelta(days=1), None), (None, DAY), (None, DAY - dt.timedelta(days=30))],
    ids=["created-after", "abolished-that-day", "abolished-before"],
)
@pytest.mark.parametrize("past", [False, True], ids=["planned", "past"])
def test_attendance_of_a_seat_that_did_not_exist_that_day_is_refused(
    user: Any, table: Any, created_on: dt.date | None, abolished_on: dt.date | None, past: bool
) -> None:
    day = dt.date(2019, 5, 7) if past else DAY
    present = SeatFactory.create(concertation=table)
    meeting = services.meeting_create(data=data(table, starts_at=at(day)), acting_user=user)
    shift = day - DAY
    absent = SeatFactory.create(
        concertation=table,
        created_on=created_on and created_on + shift,
        abolished_on=abolished_on and abolished_on + shift,
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            meeting=meeting,
            entries={present.pk: (AttendanceStatus.PRESENT, None), absent.pk: (AttendanceStatus.PRESENT, None)},
            acting_user=user,
        )
    assert "did not exist on" in message(error, f"seat_{absent.pk}")
    assert not Attendance.objects.filter(seat=absent).exists()
    assert meeting.attendances.get(seat=present).status == AttendanceStatus.INVITED


def test_attendance_of_another_concertation_seat_is_refused(user: Any, table: Any) -> None:
    meeting = services.meeting_create(data=data(table), acting_user=user)
    other = SeatFactory.create()
    with pytest.raises(ValidationError) as error:
        services.attendance_record(meeting=meeting, entries={other.pk: ("present", None)}, acting_user=user)
    assert message(error, f"seat_{other.pk}")
    assert not Attendance.objects.exists()


def test_a_substitute_needs_the_replaced_status(user: Any, table: Any) -> None:
    seat = SeatFactory.create(concertation=table)
    meeting = services.meeting_create(data=data(table), acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(meeting=meeting, entries={seat.pk: ("present", "Jeanne Roy")}, acting_user=user)
    assert "replaced seat" in message(error, f"seat_{seat.pk}")


def test_minutes_of_another_meeting_item_are_refused(user: Any, table: Any) -> None:
    meeting = services.meeting_create(data=data(table), acting_user=user)
    other = services.meeting_create(data=data(table), acting_user=user)
    stranger = other.agenda_items.first()
    assert stranger is not None
    own = meeting.agenda_items.first()
    assert own is not None
    with pytest.raises(ValidationError) as error:
        services.agenda_item_minutes(
            meeting=meeting, minutes={own.pk: "Texte", stranger.pk: "Intrus"}, acting_user=user
        )
    assert message(error, f"item_{stranger.pk}")
    assert AgendaItem.objects.filter(minutes="").count() == 4


def _voting_meeting(user: Any, table: Any, voting: int = 3) -> Meeting:
    for _ in range(voting):
        SeatFactory.create(concertation=table)
    SeatFactory.create(concertation=table, is_voting=False)
    return services.meeting_create(data=data(table), acting_user=user)


def test_a_vote_within_the_voting_seats_is_recorded(user: Any, table: Any) -> None:
    meeting = _voting_meeting(user, table)
    item = meeting.agenda_items.first()
    decision = services.decision_create(
        meeting=meeting, text="Adopter le plan.", agenda_item=item, method=DecisionMethod.VOTE,
        votes_for=2, votes_against=0, abstentions=1, acting_user=user,
    )  # fmt: skip
    assert decision.order == 1
    assert decision.agenda_item == item


def test_a_vote_over_the_voting_seats_is_refused(user: Any, table: Any) -> None:
    meeting = _voting_meeting(user, table)
    with pytest.raises(ValidationError) as error:
        services.decision_create(
            meeting=meeting, text="Adopter.", method=DecisionMethod.VOTE,
            votes_for=2, votes_against=1, abstentions=1, acting_user=user,
        )  # fmt: skip
    assert "3" in message(error, "votes_for")
    assert not Decision.objects.exists()


def test_counts_on_a_consensus_are_refused(user: Any, table: Any) -> None:
    meeting = _voting_meeting(user, table)
    with pytest.raises(ValidationError) as error:
        services.decision_create(meeting=meeting, text="Adopter.", votes_for=1, acting_user=user)
    assert "consensus" in message(error, "votes_for")
    assert not Decision.objects.exists()


def test_an_item_of_another_meeting_is_refused(user: Any, table: Any) -> None:
    meeting = _voting_meeting(user, table)
    other = services.meeting_create(data=data(table), acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.decision_create(
            meeting=meeting, text="Adopter.", agenda_item=other.agenda_items.first(), acting_user=user
        )
    assert message(error, "agenda_item")
    assert not Decision.objects.exists()


@pytest.fixture
def decision(user: Any, table: Any) -> Decision:
    meeting = services.meeting_create(data=data(table), acting_user=user)
    return services.decision_create(meeting=meeting, text="Organiser la fête de quartier.", acting_user=user)


def test_a_follow_up_due_before_the_meeting_is_refused(user: Any, decision: Decision) -> None:
    with pytest.raises(ValidationError) as error:
        services.follow_up_create(
            decision=decision, organization=OrganizationFactory.create(), task="Réserver la salle",
            due_on=DAY - dt.timedelta(days=1), acting_user=user,
        )  # fmt: skip
    assert "before the meeting" in message(error, "due_on")
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_done_once_and_stale_edits_are_refused(user: Any, decision: Decision) -> None:
    follow_up = services.follow_up_create(
        decision=decision, organization=OrganizationFactory.create(), task=" Réserver  la salle ",
        due_on=DAY, acting_user=user,
    )  # fmt: skip
    assert follow_up.task == "Réserver la salle"
    with pytest.raises(ValidationError) as error:
        services.follow_up_done(follow_up=follow_up, done_on=DAY - dt.timedelta(days=1), acting_user=user)
    assert message(error, "done_on")
    done = services.follow_up_done(follow_up=follow_up, done_on=DAY, acting_user=user, expected_version=1)
    assert done.done_on == DAY and done.version == 2
    with pytest.raises(ValidationError):
        services.follow_up_done(follow_up=follow_up, done_on=DAY, acting_user=user, expected_version=1)
    assert not FollowUp.objects.open().exists()


def test_the_agenda_starts_from_the_open_follow_ups(user: Any, table: Any, decision: Decision) -> None:
    organization = OrganizationFactory.create(name="Maison de la famille")
    open_one = services.follow_up_create(
        decision=decision, organization=organization, task="Réserver la salle", due_on=DAY, acting_user=user
    )
    closed = services.follow_up_create(
        decision=decision, organization=organization, task="Payer", due_on=DAY, acting_user=user
    )
    services.follow_up_done(follow_up=closed, done_on=DAY, acting_user=user)
    next_meeting = services.meeting_create(
        data=data(table, starts_at=at(DAY + dt.timedelta(days=30))), acting_user=user
    )

    added = services.agenda_from_open_follow_ups(meeting=next_meeting, acting_user=user)
    assert [item.follow_up for item in added] == [open_one]
    assert added[0].order == 3
    assert "Réserver la salle" in added[0].title and "Maison de la famille" in added[0].title
    assert services.agenda_from_open_follow_ups(meeting=next_meeting, acting_user=user) == []
