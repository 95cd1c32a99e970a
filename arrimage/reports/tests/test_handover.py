"""The handover dossier: who may read it, what it holds, and that it names only whom the reader may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from arrimage.access.models import RoleGrant, RoleKind
from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership, Seat
from tests.factories import UserFactory

from .world import World, pdf_text, territory

pytestmark = pytest.mark.django_db


def url(person: Person, *, pdf: bool = False) -> str:
    return reverse("reports:handover_pdf" if pdf else "reports:handover", args=[person.pk])


def coordinator(concertation: Concertation):
    user = UserFactory.create()
    RoleGrant.objects.create(user=user, role=RoleKind.COORDINATOR, concertation=concertation)
    return user


def test_the_pdf_for_a_coordinator(client):
    world = World()
    client.force_login(coordinator(world.concertation))
    response = client.get(url(world.person, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "dossier-de-transition-sam-poulin" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert _("Handover dossier of %(name)s") % {"name": "Sam Poulin"} in text
    assert world.concertation.name in text
    assert "Directrice" in text  # the position
    assert "Maison de la famille des Etchemins" in text
    assert "Plan d'action en sécurité alimentaire" in text
    assert "62,2" in text
    assert "Cuisines collectives" in text  # co-led by the person's organisation
    assert "Frigos partagés" not in text  # nothing to do with them
    assert "Organisme membre 2" in text  # a partner at the table


def test_anonymous_visitors_are_sent_to_sign_in(client):
    world = World()
    for pdf in (False, True):
        response = client.get(url(world.person, pdf=pdf))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["plain", "member", "coordinator_elsewhere", "editor_elsewhere"])
def test_others_are_refused_without_a_word_of_private_data(client, who):
    world = World()
    user = UserFactory.create()
    if who == "member":
        Membership.objects.create(
            seat=Seat.objects.create(concertation=world.concertation, label="Siège du membre"),
            person=Person.objects.create(given_name="Un", family_name="Membre", user=user),
            start_date=dt.date(2020, 1, 1),
        )
    elif who == "coordinator_elsewhere":
        elsewhere = Concertation.objects.create(name="Table d'ailleurs", kind="table", level="local")
        RoleGrant.objects.create(user=user, role=RoleKind.COORDINATOR, concertation=elsewhere)
    elif who == "editor_elsewhere":
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("region:03"))
    client.force_login(user)
    for pdf in (False, True):
        response = client.get(url(world.person, pdf=pdf))
        assert response.status_code == 403
        body = response.content.decode(errors="replace")
        assert "sam@example.org" not in body
        assert "Siège de la famille" not in body
        assert "Cuisines collectives" not in body


def test_an_editor_of_the_organisations_territory_may_read_it(client):
    world = World()
    user = UserFactory.create()
    RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("mrc:28"))
    client.force_login(user)
    assert client.get(url(world.person)).status_code == 200


def test_partners_are_named_only_as_the_person_page_would(client):
    """A coordinator of another table who reads the dossier of someone who also sits there does not learn
    the names of the people at the first table, who did not consent to appear."""
    world = World()
    other = Concertation.objects.create(name="Comité voisin", kind="committee", level="local")
    Membership.objects.create(
        seat=Seat.objects.create(concertation=other, label="Siège voisin"),
        person=world.person,
        start_date=dt.date(2020, 1, 1),
    )
    client.force_login(coordinator(other))
    html = client.get(url(world.person)).content.decode()
    assert "Organisme membre 1" in html
    assert "Numéro1" not in html
    assert _("Person (identity protected)") in html


def test_a_private_table_elsewhere_is_left_out(client):
    world = World()
    secret = Concertation.objects.create(
        name="Cellule de crise confidentielle", kind="committee", level="local", is_public=False
    )
    Membership.objects.create(
        seat=Seat.objects.create(concertation=secret, label="Siège secret"),
        person=world.person,
        start_date=dt.date(2020, 1, 1),
    )
    client.force_login(coordinator(world.concertation))
    html = client.get(url(world.person)).content.decode()
    assert "Cellule de crise confidentielle" not in html


def test_a_person_with_nothing_says_so(client):
    person = Person.objects.create(given_name="Nouvelle", family_name="Arrivée")
    client.force_login(UserFactory.create(is_superuser=True))
    text = pdf_text(client.get(url(person, pdf=True)).content)
    assert (
        _("Nothing is recorded for %(name)s yet: no seat, no position and no plan.") % {"name": "Nouvelle Arrivée"}
        in text
    )


def test_the_queries_do_not_grow_with_the_data(client):
    world = World(seats=2)  # two partners already: their concertations are read in one query for all
    client.force_login(UserFactory.create(is_superuser=True))
    client.get(url(world.person))
    with CaptureQueriesContext(connection) as small:
        client.get(url(world.person))
    for number in range(4):
        table = Concertation.objects.create(name=f"Table {number}", kind="table", level="local")
        seat = Seat.objects.create(concertation=table, label="Siège")
        Membership.objects.create(seat=seat, person=world.person, start_date=dt.date(2020, 1, 1))
        partner = Seat.objects.create(concertation=table, label="Siège partenaire")
        Membership.objects.create(
            seat=partner,
            person=Person.objects.create(given_name="P", family_name=f"N{number}"),
            organization=Organization.objects.create(name=f"Partenaire {number}", sector="community"),
            start_date=dt.date(2020, 1, 1),
        )
        world.plan_at_62(world.concertation)
    with CaptureQueriesContext(connection) as large:
        client.get(url(world.person))
    assert len(large) <= len(small), "\n".join(q["sql"][:150] for q in large.captured_queries)
