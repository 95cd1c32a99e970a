"""The annual report of a concertation: the page, its PDF, the year asked for, privacy and the empty case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from arrimage.concertation.models import Concertation, Membership, Seat
from tests.factories import UserFactory

from .world import YEAR, World, pdf_text

pytestmark = pytest.mark.django_db


def url(concertation: Concertation, *, pdf: bool = False, year: int | None = None) -> str:
    name = "reports:concertation_annual_pdf" if pdf else "reports:concertation_annual"
    return reverse(name, args=[concertation.pk]) + (f"?annee={year}" if year else "")


def test_the_pdf_of_last_year(client):
    world = World()
    response = client.get(url(world.concertation, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"rapport-annuel-{YEAR}" in response["Content-Disposition"]
    text = pdf_text(response.content)
    title = _("Annual report %(year)s of %(name)s") % {"year": YEAR, "name": world.concertation.name}
    assert " ".join(title.split()) in text
    assert (
        _("Arrimage does not record meetings yet: their number, dates and attendance are not in this report.") in text
    )
    assert "Plan d'action en sécurité alimentaire" in text
    assert "62,2 %" in text
    assert "5 000 $" in text and "3 000 $" in text  # dollars committed and delivered
    assert "120 h" in text and "80 h" in text  # hours apart
    # The public sees the organisations, not the people who did not consent.
    assert "Organisme membre 1" in text
    assert "Numéro1" not in text


def test_members_see_the_names_and_the_arrival_of_the_year(client):
    world = World()
    client.force_login(UserFactory.create(is_superuser=True))
    html = client.get(url(world.concertation)).content.decode()
    assert "Membre Numéro1" in html
    assert "Sam Poulin" in html
    assert reverse("reports:concertation_annual_pdf", args=[world.concertation.pk]) in html


def test_a_year_before_anyone_sat_says_there_was_no_member(client):
    world = World()
    html = client.get(url(world.concertation, year=YEAR - 5)).content.decode()
    assert _("This concertation had no member during %(year)s: no seat was held.") % {"year": YEAR - 5} in html
    assert "Siège communautaire 1" not in html


def test_an_empty_concertation_says_so(client):
    empty = Concertation.objects.create(name="Comité tout neuf", kind="committee", level="local")
    response = client.get(url(empty, pdf=True))
    text = pdf_text(response.content)
    assert _("This concertation had no member during %(year)s: no seat was held.") % {"year": YEAR} in text
    assert _("This concertation carries no plan recorded in Arrimage.") in text


def test_a_wrong_year_is_refused_on_the_field(client):
    world = World()
    response = client.get(url(world.concertation, year=3000))
    assert response.status_code == 422
    assert _("Choose a year between %(first)d and %(last)d.") % {"first": 1900, "last": dt.date.today().year} in (
        response.content.decode()
    )


def test_departures_and_vacancies_of_the_year(client):
    world = World()
    membership = Membership.objects.filter(seat=world.seats[0]).get()
    membership.end_date, membership.end_reason = dt.date(YEAR, 5, 31), "resigned"
    membership.save()
    html = client.get(url(world.concertation)).content.decode()
    assert "Siège communautaire 1" in html
    assert "(214)" not in html
    assert ">214<" in html  # vacant from June 1 to December 31


def test_a_private_concertation_is_hidden_from_outsiders(client):
    world = World(is_public=False)
    assert client.get(url(world.concertation)).status_code == 404
    assert client.get(url(world.concertation, pdf=True)).status_code == 404
    client.force_login(UserFactory.create())
    assert client.get(url(world.concertation)).status_code == 404
    client.force_login(UserFactory.create(is_superuser=True))
    assert client.get(url(world.concertation)).status_code == 200


def test_the_queries_do_not_grow_with_the_seats(client):
    world = World(seats=1)
    client.get(url(world.concertation))
    cache.clear()  # the report is cached: its computation is measured
    with CaptureQueriesContext(connection) as small:
        client.get(url(world.concertation))
    for number in range(5):
        seat = Seat.objects.create(concertation=world.concertation, label=f"Siège ajouté {number}")
        Membership.objects.create(seat=seat, person=world.person, start_date=dt.date(YEAR, 1, 1))
    world.plan_at_62(world.concertation)
    with CaptureQueriesContext(connection) as large:
        client.get(url(world.concertation))
    assert len(large) <= len(small)
