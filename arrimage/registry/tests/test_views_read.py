"""Read pages of the registry: concertations, organisations and people; what each visitor may see, the
« as of » date, the filters of the lists, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arrimage.concertation.models import ConcertationKind, Level, SeatType
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings; `TestFrenchFirst` checks
    that the pages are French by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


LIST = "/concertations/"
ORGANIZATIONS = "/organismes/"


def html_of(response) -> str:
    """The page, with French typography's non-breaking spaces made plain for the assertions."""
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build_concertation(seats: int, *, name: str = "Table de développement local de Beauport", **kwargs):
    """A concertation covering an MRC, with `seats` organisational seats each held by a second person after
    a first one, one citizen seat held, and one vacant seat."""
    concertation = ConcertationFactory.create(
        name=name,
        coordinating_organization=OrganizationFactory.create(
            name="Corporation de développement communautaire de Beauport"
        ),
        start_date=dt.date(2015, 1, 1),
        start_precision="year",
        **kwargs,
    )
    concertation.territories.add(territory("mrc:23"))
    concertation.themes.add(theme("logement"), theme("securite-alimentaire"))
    concertation.funders.add(OrganizationFactory.create(name="Fondation des familles"))
    for number in range(seats):
        seat = SeatFactory.create(
            concertation=concertation, label=f"Siège communautaire {number}", created_on=dt.date(2018, 1, 1)
        )
        MembershipFactory.create(
            seat=seat,
            person=PersonFactory.create(family_name=f"Ancien{number}"),
            start_date=dt.date(2018, 1, 1),
            end_date=dt.date(2020, 12, 31),
            end_reason="replaced",
        )
        MembershipFactory.create(
            seat=seat, person=PersonFactory.create(family_name=f"Actuel{number}"), start_date=dt.date(2021, 1, 1)
        )
    citizen = SeatFactory.create(concertation=concertation, label="Siège citoyen", seat_type=SeatType.CITIZEN)
    MembershipFactory.create(
        seat=citizen,
        person=PersonFactory.create(given_name="Claude", family_name="Citoyenne", is_citizen=True),
        organization=None,
        start_date=dt.date(2022, 5, 1),
    )
    vacant = SeatFactory.create(concertation=concertation, label="Siège jeunesse", created_on=dt.date(2023, 1, 1))
    MembershipFactory.create(
        seat=vacant,
        person=PersonFactory.create(family_name="Partie"),
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 12, 31),
        end_reason="resigned",
    )
    return concertation


def member_of(concertation):
    """A user whose person holds a current seat of the concertation."""
    user = UserFactory.create()
    person = PersonFactory.create(user=user, family_name="Membre")
    MembershipFactory.create(seat=SeatFactory.create(concertation=concertation, label="Siège du membre"), person=person)
    return user


