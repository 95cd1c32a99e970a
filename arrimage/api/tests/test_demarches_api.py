"""A network's démarches in the JSON API: shape, private démarches, unknown or private networks, no
person identified, and a number of queries that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    api_key,
    theme,
)

pytestmark = pytest.mark.django_db


def url(pk: int) -> str:
    return f"/api/v1/concertations/{pk}/demarches"


def _territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def _demarche(network: Concertation, public_id: str, *members, is_public: bool = True, **kwargs) -> Concertation:
    demarche = ConcertationFactory.create(kind="demarche", parent=network, is_public=is_public, **kwargs)
    demarche.territories.set([_territory(public_id)])
    demarche.themes.set([theme("logement")])
    for organization, person in members:
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=demarche), organization=organization, person=person
        )
    return demarche


@pytest.fixture
def reseau():
    """A regional network with two public démarches (an MRC and a borough of Québec) sharing an
    organisation and a person who did not consent, and a private one."""
    network = ConcertationFactory.create(name="Réseau régional", kind="network", level="regional")
    network.territories.set([_territory("region:03")])
    network.themes.set([theme("logement"), theme("famille")])
    shared = OrganizationFactory.create(name="Organisme partagé")
    secret = PersonFactory.create(given_name="Secrète", family_name="Personne", public_consent=False)
    portneuf = _demarche(network, "mrc:34", (shared, secret), (OrganizationFactory.create(), None), name="Portneuf")
    limoilou = _demarche(network, "borough:REQ01", (shared, secret), name="Limoilou")
    private = _demarche(network, "mrc:22", (shared, secret), is_public=False, name="Démarche privée")
    return {"network": network, "portneuf": portneuf, "limoilou": limoilou, "private": private, "shared": shared}


def test_the_network_and_its_visible_demarches(client, reseau):
    response = client.get(url(reseau["network"].pk), {"date": "2025-06-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["network"] == {"id": reseau["network"].pk, "name": "Réseau régional"}
    assert body["date"] == "2025-06-01"
    assert [d["name"] for d in body["demarches"]] == ["Limoilou", "Portneuf"]
    limoilou, portneuf = body["demarches"]
    assert limoilou["territories"] == ["borough:REQ01"] and limoilou["boroughs"] == ["borough:REQ01"]
    assert limoilou["municipalities"] == [] and not limoilou["population_complete"]
    assert "municipality:34128" in portneuf["municipalities"] and portneuf["population"] > 0
    assert (portneuf["seats"], portneuf["filled"], portneuf["people"]) == (2, 2, 1)
    assert body["shared"] == [
        {
            "first": min(d["id"] for d in body["demarches"]),
            "second": max(d["id"] for d in body["demarches"]),
            "organizations": [reseau["shared"].pk],
            "people": 1,
        }
    ]
    assert [row["theme"]["id"] for row in body["themes"]] == ["logement"]
    assert [t["id"] for t in body["network_theme_gaps"]] == ["famille"]
    assert {p["id"] for p in body["partial"]} == {"municipality:23027"}
    assert "municipality:22045" in {p["id"] for p in body["uncovered"]}  # the private démarche's territory
    assert body["population"] == body["covered_population"] + body["partial_population"] + body["uncovered_population"]
    assert body["summary"]
    # Nobody is identified, and the private démarche is neither named nor counted.
    assert "Secrète" not in response.content.decode()
    assert "Démarche privée" not in response.content.decode()


def test_an_administrator_sees_the_private_demarche(client, reseau):
    admin = UserFactory.create(is_superuser=True)
    body = client.get(url(reseau["network"].pk), HTTP_AUTHORIZATION=f"Bearer {api_key(admin)}").json()
    assert "Démarche privée" in [d["name"] for d in body["demarches"]]
    assert len(body["shared"]) == 3
    assert "Secrète" not in str(body)


def test_an_unknown_or_private_network_is_a_404_in_the_error_format(client, db):
    private = ConcertationFactory.create(kind="network", is_public=False)
    for pk in (private.pk, 999_999):
        response = client.get(url(pk))
        assert response.status_code == 404
        assert (
            response.json()["detail"].replace("\xa0", " ")
            == f"Aucune instance de concertation ne porte le numéro {pk}."
        )


def test_a_malformed_date_is_a_422_on_its_parameter(client, reseau):
    response = client.get(url(reseau["network"].pk), {"date": "2025-13-01"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "date"


def test_the_number_of_queries_does_not_grow_with_the_network(client, reseau):
    network = reseau["network"]
    with CaptureQueriesContext(connection) as before:
        assert client.get(url(network.pk)).status_code == 200
    shared = OrganizationFactory.create()
    for public_id in ("mrc:21", "mrc:20", "borough:REQ02", "borough:REQ03"):
        _demarche(network, public_id, (shared, PersonFactory.create()), (shared, None))
    with CaptureQueriesContext(connection) as after:
        body = client.get(url(network.pk)).json()
    assert len(body["demarches"]) == 6
    assert len(after) == len(before)
