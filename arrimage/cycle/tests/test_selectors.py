"""Where the démarches are in their cycle, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.concertation.models import Concertation, ConcertationKind
from arrimage.cycle.models import Stage
from arrimage.cycle.selectors import current_stage, demarches_in_cycle, stage_history
from arrimage.cycle.services import stage_enter
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 1, 15)


def demarche(name, *, territory=None, parent=None, stages=(), **fields):
    made = ConcertationFactory.create(name=name, kind=ConcertationKind.DEMARCHE, parent=parent, **fields)
    if territory is not None:
        made.territories.add(territory)
    user = UserFactory.create()
    for number, stage in enumerate(stages):
        stage_enter(
            concertation=made, stage=stage, entered_on=DAY + dt.timedelta(days=number), note="", acting_user=user
        )
    return made


def count(call):
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, len(queries)


def test_current_stage_and_history():
    made = demarche("Démarche A", stages=[Stage.MOBILISATION, Stage.PORTRAIT, Stage.VISION])
    current, queries = count(lambda: current_stage(made))
    assert current is not None and current.stage == Stage.VISION and queries == 1
    history, queries = count(lambda: [t.author for t in stage_history(made)])
    assert len(history) == 3 and queries == 1
    assert current_stage(demarche("Démarche vide")) is None


def test_demarches_of_a_territory_in_constant_queries():
    region = Territory.objects.get(kind="region", code="03")
    municipality = Territory.objects.filter(kind="municipality", parent__parent=region).order_by("code").first()
    elsewhere = Territory.objects.get(kind="region", code="12")
    demarche("Démarche B", territory=municipality, stages=[Stage.MOBILISATION, Stage.PORTRAIT])
    demarche("Démarche A", territory=region)
    demarche("Démarche ailleurs", territory=elsewhere, stages=[Stage.PLAN])
    ConcertationFactory.create(name="Table du territoire").territories.add(municipality)
    overview, small = count(lambda: demarches_in_cycle(territory=region))
    assert [p.demarche.name for p in overview.places] == ["Démarche A", "Démarche B"]
    assert [p.stage for p in overview.places] == ["", Stage.PORTRAIT]
    counts = {value: number for value, _label, number in overview.counts()}
    assert counts[Stage.PORTRAIT] == 1 and sum(counts.values()) == 1 and overview.unrecorded == 1
    for number in range(5):
        demarche(f"Démarche C{number}", territory=municipality, stages=[Stage.MOBILISATION, Stage.PORTRAIT, Stage.PLAN])
    overview, large = count(lambda: demarches_in_cycle(territory=region))
    assert len(overview.places) == 7 and large == small


def test_ended_and_hidden_demarches_are_left_out():
    region = Territory.objects.get(kind="region", code="03")
    demarche("Démarche finie", territory=region, end_date=dt.date(2020, 12, 31))
    hidden = demarche("Démarche privée", territory=region, is_public=False)
    shown = demarche("Démarche publique", territory=region)
    overview = demarches_in_cycle(territory=region, base=Concertation.objects.public())
    assert [p.demarche for p in overview.places] == [shown]
    assert hidden in [p.demarche for p in demarches_in_cycle(territory=region).places]


def test_demarches_of_a_network():
    network = ConcertationFactory.create(name="Réseau", kind=ConcertationKind.NETWORK)
    demarche("Démarche du réseau", parent=network, stages=[Stage.EVALUATION])
    demarche("Démarche hors réseau")
    overview, small = count(lambda: demarches_in_cycle(network=network))
    assert [(p.demarche.name, p.stage) for p in overview.places] == [("Démarche du réseau", Stage.EVALUATION)]
    demarche("Autre démarche du réseau", parent=network, stages=[Stage.MOBILISATION])
    assert count(lambda: demarches_in_cycle(network=network))[1] == small == 2


def test_a_territory_or_a_network_is_needed():
    with pytest.raises(ValueError):
        demarches_in_cycle()
