"""The demonstration's practice notes load through the service, tied to the demonstration's territories,
tables and plans, and leave with it."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from arrimage.demo.practice import NOTES, practice_demo_delete, practice_demo_load
from arrimage.demo.services import demo_delete, demo_load
from arrimage.practice.models import NoteStatus, PracticeNote

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()  # writes the notes too
        yield list(PracticeNote.objects.filter(is_demo=True).order_by("pk"))
        transaction.set_rollback(True)


def test_notes_are_tied_to_the_demonstration(demo):
    assert len(demo) == len(NOTES) >= 6
    assert practice_demo_load() == []  # already there
    assert PracticeNote.objects.filter(is_demo=True, status=NoteStatus.PUBLISHED).count() == len(
        [row for row in NOTES if row.published]
    )
    for note, row in zip(demo, NOTES, strict=True):
        assert note.concertations.count() == len(row.concertations), row.title
        assert note.plans.count() == len(row.plans), row.title
        assert note.territories.count() == len(row.territories), row.title
        assert note.author is not None and note.organization is not None, row.title


def test_the_pages_show_them(demo):
    client = Client()
    beauport = demo[0]
    assert client.get(reverse("registry:note_list"), {"q": "mobilisations"}).status_code == 200
    page = client.get(beauport.get_absolute_url()).content.decode()
    assert "Table de développement local de Beauport" in page
    assert "Comité de coordination" not in page  # a private table
    assert "418 555-0142" not in page  # the contacts


def test_they_leave_with_the_demonstration(demo):
    with transaction.atomic():
        assert practice_demo_delete() == len(NOTES)
        demo_delete()
        assert not PracticeNote.objects.exists()
        transaction.set_rollback(True)
