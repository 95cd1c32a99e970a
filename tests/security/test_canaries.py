"""No private information reaches someone who may not see it.

The world seeds a unique marker (`canary-<field>-<hex>`) into every private field: the names, email
addresses, telephones and notes of people (a citizen who did not consent, a member, a consenting person's
contact details), membership and contribution notes, the name, acronym, mission and seats of a private
concertation and its plan, the accompanying citizen, an import's file name, an API key's name, a
complementarity judgement about a private table, the users' own names and addresses. Then every address
of the site that answers GET is crawled, as an anonymous visitor and as a member of another concertation,
with its arguments filled with every seeded object: pages, API reads (JSON), CSV and XLSX exports, Popolo,
HSDS and GeoJSON, reports and their PDFs. No marker may appear, except the visitor's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from arrimage.registry.charts import CHARTS
from arrimage.registry.views import analysis_exports, planning_exports

from .rules import RULES
from .site import ADMIN, shown, site_addresses, url_of
from .world import World, build_world

pytestmark = pytest.mark.django_db

# Addresses that write or leave the site: not part of a read crawl.
NOT_CRAWLED = {ADMIN, "set_language", "accounts:logout"}
# Each object an address is given is replaced in turn by every object of the same kind.
ALTERNATIVES = {
    "private": ["public", "private", "other"],
    "citizen": ["citizen", "consenting", "member_person"],
    "private_plan": ["plan", "private_plan"],
    "organization": ["organization", "other_organization"],
    "private_seat": ["private_seat", "public_seat"],
    "private_membership": ["private_membership", "citizen_membership", "consenting_membership"],
    "private_objective": ["private_objective", "objective"],
    "private_action": ["private_action", "action"],
    "draft_note": ["draft_note", "note"],
    "private_meeting": ["private_meeting", "meeting"],
}
FORMATS = ("csv", "xlsx")
# Lists and searches are also asked for the markers themselves.
SEARCHED = {
    "registry:concertation_list",
    "registry:organization_list",
    "registry:plan_list",
    "registry:suggest_people",
    "registry:suggest_concertations",
    "registry:suggest_organizations",
    "territories:search",
    "api-1:concertation_list",
    "api-1:organization_list",
    "api-1:person_list",
    "api-1:plan_list",
    "registry:note_list",
    "api-1:practice_note_list",
}
VISITORS = ("anonymous", "outsider")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _variants(world: World, name: str) -> Iterator[dict[str, Any]]:
    """The arguments of an address, with every seeded object of the kind its rule names."""
    names = RULES[name].arguments.names
    arguments = RULES[name].arguments(world)
    choices: list[list[tuple[str, Any]]] = []
    for key, value in arguments.items():
        if key == "public_id":
            places = [world.territory, world.territory.parent, world.region]
            choices.append([(key, place.public_id) for place in places if place is not None])
        elif key == "fmt":
            choices.append([(key, fmt) for fmt in FORMATS])
        elif key == "figure":
            figures = (
                planning_exports.FIGURES if name == "registry:territory_plans_figure" else analysis_exports.FIGURES
            )
            choices.append([(key, slug) for slug in figures])
        elif key == "chart":
            choices.append([(key, slug) for slug in CHARTS])
        else:
            named = names.get(key, "")  # a seeded object (a glossary term) is not one of the world's
            same_kind = ALTERNATIVES.get(named, [named]) if named in world.objects else []
            choices.append([(key, world.objects[k].pk) for k in same_kind] or [(key, value)])
    for combination in itertools.product(*choices):
        yield dict(combination)


def _urls(world: World) -> Iterator[tuple[str, str]]:
    """Each address to read, with the marker it searches for (a search page repeats what was typed).
    A search also asked the way the page's script asks it (`HX-Request`) is marked `#htmx`."""
    terms = sorted(world.markers)
    for name, address in sorted(site_addresses().items()):
        if name in NOT_CRAWLED or address.method != "GET":
            continue
        query = RULES[name].query
        for arguments in _variants(world, name):
            url = url_of(address, arguments)
            yield url + (f"?{query}" if query else ""), ""
            if name == "registry:concertation_detail":
                yield url + "?date=2023-06-01", ""
        if name in SEARCHED:
            for term in terms:
                yield url_of(address, {}) + f"?q={term}", term
                yield url_of(address, {}) + f"?q={term}#htmx", term
            yield url_of(address, {}) + "?q=canary", ""
            yield url_of(address, {}) + "?q=canary#htmx", ""
    yield reverse("api-1:person_list") + "?page_size=200", ""
    yield reverse("api-1:membership_list") + "?page_size=200", ""
    for concertation in ("public", "private", "other"):
        yield reverse("api-1:membership_list") + f"?concertation={world.objects[concertation].pk}", ""


def _allowed(world: World, visitor: str) -> set[str]:
    """The markers a visitor may see: their own name on their own pages; for the coordinator and the
    editor of the other concertation, also the people who sit at it (the outsider)."""
    own: tuple[str, ...] = ()
    if visitor == "outsider":
        own = ("outsider-", "user-outsider-", "user-name-outsider-")
    elif visitor != "anonymous":
        own = ("outsider-", f"user-{visitor}-", f"user-name-{visitor}-")
    return {m for m, where in world.markers.items() if own and f"{where}-".startswith(own)}


# A known leak, kept visible by `test_people_suggestions_name_only_people_the_user_may_see` below.
CHECKED: dict[str, int] = {}


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_marker_reaches_a_visitor_who_may_not_see_it(world, visitor):
    client = Client()
    if visitor != "anonymous":
        client.force_login(world.outsider if visitor == "outsider" else world.users[visitor])
    allowed = _allowed(world, visitor)
    leaks: list[str] = []
    statuses: dict[int, int] = {}
    for url, searched in _urls(world):
        with transaction.atomic():
            address, _hash, htmx = url.partition("#")
            response = client.get(address, headers={"HX-Request": "true"} if htmx else {})
            transaction.set_rollback(True)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, url
        found = shown(world, response) - allowed - {searched}
        if found:
            leaks.append(f"{url} ({response.status_code}): {sorted(world.markers.get(m, m) for m in found)}")
    CHECKED[visitor] = sum(statuses.values())
    assert not leaks, "Private markers shown:\n" + "\n".join(leaks)
    assert statuses.get(200, 0) > 100


def test_the_crawl_sees_the_markers_where_they_belong(world):
    """The crawl would catch a leak: an administrator finds the markers on the same addresses."""
    client = Client()
    client.force_login(world.users["admin"])
    seen: set[str] = set()
    for url in [
        reverse("registry:person_detail", args=[world.citizen.pk]),
        reverse("registry:concertation_detail", args=[world.private.pk]),
        reverse("registry:concertation_seats_export", args=[world.private.pk, "xlsx"]),
        reverse("reports:concertation_annual_pdf", args=[world.private.pk]),
        reverse("api-1:person_detail", args=[world.citizen.pk]),
    ]:
        seen |= shown(world, client.get(url))
    wheres = {world.markers.get(m) for m in seen}
    assert {"citizen-email", "private-concertation-name", "private-seat-label", "citizen-family-name"} <= wheres


@pytest.mark.parametrize("visitor", ["coordinator_other", "editor_other"])
def test_people_suggestions_name_only_people_the_user_may_see(world, visitor):
    client = Client()
    client.force_login(world.users[visitor])
    response = client.get(reverse("registry:suggest_people") + "?q=canary")
    found = shown(world, response) - _allowed(world, visitor)
    assert not found
