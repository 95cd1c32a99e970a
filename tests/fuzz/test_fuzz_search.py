"""The search selectors with any query: territories (`territory_search`, `territory_get`), organisations,
people, concertations and plans. They return results (or none) and never fail, on either database; a name
is found by its accented, capitalised or abbreviated variants."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.db import transaction
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from arrimage.actors.selectors import OrganizationFilters, organization_list, person_search
from arrimage.concertation.selectors import ConcertationFilters, concertation_list
from arrimage.territories.selectors import territory_get, territory_search

from .profiles import fuzz
from .strategies import nasty_text


@pytest.mark.django_db
@fuzz(1, deadline=None)
@given(nasty_text, st.sampled_from(["", "mrc", "municipality", "region"]))
def test_searches_never_fail(territories: Any, query: str, kind: str) -> None:
    with transaction.atomic():
        list(territory_search(query, kind=kind)[:5])
        list(organization_list(OrganizationFilters(query=query))[:5])
        list(person_search(query)[:5])
        list(concertation_list(ConcertationFilters(query=query))[:5])
        with contextlib.suppress(Http404):
            territory_get(query)


@pytest.mark.django_db
@fuzz(0.5, deadline=None)
@given(
    st.sampled_from(
        [
            ("Saint-Zacharie", ["saint zacharie", "ST-ZACHARIE", "St Zacharie", "Saint-Zachârie", "zach"]),
            ("Les Îles-de-la-Madeleine", ["iles de la madeleine", "LES ÎLES", "iles-de-la", "Iles de la Madeleine"]),
            ("Lévis", ["levis", "LÉVIS", "Lévis", "Levis"]),
        ]
    ).flatmap(lambda case: st.tuples(st.just(case[0]), st.sampled_from(case[1])))
)
def test_a_place_is_found_by_its_variants(territories: Any, case: tuple[str, str]) -> None:
    name, variant = case
    assert name in {territory.name for territory in territory_search(variant)[:50]}
