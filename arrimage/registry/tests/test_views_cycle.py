"""The cycle's pages: the section of a démarche's and a network's page, the form recording a stage (only for
those who may edit the démarche), and where the démarches of a territory or network are (a private démarche
is neither named nor counted for those outside it; the stages' notes are for its members only)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arrimage.access.models import RoleKind
from arrimage.concertation.models import ConcertationKind
from arrimage.cycle.models import Stage, StageTransition
from arrimage.cycle.services import stage_enter
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, PlanFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 1, 15)
NOTE = "Rencontre au centre communautaire, 14 partenaires."


@pytest.fixture
def world():
    region = Territory.objects.get(kind="region", code="03")
    municipality = Territory.objects.filter(kind="municipality", parent__parent=region).order_by("code").first()
    network = ConcertationFactory.create(name="Réseau des démarches", kind=ConcertationKind.NETWORK)
    demarche = ConcertationFactory.create(name="Démarche du quartier", kind=ConcertationKind.DEMARCHE, parent=network)
    demarche.territories.add(municipality)
    private = ConcertationFactory.create(
        name="Démarche confidentielle", kind=ConcertationKind.DEMARCHE, parent=network, is_public=False
    )
    private.territories.add(municipality)
    coordinator = UserFactory.create()
    RoleGrantFactory.create(user=coordinator, role=RoleKind.COORDINATOR, concertation=demarche)
    for number, stage in enumerate([Stage.MOBILISATION, Stage.PORTRAIT, Stage.VISION, Stage.PRIORITIES, Stage.PLAN]):
        stage_enter(
            concertation=demarche,
            stage=stage,
            entered_on=DAY + dt.timedelta(days=30 * number),
            note=NOTE if stage == Stage.MOBILISATION else "",
            acting_user=coordinator,
        )
    stage_enter(concertation=private, stage=Stage.EVALUATION, entered_on=DAY, note="", acting_user=coordinator)
    plan = PlanFactory.create(name="Plan d'action concerté du quartier", owner_concertation=demarche)
    return {
        "region": region,
        "municipality": municipality,
        "network": network,
        "demarche": demarche,
        "private": private,
        "coordinator": coordinator,
        "plan": plan,
    }


def test_demarche_page_draws_the_cycle_with_the_current_stage(client, world):
    page = client.get(reverse("registry:concertation_detail", args=[world["demarche"].pk])).content.decode()
    assert 'id="cycle"' in page
    assert 'aria-current="step"' in page
    assert page.count("cycle-steps__step") >= 7
    assert "Plan d'action concerté" in html.unescape(page)
    # The current stage's checklist, its sources, and the démarche's plans.
    assert "https://communagir.org/" in page or "https://www.rqds.org/" in page
    assert "Plan d&#x27;action concerté du quartier" in page
    # Anonymous visitors see the stages, never their notes, nor the form.
    assert NOTE not in page
    assert reverse("registry:cycle_stage_enter", args=[world["demarche"].pk]) not in page


def test_members_and_editors_see_the_notes_and_the_form(client, world):
    client.force_login(world["coordinator"])
    page = client.get(reverse("registry:concertation_detail", args=[world["demarche"].pk])).content.decode()
    assert NOTE in page
    assert reverse("registry:cycle_stage_enter", args=[world["demarche"].pk]) in page


def test_network_page_links_to_its_demarches_cycle(client, world):
    page = client.get(reverse("registry:concertation_detail", args=[world["network"].pk])).content.decode()
    assert reverse("registry:network_cycle", args=[world["network"].pk]) in page


def test_a_table_has_no_cycle_section(client, world):
    table = ConcertationFactory.create(kind=ConcertationKind.TABLE)
    page = client.get(reverse("registry:concertation_detail", args=[table.pk])).content.decode()
    assert 'id="cycle"' not in page


def test_stage_form_is_for_those_who_may_edit(client, world):
    url = reverse("registry:cycle_stage_enter", args=[world["demarche"].pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 403
    assert client.post(url, {"stage": Stage.IMPLEMENTATION, "entered_on": "2024-12-01"}).status_code == 403
    assert StageTransition.objects.filter(concertation=world["demarche"]).count() == 5


def test_recording_a_stage(client, world):
    client.force_login(world["coordinator"])
    url = reverse("registry:cycle_stage_enter", args=[world["demarche"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"stage": Stage.IMPLEMENTATION, "entered_on": "2024-12-01", "note": "Lancement."})
    assert response.status_code == 302
    assert response["Location"].endswith("#cycle")
    latest = StageTransition.objects.filter(concertation=world["demarche"]).order_by("-entered_on", "-pk").first()
    assert latest is not None
    assert (latest.stage, latest.note, latest.round) == (Stage.IMPLEMENTATION, "Lancement.", 1)


def test_a_refused_stage_shows_the_message_on_the_field(client, world):
    client.force_login(world["coordinator"])
    url = reverse("registry:cycle_stage_enter", args=[world["demarche"].pk])
    response = client.post(url, {"stage": Stage.IMPLEMENTATION, "entered_on": "2023-01-01"})
    assert response.status_code == 422
    assert "entered_on" in response.context["form"].errors


def test_territory_cycle_table_hides_private_demarches(client, world):
    url = reverse("registry:territory_cycle", args=[world["region"].public_id])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert "Démarche du quartier" in page
    assert "Démarche confidentielle" not in page
    rows = response.context["rows"]
    assert [(row.demarche.name, row.round) for row in rows] == [("Démarche du quartier", 1)]
    counts = {value: number for value, _label, number in response.context["counts"]}
    assert counts[Stage.PLAN] == 1 and counts[Stage.EVALUATION] == 0
    # An editor of the territory sees (and counts) the private démarche too.
    editor = UserFactory.create()
    RoleGrantFactory.create(user=editor, role=RoleKind.TERRITORIAL_EDITOR, territory=world["region"])
    client.force_login(editor)
    response = client.get(url)
    assert "Démarche confidentielle" in response.content.decode()
    assert {value: n for value, _label, n in response.context["counts"]}[Stage.EVALUATION] == 1


def test_network_cycle(client, world):
    url = reverse("registry:network_cycle", args=[world["network"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert [row.demarche.name for row in response.context["rows"]] == ["Démarche du quartier"]
    hidden = ConcertationFactory.create(kind=ConcertationKind.NETWORK, is_public=False)
    assert client.get(reverse("registry:network_cycle", args=[hidden.pk])).status_code == 404


def test_territory_cycle_queries_do_not_grow(client, world):
    url = reverse("registry:territory_cycle", args=[world["region"].public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(4):
        made = ConcertationFactory.create(name=f"Démarche {number}", kind=ConcertationKind.DEMARCHE)
        made.territories.add(world["municipality"])
        stage_enter(concertation=made, stage=Stage.PORTRAIT, entered_on=DAY, note="", acting_user=None)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_editing_a_stage_note(client, world):
    transition = StageTransition.objects.get(concertation=world["demarche"], stage=Stage.MOBILISATION)
    url = reverse("registry:cycle_note_edit", args=[transition.pk])
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 403
    client.force_login(world["coordinator"])
    page = client.get(url)
    assert page.status_code == 200 and NOTE in page.content.decode()
    response = client.post(url, {"note": "Vingt partenaires présents.", "version": transition.version})
    assert response.status_code == 302
    transition.refresh_from_db()
    assert (transition.note, transition.version) == ("Vingt partenaires présents.", 2)
    # A second edit started from the old version is refused.
    stale = client.post(url, {"note": "Trop tard.", "version": 1})
    assert stale.status_code == 422
    transition.refresh_from_db()
    assert transition.note == "Vingt partenaires présents."


def test_a_private_demarche_stage_note_does_not_exist_for_outsiders(client, world):
    transition = StageTransition.objects.get(concertation=world["private"])
    client.force_login(UserFactory.create())
    assert client.get(reverse("registry:cycle_note_edit", args=[transition.pk])).status_code == 404
