"""The handover dossier lists the practice notes of the person's tables and plans, and those they wrote."""

from __future__ import annotations

import pytest
from django.urls import reverse

from arrimage.access.models import RoleGrant, RoleKind
from arrimage.practice.tests.helpers import write_note
from tests.factories import ConcertationFactory, UserFactory

from .world import World

pytestmark = pytest.mark.django_db


def test_the_dossier_lists_the_notes_to_read(client):
    world = World()
    author = UserFactory.create()
    person_user = UserFactory.create()
    world.person.user = person_user
    world.person.save()
    write_note(author, title="Fiche de la table des Etchemins", concertations=[world.concertation])
    write_note(author, title="Fiche du plan des Etchemins", plans=[world.plan])
    write_note(person_user, title="Fiche écrite par Sam", contacts="sam@example.org")
    write_note(author, title="Brouillon de la table", publish=False, concertations=[world.concertation])
    write_note(author, title="Fiche d'ailleurs", concertations=[ConcertationFactory.create()])
    reader = UserFactory.create()
    RoleGrant.objects.create(user=reader, role=RoleKind.COORDINATOR, concertation=world.concertation)
    client.force_login(reader)
    page = client.get(reverse("reports:handover", args=[world.person.pk])).content.decode()
    assert "Fiche du plan des Etchemins" in page
    assert "Fiche écrite par Sam" in page
    assert "Fiche de la table des Etchemins" in page
    assert "Brouillon de la table" not in page  # a draft stays with its author and editors
    assert "Fiche d'ailleurs" not in page
    assert "sam@example.org" not in page.split('id="notes-title"')[1]  # contacts are never listed
