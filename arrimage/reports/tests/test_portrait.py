"""The portrait of a territory for elected officials: the page, its PDF and its plain empty case."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from .world import World, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def portrait_pdf(client, public_id: str) -> bytes:
    response = client.get(reverse("reports:territory_portrait_pdf", args=[public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "portrait-" in response["Content-Disposition"]
    return response.content


def test_the_portrait_of_an_mrc_in_pdf_fits_on_two_pages(client):
    World()
    content = portrait_pdf(client, "mrc:28")
    text = pdf_text(content)
    assert _("Portrait of %(name)s") % {"name": "Les Etchemins"} in text
    assert _("Key figures") in text
    assert "(MRC)" in text  # the acronym is written out at its first use
    assert "Table de développement social des Etchemins" in text
    assert "Plan d'action en sécurité alimentaire" in text
    assert "62,2 %" in text
    assert "Corporation de développement communautaire des Etchemins" in text
    assert "Sam Poulin" not in text  # who to contact: organisations only
    assert pdf_pages(content) <= 2


def test_an_empty_territory_says_so_plainly(client):
    text = pdf_text(portrait_pdf(client, "mrc:28"))
    empty = _(
        "No concertation body or plan is recorded for %(name)s yet. This portrait will fill in as organisations "
        "record their tables and plans in Arrimage."
    ) % {"name": "Les Etchemins"}
    assert empty in text
    page = client.get(reverse("reports:territory_portrait", args=["mrc:28"]))
    assert page.status_code == 200
    assert "<table" not in page.content.decode()  # no empty table on an empty territory


def test_the_page_links_its_pdf_and_draws_the_map_with_its_list(client):
    World()
    response = client.get(reverse("reports:territory_portrait", args=["mrc:28"]))
    html = response.content.decode()
    assert reverse("reports:territory_portrait_pdf", args=["mrc:28"]) in html
    assert 'class="report-map"' in html
    assert "Saint-Zacharie" in html  # the map's list of places
    assert f"<dt>{_('Plans in force')}</dt><dd>1</dd>" in html  # in force: in implementation, within its horizon


def test_a_private_table_is_left_out_for_the_public(client):
    World(is_public=False)
    html = client.get(reverse("reports:territory_portrait", args=["mrc:28"])).content.decode()
    assert "Table de développement social des Etchemins" not in html
    assert "Plan d'action en sécurité alimentaire" not in html


def test_the_queries_do_not_grow_with_the_data(client):
    """Each count is taken right after a write, so that the analysis is computed afresh both times."""
    World(seats=1)
    url = reverse("reports:territory_portrait", args=["mrc:28"])
    client.get(url)  # the per-process caches of the reference data
    World(seats=1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    World(seats=6)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) <= len(small)


def test_the_acronym_mada_is_explained_when_it_appears(client):
    World()  # its gaps include the theme « Aînés et MADA »
    html = client.get(reverse("reports:territory_portrait", args=["mrc:28"])).content.decode()
    assert "MADA" in html
    assert (
        _(
            "MADA stands for « municipalité amie des aînés », a policy that makes a municipality friendlier to "
            "older people."
        )
        in html
    )
