"""Erasure: the identity goes from the record, its history and the import records; holdings stay."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arrimage.actors.models import Consent, Person
from arrimage.concertation.models import Membership
from arrimage.concertation.selectors import concertation_seats
from arrimage.privacy.erasure import person_erase
from tests.factories import UserFactory

from .people import FAMILY, RichPerson, rich_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(db: None) -> RichPerson:
    return rich_person()


def _turnover(rich: RichPerson) -> list[tuple[int, int, bool]]:
    states = concertation_seats(rich.concertation, private_view=False)
    return [(state.seat.pk, state.turnover, state.is_vacant) for state in states]


def _rows_text(queryset) -> str:
    return " ".join(str(value) for row in queryset.values() for value in row.values())


def test_erasure_removes_the_identity_everywhere(rich: RichPerson) -> None:
    admin = UserFactory.create(is_superuser=True)
    memberships = Membership.objects.count()
    mine = Membership.objects.filter(person=rich.person).count()
    turnover = _turnover(rich)
    erased = person_erase(person=rich.person, acting_user=admin, reason="Demande reçue le 2026-03-01")

    assert erased.erased_on == timezone.localdate()
    with translation.override("en"):
        assert str(erased) == "Erased person"
    assert erased.family_name == "Personne effacée" and erased.given_name == ""
    assert (erased.email, erased.phone, erased.notes, erased.search_key, erased.user) == ("", "", "", "", None)
    assert erased.public_consent is False and erased.is_citizen is True
    assert not Consent.objects.filter(person=erased).exists()
    assert not Consent.history.filter(person_id=erased.pk).exists()
    text = _rows_text(Person.history.filter(id=erased.pk)) + _rows_text(Person.objects.filter(pk=erased.pk))
    text += _rows_text(Membership.history.filter(person_id=erased.pk)) + _rows_text(Membership.objects.all())
    rich.import_change.refresh_from_db()
    text += str(rich.import_change.before)
    for secret in [*rich.secrets, "Trudel"]:
        assert secret not in text, secret
    # Holdings stay, anonymous: the seats are held, the turnover is the same.
    assert Membership.objects.count() == memberships
    assert Membership.objects.filter(person=erased).count() == mine
    assert _turnover(rich) == turnover
    # The audit entry says who erased and why, never who was erased.
    entry = erased.history.first()
    assert entry.history_user == admin
    assert entry.history_change_reason == "erasure: Demande reçue le 2026-03-01"
    assert FAMILY not in entry.history_change_reason


def test_erasure_needs_a_reason_and_happens_once(rich: RichPerson) -> None:
    with pytest.raises(ValidationError) as error:
        person_erase(person=rich.person, acting_user=None, reason="  ")
    assert "reason" in error.value.message_dict
    assert Person.objects.get(pk=rich.person.pk).family_name == FAMILY
    person_erase(person=rich.person, acting_user=None, reason="Demande écrite")
    with pytest.raises(ValidationError):
        person_erase(person=rich.person, acting_user=None, reason="Demande écrite")


def test_lists_reading_only_the_names_name_people_without_another_query(
    rich: RichPerson, django_assert_num_queries
) -> None:
    """Pages and reports read people with `only(names)`: naming them, erased or not, costs no query."""
    person_erase(person=rich.person, acting_user=UserFactory.create(is_superuser=True), reason="Demande écrite")
    other = Person.objects.create(given_name="Léa", family_name="Roy")
    people = list(Person.objects.filter(pk__in=[rich.person.pk, other.pk]).only("pk", "given_name", "family_name"))
    with django_assert_num_queries(0), translation.override("en"):
        assert sorted(str(person) for person in people) == ["Erased person", "Léa Roy"]