class TestConcertationPage:
    def test_anonymous_sees_seats_without_private_names(self, client):
        concertation = build_concertation(3)
        response = client.get(concertation.get_absolute_url())
        assert response.status_code == 200
        html = html_of(response)
        assert "<h1>Table de développement local de Beauport" in html
        assert "Corporation de développement communautaire de Beauport" in html
        assert "Fondation des familles" in html
        assert "Housing" in html or "Logement" in html
        assert 'href="/territoires/mrc:23/"' in html
        assert "/api/v1/territories/mrc:23/geojson" in html  # the map draws the territory covered
        # Nobody consented: no name, no email, the citizen seat is only said to be held.
        for private in ("Actuel0", "Ancien0", "Citoyenne", "@example.org"):
            assert private not in html, private
        assert "Citizen seat (held)" in html
        assert "Organisme communautaire numéro" in html  # organisational seats show the organisation
        assert "Person (identity protected)" in html  # in the succession of holders
        assert "History of changes" not in html

    def test_member_sees_names_and_history(self, client):
        concertation = build_concertation(3)
        client.force_login(member_of(concertation))
        html = html_of(client.get(concertation.get_absolute_url()))
        assert "Alex Actuel0" in html
        assert "Alex Ancien0" in html
        assert "Claude Citoyenne" in html
        assert "History of changes" in html
        assert "@example.org" not in html  # contact details stay on the person's page

    def test_consenting_person_is_named_to_everyone(self, client):
        concertation = build_concertation(1)
        seat = SeatFactory.create(concertation=concertation, label="Siège public")
        MembershipFactory.create(seat=seat, person=PersonFactory.create(family_name="Consentante", public_consent=True))
        html = html_of(client.get(concertation.get_absolute_url()))
        assert "Alex Consentante" in html

    def test_summary_and_vacancy(self, client):
        concertation = build_concertation(2)
        html = html_of(client.get(concertation.get_absolute_url()))
        days = (timezone.localdate() - dt.date(2024, 1, 1)).days
        assert f"Vacant since Jan. 1, 2024 ({days} days)" in html
        figures = dict(re.findall(r'<dt>([^<]+)</dt><dd class="figure__value">([^<]+)</dd>', html))
        assert figures == {"Seats": "4", "Held seats": "3", "Vacant seats": "1", "Citizen seats": "1 / 1"}

    def test_as_of_date_shows_the_previous_holder(self, client):
        concertation = build_concertation(1)
        client.force_login(member_of(concertation))
        html = html_of(client.get(concertation.get_absolute_url() + "?date=2019-06-01"))
        seats = re.search(r'<table class="data-table seats-table".*?</table>', html, re.S)
        assert seats
        assert "Alex Ancien0" in seats.group(0)
        assert "Alex Actuel0" not in seats.group(0)
        assert "Siège jeunesse" not in seats.group(0)  # created in 2023
        assert "Seats on June 1, 2019" in html
        today = html_of(client.get(concertation.get_absolute_url()))
        seats = re.search(r'<table class="data-table seats-table".*?</table>', today, re.S)
        assert seats and "Alex Actuel0" in seats.group(0) and "Alex Ancien0" not in seats.group(0)

    def test_wrong_date_gets_a_message_and_today(self, client):
        concertation = build_concertation(1)
        response = client.get(concertation.get_absolute_url() + "?date=2021-02-30")
        assert response.status_code == 200
        html = html_of(response)
        assert "Enter a date such as 2024-03-15" in html
        assert "Seats today" in html

    def test_succession_and_timeline(self, client):
        concertation = build_concertation(1)
        html = html_of(client.get(concertation.get_absolute_url()))
        succession = re.search(r'<table[^>]*id="succession-table".*?</table>', html, re.S)
        assert succession
        assert "1 change of holder" in succession.group(0)
        assert "Replaced" in succession.group(0)
        assert html.count('class="timeline__row"') == 3
        assert "timeline__segment--vacant" in html

    def test_private_concertation_is_not_found_for_the_public(self, client):
        concertation = build_concertation(1, is_public=False)
        assert client.get(concertation.get_absolute_url()).status_code == 404
        client.force_login(member_of(concertation))
        assert client.get(concertation.get_absolute_url()).status_code == 200

    def test_unknown_concertation(self, client):
        assert client.get("/concertations/999999/").status_code == 404

    def test_private_sub_concertation_is_not_linked(self, client):
        parent = build_concertation(1)
        ConcertationFactory.create(name="Comité secret", parent=parent, is_public=False)
        ConcertationFactory.create(name="Comité ouvert", parent=parent)
        html = html_of(client.get(parent.get_absolute_url()))
        assert "Comité ouvert" in html
        assert "Comité secret" not in html

    def test_no_edit_link_for_visitors(self, client):
        concertation = build_concertation(1)
        html = html_of(client.get(concertation.get_absolute_url()))
        assert "/modifier/" not in html

    def test_edit_links_for_administrators(self, client):
        concertation = build_concertation(1)
        client.force_login(UserFactory.create(is_superuser=True))
        html = html_of(client.get(concertation.get_absolute_url()))
        assert reverse("registry:concertation_edit", args=[concertation.pk]) in html

    @pytest.mark.parametrize("member", [False, True])
    def test_query_count_does_not_grow_with_seats(self, client, member):
        small, large = build_concertation(3, name="Petite table"), build_concertation(30, name="Grande table")
        if member:
            user = member_of(small)
            MembershipFactory.create(seat=SeatFactory.create(concertation=large), person=user.person)
            client.force_login(user)
        assert query_count(client, small.get_absolute_url()) == query_count(client, large.get_absolute_url())


