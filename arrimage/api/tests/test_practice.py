"""Practice notes in the API: published notes only, never their contacts, links to private concertations
only for those who may see them, French search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arrimage.practice.tests.helpers import write_note
from tests.factories import ConcertationFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "Joëlle Privée 418 555-0199"


@pytest.fixture
def notes():
    author = UserFactory.create()
    public = ConcertationFactory.create(name="Table publique", is_public=True)
    private = ConcertationFactory.create(name="Comité secret", is_public=False)
    published = write_note(
        author, title="Mobiliser à l'école", contacts=CONTACT, territories=[], concertations=[public, private]
    )
    draft = write_note(author, publish=False, title="Brouillon", contacts=CONTACT)
    return published, draft, public, private


def test_list_and_detail_never_show_contacts_or_drafts(client, notes):
    published, draft, public, _private = notes
    body = client.get(reverse("api-1:practice_note_list")).json()
    assert [row["id"] for row in body["results"]] == [published.pk]
    row = body["results"][0]
    assert "contacts" not in row and "Joëlle" not in str(body)
    assert row["concertations"] == [{"id": public.pk, "name": "Table publique"}]
    detail = client.get(reverse("api-1:practice_note_detail", args=[published.pk])).json()
    assert "contacts" not in detail and "555-0199" not in str(detail)
    assert client.get(reverse("api-1:practice_note_detail", args=[draft.pk])).status_code == 404


def test_private_links_for_those_who_may_see_them(admin_api, notes):
    published, _draft, public, private = notes
    detail = admin_api.get(reverse("api-1:practice_note_detail", args=[published.pk])).json()
    assert {c["id"] for c in detail["concertations"]} == {public.pk, private.pk}
    assert "contacts" not in detail


def test_search_and_filters(client, notes):
    _published, _draft, public, private = notes
    url = reverse("api-1:practice_note_list")
    assert client.get(url, {"q": "ecole"}).json()["count"] == 1
    assert client.get(url, {"q": "mobilisations"}).json()["count"] == 1
    assert client.get(url, {"q": "joelle"}).json()["count"] == 0
    assert client.get(url, {"concertation": public.pk}).json()["count"] == 1
    assert client.get(url, {"concertation": private.pk}).json()["count"] == 0  # hidden: as if unknown
    assert client.get(url, {"theme": "inconnu"}).json()["count"] == 0
    assert client.get(url, {"territory": "region:03"}).json()["count"] == 0
