"""Services on the organisation page, and their edit pages: permission, one service call per save,
errors on the right field, locking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from arrimage.access.models import RoleKind
from arrimage.concertation.models import Theme
from arrimage.directory.models import Service
from arrimage.directory.services import LocationData, ServiceData, location_create, service_create
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PositionFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def etchemins() -> Territory:
    return Territory.objects.get(kind="mrc", name="Les Etchemins")


@pytest.fixture
def organization(etchemins: Territory) -> Any:
    organization = OrganizationFactory.create(name="Centre d'action bénévole des Etchemins")
    organization.territories_served.set([etchemins])
    return organization


@pytest.fixture
def editor(etchemins: Territory) -> Any:
    return RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=etchemins).user


@pytest.fixture
def offered(organization: Any, etchemins: Territory) -> Service:
    place = location_create(
        organization=organization,
        data=LocationData(name="Bureau principal", address="1, rue Principale", city="Lac-Etchemin"),
        acting_user=None,
    )
    return service_create(
        organization=organization,
        data=ServiceData(
            name="Popote roulante",
            description="Repas livrés aux aînés.",
            email="popote@example.org",
            themes=[Theme.objects.get(slug="aines-mada")],
            service_areas=[etchemins],
            locations=[place],
        ),
        acting_user=None,
    )


def service_data(**values: Any) -> dict[str, Any]:
    return {"name": "Transport bénévole", "status": "active", "service_areas": "mrc:28"} | values


def test_the_organisation_page_shows_its_services_to_everyone(client: Any, offered: Service) -> None:
    PositionFactory.create(organization=offered.organization)
    page = client.get(offered.organization.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="service-{offered.pk}"' in html
    assert "Popote roulante" in html and "Repas livrés aux aînés." in html
    assert "Bureau principal" in html and "popote@example.org" in html
    assert "Les Etchemins" in html
    assert reverse("registry:service_create", args=[offered.organization_id]) not in html
    assert reverse("registry:service_edit", args=[offered.pk]) not in html


def test_the_organisation_page_queries_do_not_grow_with_services(
    client: Any, offered: Service, django_assert_max_num_queries: Any
) -> None:
    url = offered.organization.get_absolute_url()
    client.get(url)
    cache.clear()  # the page is cached: its computation is measured
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    for number in range(5):
        service_create(
            organization=offered.organization,
            data=ServiceData(name=f"Atelier {number}", service_areas=[territory("mrc:28")]),
            acting_user=None,
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_an_editor_adds_and_edits_a_service(client: Any, editor: Any, offered: Service, etchemins: Territory) -> None:
    client.force_login(editor)
    organization = offered.organization
    page = client.get(organization.get_absolute_url()).content.decode()
    assert reverse("registry:service_create", args=[organization.pk]) in page
    create_url = reverse("registry:service_create", args=[organization.pk])
    assert client.get(create_url).status_code == 200
    place = offered.locations.get()
    theme = Theme.objects.get(slug="aines-mada")
    response = client.post(create_url, service_data(themes=[theme.pk], locations=[place.pk]))
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Transport bénévole")
    assert response["Location"] == service.get_absolute_url()
    assert [t.public_id for t in service.service_areas.all()] == [etchemins.public_id]
    assert list(service.locations.all()) == [place] and list(service.themes.all()) == [theme]
    assert service.history.get().history_user == editor

    edit_url = reverse("registry:service_edit", args=[service.pk])
    assert "Transport bénévole" in client.get(edit_url).content.decode()
    data = service_data(name="Transport solidaire", status="inactive", version=1)
    assert client.post(edit_url, data).status_code == 302
    service.refresh_from_db()
    assert (service.name, service.status, service.version) == ("Transport solidaire", "inactive", 2)
    stale = client.post(edit_url, {**data, "name": "Écrasé"})
    assert stale.status_code == 422
    service.refresh_from_db()
    assert service.name == "Transport solidaire"


def test_bad_input_is_refused_on_the_fields(client: Any, editor: Any, organization: Any) -> None:
    client.force_login(editor)
    url = reverse("registry:service_create", args=[organization.pk])
    response = client.post(url, service_data(name="", email="pas-une-adresse", service_areas="Nulle-Part-sur-Mer"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"name", "email", "service_areas"} <= set(errors)
    assert not Service.objects.exists()


def test_people_without_the_right_cannot_add_or_edit(client: Any, offered: Service) -> None:
    create_url = reverse("registry:service_create", args=[offered.organization_id])
    edit_url = reverse("registry:service_edit", args=[offered.pk])
    assert client.get(create_url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory.create())
    assert client.post(create_url, service_data()).status_code == 403
    assert client.post(edit_url, service_data(version=1)).status_code == 403
    outsider = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=territory("mrc:31")).user
    client.force_login(outsider)
    assert client.post(create_url, service_data()).status_code == 403
    assert Service.objects.count() == 1
