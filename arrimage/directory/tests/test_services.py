"""Writes to services and locations: validation, history, locking, places of the same organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arrimage.concertation.models import Theme
from arrimage.directory.models import Location, Service
from arrimage.directory.services import (
    LocationData,
    ServiceData,
    location_create,
    location_update,
    service_create,
    service_update,
)
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def a_service(organization, **values) -> Service:
    data = ServiceData(**{"name": "Dépannage alimentaire"} | values)
    return service_create(organization=organization, data=data, acting_user=UserFactory.create())


def test_create_cleans_and_sets_relations() -> None:
    organization = OrganizationFactory.create()
    user = UserFactory.create()
    place = location_create(
        organization=organization,
        data=LocationData(name="  Local   principal ", postal_code="g1r4s9", territory=territory("municipality:23027")),
        acting_user=user,
    )
    theme = Theme.objects.get(slug="agriculture-alimentation")
    service = service_create(
        organization=organization,
        data=ServiceData(
            name="  Dépannage   alimentaire ",
            email=" Depannage@Example.org ",
            themes=[theme],
            service_areas=[territory("mrc:23")],
            locations=[place],
        ),
        acting_user=user,
    )
    service.refresh_from_db()
    assert service.name == "Dépannage alimentaire"
    assert service.email == "depannage@example.org"
    assert service.search_key == " depannage alimentaire "
    assert list(service.themes.all()) == [theme]
    assert [t.public_id for t in service.service_areas.all()] == ["mrc:23"]
    assert list(service.locations.all()) == [place]
    assert place.name == "Local principal"
    assert place.postal_code == "G1R 4S9"
    record = service.history.first()
    assert record.history_user == user and record.history_change_reason == "create"


def test_name_is_required() -> None:
    with pytest.raises(ValidationError) as error:
        a_service(OrganizationFactory.create(), name="   ")
    assert "name" in error.value.message_dict


def test_bad_status_and_email_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        a_service(OrganizationFactory.create(), status="closed forever", email="pas une adresse")
    assert {"status", "email"} <= set(error.value.message_dict)


def test_a_service_is_offered_at_its_own_organisation_places_only() -> None:
    other_place = location_create(
        organization=OrganizationFactory.create(), data=LocationData(name="Ailleurs"), acting_user=None
    )
    with pytest.raises(ValidationError) as error:
        a_service(OrganizationFactory.create(), locations=[other_place])
    assert error.value.message_dict["locations"] == ["A service is offered only at the places of its own organisation."]
    assert not Service.objects.exists()


def test_update_changes_and_counts_versions() -> None:
    service = a_service(OrganizationFactory.create())
    updated = service_update(
        service=service,
        data=ServiceData(name="Comptoir alimentaire", status="inactive", service_areas=[territory("region:03")]),
        acting_user=UserFactory.create(),
        expected_version=1,
    )
    assert updated.version == 2
    service.refresh_from_db()
    assert service.name == "Comptoir alimentaire" and service.status == "inactive"
    assert service.history.count() == 2


def test_a_stale_update_is_refused() -> None:
    service = a_service(OrganizationFactory.create())
    service_update(service=service, data=ServiceData(name="Premier"), acting_user=None, expected_version=1)
    with pytest.raises(ValidationError) as error:
        service_update(service=service, data=ServiceData(name="Second"), acting_user=None, expected_version=1)
    assert error.value.code == "stale"
    service.refresh_from_db()
    assert service.name == "Premier"


def test_location_update_and_coordinates_range() -> None:
    place = location_create(
        organization=OrganizationFactory.create(), data=LocationData(name="Local"), acting_user=None
    )
    location_update(location=place, data=LocationData(name="Local", latitude=46.8, longitude=-71.2), acting_user=None)
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (46.8, -71.2)
    with pytest.raises(ValidationError):
        location_update(location=place, data=LocationData(name="Local", latitude=120), acting_user=None)
    assert Location.objects.get().latitude == 46.8


def test_the_admin_writes_through_the_services(client) -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    client.force_login(admin)
    organization = OrganizationFactory.create()
    response = client.post(
        "/admin/directory/service/add/",
        {
            "organization": organization.pk,
            "name": "  Halte-garderie  ",
            "status": "active",
            "service_areas": [territory("mrc:31").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get()
    assert (service.name, service.search_key) == ("Halte-garderie", " halte garderie ")
    assert [t.public_id for t in service.service_areas.all()] == ["mrc:31"]
    assert service.history.get().history_user == admin
