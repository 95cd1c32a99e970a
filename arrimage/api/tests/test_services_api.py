"""Services through the API: list with filters and pages, one service, writes with a key, the same
permissions, errors and locking as the other records; and the HSDS export."""

from __future__ import annotations

import pytest
from django.utils import translation

from arrimage.concertation.models import Theme
from arrimage.directory.models import Service
from arrimage.directory.services import LocationData, ServiceData, location_create, service_create
from arrimage.interchange.hsds import validator
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def offered():
    food_bank = OrganizationFactory.create(name="Moisson Québec")
    food_bank.territories_served.set([territory("region:03")])
    youth = OrganizationFactory.create(name="Maison des jeunes")
    youth.territories_served.set([territory("mrc:31")])
    place = location_create(
        organization=food_bank,
        data=LocationData(name="Entrepôt", city="Québec", territory=territory("municipality:23027")),
        acting_user=None,
    )
    meals = service_create(
        organization=food_bank,
        data=ServiceData(
            name="Repas communautaires",
            themes=[Theme.objects.get(slug="agriculture-alimentation")],
            service_areas=[territory("municipality:23027")],
            locations=[place],
        ),
        acting_user=None,
    )
    service_create(organization=food_bank, data=ServiceData(name="Paniers de Noël"), acting_user=None)
    service_create(
        organization=youth,
        data=ServiceData(name="Local des jeunes", service_areas=[territory("mrc:31")]),
        acting_user=None,
    )
    return {"food_bank": food_bank, "youth": youth, "meals": meals, "place": place}


class TestReads:
    def test_list_filters_and_pages(self, client, offered):
        body = client.get("/api/v1/services").json()
        assert body["count"] == 3
        assert [s["name"] for s in body["results"]] == ["Local des jeunes", "Paniers de Noël", "Repas communautaires"]
        meals = body["results"][2]
        assert meals["themes"] == ["agriculture-alimentation"]
        assert meals["service_areas"] == ["municipality:23027"]
        assert meals["locations"][0]["territory"] == "municipality:23027"
        assert meals["organization_name"] == "Moisson Québec"

        def names(**params):
            return [s["name"] for s in client.get("/api/v1/services", params).json()["results"]]

        assert names(q="repas") == ["Repas communautaires"]
        assert names(theme="agriculture-alimentation") == ["Repas communautaires"]
        assert names(territory="region:03") == ["Repas communautaires"]
        assert names(organization=offered["youth"].pk) == ["Local des jeunes"]
        page = client.get("/api/v1/services", {"page_size": 2, "page": 2}).json()
        assert (page["pages"], [s["name"] for s in page["results"]]) == (2, ["Repas communautaires"])
        assert page["previous"].endswith("page=1") or "page=1" in page["previous"]

    def test_bad_filters_are_422_on_their_parameter(self, client, offered):
        response = client.get("/api/v1/services", {"theme": "inconnu"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "theme"
        assert client.get("/api/v1/services", {"territory": "mrc:999"}).status_code == 422
        assert client.get("/api/v1/services", {"organization": 999_999}).status_code == 422

    def test_the_list_has_a_fixed_number_of_queries(self, client, offered, django_assert_max_num_queries):
        for number in range(10):
            service_create(organization=offered["youth"], data=ServiceData(name=f"Atelier {number}"), acting_user=None)
        with django_assert_max_num_queries(8):
            assert client.get("/api/v1/services").status_code == 200

    def test_detail_and_404(self, client, offered):
        body = client.get(f"/api/v1/services/{offered['meals'].pk}").json()
        assert (body["name"], body["version"], body["status"]) == ("Repas communautaires", 1, "active")
        assert body["page"].endswith(f"#service-{offered['meals'].pk}")
        response = client.get("/api/v1/services/999999")
        assert response.status_code == 404
        assert response.json()["detail"] == "Aucun service ne porte le numéro 999999."


class TestWrites:
    def test_without_a_key_a_write_is_401(self, client, offered):
        body = {"organization": offered["youth"].pk, "name": "X"}
        assert client.post("/api/v1/services", body, "application/json").status_code == 401

    def test_create_and_update(self, admin_api, offered):
        response = admin_api.post(
            "/api/v1/services",
            {
                "organization": offered["food_bank"].pk,
                "name": "Cuisines collectives",
                "themes": ["agriculture-alimentation"],
                "service_areas": ["mrc:23"],
                "locations": [offered["place"].pk],
                "email": "cuisines@example.org",
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["service_areas"], body["locations"][0]["name"], body["version"]) == (["mrc:23"], "Entrepôt", 1)
        service = Service.objects.get(pk=body["id"])
        assert service.history.get().history_user == admin_api.user

        changed = admin_api.patch(f"/api/v1/services/{service.pk}", {"status": "inactive", "version": 1})
        assert changed.status_code == 200
        assert (changed.json()["status"], changed.json()["version"], changed.json()["themes"]) == (
            "inactive",
            2,
            ["agriculture-alimentation"],
        )
        stale = admin_api.patch(f"/api/v1/services/{service.pk}", {"name": "Autre", "version": 1})
        assert stale.status_code == 409
        assert Service.objects.get(pk=service.pk).name == "Cuisines collectives"

    def test_invalid_data_is_422_on_the_field(self, admin_api, offered):
        response = admin_api.post(
            "/api/v1/services",
            {"organization": offered["youth"].pk, "name": "Atelier", "locations": [offered["place"].pk]},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "locations"
        unknown = admin_api.post(
            "/api/v1/services", {"organization": offered["youth"].pk, "name": "Atelier", "service_areas": ["mrc:999"]}
        )
        assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "service_areas"
        empty = admin_api.post("/api/v1/services", {"organization": offered["youth"].pk, "name": "  "})
        assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "name"
        assert Service.objects.filter(name="Atelier").count() == 0

    def test_permissions(self, nobody_api, editor_api, offered):
        body = {"organization": offered["food_bank"].pk, "name": "Atelier"}
        assert nobody_api.post("/api/v1/services", body).status_code == 403
        meals = offered["meals"]
        assert nobody_api.patch(f"/api/v1/services/{meals.pk}", {"name": "X", "version": 1}).status_code == 403
        # The editor of the Capitale-Nationale edits the food bank that serves it, not the youth centre.
        assert editor_api.post("/api/v1/services", body).status_code == 201
        outside = {"organization": offered["youth"].pk, "name": "Atelier"}
        assert editor_api.post("/api/v1/services", outside).status_code == 403


class TestHsdsExport:
    def test_export_is_public_hsds_without_people(self, client, offered):
        PositionFactory.create(organization=offered["food_bank"])
        response = client.get("/api/v1/export/hsds")
        assert response.status_code == 200
        document = response.json()
        assert document["hsds_version"] == "3.0.1"
        for organization in document["organizations"]:
            services = organization.pop("services")
            assert list(validator("organization").iter_errors(organization)) == []
            assert all(not list(validator("service").iter_errors(s)) for s in services)
        assert "@example.org" not in response.content.decode()
