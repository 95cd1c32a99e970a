"""Services in the JSON API: list and search, one service, create and change."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from arrimage.access import policy
from arrimage.directory import selectors, services
from arrimage.directory.models import Location, Service, ServiceStatus

from .auth import OPTIONAL_SECURITY, optional_key, required_key
from .common import (
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageParams,
    caller,
    not_found,
    organization_from,
    paginate,
    refuse,
    territories_from,
    territory_filter,
    themes_from,
)

router = Router(tags=["services"])


class LocationOut(Schema):
    id: int
    name: str
    address: str
    city: str
    postal_code: str
    territory: str | None = Field(description="Identifier of the municipality (`municipality:23027`).")
    latitude: float | None
    longitude: float | None


class ServiceOut(Schema):
    id: int
    organization: int = Field(description="Number of the organisation that offers the service.")
    organization_name: str
    name: str
    alternate_name: str
    description: str
    url: str
    email: str = Field(description="The service's own public address, never a person's.")
    status: ServiceStatus
    eligibility: str
    target_population: str
    themes: list[str] = Field(description="Identifiers of the themes (`culture`…).")
    service_areas: list[str] = Field(description="Identifiers of the territories served (`mrc:31`…).")
    locations: list[LocationOut]
    version: int = Field(description="Send it back with a change: a change based on an older version is refused.")
    page: str = Field(description="The service on its organisation's page.")

    @staticmethod
    def of(service: Service) -> dict[str, Any]:
        return {
            "id": service.pk,
            "organization": service.organization_id,
            "organization_name": service.organization.name,
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "eligibility": service.eligibility,
            "target_population": service.target_population,
            "themes": [theme.slug for theme in service.themes.all()],
            "service_areas": [territory.public_id for territory in service.service_areas.all()],
            "locations": [_location(location) for location in service.locations.all()],
            "version": service.version,
            "page": service.get_absolute_url(),
        }


def _location(location: Location) -> dict[str, Any]:
    return {
        "id": location.pk,
        "name": location.name,
        "address": location.address,
        "city": location.city,
        "postal_code": location.postal_code,
        "territory": location.territory.public_id if location.territory else None,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


class ServicePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None
    results: list[ServiceOut]


class ServiceFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the name or other name; accents ignored.")
    theme: str | None = Field(None, max_length=60, description="Only services of this theme (`culture`).")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_ID_PATTERN,
        description="Only services offered in this territory or a territory inside it (`region:03`).",
    )
    organization: int | None = Field(None, description="Only the services of this organisation.")
    status: ServiceStatus | None = Field(None, description="Only services of this status.")


class ServiceFields(Schema):
    """The fields of a service a caller may send; a change sends only those it changes."""

    name: str | None = Field(None, max_length=250)
    alternate_name: str | None = Field(None, max_length=250)
    description: str | None = Field(None, max_length=5000)
    url: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254, description="A public address of the service, never a person's.")
    status: ServiceStatus | None = None
    eligibility: str | None = Field(None, max_length=5000)
    target_population: str | None = Field(None, max_length=250)
    themes: list[str] | None = Field(None, description="Identifiers of the themes.")
    service_areas: list[str] | None = Field(None, description="Identifiers of the territories served.")
    locations: list[int] | None = Field(None, description="Numbers of places of the same organisation.")


class ServiceIn(ServiceFields):
    organization: int = Field(description="Number of the organisation that offers the service.")
    name: str = Field(max_length=250)


class ServicePatch(ServiceFields):
    version: int = Field(description="The `version` read before the change.")


def _services_out(rows: list[Service]) -> list[dict[str, Any]]:
    return [ServiceOut.of(service) for service in rows]


@router.get(
    "/services",
    response={200: ServicePage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="service_list",
)
def service_list(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    """Services by name, filtered by words of their name, theme, territory served (a territory includes
    everything inside it), organisation and status. A page past the end is empty."""
    theme = themes_from([filters.theme], "theme")[0] if filters.theme else None
    organization = organization_from(filters.organization, "organization")
    queryset = selectors.service_list(
        selectors.ServiceFilters(
            query=filters.q,
            theme=theme,
            territory=territory_filter(filters.territory),
            organization=organization,
            status=filters.status or "",
        )
    ).prefetch_related(*selectors.service_relations())
    return paginate(request, queryset, filters, _services_out)


def _get(pk: int) -> Service:
    try:
        return selectors.service_get(pk)
    except Http404:
        raise not_found(_("No service has the number %(id)s.") % {"id": pk}) from None


@router.get(
    "/services/{int:pk}",
    response={200: ServiceOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="service_detail",
)
def service_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One service, by its number."""
    return ServiceOut.of(_get(pk))


def _locations_from(pks: list[int]) -> list[Location]:
    """The places named; the service checks that they belong to the service's organisation."""
    wanted = list(dict.fromkeys(pks))
    found = {location.pk: location for location in Location.objects.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({"locations": _("No place has the number %(id)s.") % {"id": missing[0]}})
    return [found[pk] for pk in wanted]


def _data(values: dict[str, Any], base: services.ServiceData) -> services.ServiceData:
    """The service's data: `base` with the values the caller sent, references looked up."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("name", "alternate_name", "description", "url", "email", "eligibility", "target_population"):
            changes[name] = value or ""
        elif name == "status":
            changes[name] = value or ServiceStatus.ACTIVE
        elif name == "themes":
            changes[name] = themes_from(value or [], name)
        elif name == "service_areas":
            changes[name] = territories_from(value or [], name)
        elif name == "locations":
            changes[name] = _locations_from(value or [])
    return dataclasses.replace(base, **changes)


def _current_data(service: Service) -> services.ServiceData:
    return services.ServiceData(
        name=service.name,
        alternate_name=service.alternate_name,
        description=service.description,
        url=service.url,
        email=service.email,
        status=service.status,
        eligibility=service.eligibility,
        target_population=service.target_population,
        themes=list(service.themes.all()),
        service_areas=list(service.service_areas.all()),
        locations=list(service.locations.all()),
    )


@router.post(
    "/services",
    response={201: ServiceOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="service_create",
)
def service_create(request: HttpRequest, payload: ServiceIn) -> Status[dict[str, Any]]:
    """Create a service of an organisation. Needs the right to edit that organisation."""
    user = caller(request)
    organization = organization_from(payload.organization, "organization")
    assert organization is not None
    refuse(policy.can_create_service(user, organization))
    values = payload.model_dump(exclude_unset=True, exclude={"organization"})
    data = _data(values, services.ServiceData(name=payload.name))
    service = services.service_create(organization=organization, data=data, acting_user=user)
    return Status(201, ServiceOut.of(_get(service.pk)))


@router.patch(
    "/services/{int:pk}",
    response={200: ServiceOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: InvalidOut, 422: InvalidOut},
    auth=required_key,
    url_name="service_update",
)
def service_update(request: HttpRequest, pk: int, payload: ServicePatch) -> dict[str, Any]:
    """Change a service: send only the fields that change, with the `version` you read. Needs the right to
    edit its organisation."""
    user = caller(request)
    service = _get(pk)
    refuse(policy.can_edit_service(user, service))
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    data = _data(values, _current_data(service))
    services.service_update(service=service, data=data, acting_user=user, expected_version=payload.version)
    return ServiceOut.of(_get(pk))
