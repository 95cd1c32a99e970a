"""Reads of services: the services of an organisation, and the list with its filters."""

from __future__ import annotations

import pytest
from django.http import Http404

from arrimage.concertation.models import Theme
from arrimage.directory.selectors import ServiceFilters, organization_services, service_get, service_list
from arrimage.directory.services import LocationData, ServiceData, location_create, service_create
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def service(organization, name: str, *, areas=(), themes=(), **values):
    data = ServiceData(
        name=name,
        service_areas=[territory(p) for p in areas],
        themes=[Theme.objects.get(slug=s) for s in themes],
        **values,
    )
    return service_create(organization=organization, data=data, acting_user=None)


@pytest.fixture
def services():
    food_bank = OrganizationFactory.create(name="Moisson Québec")
    youth = OrganizationFactory.create(name="Maison des jeunes")
    return {
        "meals": service(
            food_bank, "Repas communautaires", areas=["municipality:23027"], themes=["agriculture-alimentation"]
        ),
        "baskets": service(food_bank, "Paniers de Noël", areas=["region:03"]),
        "drop_in": service(youth, "Local des jeunes", areas=["mrc:31"], themes=["culture"], status="inactive"),
    }


def names(queryset) -> list[str]:
    return [s.name for s in queryset]


def test_list_by_name_and_filters(services) -> None:
    assert names(service_list(ServiceFilters())) == ["Local des jeunes", "Paniers de Noël", "Repas communautaires"]
    assert names(service_list(ServiceFilters(query="repas COMMUN"))) == ["Repas communautaires"]
    assert names(service_list(ServiceFilters(query="noel"))) == ["Paniers de Noël"]
    culture = Theme.objects.get(slug="culture")
    assert names(service_list(ServiceFilters(theme=culture))) == ["Local des jeunes"]
    organization = services["meals"].organization
    assert names(service_list(ServiceFilters(organization=organization))) == ["Paniers de Noël", "Repas communautaires"]
    assert names(service_list(ServiceFilters(status="inactive"))) == ["Local des jeunes"]


def test_territory_includes_what_lies_inside_it(services) -> None:
    # The region holds the city of Québec: both services of the region come back, not the one of mrc:31.
    assert names(service_list(ServiceFilters(territory=territory("region:03")))) == [
        "Paniers de Noël",
        "Repas communautaires",
    ]
    assert names(service_list(ServiceFilters(territory=territory("mrc:23")))) == ["Repas communautaires"]
    assert len(service_list(ServiceFilters(territory=territory("province:24")))) == 3


def test_list_has_no_duplicates_and_a_fixed_number_of_queries(services, django_assert_max_num_queries) -> None:
    service(services["meals"].organization, "Cuisines collectives", areas=["mrc:23", "municipality:23027"])
    with django_assert_max_num_queries(8):  # the territory tree is walked one level per query
        rows = list(service_list(ServiceFilters(territory=territory("region:03"))))
        assert [r.organization.name for r in rows] == ["Moisson Québec"] * 3


def test_organization_services_and_get(services, django_assert_num_queries) -> None:
    organization = services["meals"].organization
    place = location_create(organization=organization, data=LocationData(name="Entrepôt"), acting_user=None)
    services["meals"].locations.add(place)
    with django_assert_num_queries(4):
        rows = organization_services(organization)
        assert [(s.name, [t.public_id for t in s.service_areas.all()], len(s.locations.all())) for s in rows] == [
            ("Paniers de Noël", ["region:03"], 0),
            ("Repas communautaires", ["municipality:23027"], 1),
        ]
    assert service_get(services["meals"].pk).organization == organization
    with pytest.raises(Http404):
        service_get(999_999)