class TestConcertationList:
    def test_lists_public_concertations_with_their_details(self, client):
        build_concertation(2)
        ConcertationFactory.create(name="Table privée", is_public=False)
        response = client.get(LIST)
        assert response.status_code == 200
        html = html_of(response)
        assert "Table de développement local de Beauport" in html
        assert "Table privée" not in html
        assert "1 concertation found" in html
        row = re.search(
            r"<tr>\s*<th scope=\"row\"><a href=\"/concertations/\d+/\">Table de développement.*?</tr>", html, re.S
        )
        assert row
        assert "Housing" in row.group(0)
        assert ">4<" in row.group(0)  # seats

    def test_search_ignores_accents(self, client):
        build_concertation(1)
        ConcertationFactory.create(name="Comité de sécurité alimentaire")
        html = html_of(client.get(LIST, {"q": "developpement BEAUPORT"}))
        assert "Table de développement local de Beauport" in html
        assert "Comité de sécurité alimentaire" not in html

    def test_territory_includes_what_is_inside(self, client):
        build_concertation(1)  # covers the TE of Québec (mrc:23), inside région 03
        elsewhere = ConcertationFactory.create(name="Table de Bellechasse")
        elsewhere.territories.add(territory("mrc:19"))
        html = html_of(client.get(LIST, {"territoire": "region:03"}))
        assert "Table de développement local de Beauport" in html
        assert "Table de Bellechasse" not in html
        html = html_of(client.get(LIST, {"territoire": "mrc:19"}))
        assert "Table de Bellechasse" in html
        assert "Beauport" not in html.split('id="results"')[1]

    def test_territory_outside_the_menu_is_kept(self, client):
        municipality = Territory.objects.filter(kind="municipality", parent__code="19", parent__kind="mrc").first()
        assert municipality is not None
        html = html_of(client.get(LIST, {"territoire": municipality.public_id}))
        assert f'<option value="{municipality.public_id}" selected>' in html

    def test_theme_kind_level_and_ended(self, client):
        build_concertation(1)
        ConcertationFactory.create(name="Démarche régionale", kind=ConcertationKind.DEMARCHE, level=Level.REGIONAL)
        ConcertationFactory.create(name="Table terminée", end_date=dt.date(2020, 12, 31))
        html = html_of(client.get(LIST, {"theme": "logement"}))
        assert "Beauport" in html and "Démarche régionale" not in html
        html = html_of(client.get(LIST, {"type": "demarche", "niveau": "regional"}))
        assert "Démarche régionale" in html and "Beauport" not in html.split('id="results"')[1]
        assert "Table terminée" not in html_of(client.get(LIST))
        assert "Table terminée" in html_of(client.get(LIST, {"terminees": "on"}))

    def test_wrong_filters_get_a_message(self, client):
        response = client.get(LIST, {"territoire": "mrc:999", "theme": "inconnu", "page": "0"})
        assert response.status_code == 422
        html = html_of(response)
        assert 'role="alert"' in html
        assert "Territory" in html and "Theme" in html

    def test_pages_of_fifty(self, client):
        for number in range(55):
            ConcertationFactory.create(name=f"Table {number:02d}")
        html = html_of(client.get(LIST))
        assert "55 concertations found" in html
        assert html.count('<th scope="row"><a href="/concertations/') == 50
        assert "Page 1 of 2" in html
        html = html_of(client.get(LIST, {"page": "2"}))
        assert html.count('<th scope="row"><a href="/concertations/') == 5
        assert "Page 2 of 2" in html
        past = client.get(LIST, {"page": "9"})
        assert past.status_code == 200 and "past the last page" in html_of(past)

    def test_htmx_gets_only_the_results(self, client):
        build_concertation(1)
        response = client.get(LIST, {"q": "beauport"}, HTTP_HX_REQUEST="true")
        html = html_of(response)
        assert html.lstrip().startswith('<section id="results"')
        assert "Beauport" in html

    def test_member_sees_their_private_concertation(self, client):
        private = build_concertation(1, name="Table privée des membres", is_public=False)
        client.force_login(member_of(private))
        assert "Table privée des membres" in html_of(client.get(LIST))

    def test_query_count_does_not_grow(self, client):
        for number in range(3):
            build_concertation(1, name=f"Table A{number}")
        small = query_count(client, LIST)
        for number in range(30):
            build_concertation(1, name=f"Table B{number}")
        assert query_count(client, LIST) == small
        assert query_count(client, LIST + "?territoire=region:03&theme=logement") == query_count(
            client, LIST + "?territoire=region:03&theme=logement&page=1"
        )


def build_organization(people: int):
    organization = OrganizationFactory.create(
        name="Centre intégré de santé et de services sociaux", acronym="CISSS", website="https://exemple.org"
    )
    organization.territories_served.add(territory("region:03"))
    concertation = build_concertation(1, name=f"Table servie par {people}")
    private = ConcertationFactory.create(name=f"Table privée {people}", is_public=False)
    for number in range(people):
        PositionFactory.create(organization=organization, person=PersonFactory.create(family_name=f"Employe{number}"))
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), organization=organization)
        MembershipFactory.create(seat=SeatFactory.create(concertation=private), organization=organization)
    ConcertationFactory.create(name=f"Table coordonnée {people}", coordinating_organization=organization)
    return organization


class TestOrganizationPage:
    def test_anonymous_sees_organization_without_private_names(self, client):
        organization = build_organization(3)
        PositionFactory.create(
            organization=organization, person=PersonFactory.create(family_name="Publique", public_consent=True)
        )
        response = client.get(organization.get_absolute_url())
        assert response.status_code == 200
        html = html_of(response)
        assert "Centre intégré de santé et de services sociaux" in html
        assert 'href="/territoires/region:03/"' in html
        assert "Employe0" not in html and "@example.org" not in html
        assert "Organisatrice communautaire" in html  # job titles stay
        assert "Alex Publique" in html
        assert "Table servie par 3" in html
        assert "Table privée 3" not in html
        assert "Table coordonnée 3" in html
        assert "History of changes" not in html

    def test_colleague_sees_names(self, client):
        organization = build_organization(2)
        concertation = organization.memberships.first().seat.concertation
        client.force_login(member_of(concertation))
        html = html_of(client.get(organization.get_absolute_url()))
        # Members see who sits at their concertation for the organisation.
        assert "Table servie par 2" in html

    def test_query_count_does_not_grow(self, client):
        small, large = build_organization(3), build_organization(30)
        assert query_count(client, small.get_absolute_url()) == query_count(client, large.get_absolute_url())

    def test_unknown(self, client):
        assert client.get("/organismes/999999/").status_code == 404


