"""The « Concertation » page of a territory: its sections on the demonstration data, who is named to whom,
private bodies left out, the « as of » date, and a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from arrimage.actors.models import Person
from arrimage.concertation.models import Level, SeatType
from arrimage.registry.views.analysis_names import HEAT_STEPS, heat
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

PROTECTED = "Person (identity protected)"


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def url(public_id: str) -> str:
    return f"/territoires/{public_id}/concertation/"


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


def get(client, public_id: str, query: str = "") -> str:
    response = client.get(url(public_id) + query)
    assert response.status_code == 200
    return html_of(response)


class TestOnTheDemonstrationData:
    def test_beauport_food_committees_are_the_first_overlap(self, client, demo):
        html = get(client, "borough:REQ05")
        first = rows(html, "overlaps-table")[0]
        assert "Comité de sécurité alimentaire de Beauport" in first
        assert "Regroupement pour l'autonomie alimentaire de Beauport" in first

    def test_every_section_is_there_with_accessible_tables(self, client, demo):
        html = get(client, "mrc:31")
        for title in (
            "summary-title",
            "landscape-title",
            "coverage-title",
            "gaps-title",
            "overlaps-title",
            "load-title",
            "network-title",
            "turnover-title",
            "citizens-title",
            "equity-title",
        ):
            assert f'id="{title}"' in html, title
        assert "concertation bodies are active" in html or "instances de concertation sont actives" in html
        assert html.count("<table") == html.count("<caption")
        assert 'scope="col"' in html and 'scope="row"' in html
        # The heat map writes the number in each cell, its class only repeats it.
        assert re.search(r'<td class="num heat heat-0">0</td>', table(html, "coverage-table"))
        assert re.search(r'<td class="num heat heat-1">1</td>', table(html, "coverage-table"))
        # Each municipality of the matrix leads to its own page.
        assert 'href="/territoires/municipality:31030/concertation/"' in html
        assert rows(html, "gaps-table")
        assert len(rows(html, "gaps-table")) <= 20

    def test_isolated_committees_are_listed_on_their_territory(self, client, demo):
        appalaches = table(get(client, "mrc:31"), "isolated-table")
        assert "Comité famille et aînés de Saint-Fortunat" in appalaches
        assert "Table de développement des communautés des Appalaches" not in appalaches
        etchemins = table(get(client, "mrc:28"), "isolated-table")
        assert "Comité famille-MADA de Sainte-Sabine" in etchemins

    def test_vacant_citizen_seats_are_counted(self, client, demo):
        html = get(client, "mrc:31")
        citizens = table(html, "citizens-table")
        row = next(r for r in rows(html, "citizens-table") if "Saint-Fortunat" in r)
        assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "1", "1"]  # reserved, filled, vacant
        total = re.search(r"<tfoot>(.*?)</tfoot>", citizens, re.S)
        assert total and re.findall(r'<td class="num">(\d+)</td>', total.group(1)) == ["6", "4", "2"]

    def test_anonymous_never_sees_the_name_of_a_person_who_did_not_consent(self, client, demo):
        hidden = [str(p) for p in Person.objects.filter(public_consent=False)]
        assert "Nadia Cloutier" in hidden
        for public_id in ("borough:REQ05", "mrc:31", "mrc:28", "region:03"):
            html = get(client, public_id)
            for name in hidden:
                assert name not in html, (public_id, name)
        assert PROTECTED in table(get(client, "borough:REQ05"), "people-load-table")

    def test_an_administrator_sees_every_name(self, client, demo):
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        html = get(client, "borough:REQ05")
        assert PROTECTED not in table(html, "people-load-table")

    def test_the_territory_page_links_to_it(self, client, demo):
        response = client.get("/territoires/mrc:31/")
        assert response.status_code == 200
        assert f'href="{url("mrc:31")}"' in response.content.decode()


def build(count: int, *, on: Territory) -> None:
    """`count` concertations of the territory, each with an organisational seat held by a person who
    consented and one who did not, and a citizen seat left vacant; each shares an organisation with the
    next one."""
    shared = OrganizationFactory.create()
    for number in range(count):
        concertation = ConcertationFactory.create(name=f"Table numéro {number}", level=Level.SUPRALOCAL)
        concertation.territories.add(on)
        concertation.themes.add(theme("logement"), theme("securite-alimentaire"))
        organization = OrganizationFactory.create()
        organization.territories_served.add(on)
        seat = SeatFactory.create(concertation=concertation)
        MembershipFactory.create(seat=seat, person=PersonFactory.create(public_consent=True), organization=organization)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), organization=shared)
        SeatFactory.create(concertation=concertation, seat_type=SeatType.CITIZEN, created_on=dt.date(2020, 1, 1))


class TestWithBuiltData:
    def test_queries_do_not_grow_with_the_data(self, client, django_assert_max_num_queries):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(2, on=mrc)
        with django_assert_max_num_queries(40) as small:
            get(client, "mrc:23")
        build(12, on=mrc)
        with django_assert_max_num_queries(len(small.captured_queries)):
            html = get(client, "mrc:23")
        assert len(rows(html, "turnover-table")) == 14

    def test_a_private_concertation_is_left_out_for_outsiders(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(1, on=mrc)
        private = ConcertationFactory.create(name="Comité restreint confidentiel", is_public=False)
        private.territories.add(mrc)
        html = get(client, "mrc:23")
        assert "Comité restreint confidentiel" not in html
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        assert "Comité restreint confidentiel" in get(client, "mrc:23")

    def test_names_only_people_who_consented(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(1, on=mrc)
        table_ = ConcertationFactory.create(name="Table à part")
        table_.territories.add(mrc)
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=table_),
            person=PersonFactory.create(given_name="Gisèle", family_name="Discrète", public_consent=False),
        )
        html = get(client, "mrc:23")
        assert "Discrète" not in html
        assert PROTECTED in table(html, "people-load-table")

    def test_as_of_a_past_date(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(1, on=mrc)
        old = ConcertationFactory.create(name="Table disparue", end_date=dt.date(2010, 12, 31))
        old.territories.add(mrc)
        assert "Table disparue" not in get(client, "mrc:23")
        html = get(client, "mrc:23", "?date=2005-06-01")
        assert "Table disparue" in html
        assert "As of" in html or "En date du" in html

    def test_a_wrong_date_shows_today_with_a_message(self, client):
        html = get(client, "mrc:23", "?date=2024-13-45")
        assert "Enter a date such as 2024-03-15" in html or "2024-03-15" in html
        assert 'id="summary-title"' in html

    def test_an_unknown_territory_is_not_found(self, client):
        assert client.get(url("mrc:99999")).status_code == 404

    def test_french_first(self, client):
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        response = client.get(url("mrc:23"))
        assert response.status_code == 200
        assert '<html lang="fr' in response.content.decode()


@pytest.mark.parametrize(("count", "step"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (40, 4)])
def test_heat_steps(count: int, step: int) -> None:
    assert heat(count) == step
    assert len(HEAT_STEPS) == 5


def test_long_lists_show_their_first_rows_and_say_how_many_more(client, monkeypatch):
    from arrimage.registry.views import analysis as page

    monkeypatch.setattr(page, "LIST_LIMIT", 3)
    town = Territory.objects.by_code("municipality:31084").get()
    for number in range(5):
        concertation = ConcertationFactory.create(name=f"Table {number}", level=Level.LOCAL)
        concertation.territories.set([town])
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation))
    html = client.get("/territoires/municipality:31084/concertation/").content.decode()
    landscape = html.split('id="landscape-title"')[1].split("</section>")[0]
    assert "Local: 5 concertation bodies" in landscape
    assert landscape.count('<th scope="row">') == 3
    assert "And 2 more bodies at this level: the download below lists them all." in landscape
    turnover = html.split('id="turnover-title"')[1].split("</section>")[0]
    assert turnover.split("<tbody>")[1].split("</tbody>")[0].count('<th scope="row">') == 3
    assert "And 2 more bodies: the download below lists them all." in turnover


def test_services_of_two_organisations_that_may_overlap_are_listed(client):
    from arrimage.directory.models import Location, Service

    town = Territory.objects.by_code("municipality:31084").get()
    for organization_name, description in (
        ("Comptoir Nord", "Dépannage alimentaire chaque semaine"),
        ("Épicerie solidaire Sud", "Dépannage alimentaire hebdomadaire"),
    ):
        organization = OrganizationFactory.create(name=organization_name)
        service = Service.objects.create(organization=organization, name="Dépannage", description=description)
        location = Location.objects.create(organization=organization, name="Local", territory=town)
        service.locations.set([location])
        service.themes.set([theme("securite-alimentaire")])
    html = client.get("/territoires/mrc:31/concertation/").content.decode()
    table = html.split('id="service-overlaps-table"')[1].split("</table>")[0]
    assert "Comptoir Nord" in table and "Épicerie solidaire Sud" in table
    assert "Same theme:" in table
    body = client.get("/api/v1/territories/mrc:31/analysis/overlaps").json()
    [pair] = body["service_pairs"]
    assert {pair["first"]["organization"]["name"], pair["second"]["organization"]["name"]} == {
        "Comptoir Nord",
        "Épicerie solidaire Sud",
    }
    assert pair["shared_themes"] == ["securite-alimentaire"]
    export = client.get("/territoires/mrc:31/concertation/donnees/recouvrements-services.csv")
    assert export.status_code == 200
    assert "Comptoir Nord" in b"".join(export.streaming_content).decode("utf-8-sig")
