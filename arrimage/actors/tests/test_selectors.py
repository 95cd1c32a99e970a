"""Reads of organisations, people and positions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from arrimage.actors.models import Organization, Person, Position
from arrimage.actors.selectors import (
    OrganizationFilters,
    organization_get,
    organization_list,
    organization_positions,
    person_get,
    person_positions,
    person_search,
)
from arrimage.core.text import search_key
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def organization(name: str, *, serves: list[str] = (), acronym: str = "", **values: Any) -> Organization:  # type: ignore[assignment]
    org = Organization.objects.create(
        name=name,
        acronym=acronym,
        sector=values.pop("sector", "community"),
        search_key=search_key(f"{name} {acronym}"),
        **values,
    )
    org.territories_served.set([territory(public_id) for public_id in serves])
    return org


def person(given: str, family: str) -> Person:
    return Person.objects.create(given_name=given, family_name=family, search_key=search_key(f"{given} {family}"))


class TestOrganizationList:
    def names(self, **filters: Any) -> list[str]:
        return [org.name for org in organization_list(OrganizationFilters(**filters))]

    def test_territory_includes_what_lies_inside_it(self):
        organization("CDC de Beauport", serves=["borough:REQ05"])
        organization("Maison de la famille des Etchemins", serves=["mrc:28"])
        organization("Sans territoire")
        assert self.names(territory=territory("region:03")) == ["CDC de Beauport"]
        assert self.names(territory=territory("region:12")) == ["Maison de la famille des Etchemins"]
        assert self.names(territory=territory("province:24")) == [
            "CDC de Beauport",
            "Maison de la famille des Etchemins",
            "Sans territoire",
        ]

    def test_query_and_sector(self):
        organization("Société de développement économique", acronym="SDÉ", sector="economic")
        organization("Centre d'action bénévole")
        assert self.names(query="developpement") == ["Société de développement économique"]
        assert self.names(query="sde") == ["Société de développement économique"]
        assert self.names(query="BENEVOLE") == ["Centre d'action bénévole"]
        assert self.names(sector="economic") == ["Société de développement économique"]

    def test_counts_positions_once_per_position(self):
        org = organization("Organisme", serves=["borough:REQ05", "municipality:23027"])
        for number in range(3):
            Position.objects.create(person=person("Alex", f"Gagnon {number}"), organization=org)
        (found,) = organization_list(OrganizationFilters(territory=territory("region:03")))
        assert found.position_count == 3  # type: ignore[attr-defined]

    @pytest.mark.parametrize("count", [2, 15])
    def test_one_query(self, count, django_assert_num_queries):
        for number in range(count):
            organization(f"Organisme {number}", serves=["borough:REQ05"])
        with django_assert_num_queries(1):
            assert len(list(organization_list(OrganizationFilters(query="organisme")))) == count


class TestGetAndPositions:
    def test_organization_get_in_three_queries(self, django_assert_num_queries):
        parent = organization("Parent")
        org = organization("Enfant", serves=["borough:REQ05", "region:03"], parent=parent)
        organization("Petit-enfant B", parent=org)
        organization("Petit-enfant A", parent=org)
        with django_assert_num_queries(3):
            found = organization_get(org.pk)
            assert found.parent == parent
            assert [t.public_id for t in found.territories_served.all()] == ["borough:REQ05", "region:03"]
            assert [child.name for child in found.children.all()] == ["Petit-enfant A", "Petit-enfant B"]

    def test_unknown_ids_are_404(self):
        with pytest.raises(Http404):
            organization_get(999_999)
        with pytest.raises(Http404):
            person_get(999_999)

    def test_positions_current_first(self):
        org = organization("Organisme")
        someone = person("Alex", "Gagnon")
        old = Position.objects.create(
            person=someone, organization=org, start_date=dt.date(2010, 1, 1), end_date=dt.date(2015, 1, 1)
        )
        current = Position.objects.create(person=someone, organization=org, start_date=dt.date(2016, 1, 1))
        assert organization_positions(org)[0] == current
        assert person_positions(someone)[-1] == old
        assert {p.pk for p in person_positions(someone)} == {old.pk, current.pk}


class TestPersonSearch:
    @pytest.mark.parametrize("query", ["levesque", "Lévesque", "marie eve", "MARIE-ÈVE LÉV"])
    def test_accents_and_case_do_not_matter(self, query):
        found = person("Marie-Ève", "Lévesque")
        person("Jean", "Tremblay")
        assert list(person_search(query)) == [found]
