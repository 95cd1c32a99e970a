"""Every address of the site, requested as each of seven roles, answers what `rules.RULES` says.

The addresses come from the URL configuration (the API's operations included, the admin site as one), so
that a new view without a rule, or a rule naming an address that is gone, fails here.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from .rules import INVALID, OK, RULES
from .site import Visitors, answer, site_addresses, url_of
from .world import ROLES, World, build_world

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def visitors(world, django_db_blocker):
    with django_db_blocker.unblock():
        return Visitors(world)


def test_every_address_has_a_rule():
    missing = sorted(set(site_addresses()) - set(RULES))
    assert not missing, f"Addresses without a rule in tests/security/rules.py: {missing}"


def test_every_rule_names_an_address_that_exists():
    gone = sorted(set(RULES) - set(site_addresses()))
    assert not gone, f"Rules for addresses that no longer exist: {gone}"


def _observe(world: World, visitors: Visitors, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """What each role gets: on a GET (or the API operation's own method), then on an empty POST."""
    address = site_addresses()[name]
    rule = RULES[name]
    url = url_of(address, rule.arguments(world)) + (f"?{rule.query}" if rule.query else "")
    got: dict[str, str] = {}
    posted: dict[str, str] = {}
    for role in ROLES:
        # Each request in its own savepoint: a write that succeeds leaves nothing for the next role.
        with transaction.atomic():
            if address.method in WRITE_METHODS:
                got[role] = answer(visitors.send(role, address.method, url, api=address.is_api, body=rule.body))
            else:
                got[role] = answer(visitors.get(role, url))
            if rule.post:
                posted[role] = answer(visitors.send(role, "POST", url, api=False))
            transaction.set_rollback(True)
    return got, posted


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_gets_what_the_rule_says(world, visitors, name):
    if name not in site_addresses():
        pytest.skip("reported by test_every_rule_names_an_address_that_exists")
    rule = RULES[name]
    got, posted = _observe(world, visitors, name)
    assert got == rule.profile, f"{name}: {rule.note}"
    if rule.post:
        # By default a form that opens re-shows itself with its errors (422) to those who may send it.
        expected = rule.post_profile or {role: INVALID if a == OK else a for role, a in rule.profile.items()}
        assert posted == expected, f"{name} (POST): {rule.note}"
