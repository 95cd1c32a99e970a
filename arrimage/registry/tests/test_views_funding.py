"""Pages of the funding programmes: the list and its filters, a programme's page with what fits it, the
calendar and its iCalendar feed, the regional view, the edit forms for editors, and private concertations
kept from visitors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arrimage.access.models import RoleKind
from arrimage.funding import services
from arrimage.funding.models import Programme, ProgrammeDeadline
from arrimage.funding.tests.makers import a_demarche, a_programme, region
from tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Any:
    user = UserFactory.create()
    RoleGrantFactory.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=region("12"))
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_programmes_with_their_next_deadline(client: Client):
    programme = a_programme(name="Fonds alimentaire", acronym="FA")
    soon = timezone.localdate() + dt.timedelta(days=10)
    services.deadline_add(programme=programme, date=soon, label="Dépôt", acting_user=None)
    a_programme(name="Autre fonds", territories=[region("06")])
    page = client.get(reverse("registry:programme_list"), {"territoire": "mrc:31", "ouverts": "on"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fonds alimentaire" in text and "Autre fonds" not in text
    assert not page.context["can_create"]


def test_a_wrong_filter_gets_a_message_not_an_error(client: Client):
    page = client.get(reverse("registry:programme_list"), {"territoire": "nulle-part", "page": "0"})
    assert page.status_code == 422


def test_a_programme_page_lists_what_fits_and_hides_private_concertations(client: Client, editor: Any):
    programme = a_programme()
    a_demarche("Démarche publique")
    a_demarche("Démarche confidentielle", public=False)
    url = reverse("registry:programme_detail", args=[programme.pk])
    visitor = client.get(url).content.decode()
    assert "Démarche publique" in visitor and "Action de Démarche publique" in visitor
    assert "Démarche confidentielle" not in visitor
    seen = signed_in(editor).get(url)
    assert "Démarche confidentielle" in seen.content.decode()
    assert seen.context["can_edit"]


def test_the_concertation_page_lists_the_programmes_that_fit(client: Client):
    programme = a_programme(name="Fonds qui convient")
    demarche = a_demarche("Démarche adoptée")
    page = client.get(reverse("registry:concertation_detail", args=[demarche.pk]))
    assert page.status_code == 200
    assert reverse("registry:programme_detail", args=[programme.pk]) in page.content.decode()


def test_the_calendar_groups_deadlines_by_month_and_the_feed_is_icalendar(client: Client):
    programme = a_programme(name="Fonds, volet 1; local")
    day = timezone.localdate() + dt.timedelta(days=20)
    deadline = services.deadline_add(programme=programme, date=day, label="Dépôt des demandes", acting_user=None)
    page = client.get(reverse("registry:deadline_calendar"))
    assert page.status_code == 200
    assert [len(rows) for _month, rows in page.context["months"]] == [1]
    feed = client.get(reverse("registry:deadline_feed"))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    text = feed.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert f"UID:programme-deadline-{deadline.pk}@testserver" in unfolded
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in unfolded
    assert "SUMMARY:Fonds\\, volet 1\\; local — Dépôt des demandes" in unfolded


def test_the_regional_view_crosses_programmes_and_demarches(client: Client):
    a_programme(name="Fonds régional", acronym="FR")
    a_demarche("Démarche publique")
    a_demarche("Démarche confidentielle", public=False)
    page = client.get(reverse("registry:territory_programmes", args=["region:12"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Démarche publique" in text and "Démarche confidentielle" not in text
    assert 'id="funding-matrix"' in text


def test_an_editor_creates_a_programme_and_adds_a_deadline(editor: Any):
    client = signed_in(editor)
    response = client.post(
        reverse("registry:programme_create"),
        {
            "name": "Programme régional",
            "status": "open",
            "territories": "region:12",
            "eligible_legal_forms": ["nonprofit"],
            "amount_min": "1000",
            "amount_max": "5000",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert [t.public_id for t in programme.territories.all()] == ["region:12"]
    response = client.post(
        reverse("registry:deadline_add", args=[programme.pk]), {"date": "2026-09-01", "label": "Dépôt"}
    )
    assert response.status_code == 302
    assert ProgrammeDeadline.objects.get().date == dt.date(2026, 9, 1)


def test_the_form_refuses_amounts_out_of_order_and_another_region(editor: Any):
    response = signed_in(editor).post(
        reverse("registry:programme_create"),
        {"name": "Programme", "status": "open", "territories": "region:06", "amount_min": "9", "amount_max": "1"},
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"amount_max", "territories"}
    assert not Programme.objects.exists()


def test_an_editor_of_another_region_may_not_edit(editor: Any):
    programme = a_programme()
    other = UserFactory.create()
    RoleGrantFactory.create(user=other, role=RoleKind.TERRITORIAL_EDITOR, territory=region("06"))
    assert signed_in(other).get(reverse("registry:programme_edit", args=[programme.pk])).status_code == 403
    assert signed_in(editor).get(reverse("registry:programme_edit", args=[programme.pk])).status_code == 200
    member = UserFactory.create()
    assert signed_in(member).get(reverse("registry:programme_create")).status_code == 403
