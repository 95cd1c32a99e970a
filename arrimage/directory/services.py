"""Writes to services and locations. Forms, the API, the admin and the imports all go through this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization
from arrimage.concertation.models import Theme
from arrimage.core.audit import audited_save
from arrimage.core.search import search_stems
from arrimage.core.services import apply, locked_for_update
from arrimage.core.text import search_key
from arrimage.territories.models import Territory

from .models import Location, Service, ServiceStatus


@dataclass
class ServiceData:
    """What a form, the API or an import gives to create or change a service."""

    name: str
    alternate_name: str = ""
    description: str = ""
    url: str = ""
    email: str = ""
    status: str = ServiceStatus.ACTIVE
    eligibility: str = ""
    target_population: str = ""
    themes: list[Theme] = field(default_factory=list)
    service_areas: list[Territory] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)


def service_values(data: ServiceData) -> dict[str, Any]:
    """The stored values of a service's plain fields, cleaned as the services store them (an import
    compares them with what is stored to leave unchanged services alone)."""
    name = " ".join(data.name.split())
    alternate_name = " ".join(data.alternate_name.split())
    return {
        "name": name,
        "alternate_name": alternate_name,
        "description": data.description.strip(),
        "url": data.url.strip(),
        "email": data.email.strip().lower(),
        "status": data.status,
        "eligibility": data.eligibility.strip(),
        "target_population": " ".join(data.target_population.split()),
        "search_key": search_key(f"{name} {alternate_name}"),
        "search_stems": search_stems(f"{name} {alternate_name}"),
    }


def _check_locations(organization_id: int, locations: list[Location]) -> None:
    """A service is offered at its own organisation's places only."""
    if any(location.organization_id != organization_id for location in locations):
        raise ValidationError({"locations": [_("A service is offered only at the places of its own organisation.")]})


def _set_relations(service: Service, data: ServiceData) -> None:
    service.themes.set(data.themes)
    service.service_areas.set(data.service_areas)
    service.locations.set(data.locations)


def service_create(*, organization: Organization, data: ServiceData, acting_user: Any) -> Service:
    """Create a service of `organization`, with its themes, service areas and locations."""
    service = Service(organization=organization)
    apply(service, service_values(data))
    with transaction.atomic():
        _check_locations(organization.pk, data.locations)
        audited_save(service, acting_user=acting_user, reason="create")
        _set_relations(service, data)
    return service


def service_update(
    *, service: Service, data: ServiceData, acting_user: Any, expected_version: int | None = None
) -> Service:
    """Change a service. Refused when `expected_version` is not the stored one (someone saved first).
    The organisation of a service does not change."""
    with transaction.atomic():
        fresh = locked_for_update(service, expected_version=expected_version)
        apply(fresh, service_values(data))
        _check_locations(fresh.organization_id, data.locations)
        audited_save(fresh, acting_user=acting_user, reason="update")
        _set_relations(fresh, data)
    return fresh


@dataclass
class LocationData:
    """A public place where an organisation offers services: never a person's address."""

    name: str
    address: str = ""
    city: str = ""
    postal_code: str = ""
    territory: Territory | None = None
    latitude: float | None = None
    longitude: float | None = None


def location_values(data: LocationData) -> dict[str, Any]:
    """The stored values of a place, cleaned as the services store them."""
    postal_code = "".join(data.postal_code.split()).upper()
    if len(postal_code) == 6:
        postal_code = f"{postal_code[:3]} {postal_code[3:]}"  # Canadian form: « G1R 4S9 »
    return {
        "name": " ".join(data.name.split()),
        "address": " ".join(data.address.split()),
        "city": " ".join(data.city.split()),
        "postal_code": postal_code,
        "territory": data.territory,
        "latitude": data.latitude,
        "longitude": data.longitude,
    }


def location_create(*, organization: Organization, data: LocationData, acting_user: Any) -> Location:
    """Add a place of `organization`."""
    location = Location(organization=organization)
    apply(location, location_values(data))
    with transaction.atomic():
        audited_save(location, acting_user=acting_user, reason="create")
    return location


def location_update(*, location: Location, data: LocationData, acting_user: Any) -> Location:
    """Change a place; its organisation does not change."""
    with transaction.atomic():
        fresh = Location.objects.select_for_update().get(pk=location.pk)
        apply(fresh, location_values(data))
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh
