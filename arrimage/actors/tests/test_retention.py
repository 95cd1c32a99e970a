"""Retention: contact details of people inactive for N years are emptied, here and in their history."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from arrimage.actors.models import Person
from arrimage.actors.retention import retention_apply, retention_cutoff, retention_due
from tests.factories import MembershipFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
LONG_AGO = dt.datetime(2022, 1, 1, 12, tzinfo=dt.UTC)  # more than three years before TODAY
RECENTLY = dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC)


def _person(updated: dt.datetime, **values) -> Person:
    person = PersonFactory.create(phone="418 555-0101", **values)
    Person.objects.filter(pk=person.pk).update(updated_at=updated)
    return person


@pytest.fixture
def people() -> dict[str, Person]:
    found = {
        "inactive": _person(LONG_AGO),
        "updated_recently": _person(RECENTLY),
        "current_job": _person(LONG_AGO),
        "job_ended_recently": _person(LONG_AGO),
        "job_ended_long_ago": _person(LONG_AGO),
        "current_seat": _person(LONG_AGO),
        "seat_ended_recently": _person(LONG_AGO),
    }
    PositionFactory.create(person=found["current_job"], start_date=dt.date(2015, 1, 1))
    PositionFactory.create(
        person=found["job_ended_recently"], start_date=dt.date(2015, 1, 1), end_date=dt.date(2024, 12, 31)
    )
    PositionFactory.create(
        person=found["job_ended_long_ago"], start_date=dt.date(2015, 1, 1), end_date=dt.date(2020, 12, 31)
    )
    MembershipFactory.create(person=found["current_seat"], start_date=dt.date(2018, 1, 1))
    MembershipFactory.create(
        person=found["seat_ended_recently"], start_date=dt.date(2018, 1, 1), end_date=dt.date(2025, 3, 1)
    )
    for person in found.values():  # the factories touched nothing, but make sure of the dates
        Person.objects.filter(pk=person.pk).update(
            updated_at=RECENTLY if person is found["updated_recently"] else LONG_AGO
        )
    return found


def test_cutoff_counts_whole_years() -> None:
    assert retention_cutoff(today=TODAY, years=3) == dt.date(2023, 6, 1)
    assert retention_cutoff(today=dt.date(2024, 2, 29), years=3) == dt.date(2021, 2, 28)


def test_only_the_inactive_are_due(people: dict[str, Person]) -> None:
    due = set(retention_due(today=TODAY, years=3).values_list("pk", flat=True))
    assert due == {people["inactive"].pk, people["job_ended_long_ago"].pk}
    # A shorter period reaches those whose activity ended before it.
    due = set(retention_due(today=TODAY, years=1).values_list("pk", flat=True))
    assert people["job_ended_recently"].pk in due
    assert people["current_job"].pk not in due and people["current_seat"].pk not in due


def test_apply_empties_contacts_in_the_record_and_its_history(people: dict[str, Person]) -> None:
    inactive = people["inactive"]
    email = inactive.email
    assert Person.history.filter(id=inactive.pk, email=email).exists()
    report = retention_apply(today=TODAY, years=3)
    assert (report.count, report.applied) == (2, True)
    inactive.refresh_from_db()
    assert (inactive.email, inactive.phone) == ("", "")
    assert inactive.family_name and inactive.given_name, "the name stays"
    assert not Person.history.filter(id=inactive.pk, email=email).exists()
    assert inactive.history.first().history_change_reason == "retention: inactive for 3 years"
    kept = people["current_job"]
    kept.refresh_from_db()
    assert kept.email and kept.phone
    # Done once: the people emptied are not due again.
    assert retention_apply(today=TODAY, years=3).count == 0


def test_dry_run_changes_nothing(people: dict[str, Person]) -> None:
    report = retention_apply(today=TODAY, years=3, dry_run=True)
    assert (report.count, report.applied) == (2, False)
    assert Person.objects.exclude(email="").count() == len(people)


@override_settings(ARRIMAGE_RETENTION_YEARS=3)
def test_command_reads_the_setting(people: dict[str, Person]) -> None:
    # The command counts from today: move the activity dates relative to today.
    shift = timezone.localdate() - TODAY
    Person.objects.update(updated_at=LONG_AGO + shift)
    Person.objects.filter(pk=people["updated_recently"].pk).update(updated_at=RECENTLY + shift)
    out = StringIO()
    with translation.override("en"):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "Dry run: " in out.getvalue() and "inactive for 3 years" in out.getvalue()
    assert Person.objects.exclude(email="").count() == len(people)
    with translation.override("en"):
        call_command("apply_retention", stdout=out)
    assert "Contact details emptied for" in out.getvalue()
    assert Person.objects.filter(pk=people["inactive"].pk, email="").exists()
