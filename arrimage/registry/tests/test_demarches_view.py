"""The page of a network's démarches: on the demonstration data (the Réseau de développement des
communautés de la Capitale-Nationale), private démarches left out, and a number of queries that does not
grow with the data."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, SeatFactory, UserFactory

pytestmark = pytest.mark.django_db

DEMARCHES = 13  # the demonstration data's Réseau has thirteen local démarches (see arrimage/demo/data.py)
NETWORK_NAME = "Réseau de développement des communautés de la Capitale-Nationale"


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def url(pk: int) -> str:
    return reverse("registry:concertation_demarches", args=[pk])


def html_of(response) -> str:
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def rows(html: str, table_id: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", table(html, table_id), re.S)
    assert body
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)


def network() -> Concertation:
    return Concertation.objects.get(name=NETWORK_NAME)


def get(client, pk: int) -> str:
    response = client.get(url(pk))
    assert response.status_code == 200
    return html_of(response)


class TestOnTheDemonstrationData:
    def test_the_network_shows_each_of_its_demarches(self, client, demo):
        html = get(client, network().pk)
        assert "Démarches of the network: Réseau de développement" in html
        children = list(network().children.all())
        assert len(children) == DEMARCHES
        assert len(rows(html, "demarches-table")) == len(children)
        for child in children:
            assert child.name in html
        assert f"{len(children)} démarches work in municipalities home to" in html
        assert "of the population of Capitale-Nationale." in html
        # A borough has no population of its own: its démarche is shown as part of its city.
        assert "Part of Québec" in table(html, "demarches-table")
        # Québec City has démarches in five of its six boroughs only.
        assert "covered only in part, through some of their boroughs: Québec." in html or (
            "through some of its boroughs: Québec." in html
        )

    def test_shared_members_appear_as_counts(self, client, demo):
        html = get(client, network().pk)
        shared = rows(html, "shared-table")
        assert len(shared) == DEMARCHES
        # Every démarche has a seat of the CIUSSS: each pair shares at least that organisation.
        counts = [int(n) for n in re.findall(r'class="num heat heat-\d">(\d+)</td>', table(html, "shared-table"))]
        assert len(counts) == DEMARCHES * (DEMARCHES - 1)
        assert min(counts) >= 1
        assert rows(html, "pairs-table")
        # Nobody is named: no link to a person's page.
        assert "/personnes/" not in table(html, "shared-table") + table(html, "pairs-table")

    def test_themes_and_territory(self, client, demo):
        html = get(client, network().pk)
        themes = rows(html, "themes-table")
        assert any("Community development" in row or "Développement des communautés" in row for row in themes)
        uncovered = table(html, "uncovered-table")
        assert "L'Ancienne-Lorette" in uncovered or "Ancienne-Lorette" in uncovered
        overlaps = table(html, "overlaps-table")
        assert "Saint-Raymond" in overlaps and "Sainte-Brigitte-de-Laval" in overlaps

    def test_the_concertation_page_links_here(self, client, demo):
        response = client.get(network().get_absolute_url())
        assert url(network().pk) in html_of(response)
        leaf = network().children.first()
        assert leaf is not None
        assert url(leaf.pk) not in html_of(client.get(leaf.get_absolute_url()))


class TestVisibility:
    def test_a_private_demarche_is_hidden_from_anonymous_visitors(self, client, demo):
        reseau = network()
        secret = ConcertationFactory.create(
            name="Démarche confidentielle de Wendake", kind="demarche", parent=reseau, is_public=False
        )
        secret.territories.set([Territory.objects.by_code("municipality:23802").get()])
        html = get(client, reseau.pk)
        assert "Démarche confidentielle" not in html
        assert len(rows(html, "demarches-table")) == DEMARCHES
        admin = UserFactory.create(is_superuser=True)
        client.force_login(admin)
        html = get(client, reseau.pk)
        assert "Démarche confidentielle" in html
        assert len(rows(html, "demarches-table")) == DEMARCHES + 1

    def test_a_private_network_does_not_exist_for_outsiders(self, client):
        private = ConcertationFactory.create(kind="network", is_public=False)
        assert client.get(url(private.pk)).status_code == 404
        assert client.get(url(999_999)).status_code == 404

    def test_a_network_without_member(self, client):
        lonely = ConcertationFactory.create(kind="network")
        html = get(client, lonely.pk)
        assert "No démarche is recorded as a member of this network on this date." in html


def _network_with(places: list[str]) -> Concertation:
    reseau = ConcertationFactory.create(kind="network", level="regional")
    reseau.territories.set([Territory.objects.by_code("region:03").get()])
    shared = OrganizationFactory.create()
    for public_id in places:
        demarche = ConcertationFactory.create(kind="demarche", parent=reseau)
        demarche.territories.set([Territory.objects.by_code(public_id).get()])
        for _n in range(2):
            MembershipFactory.create(seat=SeatFactory.create(concertation=demarche))
        MembershipFactory.create(seat=SeatFactory.create(concertation=demarche), organization=shared)
    return reseau


def test_the_number_of_queries_does_not_grow_with_the_network(client):
    # The same kinds of territory (the territory tree is read one level at a time), more of each.
    small = _network_with(["mrc:34", "borough:REQ01", "municipality:23057"])
    large = _network_with(["mrc:34", "mrc:22", "mrc:21", "borough:REQ01", "borough:REQ02", "municipality:23057"])
    client.get(url(small.pk))  # warm the caches of the first request (site, translations)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url(small.pk)).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(url(large.pk)).status_code == 200
    assert len(first) == len(second)
