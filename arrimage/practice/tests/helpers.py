"""A practice note written through the service, for the tests of the app and of the pages that show notes."""

from __future__ import annotations

from typing import Any

from arrimage.practice.models import PracticeNote
from arrimage.practice.services import NoteData, note_create


def write_note(author: Any, *, publish: bool = True, **values: Any) -> PracticeNote:
    values.setdefault("title", "Mobiliser les familles du quartier")
    values.setdefault("summary", "Des rencontres à la bibliothèque ont fait venir les familles.")
    values.setdefault("tried", "Des rencontres le samedi matin, avec une halte-garderie.")
    return note_create(data=NoteData(**values), acting_user=author, publish=publish)
