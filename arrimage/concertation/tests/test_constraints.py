"""The database keeps the registry's invariants even when the services are bypassed (imports, scripts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Concertation, Membership, Seat

pytestmark = pytest.mark.django_db

EARLY, LATE = dt.date(2020, 1, 1), dt.date(2021, 1, 1)


def refused(model: Any, **values: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


@pytest.fixture
def org() -> Organization:
    return Organization.objects.create(name="Organisme", sector="community")


@pytest.fixture
def person() -> Person:
    return Person.objects.create(given_name="Alex", family_name="Gagnon")


@pytest.fixture
def table() -> Concertation:
    return Concertation.objects.create(name="Table", kind="table", level="local")


@pytest.fixture
def seat(table) -> Seat:
    return Seat.objects.create(concertation=table, label="Siège")


class TestDatesOrdered:
    def test_organization(self):
        refused(Organization, name="Organisme", sector="community", start_date=LATE, end_date=EARLY)
        Organization.objects.create(name="Organisme", sector="community", start_date=EARLY, end_date=EARLY)

    def test_position(self, person, org):
        refused(Position, person=person, organization=org, start_date=LATE, end_date=EARLY)
        Position.objects.create(person=person, organization=org, start_date=EARLY, end_date=LATE)

    def test_concertation(self):
        refused(Concertation, name="Table", kind="table", level="local", start_date=LATE, end_date=EARLY)

    def test_membership(self, seat, person):
        refused(Membership, seat=seat, person=person, start_date=LATE, end_date=EARLY)
        Membership.objects.create(seat=seat, person=person, start_date=EARLY, end_date=LATE)

    def test_seat(self, table):
        refused(Seat, concertation=table, label="Siège", created_on=LATE, abolished_on=EARLY)
        Seat.objects.create(concertation=table, label="Siège", created_on=EARLY, abolished_on=LATE)

    def test_bulk_create_is_refused_too(self, seat, person):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.bulk_create([Membership(seat=seat, person=person, start_date=LATE, end_date=EARLY)])


class TestMembership:
    def test_one_open_holding_per_seat(self, seat, person):
        Membership.objects.create(seat=seat, person=person, start_date=EARLY)
        refused(Membership, seat=seat, person=Person.objects.create(given_name="B", family_name="C"), start_date=LATE)
        # Closed holdings are not limited by the database (the service reasons about their dates).
        Membership.objects.create(seat=seat, person=person, start_date=EARLY, end_date=LATE)

    def test_bulk_open_holdings_are_refused(self, seat, person):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.bulk_create([Membership(seat=seat, person=person), Membership(seat=seat, person=person)])

    def test_holder_present(self, seat, org, person):
        refused(Membership, seat=seat)
        Membership.objects.create(seat=seat, organization=org, end_date=EARLY)
        Membership.objects.create(seat=seat, person=person)

    def test_end_reason_needs_an_end(self, seat, person):
        refused(Membership, seat=seat, person=person, end_reason="resigned")
        Membership.objects.create(seat=seat, person=person, end_date=EARLY, end_reason="resigned")

    def test_an_update_cannot_slip_past(self, seat, person):
        holding = Membership.objects.create(seat=seat, person=person, start_date=LATE)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(pk=holding.pk).update(end_date=EARLY)


class TestNames:
    def test_empty_names_are_refused(self, table):
        refused(Organization, name="", sector="community")
        refused(Concertation, name="", kind="table", level="local")
        refused(Seat, concertation=table, label="")
        refused(Person, given_name="", family_name="")

    def test_unique_neq_but_many_empty(self):
        Organization.objects.create(name="A", sector="community", neq="1234567890")
        refused(Organization, name="B", sector="community", neq="1234567890")
        Organization.objects.create(name="C", sector="community")
        Organization.objects.create(name="D", sector="community")

    def test_a_concertation_is_not_its_own_parent(self, table):
        with pytest.raises(IntegrityError), transaction.atomic():
            Concertation.objects.filter(pk=table.pk).update(parent=table)
