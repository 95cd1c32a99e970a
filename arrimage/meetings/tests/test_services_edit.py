"""Changing and deleting decisions, follow-ups and meetings, and the plan action of a follow-up: each
refusal with its message on its field, and nothing written when refused."""

# The fixtures are shared with the module of the same pages (imported, then named as parameters).
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from arrimage.meetings import services
from arrimage.meetings.models import AgendaItem, Attendance, Decision, DecisionMethod, FollowUp, Meeting
from tests.factories import ActionFactory, OrganizationFactory, PersonFactory, SeatFactory

from .test_services import DAY, data, english, message, table, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(user: Any, table: Any) -> Meeting:
    for _ in range(3):
        SeatFactory.create(concertation=table)
    return services.meeting_create(data=data(table), acting_user=user)


@pytest.fixture
def decision(user: Any, meeting: Meeting) -> Decision:
    return services.decision_create(meeting=meeting, text="Organiser la fête de quartier.", acting_user=user)


def _follow_up(decision: Decision, user: Any, **changes: Any) -> FollowUp:
    values: dict[str, Any] = {
        "decision": decision,
        "organization": OrganizationFactory.create(),
        "task": "Réserver la salle",
        "due_on": DAY,
        "acting_user": user,
    }
    values.update(changes)
    return services.follow_up_create(**values)


# Decisions ---------------------------------------------------------------------------------------


def test_a_decision_is_changed_to_a_vote(user: Any, meeting: Meeting, decision: Decision) -> None:
    item = meeting.agenda_items.first()
    changed = services.decision_update(
        decision=decision, text=" Adopter le plan. ", agenda_item=item, method=DecisionMethod.VOTE,
        votes_for=2, votes_against=1, acting_user=user,
    )  # fmt: skip
    decision.refresh_from_db()
    assert (decision.text, decision.agenda_item, decision.votes_for, decision.order) == ("Adopter le plan.", item, 2, 1)
    assert changed.method == DecisionMethod.VOTE


@pytest.mark.parametrize(
    ("changes", "key", "words"),
    [
        ({"method": DecisionMethod.VOTE, "votes_for": 3, "abstentions": 1}, "votes_for", "3 voting seats"),
        ({"method": DecisionMethod.VOTE}, "votes_for", "votes for"),
        ({"votes_against": 1}, "votes_for", "consensus"),
    ],
)
def test_a_bad_decision_change_is_refused(
    user: Any, decision: Decision, changes: dict[str, Any], key: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.decision_update(decision=decision, text="Autre texte.", acting_user=user, **changes)
    assert words in message(error, key)
    decision.refresh_from_db()
    assert decision.text == "Organiser la fête de quartier."


def test_a_decision_cannot_move_to_another_meeting_item(user: Any, table: Any, decision: Decision) -> None:
    other = services.meeting_create(data=data(table), acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            decision=decision, text="Autre.", agenda_item=other.agenda_items.first(), acting_user=user
        )
    assert message(error, "agenda_item")
    decision.refresh_from_db()
    assert decision.agenda_item is None


def test_a_decision_is_deleted_with_its_open_follow_ups(user: Any, meeting: Meeting, decision: Decision) -> None:
    _follow_up(decision, user)
    assert services.decision_delete(decision=decision, acting_user=user) == meeting
    assert not Decision.objects.exists() and not FollowUp.objects.exists()


def test_a_decision_with_a_done_follow_up_is_kept(user: Any, decision: Decision) -> None:
    services.follow_up_done(follow_up=_follow_up(decision, user), done_on=DAY, acting_user=user)
    _follow_up(decision, user)
    with pytest.raises(ValidationError) as error:
        services.decision_delete(decision=decision, acting_user=user)
    assert "already done" in " ".join(error.value.messages)
    assert Decision.objects.count() == 1 and FollowUp.objects.count() == 2


# Follow-ups --------------------------------------------------------------------------------------


def test_a_follow_up_names_an_action_of_the_host_plans(user: Any, table: Any, decision: Decision) -> None:
    action = ActionFactory.create(objective__plan__owner_concertation=table)
    follow_up = _follow_up(decision, user, action=action)
    assert FollowUp.objects.get().action == action == follow_up.action


def test_an_action_of_another_plan_is_refused(user: Any, decision: Decision) -> None:
    action = ActionFactory.create()  # a plan the host does not own
    with pytest.raises(ValidationError) as error:
        _follow_up(decision, user, action=action)
    assert "not in a plan" in message(error, "action")
    assert not FollowUp.objects.exists()


def test_a_follow_up_is_changed(user: Any, table: Any, decision: Decision) -> None:
    follow_up = _follow_up(decision, user)
    organization, person = OrganizationFactory.create(), PersonFactory.create()
    action = ActionFactory.create(objective__plan__owner_concertation=table)
    changed = services.follow_up_update(
        follow_up=follow_up, organization=organization, person=person, task=" Louer  la salle ",
        due_on=DAY + dt.timedelta(days=30), action=action, acting_user=user, expected_version=1,
    )  # fmt: skip
    follow_up.refresh_from_db()
    assert (follow_up.organization, follow_up.person, follow_up.task, follow_up.action) == (
        organization, person, "Louer la salle", action,
    )  # fmt: skip
    assert follow_up.due_on == DAY + dt.timedelta(days=30) and changed.version == follow_up.version == 2


@pytest.mark.parametrize("refusal", ["early", "action", "stale"])
def test_a_bad_follow_up_change_is_refused(user: Any, decision: Decision, refusal: str) -> None:
    follow_up = _follow_up(decision, user)
    changes: dict[str, Any] = {
        "follow_up": follow_up, "organization": follow_up.organization, "task": "Autre chose", "due_on": DAY,
        "acting_user": user, "expected_version": 1,
    }  # fmt: skip
    if refusal == "early":
        changes["due_on"] = DAY - dt.timedelta(days=1)
    elif refusal == "action":
        changes["action"] = ActionFactory.create()
    else:
        changes["expected_version"] = 7
    with pytest.raises(ValidationError) as error:
        services.follow_up_update(**changes)
    key = {"early": "due_on", "action": "action"}.get(refusal)
    if key:
        assert message(error, key)
    else:
        assert "Someone else saved" in " ".join(error.value.messages)
    follow_up.refresh_from_db()
    assert follow_up.task == "Réserver la salle" and follow_up.version == 1


def test_a_follow_up_is_deleted(user: Any, meeting: Meeting, decision: Decision) -> None:
    follow_up = _follow_up(decision, user)
    assert services.follow_up_delete(follow_up=follow_up, acting_user=user) == meeting
    assert not FollowUp.objects.exists() and Decision.objects.exists()


# Meetings ----------------------------------------------------------------------------------------


def test_a_meeting_is_deleted_with_its_agenda_documents_and_attendance(user: Any, table: Any, meeting: Meeting) -> None:
    assert meeting.attendances.count() == 3
    assert services.meeting_delete(meeting=meeting, acting_user=user) == table
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists() and not Attendance.objects.exists()
    history = Meeting.history.filter(history_type="-").get()
    assert history.history_user == user


def test_a_meeting_with_decisions_is_kept(user: Any, meeting: Meeting, decision: Decision) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_delete(meeting=meeting, acting_user=user)
    assert "delete them first" in " ".join(error.value.messages)
    assert Meeting.objects.count() == 1 and meeting.agenda_items.count() == 2 and meeting.documents.count() == 1
