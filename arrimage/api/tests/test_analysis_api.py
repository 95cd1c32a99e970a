"""The territorial analysis in the JSON API: shapes, the date analysed, unknown territories, privacy, and
a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, MembershipFactory, PersonFactory, SeatFactory, theme

pytestmark = pytest.mark.django_db

BOROUGH = "borough:REQ05"
ENDPOINTS = ("landscape", "coverage", "overlaps", "load", "network", "turnover", "citizen-seats", "equity")


def url(public_id: str, endpoint: str) -> str:
    return f"/api/v1/territories/{public_id}/analysis/{endpoint}"


def _table(name: str, *, people: list, is_public: bool = True, start: dt.date | None = None) -> Concertation:
    concertation = ConcertationFactory.create(name=name, is_public=is_public, start_date=start)
    concertation.territories.set([Territory.objects.by_code(BOROUGH).get()])
    concertation.themes.set([theme("securite-alimentaire")])
    for person in people:
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
    return concertation


@pytest.fixture
def tables():
    """Two food tables of the borough sharing a person who did not consent and one who did, and a
    private committee."""
    secret = PersonFactory.create(given_name="Secrète", public_consent=False)
    known = PersonFactory.create(given_name="Connue", public_consent=True)
    first = _table("Comité alimentaire de l'Est", people=[secret, known])
    second = _table("Regroupement alimentaire du Nord", people=[secret, known])
    private = _table("Comité restreint", people=[secret], is_public=False)
    return {"secret": secret, "known": known, "first": first, "second": second, "private": private}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_analysis_answers_for_the_territory_and_date(client, tables, endpoint):
    response = client.get(url(BOROUGH, endpoint))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["territory"] == {"id": BOROUGH, "name": "Beauport", "kind": "borough"}
    assert body["date"] == dt.date.today().isoformat()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_territory_is_a_404_in_french(client, db, endpoint):
    response = client.get(url("region:99", endpoint))
    assert response.status_code == 404
    assert response.json()["detail"].replace("\xa0", " ") == "Aucun territoire n'a l'identifiant « region:99 »."


def test_a_malformed_identifier_or_date_is_a_422(client, db):
    assert client.get(url("planet:1", "landscape")).status_code == 422
    assert client.get(url(BOROUGH, "landscape"), {"date": "2025-13-01"}).status_code == 422
    response = client.get(url(BOROUGH, "landscape"), {"date": "2025-02-30"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "date"


def test_the_landscape_groups_the_public_tables(client, tables):
    body = client.get(url(BOROUGH, "landscape")).json()
    names = {e["concertation"]["name"] for g in body["groups"] for e in g["entries"]}
    assert names == {"Comité alimentaire de l'Est", "Regroupement alimentaire du Nord"}
    assert body["total"] == 2
    assert body["groups"][0]["entries"][0]["themes"] == ["securite-alimentaire"]
    assert body["summary"]


def test_the_date_analysed_leaves_out_tables_not_yet_started(client, tables):
    tables["second"].start_date = dt.date(2024, 1, 1)
    tables["second"].save()
    before = client.get(url(BOROUGH, "landscape"), {"date": "2023-06-01"}).json()
    assert before["date"] == "2023-06-01"
    assert before["total"] == 1
    assert client.get(url(BOROUGH, "landscape"), {"date": "2025-06-01"}).json()["total"] == 2


def test_overlaps_find_the_two_food_tables(client, tables):
    body = client.get(url(BOROUGH, "overlaps")).json()
    (pair,) = body["pairs"]
    assert {pair["first"]["name"], pair["second"]["name"]} == {
        "Comité alimentaire de l'Est",
        "Regroupement alimentaire du Nord",
    }
    assert pair["shared_themes"] == ["securite-alimentaire"]
    assert pair["shared_territories"] == [BOROUGH]  # the borough itself, not the whole city
    assert 0 < pair["score"] <= 1
    assert pair["reasons"]


def test_coverage_has_a_cell_per_theme_and_part_and_the_gaps(client, tables):
    body = client.get(url(BOROUGH, "coverage")).json()
    assert len(body["cells"]) == len(body["themes"]) * len(body["parts"])
    food = [c for c in body["cells"] if c["theme"] == "securite-alimentaire"]
    assert food and all(len(c["concertations"]) == 2 for c in food)
    assert body["gaps"] and all(g["theme"]["id"] != "securite-alimentaire" for g in body["gaps"])


def _ids_and_names(body: dict) -> tuple[set, set]:
    ids, names = set(), set()
    for row in body.get("people", []):
        ids.add(row["person"]["id"])
        names.add(row["person"]["name"])
    for link in body.get("links", []):
        ids |= {p["id"] for p in link["people"]}
        names |= {p["name"] for p in link["people"]}
    for pair in body.get("pairs", []):
        ids |= {p["id"] for p in pair["shared_people"]}
        names |= {p["name"] for p in pair["shared_people"]}
    return ids, names


@pytest.mark.parametrize("endpoint", ["load", "network", "overlaps"])
def test_a_person_who_did_not_consent_is_never_identified_to_visitors(client, tables, endpoint):
    response = client.get(url(BOROUGH, endpoint))
    ids, names = _ids_and_names(response.json())
    assert tables["secret"].pk not in ids
    assert tables["known"].pk in ids
    assert None in ids
    assert tables["known"].full_name in names
    assert tables["secret"].full_name not in response.content.decode()
    assert "Comité restreint" not in response.content.decode()


def test_hidden_people_are_flagged(client, tables):
    people = client.get(url(BOROUGH, "load")).json()["people"]
    hidden = [p for p in people if p["person"]["hidden"]]
    assert hidden == [
        {"person": {"id": None, "name": None, "hidden": True}, "seats": 2, "concertations": hidden[0]["concertations"]}
    ]


def test_an_administrator_sees_everyone_and_the_private_committee(admin_api, tables):
    body = admin_api.get(url(BOROUGH, "load")).json()
    ids, _names = _ids_and_names(body)
    assert tables["secret"].pk in ids
    assert None not in ids
    secret = next(p for p in body["people"] if p["person"]["id"] == tables["secret"].pk)
    assert secret["seats"] == 3
    landscape = admin_api.get(url(BOROUGH, "landscape")).json()
    assert landscape["total"] == 3


def test_a_signed_in_user_without_role_sees_the_public_view(nobody_api, tables):
    ids, _names = _ids_and_names(nobody_api.get(url(BOROUGH, "network")).json())
    assert tables["secret"].pk not in ids


def test_citizen_seats_and_turnover_count_the_seats(client, tables):
    seat = SeatFactory.create(concertation=tables["first"], seat_type="citizen")
    body = client.get(url(BOROUGH, "citizen-seats")).json()
    assert body["reserved"] == 1 and body["filled"] == 0 and body["vacant"] == 1
    assert body["concertations"][0]["vacant"][0]["seat"] == seat.pk
    turnover = client.get(url(BOROUGH, "turnover")).json()
    assert turnover["summary"]["seats"] == 5  # the private committee's seat is left out
    assert turnover["summary"]["vacant_seats"] == 1


def test_equity_rows(client, tables):
    body = client.get(url(BOROUGH, "equity")).json()
    assert body["by_urbanity"][0]["concertations"] == 2


def _add_tables(count: int) -> None:
    for n in range(count):
        people = [PersonFactory.create(public_consent=n % 2 == 0) for _p in range(3)]
        _table(f"Table supplémentaire {n}", people=people, is_public=n % 3 != 0)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_number_of_queries_does_not_grow_with_the_data(client, tables, endpoint):
    _add_tables(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(BOROUGH, endpoint)).status_code == 200
    _add_tables(8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(BOROUGH, endpoint)).status_code == 200
    assert len(large) == len(small)
