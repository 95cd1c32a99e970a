"""The demonstration's démarches in their cycle: written through the services, rounds counted, and removed
without touching real stages."""

from __future__ import annotations

import pytest
from django.db import transaction

from arrimage.concertation.models import Concertation
from arrimage.cycle.models import Stage, StageTransition
from arrimage.cycle.selectors import current_stage, demarches_in_cycle
from arrimage.demo import data
from arrimage.demo.cycle import STAGES, cycle_demo_delete, cycle_demo_load
from arrimage.demo.services import demo_load
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        report = demo_load()  # which records the stages
        yield report, list(StageTransition.objects.filter(is_demo=True))
        transaction.set_rollback(True)


def test_every_stage_is_written(demo):
    _report, written = demo
    assert len(written) == sum(len(stages) for stages in STAGES.values())
    assert all(t.is_demo for t in written)
    assert cycle_demo_load() == []  # once only


def test_rounds_and_current_stages(demo):
    names = {row.key: row.name for row in data.DEMARCHES}
    portneuf = Concertation.objects.get(name=names["dc_portneuf"])
    current = current_stage(portneuf)
    assert current is not None and (current.stage, current.round) == (Stage.IMPLEMENTATION, 2)


def test_the_region_shows_its_demarches(demo):
    region = Territory.objects.get(kind="region", code="03")
    overview = demarches_in_cycle(territory=region)
    assert len(overview.places) >= len(STAGES)
    assert overview.unrecorded == len(overview.places) - len(STAGES)


def test_delete_removes_only_the_demonstration_stages(demo):
    with transaction.atomic():
        assert cycle_demo_delete() == sum(len(stages) for stages in STAGES.values())
        assert not StageTransition.objects.exists()
        transaction.set_rollback(True)
