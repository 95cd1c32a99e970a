import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from arrimage.access import policy
from arrimage.core.dates import PartialDate
from arrimage.practice.models import NoteStatus, PracticeNote
from arrimage.practice.services import NoteData, note_create, note_delete, note_publish, note_update
from tests.factories import ConcertationFactory, RoleGrantFactory, UserFactory, theme

from .helpers import write_note

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The source strings; their French is in the catalogue (see `test_messages_are_translated`).
    with translation.override("en"):
        yield


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def test_create_writes_a_draft_with_its_links_and_search_columns():
    author = UserFactory.create()
    table = ConcertationFactory.create()
    note = note_create(
        data=NoteData(
            title="  Mobiliser   les familles ",
            summary="Ce qui a marché.",
            context="Un quartier où l'École ferme.",
            worked="Les mobilisations du samedi.",
            contacts="Julie, 418 555-0101",
            start=PartialDate(2023),
            end=PartialDate(2024, 6),
            themes=[theme("famille")],
            concertations=[table],
        ),
        acting_user=author,
    )
    note.refresh_from_db()
    assert note.title == "Mobiliser les familles"
    assert note.status == NoteStatus.DRAFT and note.published_at is None
    assert note.author == author
    assert note.start == PartialDate(2023) and note.end == PartialDate(2024, 6)
    assert list(note.concertations.all()) == [table]
    assert " ecole " in note.search_key and " mobilis" in note.search_stems
    # The contacts are never part of what is searched.
    assert "julie" not in note.search_key and "julie" not in note.search_stems


def test_history_records_the_author_and_the_reason():
    author = UserFactory.create()
    note = write_note(author, publish=False)
    note_publish(note=note, acting_user=author)
    reasons = list(note.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert reasons == [("create", author.pk), ("publish", author.pk)]


def test_refuses_bad_input_in_french_on_the_right_field():
    author = UserFactory.create()
    errors = _errors(lambda: note_create(data=NoteData(title=" ", summary=""), acting_user=author))
    assert errors["title"] == ["Give the note a title."]
    assert "summary" in errors and "tried" in errors
    assert PracticeNote.objects.count() == 0
    errors = _errors(
        lambda: note_create(
            data=NoteData(title="T", summary="S", tried="x", start=PartialDate(2024), end=PartialDate(2023)),
            acting_user=author,
        )
    )
    assert errors == {"end": ["The period ends before it starts."]}
    errors = _errors(lambda: note_create(data=NoteData(title="T", summary="S" * 501, tried="x"), acting_user=author))
    assert "500" in errors["summary"][0]


def test_update_publish_and_delete():
    author = UserFactory.create()
    note = write_note(author, publish=False)
    changed = note_update(
        note=note,
        data=NoteData(title="Nouveau titre", summary="Résumé.", did_not_work="Les courriels."),
        acting_user=author,
        expected_version=1,
    )
    assert changed.version == 2 and "courriel" in changed.search_stems
    with pytest.raises(ValidationError):
        note_update(note=note, data=NoteData(title="T", summary="S", tried="x"), acting_user=author, expected_version=1)
    published = note_publish(note=changed, acting_user=author)
    assert published.status == NoteStatus.PUBLISHED and published.published_at is not None
    assert _errors(lambda: note_publish(note=published, acting_user=author)) == {
        "status": ["The note is already published."]
    }
    draft = note_publish(note=published, acting_user=author, publish=False)
    assert draft.status == NoteStatus.DRAFT and draft.published_at is None
    note_delete(note=draft, acting_user=author)
    assert not PracticeNote.objects.exists()
    assert PracticeNote.history.filter(history_type="-").get().history_user == author


def test_messages_are_translated():
    """The messages go through the catalogue: in French, the French of the same source string."""
    author = UserFactory.create()
    with translation.override("fr"):
        errors = _errors(lambda: note_create(data=NoteData(title="", summary="S", tried="x"), acting_user=author))
        assert errors == {"title": [translation.gettext("Give the note a title.")]}


def test_permissions():
    author, stranger, coordinator = UserFactory.create(), UserFactory.create(), UserFactory.create()
    table = ConcertationFactory.create(is_public=False)
    RoleGrantFactory.create(user=coordinator, role="coordinator", concertation=table)
    note = write_note(author, publish=False, concertations=[table])
    anonymous = AnonymousUser()
    assert policy.can_create_note(author) and not policy.can_create_note(anonymous)
    assert policy.can_edit_note(author, note) and policy.can_edit_note(coordinator, note)
    assert not policy.can_edit_note(stranger, note) and not policy.can_edit_note(anonymous, note)
    assert not policy.can_view_note(stranger, note) and not policy.can_view_note(anonymous, note)
    assert policy.can_view_note_contacts(coordinator, note)
    note = note_publish(note=note, acting_user=author)
    assert policy.can_view_note(anonymous, note) and policy.can_view_note(stranger, note)
    assert not policy.can_view_note_contacts(stranger, note) and not policy.can_view_note_contacts(anonymous, note)
    assert list(policy.visible_notes(anonymous, PracticeNote.objects.all())) == [note]
