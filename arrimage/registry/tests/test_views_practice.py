"""The practice notes' pages: the list with its French search and filters, one note, its edit pages, and the
« Practice notes » section of the related pages. A visitor sees published notes only and never their
contacts; a link to a private concertation is shown only to those who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arrimage.access.models import RoleKind
from arrimage.practice.models import NoteStatus, PracticeNote
from arrimage.practice.services import note_publish
from arrimage.practice.tests.helpers import write_note
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, PlanFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "Joëlle Privée, 418 555-0199"


@pytest.fixture
def world():
    author = UserFactory.create()
    municipality = Territory.objects.filter(kind="municipality", parent__parent__code="03").order_by("code").first()
    public = ConcertationFactory.create(name="Table publique de quartier", is_public=True)
    private = ConcertationFactory.create(name="Comité secret de coordination", is_public=False)
    plan = PlanFactory.create(name="Plan d'action du quartier", owner_concertation=public)
    published = write_note(
        author,
        title="Mobiliser les familles à l'école",
        contacts=CONTACT,
        territories=[municipality],
        concertations=[public, private],
        plans=[plan],
    )
    draft = write_note(author, publish=False, title="Brouillon sur le logement", concertations=[public])
    return {
        "author": author,
        "municipality": municipality,
        "public": public,
        "private": private,
        "plan": plan,
        "published": published,
        "draft": draft,
    }


def test_visitor_sees_published_notes_without_contacts(client, world):
    page = client.get(reverse("registry:note_list")).content.decode()
    assert "Mobiliser les familles" in page and "Brouillon sur le logement" not in page
    detail = client.get(world["published"].get_absolute_url()).content.decode()
    assert "Mobiliser les familles" in detail
    assert "Joëlle" not in detail and "555-0199" not in detail
    assert client.get(world["draft"].get_absolute_url()).status_code == 404


def test_private_concertation_link_shown_only_to_those_who_may_see_it(client, world):
    detail = client.get(world["published"].get_absolute_url()).content.decode()
    assert "Table publique de quartier" in detail and "Comité secret" not in detail
    coordinator = UserFactory.create()
    RoleGrantFactory.create(user=coordinator, role=RoleKind.COORDINATOR, concertation=world["private"])
    client.force_login(coordinator)
    detail = client.get(world["published"].get_absolute_url()).content.decode()
    assert "Comité secret de coordination" in detail
    # The coordinator of a linked table may edit the note: the contacts are shown.
    assert "Joëlle Privée" in detail


def test_a_private_concertation_is_no_filter_for_those_who_may_not_see_it(client, world):
    response = client.get(reverse("registry:note_list"), {"concertation": world["private"].pk})
    assert response.status_code == 422
    assert "Mobiliser" not in response.content.decode()


def test_author_sees_draft_and_contacts(client, world):
    client.force_login(world["author"])
    page = client.get(reverse("registry:note_list")).content.decode()
    assert "Brouillon sur le logement" in page
    detail = client.get(world["published"].get_absolute_url()).content.decode()
    assert "Joëlle Privée" in detail


def test_search_is_accent_insensitive_and_stemmed(client, world):
    url = reverse("registry:note_list")
    assert "Mobiliser les familles" in client.get(url, {"q": "ecole"}).content.decode()
    assert "Mobiliser les familles" in client.get(url, {"q": "familles mobilis"}).content.decode()
    assert "Mobiliser les familles" not in client.get(url, {"q": "Joelle"}).content.decode()  # contacts
    region = client.get(url, {"territoire": "region:03"}).content.decode()
    assert "Mobiliser les familles" in region


def test_related_pages_show_their_notes(client, world):
    concertation = client.get(world["public"].get_absolute_url()).content.decode()
    assert 'id="practice-notes"' in concertation and "Mobiliser les familles" in concertation
    assert "Brouillon sur le logement" not in concertation
    plan = client.get(reverse("registry:plan_detail", args=[world["plan"].pk])).content.decode()
    assert "Mobiliser les familles" in plan
    tab = client.get(reverse("registry:territory_plans", args=[world["municipality"].public_id])).content.decode()
    assert "Mobiliser les familles" in tab
    territory = client.get(reverse("territories:detail", args=[world["municipality"].public_id])).content.decode()
    assert reverse("registry:note_list") in territory


def test_create_edit_publish_delete(client, world):
    user = UserFactory.create()
    client.force_login(user)
    url = reverse("registry:note_create")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"title": "", "summary": "", "language": "fr"})
    assert refused.status_code == 422 and not PracticeNote.objects.filter(author=user).exists()
    response = client.post(
        url,
        {
            "title": "Un kiosque au marché",
            "summary": "Le kiosque a fait connaître la table.",
            "tried": "Un kiosque le samedi.",
            "language": "fr",
            "start": "2024",
            "concertations": f"[{world['public'].pk}]",
        },
    )
    note = PracticeNote.objects.get(author=user)
    assert response.status_code == 302 and response["Location"] == note.get_absolute_url()
    assert note.status == NoteStatus.DRAFT and list(note.concertations.all()) == [world["public"]]
    edit = reverse("registry:note_edit", args=[note.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {"title": "Un kiosque au marché public", "summary": "S.", "worked": "Oui.", "language": "fr", "version": 1},
    )
    assert response.status_code == 302
    assert client.post(reverse("registry:note_publish", args=[note.pk]), {"version": 2}).status_code == 302
    note.refresh_from_db()
    assert note.status == NoteStatus.PUBLISHED and note.title == "Un kiosque au marché public"
    assert client.post(reverse("registry:note_delete", args=[note.pk])).status_code == 302
    assert not PracticeNote.objects.filter(pk=note.pk).exists()


def test_edit_keeps_links_the_editor_may_not_see(client, world):
    """A link to a private concertation the editor may not see is neither shown nor dropped on save."""
    note = world["published"]
    client.force_login(world["author"])  # the author does not sit on the private table
    page = client.get(reverse("registry:note_edit", args=[note.pk])).content.decode()
    assert "Comité secret" not in page
    response = client.post(
        reverse("registry:note_edit", args=[note.pk]),
        {"title": note.title, "summary": note.summary, "tried": "x", "language": "fr", "version": note.version},
    )
    assert response.status_code == 302
    assert set(note.concertations.all()) == {world["private"]}


def test_others_may_not_edit(client, world):
    client.force_login(UserFactory.create())
    assert client.get(reverse("registry:note_edit", args=[world["published"].pk])).status_code == 403
    assert client.post(reverse("registry:note_delete", args=[world["published"].pk])).status_code == 403
    assert PracticeNote.objects.filter(pk=world["published"].pk).exists()


def test_cached_related_pages_show_a_note_as_soon_as_it_is_published(client, world):
    url = world["public"].get_absolute_url()
    assert "Brouillon sur le logement" not in client.get(url).content.decode()
    note_publish(note=world["draft"], acting_user=world["author"])
    assert "Brouillon sur le logement" in client.get(url).content.decode()
