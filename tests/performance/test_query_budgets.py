"""Every page and endpoint runs at most its budget of queries, and the same number in a small world and in a
world three times larger: a count that grows with the data (an N+1) fails here.

The table is `budgets.BUDGETS`; the addresses come from the URL configuration (the API's operations
included), so that a new address without a budget fails `test_every_address_has_a_budget`.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.security.site import site_addresses

from .budgets import BUDGETS, EXCLUDED
from .measure import Fetcher, Measure
from .world import LARGE, SMALL, build, grow

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def measures(django_db_setup, django_db_blocker) -> dict[str, tuple[Measure, Measure]]:
    """Each entry measured in the small world, then in the same world grown to the large size."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build(SMALL)
        fetcher = Fetcher(world)
        small = {name: fetcher.measure(budget) for name, budget in BUDGETS.items()}
        grow(world, LARGE - SMALL)
        large = {name: fetcher.measure(budget) for name, budget in BUDGETS.items()}
        transaction.set_rollback(True)
    return {name: (small[name], large[name]) for name in BUDGETS}


def test_every_address_has_a_budget():
    missing = sorted(set(site_addresses()) - set(BUDGETS) - set(EXCLUDED))
    assert not missing, f"Addresses without a budget in tests/performance/budgets.py: {missing}"


def test_every_budget_names_an_address_that_exists():
    gone = sorted((set(BUDGETS) | set(EXCLUDED)) - set(site_addresses()))
    assert not gone, f"Budgets for addresses that no longer exist: {gone}"
    assert not set(BUDGETS) & set(EXCLUDED)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_queries_within_budget_and_independent_of_size(measures, name):
    budget = BUDGETS[name]
    small, large = measures[name]
    assert not small.error and not large.error, small.error or large.error
    assert (small.status, large.status) == (budget.status, budget.status)
    counts = f"{name}: cold {small.cold} → {large.cold}, warm {small.warm} → {large.warm}, budget {budget.queries}"
    assert large.cold <= budget.queries, counts
    assert large.cold == small.cold, f"the count grows with the data: {counts}"
    assert large.warm == small.warm, f"the warm count grows with the data: {counts}"
    assert large.warm <= large.cold, counts
