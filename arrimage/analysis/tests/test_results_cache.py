"""The analysis is computed once and served from the cache until a write changes the registry: each kind
of write, through the services the pages and the API use, makes the next read see it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from arrimage.actors.services import organization_data, organization_update
from arrimage.analysis.results import territory_results
from arrimage.analysis.services import overlap_complementary_mark
from arrimage.concertation.models import Concertation
from arrimage.concertation.services import membership_end, seat_abolish
from arrimage.core.dates import PartialDate
from arrimage.core.versions import registry_changed, registry_version
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 6, 1)
ANONYMOUS = None


@pytest.fixture
def mrc() -> Territory:
    return Territory.objects.by_code("mrc:31").get()


def _table(name: str, *, public: bool = True, organization=None) -> Concertation:
    concertation = ConcertationFactory.create(name=name, is_public=public, start_date=dt.date(2020, 1, 1))
    concertation.territories.set([Territory.objects.by_code("municipality:31084").get()])
    concertation.themes.set([theme("securite-alimentaire")])
    MembershipFactory.create(
        seat=SeatFactory.create(concertation=concertation),
        organization=organization or OrganizationFactory.create(),
        start_date=dt.date(2021, 1, 1),
    )
    return concertation


def _names(results) -> set[str]:
    return {c.name for c in results.snapshot.concertations}


def test_a_second_read_comes_from_the_cache(mrc):
    _table("Table alimentaire")
    first = territory_results(ANONYMOUS, mrc, on=ON)
    with CaptureQueriesContext(connection) as queries:
        second = territory_results(ANONYMOUS, mrc, on=ON)
    assert len(queries) == 1  # the data version
    assert _names(second) == _names(first) == {"Table alimentaire"}
    assert [p.ids for p in second.overlaps] == [p.ids for p in first.overlaps]


def test_every_write_to_the_registry_raises_the_version():
    before = registry_version()
    concertation = _table("Table")  # saves and many-to-many changes
    after_create = registry_version()
    concertation.themes.clear()
    after_clear = registry_version()
    concertation.delete()
    assert before < after_create < after_clear < registry_version()


def test_writes_outside_the_registry_leave_the_version_alone():
    before = registry_version()
    UserFactory.create()
    assert registry_version() == before


def test_renaming_an_organisation_shows_at_once(mrc):
    organization = OrganizationFactory.create(name="Ancien nom")
    _table("Table", organization=organization)
    assert {o.name for o in territory_results(ANONYMOUS, mrc, on=ON).snapshot.organizations} == {"Ancien nom"}
    user = UserFactory.create(is_superuser=True)
    organization_update(
        organization=organization,
        data=dataclasses.replace(organization_data(organization), name="Nouveau nom"),
        acting_user=user,
    )
    assert {o.name for o in territory_results(ANONYMOUS, mrc, on=ON).snapshot.organizations} == {"Nouveau nom"}


def test_ending_a_membership_and_abolishing_a_seat_show_at_once(mrc):
    concertation = _table("Table")
    user = UserFactory.create(is_superuser=True)
    assert territory_results(ANONYMOUS, mrc, on=ON).load.organizations
    membership = concertation.seats.get().memberships.get()
    membership_end(membership=membership, end=PartialDate(2022, 3, 15), reason="resigned", acting_user=user)
    assert not territory_results(ANONYMOUS, mrc, on=ON).load.organizations
    seat_abolish(seat=concertation.seats.get(), on=dt.date(2023, 1, 1), acting_user=user)
    results = territory_results(ANONYMOUS, mrc, on=ON)
    assert not any(seat.open(ON) for seat in results.snapshot.seats)


def test_a_pair_judged_complementary_leaves_the_cached_list(mrc):
    shared = OrganizationFactory.create()
    first, second = _table("Comité A", organization=shared), _table("Comité B", organization=shared)
    assert [p.ids for p in territory_results(ANONYMOUS, mrc, on=ON).overlaps] == [{first.pk, second.pk}]
    admin = UserFactory.create(is_superuser=True)
    overlap_complementary_mark(acting_user=admin, first=first, second=second, note="Publics différents.")
    assert territory_results(ANONYMOUS, mrc, on=ON).overlaps == []


def test_visitors_who_see_different_bodies_never_share_an_entry(mrc):
    _table("Table publique")
    _table("Table privée", public=False)
    admin = UserFactory.create(is_superuser=True)
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Table publique"}
    assert _names(territory_results(admin, mrc, on=ON)) == {"Table publique", "Table privée"}
    # Read again, from the cache, in the other order.
    assert _names(territory_results(admin, mrc, on=ON)) == {"Table publique", "Table privée"}
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Table publique"}
    member = UserFactory.create()
    assert _names(territory_results(member, mrc, on=ON)) == {"Table publique"}


def test_each_language_has_its_own_entry(mrc):
    _table("Table")
    with translation.override("fr"):
        french = {t.name for t in territory_results(ANONYMOUS, mrc, on=ON).snapshot.themes}
    with translation.override("en"):
        english = {t.name for t in territory_results(ANONYMOUS, mrc, on=ON).snapshot.themes}
    assert "Sécurité alimentaire" in french and "Sécurité alimentaire" not in english


def test_each_date_has_its_own_entry(mrc):
    _table("Table")
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Table"}
    assert _names(territory_results(ANONYMOUS, mrc, on=dt.date(2019, 1, 1))) == set()


def test_bulk_writes_announce_themselves(mrc):
    concertation = _table("Table")
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Table"}
    Concertation.objects.filter(pk=concertation.pk).update(name="Renommée en bloc")  # no signal
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Table"}  # still the cached entry
    registry_changed()  # what bulk writers call (synthetic data, reference territories, demo removal)
    assert _names(territory_results(ANONYMOUS, mrc, on=ON)) == {"Renommée en bloc"}


def test_the_memory_keeps_the_most_recent_results_within_its_weight():
    from arrimage.analysis.results import Memory

    memory = Memory(rows=10)
    memory.set("a", "A", 4)
    memory.set("b", "B", 4)
    assert memory.get("a") == "A"  # now the most recent
    memory.set("c", "C", 4)  # 12 rows: the least recent, b, goes
    assert memory.get("b") is None
    assert (memory.get("a"), memory.get("c")) == ("A", "C")
    memory.set("huge", "H", 50)  # heavier than the whole memory: kept alone
    assert memory.get("huge") == "H" and memory.get("a") is None and memory.get("c") is None
