"""Organisations in the JSON API: list and search, one organisation, create and change."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from arrimage.access import policy
from arrimage.actors import selectors, services
from arrimage.actors.models import LegalForm, Organization, Sector
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key, required_key
from .common import (
    PARTIAL_DATE_DESCRIPTION,
    PARTIAL_DATE_PATTERN,
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    RecordNumber,
    caller,
    not_found,
    organization_from,
    paginate,
    parse_partial,
    partial_end,
    partial_start,
    refuse,
    territories_from,
    territory_filter,
)

router = Router(tags=["organisations"])

TerritoryId = Field(pattern=TERRITORY_ID_PATTERN)


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    other_names: list[str] = Field(description="Former names and usual short forms.")
    sector: Sector
    legal_form: LegalForm | None
    neq: str = Field(description="Québec enterprise number (NEQ), 10 digits, or empty.")
    website: str
    mission: str
    territories_served: list[str] = Field(description="Identifiers of the territories served (`mrc:31`…).")
    parent: int | None = Field(description="Number of the parent organisation.")
    start: str | None = Field(description=f"Founded. {PARTIAL_DATE_DESCRIPTION}")
    end: str | None = Field(description=f"Dissolved. {PARTIAL_DATE_DESCRIPTION}")
    version: int = Field(description="Send it back with a change: a change based on an older version is refused.")
    url: str = Field(description="The organisation's page.")

    @staticmethod
    def of(organization: Organization) -> dict[str, Any]:
        return {
            "id": organization.pk,
            "name": organization.name,
            "acronym": organization.acronym,
            "other_names": list(organization.other_names or []),
            "sector": organization.sector,
            "legal_form": organization.legal_form or None,
            "neq": organization.neq,
            "website": organization.website,
            "mission": organization.mission,
            "territories_served": [t.public_id for t in organization.territories_served.all()],
            "parent": organization.parent_id,
            "start": partial_start(organization),
            "end": partial_end(organization),
            "version": organization.version,
            "url": organization.get_absolute_url(),
        }


class OrganizationDetailOut(OrganizationOut):
    children: list[int] = Field(description="Numbers of the organisations that belong to this one.")


class OrganizationPage(PageOut):
    results: list[OrganizationOut]


class OrganizationFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the name, acronym or other names; accents ignored.")
    sector: Sector | None = Field(None, description="Only organisations of this sector.")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_ID_PATTERN,
        description="Only organisations serving this territory or a territory inside it (`region:03`).",
    )


class OrganizationFields(Schema):
    """The fields of an organisation a caller may send; a change sends only those it changes."""

    name: str | None = Field(None, min_length=1, max_length=250)
    sector: Sector | None = None
    acronym: str | None = Field(None, max_length=40)
    other_names: list[str] | None = Field(None, description="Former names and usual short forms.")
    legal_form: LegalForm | None = None
    neq: str | None = Field(None, max_length=12, description="Québec enterprise number (NEQ), 10 digits.")
    website: str | None = Field(None, max_length=200)
    mission: str | None = Field(None, max_length=5000)
    parent: RecordNumber | None = Field(None, description="Number of the parent organisation.")
    start: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=f"Founded. {PARTIAL_DATE_DESCRIPTION}")
    end: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=f"Dissolved. {PARTIAL_DATE_DESCRIPTION}")
    territories_served: list[str] | None = Field(None, description="Identifiers of the territories served.")


class OrganizationIn(OrganizationFields):
    name: str = Field(min_length=1, max_length=250)
    sector: Sector


class OrganizationPatch(OrganizationFields):
    version: int = Field(description="The `version` read before the change.")


def _organizations_out(rows: list[Organization]) -> list[dict[str, Any]]:
    return [OrganizationOut.of(organization) for organization in rows]


def _with_territories() -> Prefetch[Any]:
    return Prefetch("territories_served", queryset=Territory.objects.only("kind", "code").order_by("kind", "code"))


@router.get(
    "/organizations",
    response={200: OrganizationPage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="organization_list",
)
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:
    """Organisations by name, filtered by words of their name, sector and territory served; a territory
    includes everything inside it. A page past the end is empty."""
    queryset = selectors.organization_list(
        selectors.OrganizationFilters(
            query=filters.q, sector=filters.sector or "", territory=territory_filter(filters.territory)
        )
    ).prefetch_related(_with_territories())
    return paginate(request, queryset, filters, _organizations_out)


def _get(pk: int) -> Organization:
    try:
        return selectors.organization_get(pk)
    except Http404:
        raise not_found(_("No organisation has the number %(id)s.") % {"id": pk}) from None


def _detail(organization: Organization) -> dict[str, Any]:
    return {**OrganizationOut.of(organization), "children": [child.pk for child in organization.children.all()]}


@router.get(
    "/organizations/{int:pk}",
    response={200: OrganizationDetailOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="organization_detail",
)
def organization_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One organisation, by its number."""
    return _detail(_get(pk))


def _data(values: dict[str, Any], base: services.OrganizationData) -> services.OrganizationData:
    """The service's data: `base` with the values the caller sent, references looked up."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("acronym", "neq", "website", "mission", "legal_form", "name", "sector"):
            changes[name] = value or ""
        elif name == "other_names":
            changes[name] = list(value or [])
        elif name == "parent":
            changes[name] = organization_from(value, "parent")
        elif name in ("start", "end"):
            changes[name] = parse_partial(value, name)
        elif name == "territories_served":
            changes[name] = territories_from(value or [], name)
    return dataclasses.replace(base, **changes)


@router.post(
    "/organizations",
    response={201: OrganizationDetailOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="organization_create",
)
def organization_create(request: HttpRequest, payload: OrganizationIn) -> Status[dict[str, Any]]:
    """Create an organisation. Needs an administrator, a territorial editor or a coordinator."""
    user = caller(request)
    refuse(policy.can_create_organization(user))
    values = payload.model_dump(exclude_unset=True)
    data = _data(values, services.OrganizationData(name=payload.name, sector=payload.sector))
    organization = services.organization_create(data=data, acting_user=user)
    return Status(201, _detail(_get(organization.pk)))


@router.patch(
    "/organizations/{int:pk}",
    response={
        200: OrganizationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: InvalidOut,
        422: InvalidOut,
    },
    auth=required_key,
    url_name="organization_update",
)
def organization_update(request: HttpRequest, pk: int, payload: OrganizationPatch) -> dict[str, Any]:
    """Change an organisation: send only the fields that change, with the `version` you read. Needs the
    right to edit it (an administrator, or an editor of the territories it serves)."""
    user = caller(request)
    organization = _get(pk)
    refuse(policy.can_edit_organization(user, organization))
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    data = _data(values, services.organization_data(organization))
    services.organization_update(
        organization=organization, data=data, acting_user=user, expected_version=payload.version
    )
    return _detail(_get(pk))
