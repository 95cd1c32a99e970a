"""The synthetic registry: counts in proportion to the scale, reproducible from its seed, and true to every
rule the database and the services hold, on the real territories loaded by the root conftest.py."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Concertation, Level, Membership, Seat, SeatType
from arrimage.core.text import search_key
from arrimage.demo.synth import (
    EMAIL_DOMAIN,
    MOST_HOLDINGS,
    _Generator,
    of_place,
    synth_clear,
    synth_generate,
)
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, PersonFactory, SeatFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def generate(scale: float = 0.01, seed: int = 7):
    return synth_generate(scale=scale, seed=seed, today=TODAY)


def test_counts_follow_the_scale():
    report = generate(0.01)

    assert Organization.objects.count() == report.counts["organizations"] == 120
    assert Person.objects.count() == report.counts["people"] == 250
    assert Concertation.objects.count() == report.counts["concertations"] == 40
    # About 80,000 memberships, 60,000 seats and 30,000 positions at scale 1.
    assert 550 <= Membership.objects.count() == report.counts["memberships"] <= 1100
    assert 450 <= Seat.objects.count() <= 800
    assert 200 <= Position.objects.count() <= 400
    seats_per_concertation = Counter(Seat.objects.values_list("concertation_id", flat=True))
    assert set(seats_per_concertation) == set(Concertation.objects.values_list("pk", flat=True))
    assert all(8 <= count <= 30 for count in seats_per_concertation.values())


def test_everything_is_marked_as_demonstration_data():
    generate()

    assert not Organization.objects.filter(is_demo=False).exists()
    assert not Person.objects.filter(is_demo=False).exists()
    assert not Concertation.objects.filter(is_demo=False).exists()
    emails = list(Person.objects.values_list("email", flat=True))
    assert all(email.endswith(f"@{EMAIL_DOMAIN}") for email in emails)
    assert len(set(emails)) == len(emails)
    for name, acronym, key in Organization.objects.values_list("name", "acronym", "search_key"):
        assert key == search_key(f"{name} {acronym}")
    for name, key in Concertation.objects.values_list("name", "search_key"):
        assert key == search_key(name)


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    def snapshot():
        return (
            list(Organization.objects.order_by("pk").values_list("name", "sector", "start_date")),
            list(Person.objects.order_by("pk").values_list("given_name", "family_name", "email")),
            list(Concertation.objects.order_by("pk").values_list("name", "level", "start_date")),
            list(Membership.objects.order_by("pk").values_list("start_date", "end_date", "end_reason", "role")),
        )

    first = generate(seed=11)
    data = snapshot()
    synth_clear()
    again = generate(seed=11)
    assert again.counts == first.counts
    assert snapshot() == data

    synth_clear()
    generate(seed=12)
    other = snapshot()
    assert other[0] != data[0]
    assert other[1] != data[1]
    assert other[2] != data[2]


def test_holdings_keep_the_rules_of_the_database_and_the_services():
    generate(0.02)
    memberships = list(Membership.objects.select_related("seat"))
    assert memberships

    by_seat = defaultdict(list)
    by_person_and_table = defaultdict(list)
    for membership in memberships:
        # A holder, dates in order, a reason only with an end.
        assert membership.person_id is not None or membership.organization_id is not None
        if membership.start_date and membership.end_date:
            assert membership.start_date <= membership.end_date
        assert membership.end_date is not None or membership.end_reason == ""
        assert membership.end_date is None or membership.end_date <= TODAY
        # Never held after the seat was abolished.
        if membership.seat.abolished_on:
            assert membership.start_date is None or membership.start_date < membership.seat.abolished_on
            assert membership.end_date is not None and membership.end_date <= membership.seat.abolished_on
        # The widest reading of partial dates: a start from its first day, an end to its last.
        span = (membership.start_date or dt.date.min, membership.end_date or dt.date.max)
        by_seat[membership.seat_id].append(span)
        if membership.person_id is not None:
            by_person_and_table[membership.person_id, membership.seat.concertation_id].append(span)

    def overlapping(spans):
        return any(later[0] <= earlier[1] for earlier, later in pairwise(sorted(spans)))

    assert not any(overlapping(spans) for spans in by_seat.values())
    assert not any(overlapping(spans) for spans in by_person_and_table.values())
    open_per_seat = Counter(m.seat_id for m in memberships if m.end_date is None)
    assert max(open_per_seat.values()) == 1
    # Turnover, vacancies and partial dates are all present.
    assert any(len(spans) >= 3 for spans in by_seat.values())
    assert Seat.objects.exclude(memberships__end_date__isnull=True).exists()
    assert {m.start_precision for m in memberships} == {"day", "month", "year"}
    assert {"replaced", "mandate_over", "left_organization"} <= {m.end_reason for m in memberships}


def test_positions_cover_the_holdings_made_for_an_employer():
    generate(0.02)
    positions: dict[tuple[int | None, int | None], list[Position]] = defaultdict(list)
    for position in Position.objects.all():
        assert position.start_date is not None
        assert position.end_date is None or position.start_date <= position.end_date
        positions[position.person_id, position.organization_id].append(position)
    for membership in Membership.objects.filter(person__isnull=False, organization__isnull=False):
        if membership.start_date is None:
            continue
        held = positions.get((membership.person_id, membership.organization_id), [])
        assert any(p.start_date is not None and p.start_date <= membership.start_date for p in held)


def test_citizen_seats_are_held_by_citizens_and_about_one_seat_in_ten():
    generate(0.02)
    seats = Seat.objects.count()
    citizen_seats = Seat.objects.filter(seat_type__in=SeatType.citizen_types()).count()
    assert 0.05 <= citizen_seats / seats <= 0.16
    holders = Membership.objects.filter(seat__seat_type__in=SeatType.citizen_types(), person__isnull=False)
    assert holders.filter(person__is_citizen=True).count() >= 0.8 * holders.count()
    assert not holders.filter(organization__isnull=False, person__is_citizen=True).exists()


def test_a_few_people_hold_many_seats():
    generate(0.05)
    per_person = Counter(Membership.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    counts = sorted(per_person.values())
    assert counts[-1] >= 3 * statistics.median(counts)
    assert counts[-1] >= 10
    assert counts[-1] <= MOST_HOLDINGS


def test_every_concertation_has_territories_of_its_level_and_one_to_four_themes():
    generate(0.02)
    expected_kinds: dict[str, set[str]] = {
        Level.LOCAL: {"municipality", "borough"},
        Level.SUPRALOCAL: {"mrc"},
        Level.REGIONAL: {"region"},
        Level.NATIONAL: {"province"},
    }
    for concertation in Concertation.objects.prefetch_related("territories", "themes"):
        kinds = {territory.kind for territory in concertation.territories.all()}
        assert kinds, concertation.name
        assert kinds <= expected_kinds[concertation.level], concertation.name
        assert 1 <= len(concertation.themes.all()) <= 4
    assert set(Concertation.objects.values_list("level", flat=True)) == set(expected_kinds)
    assert Concertation.objects.filter(parent__isnull=False).exists()
    for organization in Organization.objects.prefetch_related("territories_served")[:50]:
        assert organization.territories_served.all()


def test_places_get_concertations_by_population_and_every_mrc_some():
    generator = _Generator(scale=0.1, seed=3, today=TODAY, progress=None)
    generator.plan_organizations()
    generator.plan_concertations()
    supralocal = Counter(c.place.id for c in generator.concertations if c.level == Level.SUPRALOCAL)
    assert set(supralocal) == {mrc.id for mrc in generator.mrcs}

    def in_region(code: str) -> int:
        region = Territory.objects.get(kind="region", code=code).pk
        return sum(1 for c in generator.concertations if c.place.region_id == region)

    assert in_region("06") > 3 * in_region("09")  # Montréal, Côte-Nord
    organizations = Counter(org.place.region_id for org in generator.orgs)
    montreal, cote_nord = (Territory.objects.get(kind="region", code=code).pk for code in ("06", "09"))
    assert organizations[montreal] > 3 * organizations[cote_nord]


def test_clear_removes_the_synthetic_data_only():
    real_organization = OrganizationFactory(acronym="")
    real_person = PersonFactory()
    demo_concertation = ConcertationFactory(is_demo=True, acronym="")  # hand-made demonstration data: kept
    real_membership = MembershipFactory(
        seat=SeatFactory(concertation=demo_concertation), organization=OrganizationFactory(acronym="")
    )
    generate()
    assert Membership.objects.count() > 1

    removed = synth_clear()

    assert removed["organizations"] == 120
    assert removed["people"] == 250
    assert removed["concertations"] == 40
    assert list(Membership.objects.all()) == [real_membership]
    assert set(Organization.objects.all()) == {real_organization, real_membership.organization}
    assert set(Person.objects.all()) == {real_person, real_membership.person}
    assert list(Concertation.objects.all()) == [demo_concertation]
    assert list(Seat.objects.all()) == [real_membership.seat]
    assert not Position.objects.exists()


def test_french_place_names():
    assert of_place("Rimouski") == "de Rimouski"
    assert of_place("Amos") == "d'Amos"
    assert of_place("Les Etchemins") == "des Etchemins"
    assert of_place("Le Granit") == "du Granit"
    assert of_place("La Tuque") == "de La Tuque"
    assert of_place("Îles-de-la-Madeleine") == "d'Îles-de-la-Madeleine"


def test_command_writes_then_refuses_to_write_twice_without_clear():
    out = StringIO()
    call_command("synth", scale=0.01, seed=5, stdout=out)
    assert "12" in out.getvalue() and Organization.objects.count() == 120

    with pytest.raises(CommandError):
        call_command("synth", scale=0.01, seed=5, stdout=StringIO())

    call_command("synth", scale=0.01, seed=5, clear=True, stdout=StringIO())
    assert Organization.objects.count() == 120
    assert Person.objects.count() == 250
