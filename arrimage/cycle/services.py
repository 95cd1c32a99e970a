"""Writes to a démarche's cycle: enter a stage, change a stage's note.

Each function checks its input and refuses bad input with a French message on the right field (nothing is
saved: each runs in one transaction), and records who made the change and why (`arrimage.core.audit`).
Permissions are the callers' job (`arrimage.access.policy.can_move_cycle`).

The round of the cycle. A démarche starts in round 1. Entering any stage other than evaluation right after
an evaluation starts the next round: the partners look back, then start again (mobilisation, or straight to
a new portrait or new priorities when the partnership holds). Going back to an earlier stage within a round
(updating the portrait while the plan is being written) keeps the round: the cycle is a guide, not a rail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrimage.concertation.models import Concertation, ConcertationKind
from arrimage.core.audit import audited_save
from arrimage.core.services import locked_for_update

from .models import Stage, StageTransition

NOTE_MAX = 2000


def next_round(latest: StageTransition | None, stage: str) -> int:
    """The round a démarche is in once it enters `stage` after `latest` (see the module's rule)."""
    if latest is None:
        return 1
    if latest.stage == Stage.EVALUATION and stage != Stage.EVALUATION:
        return latest.round + 1
    return latest.round


def _checked_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": [
                    _("The note is too long: keep it to %(max)d characters (it has %(count)d).")
                    % {"max": NOTE_MAX, "count": len(note)}
                ]
            }
        )
    return note


def stage_enter(
    *,
    concertation: Concertation,
    stage: str,
    entered_on: dt.date,
    note: str = "",
    acting_user: Any,
    is_demo: bool = False,
) -> StageTransition:
    """Record that the démarche `concertation` entered `stage` on `entered_on`, with a short note.

    Refused: a concertation that is not a démarche, an unknown stage, a day in the future, a day before the
    démarche's latest recorded stage, and the stage the démarche is already at (change its note instead).
    """
    errors: dict[str, list[str]] = {}
    if concertation.kind != ConcertationKind.DEMARCHE:
        errors["concertation"] = [
            _("Only a démarche follows this cycle: « %(name)s » is not a démarche.") % {"name": concertation.name}
        ]
    if stage not in Stage.values:
        errors["stage"] = [_("Choose one of the seven stages of the cycle.")]
    if entered_on > timezone.localdate():
        errors["entered_on"] = [_("The date is in the future: record a stage once the démarche has entered it.")]
    checked_note = _checked_note(note)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two people recording a stage at once: the second waits, then reads the first one's stage.
        Concertation.objects.select_for_update().filter(pk=concertation.pk).first()
        latest = StageTransition.objects.filter(concertation=concertation).order_by("-entered_on", "-pk").first()
        if latest is not None:
            if entered_on < latest.entered_on:
                raise ValidationError(
                    {
                        "entered_on": [
                            _(
                                "The démarche entered « %(stage)s » on %(date)s: a new stage starts on that day "
                                "or later."
                            )
                            % {"stage": latest.get_stage_display(), "date": date_format(latest.entered_on)}
                        ]
                    }
                )
            if latest.stage == stage:
                raise ValidationError(
                    {
                        "stage": [
                            _(
                                "The démarche is already at « %(stage)s » since %(date)s: change that stage's "
                                "note instead."
                            )
                            % {"stage": latest.get_stage_display(), "date": date_format(latest.entered_on)}
                        ]
                    }
                )
        transition = StageTransition(
            concertation=concertation,
            stage=stage,
            entered_on=entered_on,
            round=next_round(latest, stage),
            note=checked_note,
            author=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        transition.is_demo = is_demo
        audited_save(transition, acting_user=acting_user, reason="enter stage")
    return transition


def stage_note_update(
    *, transition: StageTransition, note: str, acting_user: Any, expected_version: int | None = None
) -> StageTransition:
    """Change the note of a stage already recorded. Refused when someone saved it since `expected_version`."""
    checked_note = _checked_note(note)
    with transaction.atomic():
        fresh = locked_for_update(transition, expected_version=expected_version)
        fresh.note = checked_note
        audited_save(fresh, acting_user=acting_user, reason="update note")
    return fresh
