"""What changed on a territory between two dates, in the JSON API: shape, privacy, refusals in the error
format, and a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    api_key,
)

from .test_contract import assert_error_shape

pytestmark = pytest.mark.django_db

BOROUGH = "borough:REQ05"
URL = f"/api/v1/territories/{BOROUGH}/analysis/comparison"


def _table(name: str, **fields):
    concertation = ConcertationFactory.create(name=name, **fields)
    concertation.territories.set([Territory.objects.by_code(BOROUGH).get()])
    return concertation


@pytest.fixture
def history():
    """A table that ended in 2021, a lasting one whose coordination passed in 2022 from a person who
    consented to one who did not, a table that began in 2023 and a private committee of 2023."""
    old = _table("Table disparue", start_date=dt.date(2015, 1, 1), end_date=dt.date(2021, 12, 31))
    SeatFactory.create(concertation=old, label="Siège ancien")
    lasting = _table("Table durable")
    centre = OrganizationFactory.create(name="Centre durable")
    seat = SeatFactory.create(concertation=lasting, label="Coordination")
    known = PersonFactory.create(given_name="Connue", family_name="Avant", public_consent=True)
    secret = PersonFactory.create(given_name="Secrète", family_name="Après", public_consent=False)
    MembershipFactory.create(seat=seat, person=known, organization=centre, end_date=dt.date(2022, 6, 30))
    MembershipFactory.create(seat=seat, person=secret, organization=centre, start_date=dt.date(2022, 7, 1))
    SeatFactory.create(concertation=lasting, label="Siège créé", created_on=dt.date(2023, 1, 1))
    new = _table("Table nouvelle", start_date=dt.date(2023, 3, 1))
    SeatFactory.create(concertation=new, label="Siège nouveau")
    private = _table("Comité confidentiel", start_date=dt.date(2023, 3, 1), is_public=False)
    SeatFactory.create(concertation=private, label="Siège confidentiel")
    return {"known": known, "secret": secret, "centre": centre, "seat": seat}


def get(client, params: dict, **headers):
    return client.get(URL, params, **headers)


def test_what_changed_between_two_dates(client, history):
    response = get(client, {"from": "2020-01-01", "to": "2024-06-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["territory"] == {"id": BOROUGH, "name": "Beauport", "kind": "borough"}
    assert (body["from_date"], body["to_date"]) == ("2020-01-01", "2024-06-01")
    assert [c["name"] for c in body["new_concertations"]] == ["Table nouvelle"]
    assert [c["name"] for c in body["ended_concertations"]] == ["Table disparue"]
    assert {s["label"] for s in body["new_seats"]} == {"Siège créé", "Siège nouveau"}
    assert [s["label"] for s in body["abolished_seats"]] == ["Siège ancien"]
    assert body["abolished_seats"][0]["concertation"]["name"] == "Table disparue"
    assert body["counts"] == {
        "concertations_before": 2,
        "concertations_after": 2,
        "seats_before": 2,
        "seats_after": 3,
        "new_concertations": 1,
        "ended_concertations": 1,
        "new_seats": 2,
        "abolished_seats": 1,
        "holder_changes": 1,
    }
    (change,) = body["holder_changes"]
    assert change["seat"] == {
        "id": history["seat"].pk,
        "label": "Coordination",
        "concertation": {"id": history["seat"].concertation_id, "name": "Table durable"},
    }
    centre = {"id": history["centre"].pk, "name": "Centre durable"}
    known = history["known"]
    assert change["before"] == [
        {"person": {"id": known.pk, "name": "Connue Avant", "hidden": False}, "organization": centre}
    ]
    # The person who did not consent is not identified to an anonymous caller.
    assert change["after"] == [{"person": {"id": None, "name": None, "hidden": True}, "organization": centre}]
    assert "Secrète" not in response.content.decode()
    assert "Comité confidentiel" not in response.content.decode()


def test_an_administrator_sees_every_name_and_private_body(client, history):
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    body = get(client, {"from": "2020-01-01", "to": "2024-06-01"}, HTTP_AUTHORIZATION=f"Bearer {api_key(admin)}").json()
    assert body["holder_changes"][0]["after"][0]["person"]["name"] == "Secrète Après"
    assert {c["name"] for c in body["new_concertations"]} == {"Table nouvelle", "Comité confidentiel"}


def test_a_vacancy_is_an_empty_list(client, history):
    body = get(client, {"from": "2019-12-31", "to": "2020-01-01"}).json()
    # The factory's holding starts on 2020-01-01: the seat was empty the day before.
    (change,) = body["holder_changes"]
    assert change["before"] == [] and len(change["after"]) == 1


def test_to_is_today_by_default(client, history):
    body = get(client, {"from": "2020-01-01"}).json()
    assert body["to_date"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "2024-02-30"}, "from"),
        ({"from": "hier"}, "from"),
        ({"from": "2024-01-01", "to": "2024-13-01"}, "to"),
        ({"from": "2024-06-02", "to": "2024-06-01"}, "from"),
    ],
)
def test_a_bad_date_or_from_after_to_is_a_400_on_its_parameter(client, db, params, parameter):
    with translation.override("fr"):
        body = assert_error_shape(get(client, params), 400, with_errors=True)
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert body["detail"].startswith("Requête non valide.")
    assert f"« {parameter} »" in body["detail"].replace("\xa0", " ")


def test_from_is_required(client, db):
    body = assert_error_shape(get(client, {}), 422, with_errors=True)
    assert body["errors"][0]["parameter"] == "from"


def test_an_unknown_territory_is_a_404(client, db):
    response = client.get("/api/v1/territories/region:99/analysis/comparison", {"from": "2020-01-01"})
    assert_error_shape(response, 404)


def test_the_endpoint_is_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/territories/{public_id}/analysis/comparison"]["get"]
    assert {"200", "400", "404", "422"} <= set(operation["responses"])
    assert {p["name"] for p in operation["parameters"]} >= {"from", "to", "public_id"}


def _more(count: int) -> None:
    for number in range(count):
        table = _table(f"Table supplémentaire {number}")
        seat = SeatFactory.create(concertation=table)
        MembershipFactory.create(seat=seat, person=PersonFactory.create(), end_date=dt.date(2021, 12, 31))
        MembershipFactory.create(seat=seat, person=PersonFactory.create(), start_date=dt.date(2022, 1, 1))


def test_queries_do_not_grow_with_the_data(client, history, django_assert_max_num_queries):
    key = api_key(UserFactory.create())
    _more(2)
    with django_assert_max_num_queries(60) as small:
        get(client, {"from": "2020-01-01", "to": "2024-06-01"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    _more(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = get(client, {"from": "2020-01-01", "to": "2024-06-01"}, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["counts"]["holder_changes"] == 13