class TestOrganizationList:
    def test_filters(self, client):
        build_organization(1)
        other = OrganizationFactory.create(name="Municipalité de Saint-Zacharie", sector="municipal")
        other.territories_served.add(territory("mrc:19"))
        html = html_of(client.get(ORGANIZATIONS))
        assert "Centre intégré" in html and "Saint-Zacharie" in html
        results = html_of(client.get(ORGANIZATIONS, {"q": "st zacharie"})).split('id="results"')[1]
        assert "Saint-Zacharie" in results and "Centre intégré" not in results
        results = html_of(client.get(ORGANIZATIONS, {"territoire": "region:12"})).split('id="results"')[1]
        assert "Saint-Zacharie" in results and "Centre intégré" not in results
        results = html_of(client.get(ORGANIZATIONS, {"secteur": "municipal"})).split('id="results"')[1]
        assert "Saint-Zacharie" in results and "Centre intégré" not in results
        assert client.get(ORGANIZATIONS, {"secteur": "pirate"}).status_code == 422

    def test_query_count_does_not_grow(self, client):
        for _number in range(3):
            OrganizationFactory.create().territories_served.add(territory("mrc:19"))
        small = query_count(client, ORGANIZATIONS)
        for _number in range(30):
            OrganizationFactory.create().territories_served.add(territory("mrc:23"))
        assert query_count(client, ORGANIZATIONS) == small


class TestPersonPage:
    def test_without_consent_the_page_does_not_exist_for_the_public(self, client):
        person = PersonFactory.create()
        assert client.get(person.get_absolute_url()).status_code == 404
        assert client.get("/personnes/999999/").status_code == 404

    def test_public_profile(self, client):
        person = PersonFactory.create(
            family_name="Consentante", public_consent=True, phone="418 555-0101", notes="Note privée"
        )
        PositionFactory.create(person=person, organization=OrganizationFactory.create(name="Maison de la famille"))
        concertation = build_concertation(1, name="Table publique")
        private = ConcertationFactory.create(name="Table privée", is_public=False)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
        MembershipFactory.create(seat=SeatFactory.create(concertation=private), person=person)
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation),
            person=person,
            start_date=dt.date(2010, 1, 1),
            end_date=dt.date(2011, 1, 1),
        )
        html = html_of(client.get(person.get_absolute_url()))
        assert "Alex Consentante" in html
        assert "Maison de la famille" in html
        assert "Table publique" in html
        assert "Table privée" not in html
        for private_text in ("@example.org", "418 555-0101", "Note privée", "History of changes"):
            assert private_text not in html, private_text
        assert "Seats held before" not in html  # the public profile lists current seats only

    def test_colleague_sees_contact_details(self, client):
        concertation = build_concertation(1)
        person = PersonFactory.create(family_name="Collegue", phone="418 555-0102", notes="Note privée")
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
        client.force_login(member_of(concertation))
        html = html_of(client.get(person.get_absolute_url()))
        assert "collegue" in html.lower() and "@example.org" in html
        assert "418 555-0102" in html
        # Notes, and the history that may hold their old values, are for those who may edit.
        assert "Note privée" not in html
        assert "History of changes" not in html

    def test_the_person_sees_their_own_page(self, client):
        user = UserFactory.create()
        person = PersonFactory.create(user=user, notes="Ma note")
        client.force_login(user)
        html = html_of(client.get(person.get_absolute_url()))
        assert person.email in html
        assert "Ma note" in html
        assert "History of changes" in html


class TestFrenchFirst:
    @pytest.mark.parametrize("path", [LIST, ORGANIZATIONS])
    def test_lists_are_french_by_default(self, path):
        from django.test import Client

        response = Client().get(path)
        assert response.status_code == 200
        assert response["Content-Language"] == "fr"
        assert '<html lang="fr-CA">' in response.content.decode()

    def test_concertation_page_is_french_by_default(self):
        from django.test import Client

        concertation = build_concertation(1)
        response = Client().get(concertation.get_absolute_url() + "?date=2019-06-01")
        assert response["Content-Language"] == "fr"
        assert "1er juin 2019" in html_of(response)  # dates in French
