"""The demonstration programmes load once, through the services, and meet the demonstration démarches."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from arrimage.concertation.models import Concertation
from arrimage.demo.funding import PROGRAMMES, demo_programmes, demo_programmes_delete
from arrimage.demo.services import demo_load
from arrimage.funding import selectors
from arrimage.funding.models import Programme
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()  # loads the programmes too
        yield list(Programme.objects.filter(is_demo=True).order_by("pk"))
        transaction.set_rollback(True)


def test_every_programme_loads_once_with_its_deadlines(demo):
    assert len(demo) == len(PROGRAMMES) == Programme.objects.filter(is_demo=True).count()
    assert all(programme.deadlines.exists() for programme in demo)
    assert demo_programmes() == []  # already there
    assert all("illustratifs" in programme.description for programme in demo)


def test_the_capitale_nationale_demarches_meet_the_fqis(demo):
    region = Territory.objects.get(kind="region", code="03")
    view = selectors.regional_view(region, AnonymousUser())
    fqis = next(programme for programme in view.programmes if programme.acronym == "FQIS")
    assert len(view.demarches) >= 10
    assert view.fitting(fqis) >= 1


def test_the_mada_programme_fits_the_sainte_sabine_committee(demo):
    sabine = Concertation.objects.get(name__startswith="Comité famille-MADA de Sainte-Sabine")
    names = [m.programme.name for m in selectors.matches_for_concertation(sabine, fitting_only=False)]
    assert "Programme de soutien à la démarche Municipalité amie des aînés" in names


def test_the_demonstration_programmes_are_removed(demo):
    with transaction.atomic():
        assert demo_programmes_delete() == len(PROGRAMMES)
        transaction.set_rollback(True)
