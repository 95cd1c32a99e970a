"""Model-level reading of organisations, people and positions: partial dates, names, current positions."""

from __future__ import annotations

import datetime as dt

import pytest

from arrimage.actors.models import Organization, Person, Position
from arrimage.core.dates import PartialDate


def test_partial_dates_read_back_at_their_precision():
    org = Organization(
        start_date=dt.date(2019, 1, 1), start_precision="year", end_date=dt.date(2021, 3, 31), end_precision="month"
    )
    assert org.start == PartialDate(2019)
    assert org.end == PartialDate(2021, 3)
    assert Organization().start is None
    assert Organization().end is None


@pytest.mark.parametrize(
    ("start", "end", "on", "current"),
    [
        (None, None, dt.date(2020, 1, 1), True),
        (dt.date(2020, 1, 1), None, dt.date(2019, 12, 31), False),
        (dt.date(2020, 1, 1), None, dt.date(2020, 1, 1), True),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), dt.date(2020, 12, 31), True),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), dt.date(2021, 1, 1), False),
    ],
)
def test_is_current_includes_both_ends(start, end, on, current):
    assert Position(start_date=start, end_date=end).is_current(on) is current


def test_names():
    assert str(Organization(name="Corporation de développement communautaire", acronym="CDC")) == (
        "Corporation de développement communautaire (CDC)"
    )
    assert Organization(name="Centraide", acronym="").short_name == "Centraide"
    assert Organization(name="Corporation", acronym="CDC").short_name == "CDC"
    assert str(Person(given_name="Marie-Ève", family_name="Lévesque")) == "Marie-Ève Lévesque"
    assert Person(given_name="", family_name="Lévesque").full_name == "Lévesque"


@pytest.mark.django_db
def test_current_positions_queryset_matches_is_current():
    org = Organization.objects.create(name="Organisme", sector="community")
    someone = Person.objects.create(given_name="Alex", family_name="Gagnon")
    rows = [
        Position.objects.create(person=someone, organization=org, start_date=start, end_date=end)
        for start, end in [(None, None), (dt.date(2020, 1, 1), dt.date(2020, 12, 31)), (dt.date(2022, 1, 1), None)]
    ]
    for on in [dt.date(2019, 1, 1), dt.date(2020, 12, 31), dt.date(2021, 6, 1), dt.date(2022, 1, 1)]:
        assert set(Position.objects.current(on)) == {row for row in rows if row.is_current(on)}
