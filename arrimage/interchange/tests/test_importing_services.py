"""Imports of services from a table: columns, matching by organisation and name, places, undo, refusals."""

import re

import pytest
from django.core.exceptions import ValidationError

from arrimage.access.models import RoleKind
from arrimage.actors.models import Organization
from arrimage.directory.models import Location, Service, ServiceStatus
from arrimage.directory.services import ServiceData, service_create
from arrimage.interchange.columns import suggest_mapping
from arrimage.interchange.models import ImportChange, ImportStatus
from arrimage.interchange.services import import_commit, import_preview, import_undo
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, OrganizationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = (
    "Organisme;Nom du service;Description;Site web;Courriel;Statut;Admissibilité;Clientèle visée;Thèmes;"
    "Territoires desservis;Adresse;Ville;Code postal"
)
SERVICES = (
    f"{HEADERS}\r\n"
    "Cuisine collective de Beauport;Cuisines collectives;Cuisiner ensemble;www.cuisine.example;"
    "Info@Cuisine.example;Actif;Tout le monde;Familles;Sécurité alimentaire;Québec;"
    "12, rue des Pins;Québec;g1e 3a1\r\n"
    "Cuisine collective de Beauport;Cuisines collectives;;;;;;;;;45, avenue Royale;Québec;G1E 2K2\r\n"
    "Cuisine collective de Beauport;Dépannage alimentaire;Paniers;;;Fermé temporairement;;;;;"
    "12, rue des Pins;Québec;G1E 3A1\r\n"
)


def preview(data: str, user=None, **kwargs):
    return import_preview(data=data.encode("cp1252"), filename="services.csv", kind="services", user=user, **kwargs)


def test_columns_are_suggested_in_french():
    mapping = suggest_mapping(HEADERS.split(";"), "services")
    assert mapping["Organisme"] == "organization"
    assert mapping["Nom du service"] == "name"
    assert mapping["Territoires desservis"] == "service_areas"
    assert mapping["Clientèle visée"] == "target_population"
    assert mapping["Code postal"] == "postal_code"


def test_services_created_with_their_places_then_recognised_then_undone():
    result = preview(SERVICES)
    assert result.can_commit, result.errors
    assert [row.action for row in result.rows] == ["create", "create", "create"]  # the second row creates a place
    assert any("ligne 2" in reason or "line 2" in reason for reason in result.rows[1].reasons)

    run = import_commit(run=result.run, data=SERVICES.encode("cp1252"), acting_user=None)
    organization = Organization.objects.get(name="Cuisine collective de Beauport")
    kitchens = Service.objects.get(organization=organization, name="Cuisines collectives")
    assert kitchens.url == "https://www.cuisine.example"
    assert kitchens.email == "info@cuisine.example"
    assert kitchens.status == ServiceStatus.ACTIVE
    assert kitchens.target_population == "Familles"
    assert [theme.slug for theme in kitchens.themes.all()] == ["securite-alimentaire"]
    assert [territory.public_id for territory in kitchens.service_areas.all()] == ["municipality:23027"]
    assert sorted(location.name for location in kitchens.locations.all()) == ["12, rue des Pins", "45, avenue Royale"]
    pins = Location.objects.get(name="12, rue des Pins")
    assert pins.postal_code == "G1E 3A1"
    assert pins.territory is not None and pins.territory.public_id == "municipality:23027"
    help_service = Service.objects.get(name="Dépannage alimentaire")
    assert help_service.status == ServiceStatus.TEMPORARILY_CLOSED
    assert list(help_service.locations.all()) == [pins]  # the same place, not a second one
    assert Location.objects.filter(organization=organization).count() == 2

    again = preview(SERVICES)
    assert [row.action for row in again.rows] == ["link", "link", "link"]
    assert any("already" in reason or "déjà" in reason for reason in again.rows[0].reasons)

    import_undo(run=run, acting_user=None)
    assert not Service.objects.filter(organization__name="Cuisine collective de Beauport").exists()
    assert not Organization.objects.filter(name="Cuisine collective de Beauport").exists()
    assert not Location.objects.filter(name="12, rue des Pins").exists()


def test_known_service_is_completed_never_overwritten_and_undo_restores_it():
    organization = OrganizationFactory.create(name="Cuisine collective de Beauport")
    service = service_create(
        organization=organization,
        data=ServiceData(name="Cuisines collectives", description="Déjà décrite"),
        acting_user=None,
    )
    first_row = HEADERS + "\r\n" + SERVICES.split("\r\n")[1] + "\r\n"
    result = preview(first_row)
    assert [row.action for row in result.rows] == ["create"]  # its place is new; the service is completed
    assert [type(op).__name__ for op in result.rows[0].ops] == ["CreateLocation", "UpdateService"]
    run = import_commit(run=result.run, data=first_row.encode("cp1252"), acting_user=None)
    service.refresh_from_db()
    assert service.description == "Déjà décrite"
    assert service.email == "info@cuisine.example"
    assert service.locations.count() == 1
    assert service.themes.count() == 1

    import_undo(run=run, acting_user=None)
    service.refresh_from_db()
    assert service.email == ""
    assert service.locations.count() == 0
    assert service.themes.count() == 0
    assert not Location.objects.filter(organization=organization).exists()


def test_errors_name_line_and_column_and_nothing_is_written():
    data = f"{HEADERS}\r\nCuisine collective;;;pas une adresse;;Peut-être;;;Thème inconnu;Nulle-Part-sur-Mer;;;ABC\r\n"
    before = Service.objects.count(), Organization.objects.count()
    result = preview(data)
    assert not result.can_commit
    errors = " ".join(result.errors)
    assert re.search(r"(Line|Ligne) 2", errors)
    assert "« Nom du service »" in errors
    assert "« Statut »" in errors
    assert "« Thèmes »" in errors
    assert "« Code postal »" in errors
    assert "« Territoires desservis »" in errors
    with pytest.raises(ValidationError):
        import_commit(run=result.run, data=data.encode("cp1252"), acting_user=None)
    assert (Service.objects.count(), Organization.objects.count()) == before
    assert not ImportChange.objects.exists()


def test_a_coordinator_may_not_add_services_to_any_organisation():
    OrganizationFactory.create(name="Cuisine collective de Beauport")
    territory = Territory.objects.get(kind="municipality", code="23027")
    organization = Organization.objects.get(name="Cuisine collective de Beauport")
    organization.territories_served.set([territory])
    grant = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=ConcertationFactory.create())
    result = preview(HEADERS + "\r\nCuisine collective de Beauport;Cuisines collectives\r\n", user=grant.user)
    assert not result.can_commit
    assert "Cuisine collective de Beauport" in " ".join(result.errors)

    admin = UserFactory.create(is_superuser=True)
    allowed = preview(HEADERS + "\r\nCuisine collective de Beauport;Cuisines collectives\r\n", user=admin)
    assert allowed.can_commit, allowed.errors
    run = import_commit(
        run=allowed.run,
        data=(HEADERS + "\r\nCuisine collective de Beauport;Cuisines collectives\r\n").encode("cp1252"),
        acting_user=admin,
    )
    assert run.status == ImportStatus.COMMITTED
    assert run.user == admin
