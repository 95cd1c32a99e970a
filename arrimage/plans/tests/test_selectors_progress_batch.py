"""The progress of many plans at once (`plans_progress`): the same figures as `plan_progress` for each
plan, in two queries whatever their number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arrimage.plans.models import ActionStatus
from arrimage.plans.selectors import plan_progress, plans_progress
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def measured(number: int):
    """Objective 1 (weight 2): A (weight 2) at 75 % in September (earlier: a percentage that varies), B at
    100 % in March. Objective 2: C at 40 % in September, a cancelled action left out. In 2025:
    (2 × (2 × 75 + 100) / 3 + 40) / 3 = 68.9 %; in June 2024 for the first plan: (2 × 100 / 3 + 0) / 3 = 22.2 %."""
    plan = PlanFactory.create()
    first = ObjectiveFactory.create(plan=plan, weight=Decimal(2))
    second = ObjectiveFactory.create(plan=plan, weight=Decimal(1))
    a = ActionFactory.create(objective=first, weight=Decimal(2))
    b = ActionFactory.create(objective=first)
    c = ActionFactory.create(objective=second)
    cancelled = ActionFactory.create(objective=second, status=ActionStatus.CANCELLED)
    ProgressUpdateFactory.create(action=a, on=dt.date(2024, 3, 1), percent=(10 * number) % 100)
    ProgressUpdateFactory.create(action=a, on=dt.date(2024, 9, 1), percent=75)
    ProgressUpdateFactory.create(action=b, on=dt.date(2024, 3, 1), percent=100)
    ProgressUpdateFactory.create(action=c, on=dt.date(2024, 9, 1), percent=40)
    ProgressUpdateFactory.create(action=cancelled, on=dt.date(2024, 3, 1), percent=5)
    return plan


@pytest.mark.parametrize("on", [dt.date(2024, 6, 1), dt.date(2025, 1, 1)])
def test_the_same_figures_as_one_plan_at_a_time(on):
    plans = [measured(number) for number in range(3)]
    empty = PlanFactory.create()
    batch = plans_progress([plan.pk for plan in [*plans, empty]], on=on)
    for plan in [*plans, empty]:
        assert batch[plan.pk] == plan_progress(plan, on=on).percent
    assert batch[empty.pk] == 0.0
    assert batch[plans[0].pk] == (68.9 if on.year == 2025 else 22.2)  # computed by hand


@pytest.mark.parametrize("size", [1, 6])
def test_two_queries_whatever_the_number(size, django_assert_num_queries):
    ids = [measured(number).pk for number in range(size)]
    with django_assert_num_queries(2):
        assert len(plans_progress(ids, on=dt.date(2025, 1, 1))) == size


def test_no_plan_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert plans_progress([]) == {}
