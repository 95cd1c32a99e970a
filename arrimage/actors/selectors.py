"""Reads of organisations, people and positions, in the domain's words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from arrimage.core.search import text_search
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import Consent, Organization, Person, Position

# Open rows (no end date) first on every database: PostgreSQL puts NULL last in an ascending order, SQLite first.
CURRENT_FIRST = F("end_date").asc(nulls_first=True)


def organization_get(pk: int) -> Organization:
    """One organisation with its parent, children and the territories it serves. Http404 when unknown."""
    organization = (
        Organization.objects.select_related("parent")
        .prefetch_related(
            Prefetch("territories_served", queryset=Territory.objects.without_geometry().order_by("kind", "name")),
            Prefetch("children", queryset=Organization.objects.order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )
    if organization is None:
        raise Http404(pk)
    return organization


def organization_positions(organization: Organization) -> list[Position]:
    """The organisation's positions, current first, with their people."""
    return list(
        Position.objects.filter(organization=organization)
        .select_related("person")
        .order_by(CURRENT_FIRST, "person__family_name", "pk")
    )


def person_get(pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404(pk)
    return person


def person_consents(person: Person) -> list[Consent]:
    """A person's consents, current first, then the latest given."""
    return list(
        Consent.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by(F("withdrawn_on").desc(nulls_first=True), "-given_on", "-pk")
    )


def person_positions(person: Person) -> list[Position]:
    return list(
        Position.objects.filter(person=person).select_related("organization").order_by(CURRENT_FIRST, "-start_date")
    )


@dataclass(frozen=True)
class OrganizationFilters:
    query: str = ""
    territory: Territory | None = None
    sector: str = ""


def organization_list(filters: OrganizationFilters) -> QuerySet[Organization]:
    """Organisations matching the filters, by name. `territory` includes everything inside it."""
    queryset = Organization.objects.all()
    if filters.query:
        queryset = queryset.matching(filters.query)
    if filters.territory is not None and filters.territory.kind != "province":
        queryset = queryset.filter(territories_served__in=territory_ids_within({filters.territory.pk}))
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    ids = queryset.values("pk")
    return (
        Organization.objects.filter(pk__in=ids)
        # A correlated count, computed for the rows of the page only, not a join grouped over every position.
        .annotate(position_count=_position_count())
        .order_by("name", "pk")
    )


def _position_count() -> Coalesce:
    positions = (
        Position.objects.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(positions, output_field=IntegerField()), 0)


def person_search(query: str) -> QuerySet[Person]:
    """People whose name matches; for editors choosing a holder, never for public pages."""
    return text_search(Person.objects.all(), query).order_by("family_name", "given_name")
