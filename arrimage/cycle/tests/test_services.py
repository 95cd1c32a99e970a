"""Recording a démarche's stages: each refusal says in French what is wrong, on the right field, and
writes nothing; the round goes up when the démarche starts again after an evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from arrimage.concertation.models import ConcertationKind
from arrimage.cycle.models import Stage, StageTransition
from arrimage.cycle.services import NOTE_MAX, _checked_note, next_round, stage_enter, stage_note_update
from tests.factories import ConcertationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 1, 15)


@pytest.fixture
def demarche():
    return ConcertationFactory.create(name="Démarche de quartier", kind=ConcertationKind.DEMARCHE)


@pytest.fixture
def user():
    return UserFactory.create()


def enter(demarche, user, stage, day, note=""):
    return stage_enter(concertation=demarche, stage=stage, entered_on=day, note=note, acting_user=user)


def refusal(call) -> dict[str, list[str]]:
    with override("fr"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_entering_a_stage_is_recorded_with_its_author_and_history(demarche, user):
    transition = enter(demarche, user, Stage.MOBILISATION, DAY, note="  Première rencontre des partenaires. ")
    assert (transition.stage, transition.entered_on, transition.round) == (Stage.MOBILISATION, DAY, 1)
    assert transition.note == "Première rencontre des partenaires."
    assert transition.author == user
    record = transition.history.get()
    assert (record.history_user, record.history_change_reason) == (user, "enter stage")


def test_a_concertation_that_is_not_a_demarche_is_refused(user):
    table = ConcertationFactory.create(kind=ConcertationKind.TABLE)
    errors = refusal(lambda: enter(table, user, Stage.PORTRAIT, DAY))
    assert "démarche" in errors["concertation"][0]
    assert not StageTransition.objects.exists()


def test_a_date_in_the_future_is_refused(demarche, user):
    errors = refusal(lambda: enter(demarche, user, Stage.PORTRAIT, timezone.localdate() + dt.timedelta(days=1)))
    assert "entered_on" in errors
    assert not StageTransition.objects.exists()


def test_a_date_before_the_latest_stage_is_refused(demarche, user):
    enter(demarche, user, Stage.PORTRAIT, DAY)
    errors = refusal(lambda: enter(demarche, user, Stage.VISION, DAY - dt.timedelta(days=1)))
    assert "entered_on" in errors
    assert StageTransition.objects.count() == 1
    # The same day is accepted: two stages may be recorded on one meeting's day.
    assert enter(demarche, user, Stage.VISION, DAY).stage == Stage.VISION


def test_an_unknown_stage_is_refused(demarche, user):
    errors = refusal(lambda: enter(demarche, user, "reflexion", DAY))
    assert "stage" in errors
    assert not StageTransition.objects.exists()


def test_the_current_stage_again_is_refused(demarche, user):
    enter(demarche, user, Stage.PORTRAIT, DAY)
    errors = refusal(lambda: enter(demarche, user, Stage.PORTRAIT, DAY + dt.timedelta(days=3)))
    assert "stage" in errors


def test_a_note_too_long_is_refused(demarche, user):
    errors = refusal(lambda: enter(demarche, user, Stage.PORTRAIT, DAY, note="x" * (NOTE_MAX + 1)))
    assert "note" in errors


def test_the_round_goes_up_after_an_evaluation(demarche, user):
    day = DAY
    for stage in Stage.values:
        assert enter(demarche, user, stage, day).round == 1
        day += dt.timedelta(days=30)
    # Back to mobilisation after the evaluation: round 2.
    assert enter(demarche, user, Stage.MOBILISATION, day).round == 2
    # Going back within a round keeps it.
    assert enter(demarche, user, Stage.PORTRAIT, day).round == 2
    assert enter(demarche, user, Stage.MOBILISATION, day).round == 2


def test_any_stage_after_an_evaluation_starts_a_new_round(demarche, user):
    enter(demarche, user, Stage.IMPLEMENTATION, DAY)
    enter(demarche, user, Stage.EVALUATION, DAY + dt.timedelta(days=1))
    assert enter(demarche, user, Stage.PRIORITIES, DAY + dt.timedelta(days=2)).round == 2


def test_next_round_rule():
    assert next_round(None, Stage.PORTRAIT) == 1
    evaluation = StageTransition(stage=Stage.EVALUATION, round=3)
    assert next_round(evaluation, Stage.MOBILISATION) == 4
    assert next_round(evaluation, Stage.PLAN) == 4
    plan = StageTransition(stage=Stage.PLAN, round=3)
    assert next_round(plan, Stage.PORTRAIT) == 3


def test_note_update_and_stale_edit(demarche, user):
    transition = enter(demarche, user, Stage.PORTRAIT, DAY, note="Portrait lancé.")
    updated = stage_note_update(transition=transition, note="Portrait adopté.", acting_user=user, expected_version=1)
    assert (updated.note, updated.version) == ("Portrait adopté.", 2)
    with pytest.raises(ValidationError):
        stage_note_update(transition=transition, note="Trop tard.", acting_user=user, expected_version=1)
    transition.refresh_from_db()
    assert transition.note == "Portrait adopté."
    errors = refusal(lambda: stage_note_update(transition=transition, note="x" * (NOTE_MAX + 1), acting_user=user))
    assert "note" in errors


@given(st.text(max_size=NOTE_MAX + 50))
def test_any_note_is_kept_trimmed_or_refused_on_its_field(text):
    try:
        kept = _checked_note(text)
    except ValidationError as error:
        assert set(error.message_dict) == {"note"}
    else:
        assert kept == text.strip() and len(kept) <= NOTE_MAX
