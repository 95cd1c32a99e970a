"""The demonstration plans load through the plans' services and tell their stories: a small municipality's
politique MADA nobody accompanies any more, a plan d'action concerté followed to results."""

import datetime as dt

import pytest
from django.db import transaction

from arrimage.access import policy
from arrimage.accounts.models import User
from arrimage.demo import data
from arrimage.demo.services import demo_counts, demo_delete, demo_load
from arrimage.plans.models import Accompaniment, Action, Contribution, Plan, PlanStage, ProgressUpdate
from arrimage.plans.selectors import plan_get, plan_progress, plans_stale, plans_unaccompanied
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


def plan(key: str) -> Plan:
    name = next(row.name for row in data.PLANS if row.key == key)
    return Plan.objects.get(name=name)


def test_the_plans_load_with_their_stages_and_actions(demo):
    assert demo.counts["plans"] == len(data.PLANS)
    expected_actions = sum(len(o.actions) for row in data.PLANS for o in row.objectives)
    assert demo.counts["actions"] == expected_actions == Action.objects.count()
    assert not Plan.objects.filter(is_demo=False).exists()
    beauport = plan("pac_beauport")
    assert beauport.stage == PlanStage.IMPLEMENTATION and beauport.adoption_resolution == "TDLB-2023-11-04"
    assert list(beauport.stage_changes.values_list("stage", flat=True)) == ["drafting", "adopted", "implementation"]
    assert Contribution.objects.filter(action__objective__plan=beauport).count() == 5
    assert ProgressUpdate.history.count() >= ProgressUpdate.objects.count() > 0


def test_the_small_municipality_is_left_without_accompaniment(demo):
    sabine = plan("mada_ste_sabine")
    assert sabine.owner_territory is not None and (sabine.owner_territory.population or 0) < 500
    assert set(plans_unaccompanied(None, ON)) == {sabine}
    assert set(plans_stale(ON)) == {sabine}
    etchemins = Territory.objects.by_code("mrc:28").get()
    assert list(plans_unaccompanied({etchemins.pk, *etchemins.children.values_list("pk", flat=True)}, ON)) == [sabine]


def test_the_beauport_plan_rolls_up(demo):
    progress = plan_progress(plan_get(plan("pac_beauport").pk), on=ON)
    # Food (weight 2): (2×75 + 1×100) / 3 = 83.33…; families (weight 1): (40 + 0) / 2 = 20.
    # Plan: (2×83.33… + 20) / 3 = 62.22…
    assert [item.percent for item in progress.objectives] == [83.3, 20.0]
    assert progress.percent == 62.2


def test_the_demo_accounts_edit_their_own_plans(demo):
    coordinator = User.objects.get(email="coordination.beauport@exemple.demo")
    editor = User.objects.get(email="editeur.appalaches@exemple.demo")
    assert policy.can_edit_plan(coordinator, plan("pac_beauport"))
    assert not policy.can_edit_plan(coordinator, plan("mada_ste_sabine"))
    assert policy.can_edit_plan(editor, plan("politique_familles_adstock"))
    assert not policy.can_edit_plan(editor, plan("pac_beauport"))


def test_delete_removes_the_plans_and_leaves_real_ones(demo):
    real = Plan.objects.create(
        name="Plan réel", kind="mada", owner_territory=Territory.objects.by_code("municipality:28005").get()
    )
    demo_organization = plan("pac_beauport").accompaniments.get(stage=PlanStage.IMPLEMENTATION).organization
    Accompaniment.objects.create(plan=real, organization=demo_organization, start_date=ON)
    deleted = demo_delete()
    assert deleted["plans"] == len(data.PLANS)
    assert list(Plan.objects.all()) == [real] and not real.accompaniments.exists()
    assert demo_counts()["plans"] == 0
    again = demo_load()
    assert again.created and again.counts["plans"] == len(data.PLANS)
