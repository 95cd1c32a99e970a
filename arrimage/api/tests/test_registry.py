"""The registry in the JSON API, read side: organisations, people, concertations, seats, memberships and
themes, their filters, pages, dates and query counts, and the OpenAPI description."""

from __future__ import annotations

import datetime as dt

import pytest

from arrimage.concertation.models import Theme
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SeatFactory,
    theme,
)

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    kind, code = public_id.split(":")
    return Territory.objects.get(kind=kind, code=code)


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


class TestOrganizations:
    def test_list_and_detail(self, client):
        parent = OrganizationFactory.create(name="Centraide Québec")
        child = OrganizationFactory.create(name="Maison des jeunes de Beauport", acronym="MDJB", parent=parent)
        child.territories_served.set([territory("municipality:23027")])
        body = client.get("/api/v1/organizations").json()
        assert body["count"] == 2
        assert [o["name"] for o in body["results"]] == ["Centraide Québec", "Maison des jeunes de Beauport"]
        found = body["results"][1]
        assert found["territories_served"] == ["municipality:23027"]
        assert found["parent"] == parent.pk
        assert found["sector"] == "community"
        assert found["url"] == f"/organismes/{child.pk}/"
        detail = client.get(f"/api/v1/organizations/{parent.pk}").json()
        assert detail["children"] == [child.pk]

    @pytest.mark.parametrize("q", ["eglise", "ÉGLISE", "egl"])
    def test_q_ignores_accents(self, client, q):
        OrganizationFactory.create(name="Comptoir de l'Église Saint-Roch")
        OrganizationFactory.create(name="Autre organisme")
        names = [o["name"] for o in client.get("/api/v1/organizations", {"q": q}).json()["results"]]
        assert names == ["Comptoir de l'Église Saint-Roch"]

    def test_sector_and_territory_include_what_is_inside(self, client):
        in_quebec = OrganizationFactory.create(name="Organisme de Québec")
        in_quebec.territories_served.set([territory("municipality:23027")])
        in_montreal = OrganizationFactory.create(name="Organisme de Montréal", sector="municipal")
        in_montreal.territories_served.set([territory("municipality:66023")])
        region = client.get("/api/v1/organizations", {"territory": "region:03"}).json()
        assert [o["id"] for o in region["results"]] == [in_quebec.pk]
        sector = client.get("/api/v1/organizations", {"sector": "municipal"}).json()
        assert [o["id"] for o in sector["results"]] == [in_montreal.pk]

    def test_pages_have_links(self, client):
        OrganizationFactory.create_batch(5)
        body = client.get("/api/v1/organizations", {"page_size": 2, "page": 2}).json()
        assert (body["count"], body["pages"], len(body["results"])) == (5, 3, 2)
        assert "page=3" in body["next"] and "page_size=2" in body["next"]
        assert "page=1" in body["previous"]

    def test_unknown_territory_and_sector_are_422_in_french(self, client):
        response = client.get("/api/v1/organizations", {"territory": "region:99"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "territory"
        assert "Aucun territoire" in plain(response.json()["detail"]) or "territoire" in response.json()["detail"]
        bad = client.get("/api/v1/organizations", {"sector": "nope"})
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "sector"

    def test_unknown_is_404_in_french(self, client):
        response = client.get("/api/v1/organizations/999999")
        assert response.status_code == 404
        assert "999999" in response.json()["detail"]

    def test_partial_dates_keep_their_precision(self, client):
        organization = OrganizationFactory.create(start_date=dt.date(2021, 3, 1), start_precision="month")
        organization.end_date, organization.end_precision = dt.date(2023, 12, 31), "year"
        organization.save()
        body = client.get(f"/api/v1/organizations/{organization.pk}").json()
        assert (body["start"], body["end"]) == ("2021-03", "2023")


class TestConcertations:
    def test_list_detail_and_filters(self, client):
        parent = ConcertationFactory.create(name="Réseau régional", level="regional")
        coordinator = OrganizationFactory.create()
        table = ConcertationFactory.create(
            name="Table de quartier Saint-Sauveur", parent=parent, coordinating_organization=coordinator
        )
        table.territories.set([territory("borough:REQ05")])
        table.themes.set([theme("securite-alimentaire")])
        SeatFactory.create(concertation=table)
        body = client.get("/api/v1/concertations").json()
        assert body["count"] == 2
        listed = next(c for c in body["results"] if c["id"] == table.pk)
        assert listed["seat_count"] == 1
        assert listed["territories"] == ["borough:REQ05"]
        assert listed["themes"] == ["securite-alimentaire"]
        detail = client.get(f"/api/v1/concertations/{table.pk}").json()
        assert detail["parent"] == parent.pk
        assert detail["coordinating_organization"] == coordinator.pk
        assert client.get(f"/api/v1/concertations/{parent.pk}").json()["children"] == [table.pk]
        ids = lambda params: [c["id"] for c in client.get("/api/v1/concertations", params).json()["results"]]  # noqa: E731
        assert ids({"q": "saint sauveur"}) == [table.pk]
        assert ids({"level": "regional"}) == [parent.pk]
        assert ids({"territory": "region:03"}) == [table.pk]
        assert ids({"territory": "region:05"}) == []
        assert ids({"kind": "table"}) == [parent.pk, table.pk]

    def test_theme_filter(self, client):
        slug = "logement"
        with_theme = ConcertationFactory.create()
        with_theme.themes.set([theme(slug)])
        ConcertationFactory.create()
        body = client.get("/api/v1/concertations", {"theme": slug}).json()
        assert [c["id"] for c in body["results"]] == [with_theme.pk]
        assert body["results"][0]["themes"] == [slug]
        unknown = client.get("/api/v1/concertations", {"theme": "nope"})
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "theme"

    def test_private_concertation_is_hidden_from_anonymous(self, client, admin_api):
        private = ConcertationFactory.create(is_public=False, name="Comité confidentiel")
        assert client.get("/api/v1/concertations").json()["count"] == 0
        assert client.get(f"/api/v1/concertations/{private.pk}").status_code == 404
        assert client.get(f"/api/v1/concertations/{private.pk}/seats").status_code == 404
        assert admin_api.get("/api/v1/concertations").json()["count"] == 1
        assert admin_api.get(f"/api/v1/concertations/{private.pk}").status_code == 200

    def test_seats_with_holders_on_a_date(self, client):
        seat = SeatFactory.create(label="Siège communautaire")
        old = MembershipFactory.create(
            seat=seat,
            person=PersonFactory.create(public_consent=True, given_name="Ancienne"),
            start_date=dt.date(2019, 1, 1),
            start_precision="year",
            end_date=dt.date(2021, 3, 31),
            end_precision="month",
        )
        new = MembershipFactory.create(
            seat=seat,
            person=PersonFactory.create(public_consent=True, given_name="Nouvelle"),
            start_date=dt.date(2021, 4, 1),
        )
        seats = client.get(f"/api/v1/concertations/{seat.concertation_id}/seats").json()
        assert [h["membership"] for h in seats[0]["holders"]] == [new.pk]
        assert seats[0]["holders"][0]["person"]["name"].startswith("Nouvelle")
        assert seats[0]["turnover"] == 1
        then = client.get(f"/api/v1/concertations/{seat.concertation_id}/seats", {"on": "2020-06-01"}).json()
        holder = then[0]["holders"][0]
        assert holder["membership"] == old.pk
        assert (holder["start"], holder["end"]) == ("2019", "2021-03")
        assert (
            client.get(f"/api/v1/concertations/{seat.concertation_id}/seats", {"on": "2020-02-30"}).status_code == 422
        )


class TestMemberships:
    def test_on_returns_the_previous_holder(self, client):
        seat = SeatFactory.create()
        old = MembershipFactory.create(seat=seat, start_date=dt.date(2018, 1, 1), end_date=dt.date(2020, 12, 31))
        new = MembershipFactory.create(seat=seat, start_date=dt.date(2021, 1, 1))
        ids = lambda params: [m["id"] for m in client.get("/api/v1/memberships", params).json()["results"]]  # noqa: E731
        assert ids({"on": "2019-05-01"}) == [old.pk]
        assert ids({"on": "2022-05-01"}) == [new.pk]
        assert ids({}) == [new.pk, old.pk]

    def test_concertation_and_organization_filters(self, client):
        first = MembershipFactory.create()
        second = MembershipFactory.create()
        ids = lambda params: [m["id"] for m in client.get("/api/v1/memberships", params).json()["results"]]  # noqa: E731
        assert ids({"concertation": first.seat.concertation_id}) == [first.pk]
        assert ids({"organization": second.organization_id}) == [second.pk]
        body = client.get("/api/v1/memberships", {"concertation": first.seat.concertation_id}).json()["results"][0]
        assert body["organization"] == {"id": first.organization_id, "name": first.organization.name}
        assert body["seat"]["id"] == first.seat_id
        assert body["start"] == "2020-01-01"

    def test_person_filter_is_for_authorised_callers(self, client, nobody_api, admin_api):
        membership = MembershipFactory.create(person=PersonFactory.create(public_consent=True))
        assert client.get("/api/v1/memberships", {"person": membership.person_id}).status_code == 401
        assert nobody_api.get("/api/v1/memberships", {"person": membership.person_id}).status_code == 403
        body = admin_api.get("/api/v1/memberships", {"person": membership.person_id}).json()
        assert [m["id"] for m in body["results"]] == [membership.pk]

    def test_bad_date_is_422(self, client):
        response = client.get("/api/v1/memberships", {"on": "hier"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "on"


class TestPeople:
    def test_only_consenting_people_are_listed(self, client):
        public = PersonFactory.create(public_consent=True, given_name="Annie", family_name="Côté")
        PersonFactory.create(public_consent=False)
        PositionFactory.create(person=public)
        body = client.get("/api/v1/people").json()
        assert [p["id"] for p in body["results"]] == [public.pk]
        assert body["results"][0]["name"] == "Annie Côté"
        assert len(body["results"][0]["positions"]) == 1
        assert [p["id"] for p in client.get("/api/v1/people", {"q": "cote"}).json()["results"]] == [public.pk]

    def test_current_public_seats_only(self, client):
        person = PersonFactory.create(public_consent=True)
        current = MembershipFactory.create(person=person)
        MembershipFactory.create(person=person, end_date=dt.date(2020, 6, 30))
        MembershipFactory.create(
            person=person, seat=SeatFactory.create(concertation=ConcertationFactory.create(is_public=False))
        )
        body = client.get(f"/api/v1/people/{person.pk}").json()
        assert [s["membership"] for s in body["seats"]] == [current.pk]
        assert "email" not in body

    def test_authorised_caller_gets_contact_details(self, admin_api, client):
        person = PersonFactory.create(public_consent=False, phone="418 555-0101", notes="Préfère le courriel.")
        full = admin_api.get(f"/api/v1/people/{person.pk}").json()
        assert full["email"] == person.email
        assert full["phone"] == "418 555-0101"
        assert full["notes"] == "Préfère le courriel."
        assert full["version"] == 1
        assert client.get(f"/api/v1/people/{person.pk}").status_code == 404


class TestThemes:
    def test_every_theme(self, client):
        body = client.get("/api/v1/themes").json()
        assert len(body) == Theme.objects.count() > 20
        assert {"slug", "name", "name_fr", "name_en", "dimension"} <= set(body[0])


def _populate(size: int) -> None:
    """`size` organisations, people, concertations, seats and holdings, each with its relations."""
    for _index in range(size):
        organization = OrganizationFactory.create()
        organization.territories_served.set([territory("municipality:23027")])
        person = PersonFactory.create(public_consent=True)
        PositionFactory.create(person=person, organization=organization)
        concertation = ConcertationFactory.create()
        concertation.territories.set([territory("mrc:23")])
        concertation.themes.set(list(Theme.objects.all()[:2]))
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation), person=person, organization=organization
        )


@pytest.mark.parametrize(
    ("url", "params", "queries"),
    [
        # Answers of organisations, people and concertations are cached: one more query reads the data version.
        ("/api/v1/organizations", {}, 4),
        ("/api/v1/organizations", {"territory": "region:03", "q": "organisme"}, 10),
        ("/api/v1/people", {}, 5),
        ("/api/v1/concertations", {}, 5),
        ("/api/v1/concertations", {"territory": "region:03"}, 11),
        ("/api/v1/memberships", {}, 3),
        ("/api/v1/memberships", {"on": "2024-01-01"}, 3),
    ],
)
def test_list_queries_do_not_grow_with_the_data(client, django_assert_num_queries, url, params, queries):
    _populate(2)
    with django_assert_num_queries(queries):
        assert len(client.get(url, params).json()["results"]) == 2
    _populate(8)
    with django_assert_num_queries(queries):
        assert len(client.get(url, params).json()["results"]) == 10


def test_seat_queries_do_not_grow_with_the_data(client, django_assert_num_queries):
    concertation = ConcertationFactory.create()
    for _index in range(2):
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation))
    # Seven queries, and one for the data version, under which the answer is cached.
    with django_assert_num_queries(8):
        client.get(f"/api/v1/concertations/{concertation.pk}/seats")
    for _index in range(8):
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation))
    with django_assert_num_queries(8):
        assert len(client.get(f"/api/v1/concertations/{concertation.pk}/seats").json()) == 10


def test_openapi_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/organizations": {"get", "post"},
        "/api/v1/organizations/{pk}": {"get", "patch"},
        "/api/v1/people": {"get", "post"},
        "/api/v1/people/{pk}": {"get", "patch"},
        "/api/v1/concertations": {"get", "post"},
        "/api/v1/concertations/{pk}": {"get", "patch"},
        "/api/v1/concertations/{pk}/seats": {"get", "post"},
        "/api/v1/memberships": {"get", "post"},
        "/api/v1/memberships/{pk}/end": {"post"},
        "/api/v1/memberships/{pk}/replace": {"post"},
        "/api/v1/themes": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert paths[path][method].get("description"), (path, method)
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert paths["/api/v1/organizations"]["get"]["security"] == [{}, {"ApiKey": []}]
    assert paths["/api/v1/organizations"]["post"]["security"] == [{"ApiKey": []}]
