"""A territorial editor's checks over many tables and people cost a fixed number of queries, and decide as
the one-by-one checks do."""

from __future__ import annotations

import pytest

from arrimage.access import policy
from arrimage.access.models import RoleKind
from arrimage.actors.models import Person
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def editor_of(public_id: str):
    kind, code = public_id.split(":")
    user = UserFactory.create()
    RoleGrantFactory.create(
        user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=Territory.objects.get(kind=kind, code=code)
    )
    return user


def municipalities(count: int, *, region: str) -> list[Territory]:
    return list(Territory.objects.filter(kind="municipality", parent__parent__code=region).order_by("code")[:count])


def people_seated_in(places: list[Territory]) -> list[Person]:
    people = []
    for place in places:
        concertation = ConcertationFactory.create(is_public=False)
        concertation.territories.add(place)
        person = PersonFactory.create(public_consent=False)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person, organization=None)
        people.append(person)
    return people


def test_covering_many_places_reads_the_tree_once(django_assert_max_num_queries):
    user = editor_of("region:03")
    places = municipalities(4, region="03") + municipalities(4, region="12")
    concertations = []
    for place in places:
        concertation = ConcertationFactory.create(is_public=False)
        concertation.territories.add(place)
        concertations.append(concertation)
    listed = list(Concertation.objects.filter(pk__in=[c.pk for c in concertations]).prefetch_related("territories"))
    policy.can_edit_concertation(user, listed[0])
    with django_assert_max_num_queries(0):
        decided = [policy.can_edit_concertation(user, c) for c in listed]
    assert decided == [True] * 4 + [False] * 4


def test_priming_people_decides_as_one_by_one(django_assert_num_queries):
    user = editor_of("region:03")
    inside = people_seated_in(municipalities(3, region="03"))
    outside = people_seated_in(municipalities(3, region="12"))
    worker = PersonFactory.create(public_consent=False)
    organization = OrganizationFactory.create()
    organization.territories_served.add(municipalities(1, region="03")[0])
    PositionFactory.create(person=worker, organization=organization)
    ids = [p.pk for p in [*inside, *outside, worker]]
    one_by_one = [policy.can_view_person(user, Person.objects.get(pk=pk)) for pk in ids]
    assert one_by_one == [True, True, True, False, False, False, True]

    user = type(user).objects.get(pk=user.pk)  # a new request: nothing remembered
    people = list(Person.objects.filter(pk__in=ids).order_by("pk"))
    policy.prime_people(user, people)
    with django_assert_num_queries(2):  # the reader's own person record, and the territory tree, once
        batch = [policy.can_view_person(user, person) for person in people]
    assert batch == one_by_one
