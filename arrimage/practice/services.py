"""Writes to practice notes: create, change, publish, delete.

Each function checks its input and refuses bad input with a French message on the right field (nothing is
saved: each runs in one transaction), records who made the change and why (`arrimage.core.audit`), refuses a
stale edit (`expected_version`), and keeps the note's search columns (`search_key`, `search_stems`) in step
with its text. Permissions are the callers' job (`arrimage.access.policy.can_edit_note`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Theme
from arrimage.core.audit import audited_delete, audited_save
from arrimage.core.dates import PartialDate, stored_end, stored_start
from arrimage.core.search import search_stems
from arrimage.core.services import apply, locked_for_update
from arrimage.core.text import search_key
from arrimage.plans.models import Plan
from arrimage.territories.models import Territory

from .models import NoteLanguage, NoteStatus, PracticeNote

SUMMARY_MAX = 500


@dataclass
class NoteData:
    """What a form, the API or the demonstration gives to write a practice note."""

    title: str
    summary: str
    context: str = ""
    tried: str = ""
    worked: str = ""
    did_not_work: str = ""
    contacts: str = ""
    language: str = NoteLanguage.FRENCH
    start: PartialDate | None = None
    end: PartialDate | None = None
    organization: Organization | None = None
    territories: list[Territory] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    concertations: list[Concertation] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _note_values(data: NoteData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title, summary = _one_line(data.title), _one_line(data.summary)
    if not title:
        errors["title"] = [_("Give the note a title.")]
    if not summary:
        errors["summary"] = [_("Say in one or two sentences what the note teaches.")]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [
            _("The summary is too long: keep it to %(max)d characters (it has %(count)d).")
            % {"max": SUMMARY_MAX, "count": len(summary)}
        ]
    parts = [data.context, data.tried, data.worked, data.did_not_work]
    if not any(part.strip() for part in parts):
        errors["tried"] = [
            _("Write at least one part of the note: the context, what was tried, what worked or what did not.")
        ]
    if data.language not in NoteLanguage.values:
        errors["language"] = [_("Choose French or English.")]
    if data.start is not None and data.end is not None and data.end.last_day() < data.start.first_day():
        errors["end"] = [_("The period ends before it starts.")]
    if errors:
        raise ValidationError(errors)
    start_date, start_precision = stored_start(data.start)
    end_date, end_precision = stored_end(data.end)
    values = {
        "title": title,
        "summary": summary,
        "context": data.context.strip(),
        "tried": data.tried.strip(),
        "worked": data.worked.strip(),
        "did_not_work": data.did_not_work.strip(),
        "contacts": data.contacts.strip(),
        "language": data.language,
        "start_date": start_date,
        "start_precision": start_precision,
        "end_date": end_date,
        "end_precision": end_precision,
        "organization": data.organization,
    }
    return values


def _index(note: PracticeNote) -> None:
    """The note's search columns, from its searched text (never its contacts)."""
    text = note.searched_text()
    note.search_key = search_key(text)
    note.search_stems = search_stems(text)


def _set_links(note: PracticeNote, data: NoteData) -> None:
    note.territories.set(data.territories)
    note.themes.set(data.themes)
    note.concertations.set(data.concertations)
    note.plans.set(data.plans)


def note_create(*, data: NoteData, acting_user: Any, publish: bool = False, is_demo: bool = False) -> PracticeNote:
    """Write a new practice note by `acting_user` (its author), as a draft unless `publish`."""
    note = PracticeNote(author=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    note.is_demo = is_demo
    apply(note, _note_values(data))
    _index(note)
    if publish:
        note.status, note.published_at = NoteStatus.PUBLISHED, timezone.now()
    with transaction.atomic():
        audited_save(note, acting_user=acting_user, reason="create")
        _set_links(note, data)
    return note


def note_update(
    *, note: PracticeNote, data: NoteData, acting_user: Any, expected_version: int | None = None
) -> PracticeNote:
    """Change a note's text and links. Refused when someone saved the note since `expected_version`."""
    values = _note_values(data)
    with transaction.atomic():
        fresh = locked_for_update(note, expected_version=expected_version)
        apply(fresh, values)
        _index(fresh)
        audited_save(fresh, acting_user=acting_user, reason="update")
        _set_links(fresh, data)
    return fresh


def note_publish(
    *, note: PracticeNote, acting_user: Any, publish: bool = True, expected_version: int | None = None
) -> PracticeNote:
    """Publish a note (everyone may then read it, without its contacts), or take it back to a draft."""
    with transaction.atomic():
        fresh = locked_for_update(note, expected_version=expected_version)
        target = NoteStatus.PUBLISHED if publish else NoteStatus.DRAFT
        if fresh.status == target:
            message = _("The note is already published.") if publish else _("The note is already a draft.")
            raise ValidationError({"status": [message]})
        fresh.status = target
        fresh.published_at = timezone.now() if publish else None
        audited_save(fresh, acting_user=acting_user, reason="publish" if publish else "unpublish")
    return fresh


def note_delete(*, note: PracticeNote, acting_user: Any) -> None:
    """Delete a note; its history keeps who deleted it and when."""
    with transaction.atomic():
        audited_delete(note, acting_user=acting_user, reason="delete")
