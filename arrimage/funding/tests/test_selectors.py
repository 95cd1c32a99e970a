"""Reads of programmes: filters, matches loaded in a number of queries that does not grow with the data,
and private concertations kept from those who may not see them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.access.models import RoleKind
from arrimage.funding import selectors, services
from arrimage.funding.models import Programme
from arrimage.funding.selectors import ProgrammeFilters
from tests.factories import RoleGrantFactory, UserFactory, theme

from .makers import TODAY, a_demarche, a_programme, mrc, region

pytestmark = pytest.mark.django_db


def queries(function, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    return len(captured)


def test_programme_matches_finds_fitting_demarches_and_actions_with_their_reasons():
    programme = selectors.programme_get(a_programme().pk)
    a_demarche("Démarche adoptée")
    a_demarche("Démarche sans plan adopté", adopted=False)
    a_demarche("Démarche ailleurs", territory=mrc("66"))  # Montréal: outside the région
    found = selectors.programme_matches(programme, AnonymousUser(), on=TODAY)
    names = [m.candidate.name for m in found.concertations]
    assert names == ["Démarche adoptée", "Démarche sans plan adopté"]
    assert found.concertations[0].fits and not found.concertations[1].fits
    assert [m.candidate.name for m in found.actions] == [
        "Action de Démarche adoptée",
        "Action de Démarche sans plan adopté",
    ]
    assert found.actions[0].candidate.extra["plan_id"]


def test_private_concertations_are_matched_only_for_who_may_see_them():
    programme = selectors.programme_get(a_programme().pk)
    hidden = a_demarche("Démarche privée", public=False)
    assert not selectors.programme_matches(programme, AnonymousUser(), on=TODAY).concertations
    assert not selectors.programme_matches(programme, AnonymousUser(), on=TODAY).actions
    editor = UserFactory.create()
    RoleGrantFactory.create(user=editor, role=RoleKind.TERRITORIAL_EDITOR, territory=region("12"))
    seen = selectors.programme_matches(programme, editor, on=TODAY)
    assert [m.candidate.id for m in seen.concertations] == [hidden.pk]


def test_matches_for_a_concertation_lists_the_programmes_that_fit():
    demarche = a_demarche("Démarche adoptée")
    a_programme(name="Qui convient")
    a_programme(name="Ailleurs", territories=[region("06")])
    a_programme(name="Fermé", status="closed")
    found = selectors.matches_for_concertation(demarche, on=TODAY)
    assert [m.programme.name for m in found] == ["Qui convient"]
    every = selectors.matches_for_concertation(demarche, on=TODAY, fitting_only=False)
    assert [m.programme.name for m in every] == ["Qui convient", "Ailleurs"]


def test_regional_view_crosses_programmes_and_demarches():
    a_programme(name="Régional")
    a_programme(name="Partout", territories=[])
    a_demarche("Démarche A")
    a_demarche("Démarche B", adopted=False)
    view = selectors.regional_view(region("12"), AnonymousUser(), on=TODAY)
    assert [p.name for p in view.programmes] == ["Partout", "Régional"]
    assert [d.name for d in view.demarches] == ["Démarche A", "Démarche B"]
    assert [m.fits for m in view.row(view.demarches[1])] == [False, False]
    assert view.fitting(view.programmes[0]) == 1


def test_the_list_filters_by_territory_theme_and_deadline_to_come():
    offered = a_programme(name="Régional")
    everywhere = a_programme(name="Partout", territories=[], themes=[theme("logement")])
    a_programme(name="Montréal", territories=[region("06")])
    services.deadline_add(programme=offered, date=TODAY + dt.timedelta(days=3), label="Dépôt", acting_user=None)
    services.deadline_add(programme=everywhere, date=TODAY - dt.timedelta(days=3), label="Dépôt", acting_user=None)
    by_place = selectors.programme_list(ProgrammeFilters(territory=mrc("31"), on=TODAY))
    assert [p.name for p in by_place] == ["Partout", "Régional"]
    assert [p.name for p in selectors.programme_list(ProgrammeFilters(theme=theme("logement")))] == ["Partout"]
    upcoming = selectors.programme_list(ProgrammeFilters(upcoming=True, on=TODAY))
    soon = [(p.name, getattr(p, "next_deadline", None)) for p in upcoming]
    assert soon == [("Régional", TODAY + dt.timedelta(days=3))]
    assert [p.name for p in selectors.programme_list(ProgrammeFilters(query="montreal"))] == ["Montréal"]
    assert Programme.objects.get(name="Régional").amount_min is None
    assert offered.amount_max is None or offered.amount_max >= Decimal(0)


def test_queries_do_not_grow_with_the_data():
    programme = selectors.programme_get(a_programme().pk)
    a_programme(name="Partout", territories=[])
    user = AnonymousUser()
    first = a_demarche("D0")
    small = (
        queries(selectors.programme_matches, programme, user, on=TODAY),
        queries(selectors.matches_for_concertation, first, on=TODAY),
        queries(selectors.regional_view, region("12"), user, on=TODAY),
    )
    for number in range(1, 5):
        a_demarche(f"D{number}", adopted=number % 2 == 0)
    large = (
        queries(selectors.programme_matches, programme, user, on=TODAY),
        queries(selectors.matches_for_concertation, first, on=TODAY),
        queries(selectors.regional_view, region("12"), user, on=TODAY),
    )
    assert small == large
    assert len(selectors.programme_matches(programme, user, on=TODAY).concertations) == 5
