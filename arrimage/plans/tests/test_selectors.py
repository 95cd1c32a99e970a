"""Reads of plans: the roll-up of progress computed by hand, the plans that need attention, and query
counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from arrimage.plans.models import Plan, PlanStage
from arrimage.plans.selectors import (
    ActionRow,
    is_unaccompanied,
    months_before,
    plan_get,
    plan_progress,
    plans_stale,
    plans_unaccompanied,
    roll_up,
)
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ActionFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StageChangeFactory,
    theme,
)

pytestmark = pytest.mark.django_db


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def plan_with_stages(*stages: tuple[str, dt.date], **values) -> Plan:
    """A plan whose stage history is `stages`, its current stage the last one."""
    plan = PlanFactory.create(stage=stages[-1][0], stage_since=stages[-1][1], **values)
    for stage, on in stages:
        StageChangeFactory.create(plan=plan, stage=stage, on=on)
    return plan


# Progress -----------------------------------------------------------------------------------------


@pytest.fixture
def measured() -> Plan:
    """Three objectives (weights 1, 2 and 3) and four actions.

    O1 (weight 1): A1 (weight 1) at 20 % in March, then 40 % and 50 % on the same day of June (the one
    recorded last counts: 50); A2 (weight 3) at 100 % in June.
    O2 (weight 2): A3 (weight 1) without an update; A4 (weight 1) at 30 % in February.
    O3 (weight 3): no action.
    """
    plan = PlanFactory.create()
    o1 = ObjectiveFactory.create(plan=plan, weight=Decimal(1), order=1)
    o2 = ObjectiveFactory.create(plan=plan, weight=Decimal(2), order=2)
    ObjectiveFactory.create(plan=plan, weight=Decimal(3), order=3)
    a1 = ActionFactory.create(objective=o1, weight=Decimal(1))
    a2 = ActionFactory.create(objective=o1, weight=Decimal(3))
    ActionFactory.create(objective=o2, weight=Decimal(1))
    a4 = ActionFactory.create(objective=o2, weight=Decimal(1))
    ProgressUpdateFactory.create(action=a1, on=dt.date(2024, 3, 1), percent=20)
    ProgressUpdateFactory.create(action=a1, on=dt.date(2024, 6, 1), percent=40)
    ProgressUpdateFactory.create(action=a1, on=dt.date(2024, 6, 1), percent=50)
    ProgressUpdateFactory.create(action=a2, on=dt.date(2024, 6, 1), percent=100)
    ProgressUpdateFactory.create(action=a4, on=dt.date(2024, 2, 1), percent=30)
    return plan


class TestProgress:
    def test_the_weighted_roll_up_computed_by_hand(self, measured):
        progress = plan_progress(measured, on=dt.date(2024, 12, 31))
        # O1 = (1×50 + 3×100) / 4 = 87.5; O2 = (1×0 + 1×30) / 2 = 15; O3 = 0 (no action).
        assert [item.percent for item in progress.objectives] == [87.5, 15.0, 0.0]
        # Plan = (1×87.5 + 2×15 + 3×0) / 6 = 117.5 / 6 = 19.58…
        assert progress.percent == 19.6
        first = progress.objectives[0]
        assert sorted(first.action_percents.values()) == [50, 100]

    def test_as_of_an_earlier_day(self, measured):
        progress = plan_progress(measured, on=dt.date(2024, 4, 30))
        # O1 = (1×20 + 3×0) / 4 = 5; O2 = 15; plan = (5 + 30 + 0) / 6 = 5.83…
        assert [item.percent for item in progress.objectives] == [5.0, 15.0, 0.0]
        assert progress.percent == 5.8
        assert plan_progress(measured, on=dt.date(2023, 1, 1)).percent == 0.0

    def test_the_page_read_and_the_direct_read_agree(self, measured, django_assert_num_queries):
        loaded = plan_get(measured.pk)
        with django_assert_num_queries(0):
            from_page = plan_progress(loaded, on=dt.date(2024, 12, 31))
        plain = Plan.objects.get(pk=measured.pk)
        with django_assert_num_queries(2):
            direct = plan_progress(plain, on=dt.date(2024, 12, 31))
        assert from_page == direct

    def test_a_cancelled_action_is_left_out(self, measured):
        # A3 (no update) cancelled: O2 = 30 / 1 = 30; plan = (87.5 + 2×30 + 0) / 6 = 24.58…
        measured.objectives.get(order=2).actions.filter(progress_updates__isnull=True).update(status="cancelled")
        for plan in (plan_get(measured.pk), Plan.objects.get(pk=measured.pk)):
            progress = plan_progress(plan, on=dt.date(2024, 12, 31))
            assert [item.percent for item in progress.objectives] == [87.5, 30.0, 0.0]
            assert progress.percent == 24.6

    def test_a_plan_without_objectives_is_at_zero(self):
        progress = plan_progress(PlanFactory.create())
        assert progress.percent == 0.0 and progress.objectives == []

    def test_roll_up_is_pure(self):
        rows = [ActionRow(1, 10, Decimal(2), 25), ActionRow(2, 10, Decimal(2), None)]
        progress = roll_up([(10, Decimal(1))], rows)
        assert progress.percent == 12.5
        objective = progress.of_objective(10)
        assert objective is not None and objective.action_percents == {1: 25, 2: 0}
        assert progress.of_objective(99) is None


# One plan's page ----------------------------------------------------------------------------------


def _fill(plan: Plan, size: int) -> None:
    """`size` objectives, each with `size` actions, each with co-leaders, a partner, a theme, updates and
    contributions; `size` accompaniments, documents and stage changes."""
    plan.territories.set([territory("municipality:28005"), territory("mrc:28")])
    plan.themes.set([theme("aines-mada")])
    for index in range(size):
        AccompanimentFactory.create(plan=plan, start_date=dt.date(2024, 1, 1 + index))
        plan.documents.create(title=f"Document {index}", url=f"https://exemple.org/{index}.pdf")
        StageChangeFactory.create(plan=plan, on=dt.date(2023, 1, 1 + index))
        objective = ObjectiveFactory.create(plan=plan)
        for _ in range(size):
            action = ActionFactory.create(objective=objective)
            action.co_leaders.set(OrganizationFactory.create_batch(2))
            action.partners.set([OrganizationFactory.create()])
            action.themes.set([theme("aines-mada")])
            ProgressUpdateFactory.create(action=action)
            ContributionFactory.create(action=action)


class TestPlanGet:
    @pytest.mark.parametrize("size", [1, 4])
    def test_a_fixed_number_of_queries(self, size, django_assert_num_queries):
        plan = PlanFactory.create(owner_territory=territory("municipality:28005"))
        _fill(plan, size)
        with django_assert_num_queries(13):
            loaded = plan_get(plan.pk)
            for objective in loaded.objectives.all():
                for action in objective.actions.all():
                    [o.name for o in action.co_leaders.all()]
                    [o.name for o in action.partners.all()]
                    [t.name for t in action.themes.all()]
                    [u.percent for u in action.progress_updates.all()]
                    [c.organization.name for c in action.contributions.all()]
            [a.organization.name for a in loaded.accompaniments.all()]
            [t.name for t in loaded.territories.all()]
            [d.url for d in loaded.documents.all()]
            [s.stage for s in loaded.stage_changes.all()]
            assert loaded.owner_territory is not None and loaded.owner_territory.name
            assert loaded.owner_concertation is not None and loaded.owner_concertation.name
        assert len(loaded.objectives.all()) == size

    def test_an_unknown_plan(self):
        with pytest.raises(Http404):
            plan_get(999_999)


# Plans that need attention ------------------------------------------------------------------------

ON = dt.date(2025, 1, 1)
DRAFT, ADOPTED, IMPL = PlanStage.DRAFTING, PlanStage.ADOPTED, PlanStage.IMPLEMENTATION


class TestUnaccompanied:
    @pytest.fixture
    def plans(self) -> dict[str, Plan]:
        zacharie = territory("municipality:28005")
        made = {
            "adopted alone": plan_with_stages((DRAFT, dt.date(2023, 1, 1)), (ADOPTED, dt.date(2024, 3, 1))),
            "accompanied": plan_with_stages((DRAFT, dt.date(2023, 1, 1)), (IMPL, dt.date(2024, 3, 1))),
            "only drafting help": plan_with_stages((ADOPTED, dt.date(2023, 1, 1)), (IMPL, dt.date(2024, 3, 1))),
            "help ended": plan_with_stages((IMPL, dt.date(2023, 1, 1))),
            "drafting": plan_with_stages((DRAFT, dt.date(2023, 1, 1))),
            "adopted later": plan_with_stages((DRAFT, dt.date(2023, 1, 1)), (ADOPTED, dt.date(2025, 6, 1))),
        }
        AccompanimentFactory.create(plan=made["accompanied"], stage=IMPL, start_date=dt.date(2024, 3, 1))
        AccompanimentFactory.create(plan=made["only drafting help"], stage=DRAFT, start_date=dt.date(2022, 1, 1))
        AccompanimentFactory.create(
            plan=made["help ended"], stage=IMPL, start_date=dt.date(2023, 1, 1), end_date=dt.date(2024, 6, 30)
        )
        for plan in made.values():
            plan.owner_territory = zacharie
            plan.save()
        return made

    def test_plans_in_force_that_nobody_accompanies(self, plans):
        found = {plan.pk for plan in plans_unaccompanied(None, ON)}
        expected = {plans[key].pk for key in ("adopted alone", "only drafting help", "help ended")}
        assert found == expected

    def test_within_territories(self, plans):
        assert len(plans_unaccompanied({territory("municipality:28005").pk}, ON)) == 3
        assert not plans_unaccompanied({territory("borough:REQ05").pk}, ON).exists()

    def test_covering_a_territory_counts(self):
        plan = plan_with_stages((ADOPTED, dt.date(2024, 1, 1)))
        plan.territories.set([territory("borough:REQ05")])
        assert list(plans_unaccompanied({territory("borough:REQ05").pk}, ON)) == [plan]

    @pytest.mark.parametrize("size", [1, 5])
    def test_one_query(self, size, django_assert_num_queries):
        for _ in range(size):
            plan_with_stages((ADOPTED, dt.date(2024, 1, 1)), owner_territory=territory("municipality:28005"))
        with django_assert_num_queries(1):
            names = [(plan.name, str(plan.owner_territory)) for plan in plans_unaccompanied({1, 2, 3}, ON)]
        with django_assert_num_queries(1):
            names = [(plan.name, str(plan.owner_territory)) for plan in plans_unaccompanied(None, ON)]
        assert len(names) == size

    def test_is_unaccompanied_on_a_loaded_plan(self, plans, django_assert_num_queries):
        alone, accompanied = plan_get(plans["adopted alone"].pk), plan_get(plans["accompanied"].pk)
        drafting = plan_get(plans["drafting"].pk)
        with django_assert_num_queries(0):
            assert is_unaccompanied(alone, on=ON)
            assert not is_unaccompanied(accompanied, on=ON)
            assert is_unaccompanied(accompanied, on=dt.date(2024, 1, 1))  # before the help started
            assert not is_unaccompanied(drafting, on=ON)  # not in force: never flagged


class TestStale:
    @pytest.fixture
    def plans(self) -> dict[str, Plan]:
        since_2023 = (IMPL, dt.date(2023, 1, 1))
        made = {
            "last update long ago": plan_with_stages(since_2023),
            "recent update": plan_with_stages(since_2023),
            "never updated": plan_with_stages(since_2023),
            "just started": plan_with_stages((ADOPTED, dt.date(2023, 1, 1)), (IMPL, dt.date(2025, 1, 1))),
            "adopted only": plan_with_stages((ADOPTED, dt.date(2022, 1, 1))),
            "update after the day": plan_with_stages(since_2023),
        }
        for key, on in [
            ("last update long ago", dt.date(2024, 3, 1)),
            ("recent update", dt.date(2025, 1, 1)),
            ("update after the day", dt.date(2025, 9, 1)),
        ]:
            ProgressUpdateFactory.create(action=ActionFactory.create(objective__plan=made[key]), on=on)
        return made

    def test_no_update_in_twelve_months_while_in_implementation(self, plans):
        found = {plan.pk for plan in plans_stale(dt.date(2025, 6, 1))}
        expected = {plans[key].pk for key in ("last update long ago", "never updated", "update after the day")}
        assert found == expected

    def test_a_shorter_period(self, plans):
        found = {plan.pk for plan in plans_stale(dt.date(2025, 6, 1), months=3)}
        assert plans["recent update"].pk in found and plans["just started"].pk in found

    @pytest.mark.parametrize("size", [1, 5])
    def test_one_query(self, size, django_assert_num_queries):
        for _ in range(size):
            plan = plan_with_stages((IMPL, dt.date(2020, 1, 1)), owner_territory=territory("municipality:28005"))
            ProgressUpdateFactory.create(action=ActionFactory.create(objective__plan=plan), on=dt.date(2021, 1, 1))
        with django_assert_num_queries(1):
            found = [(plan.name, str(plan.owner_territory), getattr(plan, "last_update")) for plan in plans_stale(ON)]  # noqa: B009
        assert len(found) == size


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 15), 12, dt.date(2024, 1, 15)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 31), 2, dt.date(2024, 11, 30)),
        (dt.date(2025, 6, 1), 0, dt.date(2025, 6, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected
