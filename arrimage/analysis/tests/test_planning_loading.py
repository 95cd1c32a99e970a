import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.analysis.planning_loading import planning_snapshot
from arrimage.analysis.planning_results import planning_results
from arrimage.analysis.results import forget
from arrimage.plans.models import PlanKind, PlanStage
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RoleGrantFactory,
    StageChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)
ANONYMOUS = AnonymousUser()


@pytest.fixture(autouse=True)
def _fresh_memory():
    forget()
    yield
    forget()


def _territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def _in_force(plan, since=dt.date(2025, 1, 1)):
    StageChangeFactory.create(plan=plan, stage=PlanStage.DRAFTING, on=dt.date(2024, 1, 1))
    StageChangeFactory.create(plan=plan, stage=PlanStage.IMPLEMENTATION, on=since)
    return plan


def _village_policy(code: str, **kwargs):
    """A politique MADA owned by a municipality, in implementation since 2025."""
    return _in_force(
        PlanFactory.create(
            kind=PlanKind.MADA,
            owner_territory=_territory(code),
            owner_concertation=None,
            stage=PlanStage.IMPLEMENTATION,
            **kwargs,
        )
    )


def test_the_snapshot_holds_the_plans_concerning_the_territory_with_their_state_on_the_date():
    mrc = _territory("mrc:31")
    thetford = _territory("municipality:31084")
    owned = _village_policy("municipality:31084")
    covering = _in_force(PlanFactory.create(owner_concertation=ConcertationFactory.create()))
    covering.territories.set([_territory("region:12")])
    table = ConcertationFactory.create()
    table.territories.set([thetford])
    carried = PlanFactory.create(owner_concertation=table)  # no territory recorded: the table's own
    StageChangeFactory.create(plan=carried, stage=PlanStage.DRAFTING, on=dt.date(2026, 1, 1))
    later = _village_policy("municipality:31084", name="Politique à venir")
    later.stage_changes.update(on=dt.date(2026, 9, 1))  # recorded after the date: not there yet
    bulk = PlanFactory.create(owner_territory=thetford, owner_concertation=None, stage=PlanStage.ADOPTED)
    elsewhere = _village_policy("municipality:35027")
    AccompanimentFactory.create(plan=owned, start_date=dt.date(2025, 2, 1))
    AccompanimentFactory.create(plan=covering, start_date=dt.date(2026, 7, 1))  # not yet on the date
    action = ActionFactory.create(objective=ObjectiveFactory.create(plan=owned), dimensions=["social"])
    ProgressUpdateFactory.create(action=action, on=dt.date(2025, 3, 1), percent=20)
    ProgressUpdateFactory.create(action=action, on=dt.date(2026, 3, 1), percent=40)
    ProgressUpdateFactory.create(action=action, on=dt.date(2026, 9, 1), percent=90)  # after the date
    giver = OrganizationFactory.create()
    ContributionFactory.create(action=action, organization=giver, committed=1000, delivered=250)

    s = planning_snapshot(mrc, on=ON)

    plans = {plan.id: plan for plan in s.plans}
    assert set(plans) == {owned.pk, covering.pk, carried.pk, bulk.pk}
    assert plans[bulk.pk].stage == PlanStage.ADOPTED  # no stage change recorded: the stage it holds
    assert elsewhere.pk not in plans
    assert plans[owned.pk].stage == PlanStage.IMPLEMENTATION and plans[owned.pk].stage_since == dt.date(2025, 1, 1)
    assert plans[owned.pk].accompanied_in_implementation
    assert not plans[covering.pk].accompanied_in_implementation
    assert plans[owned.pk].last_progress_on == dt.date(2026, 3, 1)
    assert plans[carried.pk].stage == PlanStage.DRAFTING
    assert later.pk not in plans
    assert plans[owned.pk].municipality_ids == frozenset({thetford.pk})
    assert plans[carried.pk].municipality_ids == frozenset({thetford.pk})
    assert thetford.pk in plans[covering.pk].municipality_ids
    assert {m.id for m in s.outside_municipalities} & plans[covering.pk].municipality_ids  # the rest of the région
    (info,) = s.actions
    assert info.percent == 40 and info.dimensions == frozenset({"social"}) and info.plan_id == owned.pk
    (given,) = s.contributions
    assert (given.organization_id, given.committed, given.delivered) == (giver.pk, 1000.0, 250.0)
    assert [o.id for o in s.organizations] == [giver.pk]
    assert {c.id for c in s.concertations} == {covering.owner_concertation_id, table.pk}


def test_the_number_of_queries_does_not_grow_with_the_plans():
    mrc = _territory("mrc:31")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            planning_snapshot(mrc, on=ON)
        return len(queries)

    def add(code: str, actions: int) -> None:
        plan = _village_policy(code)
        for _n in range(actions):
            action = ActionFactory.create(objective=ObjectiveFactory.create(plan=plan))
            ProgressUpdateFactory.create(action=action)
            ContributionFactory.create(action=action)

    add("municipality:31084", 1)
    few = count()
    for code in ("municipality:31056", "municipality:31015", "municipality:31084"):
        add(code, 3)
    assert count() == few


def test_a_plan_of_a_private_concertation_is_neither_named_nor_counted_for_those_outside_it():
    mrc = _territory("mrc:31")
    private = ConcertationFactory.create(is_public=False)
    private.territories.set([_territory("municipality:31084")])
    plan = _in_force(PlanFactory.create(owner_concertation=private, stage=PlanStage.IMPLEMENTATION))
    coordinator = UserFactory.create()
    RoleGrantFactory.create(user=coordinator, concertation=private)

    assert planning_results(ANONYMOUS, mrc, on=ON).snapshot.plans == []
    assert planning_results(UserFactory.create(), mrc, on=ON).load.plan_ids == ()
    assert [p.id for p in planning_results(coordinator, mrc, on=ON).snapshot.plans] == [plan.pk]


def test_the_results_follow_a_write_to_a_plan():
    village = _territory("municipality:31084")
    plan = _village_policy("municipality:31084")
    first = planning_results(ANONYMOUS, village, on=ON)
    assert first.load.plan_ids == (plan.pk,)
    assert planning_results(ANONYMOUS, village, on=ON) is first  # kept

    StageChangeFactory.create(plan=plan, stage=PlanStage.EXPIRED, on=dt.date(2026, 5, 1))

    assert planning_results(ANONYMOUS, village, on=ON).load.plan_ids == ()
