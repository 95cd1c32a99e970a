"""Reads of services and locations, in the domain's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from arrimage.actors.models import Organization
from arrimage.concertation.models import Theme
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import Location, Service


def _locations() -> QuerySet[Location]:
    return Location.objects.select_related("territory").defer("territory__boundary")


def service_relations() -> list[Any]:
    """What showing a service needs: its themes, service areas and locations, one query each."""
    return [
        Prefetch("themes", queryset=Theme.objects.order_by("name_fr")),
        Prefetch(
            "service_areas",
            queryset=Territory.objects.without_geometry().only("kind", "code", "name").order_by("kind", "code"),
        ),
        Prefetch("locations", queryset=_locations().order_by("name", "pk")),
    ]


def organization_services(organization: Organization) -> list[Service]:
    """The services of an organisation, by name, with everything a page shows of them."""
    return list(
        Service.objects.filter(organization=organization).prefetch_related(*service_relations()).order_by("name", "pk")
    )


def organization_locations(organization: Organization) -> list[Location]:
    return list(_locations().filter(organization=organization).order_by("name", "pk"))


def service_get(pk: int) -> Service:
    """One service with its organisation, themes, service areas and locations. Http404 when unknown."""
    service = (
        Service.objects.select_related("organization").prefetch_related(*service_relations()).filter(pk=pk).first()
    )
    if service is None:
        raise Http404(pk)
    return service


def location_get(pk: int) -> Location:
    location = _locations().select_related("organization").filter(pk=pk).first()
    if location is None:
        raise Http404(pk)
    return location


@dataclass(frozen=True)
class ServiceFilters:
    query: str = ""
    theme: Theme | None = None
    territory: Territory | None = None
    organization: Organization | None = None
    status: str = ""


def service_list(filters: ServiceFilters) -> QuerySet[Service]:
    """Services matching the filters, by name. `territory` keeps the services whose service area is that
    territory or a territory inside it; the province keeps every service."""
    queryset = Service.objects.all()
    if filters.query:
        queryset = queryset.matching(filters.query)
    if filters.theme is not None:
        queryset = queryset.filter(themes=filters.theme)
    if filters.territory is not None and filters.territory.kind != "province":
        queryset = queryset.filter(service_areas__in=territory_ids_within({filters.territory.pk}))
    if filters.organization is not None:
        queryset = queryset.filter(organization=filters.organization)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    ids = queryset.values("pk")
    return Service.objects.filter(pk__in=ids).select_related("organization").order_by("name", "pk")


def services_for_export(organization_ids: list[int] | None = None) -> QuerySet[Organization]:
    """Organisations that offer at least one service (or those asked for), each with its services and
    locations loaded: what an HSDS export needs, in a fixed number of queries."""
    organizations = Organization.objects.all()
    if organization_ids is not None:
        organizations = organizations.filter(pk__in=organization_ids)
    else:
        organizations = organizations.filter(pk__in=Service.objects.values("organization_id"))
    return organizations.order_by("pk").prefetch_related(
        Prefetch("services", queryset=Service.objects.prefetch_related(*service_relations()).order_by("pk")),
        Prefetch("locations", queryset=_locations().order_by("pk")),
    )
