"""Consents: recorded with a date and a scope, withdrawn, kept in step with `Person.public_consent`."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arrimage.actors.models import Consent, ConsentScope, ConsentSource, Person
from arrimage.actors.services import PersonData, consent_give, consent_withdraw, person_create, person_update
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = ConsentScope.PUBLIC_LISTING
CONTACT = ConsentScope.PARTNER_CONTACT


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_giving_public_listing_makes_the_name_public_from_that_day() -> None:
    person = PersonFactory.create()
    user = UserFactory.create()
    consent = consent_give(
        person=person,
        scope=PUBLIC,
        given_on=dt.date(2024, 5, 2),
        source=ConsentSource.WRITING,
        note="Formulaire signé",
        acting_user=user,
    )
    person.refresh_from_db()
    assert (consent.given_on, consent.withdrawn_on, consent.recorded_by) == (dt.date(2024, 5, 2), None, user)
    assert (person.public_consent, person.public_consent_on) == (True, dt.date(2024, 5, 2))
    assert consent.history.first().history_user == user
    assert person.history.first().history_change_reason == "consent given"


def test_withdrawing_hides_the_name_and_keeps_the_story() -> None:
    person = PersonFactory.create()
    consent_give(person=person, scope=PUBLIC, given_on=dt.date(2024, 5, 2), acting_user=None)
    withdrawn = consent_withdraw(person=person, scope=PUBLIC, withdrawn_on=dt.date(2025, 1, 10), acting_user=None)
    person.refresh_from_db()
    assert withdrawn.withdrawn_on == dt.date(2025, 1, 10)
    assert (person.public_consent, person.public_consent_on) == (False, None)
    # Given again later: a new consent, the old one stays in the record.
    consent_give(person=person, scope=PUBLIC, given_on=dt.date(2025, 6, 1), acting_user=None)
    assert Consent.objects.filter(person=person).count() == 2


def test_partner_contact_does_not_make_the_name_public() -> None:
    person = PersonFactory.create()
    consent_give(person=person, scope=CONTACT, acting_user=None)
    person.refresh_from_db()
    assert person.public_consent is False
    assert person.consents.current().get().given_on == timezone.localdate()


def test_refusals_are_clear() -> None:
    person = PersonFactory.create()
    future = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        consent_give(person=person, scope=PUBLIC, given_on=future, acting_user=None)
    assert "given_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consent_withdraw(person=person, scope=PUBLIC, acting_user=None)
    assert "nothing to withdraw" in error.value.message_dict["scope"][0]
    consent_give(person=person, scope=PUBLIC, given_on=dt.date(2024, 5, 2), acting_user=None)
    with pytest.raises(ValidationError) as error:
        consent_give(person=person, scope=PUBLIC, acting_user=None)
    assert "since 2024-05-02" in error.value.message_dict["scope"][0]
    with pytest.raises(ValidationError) as error:
        consent_withdraw(person=person, scope=PUBLIC, withdrawn_on=dt.date(2024, 1, 1), acting_user=None)
    assert "withdrawn_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        consent_give(person=person, scope="everything", acting_user=None)
    assert Consent.objects.filter(person=person).count() == 1


def test_the_record_checkbox_gives_and_withdraws_the_consent() -> None:
    person = person_create(data=PersonData("Léa", "Roy", public_consent=True), acting_user=None)
    consent = person.consents.get()
    assert (consent.scope, consent.given_on, consent.source) == (PUBLIC, timezone.localdate(), ConsentSource.RECORD)
    person = person_update(person=person, data=PersonData("Léa", "Roy", public_consent=False), acting_user=None)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert not person.consents.current().exists()
    person = person_update(person=person, data=PersonData("Léa", "Roy", public_consent=True), acting_user=None)
    assert person.consents.current().count() == 1
    assert person.consents.count() == 2


def test_migration_records_the_consents_given_before() -> None:
    migration = importlib.import_module("arrimage.actors.migrations.0003_consents")
    dated = PersonFactory.create(public_consent=True, public_consent_on=dt.date(2021, 3, 4))
    undated = PersonFactory.create(public_consent=True)
    PersonFactory.create(public_consent=False)
    Person.objects.filter(pk=undated.pk).update(created_at=dt.datetime(2020, 7, 8, 12, tzinfo=dt.UTC))
    migration.record_given_consents(apps, None)
    given = dict(Consent.objects.filter(scope=PUBLIC).values_list("person_id", "given_on"))
    assert given == {dated.pk: dt.date(2021, 3, 4), undated.pk: dt.date(2020, 7, 8)}


def test_administrators_read_the_consents_in_the_admin_without_writing_there(client) -> None:
    person = PersonFactory.create(family_name="Consentante")
    consent_give(person=person, scope=ConsentScope.PUBLIC_LISTING, given_on=dt.date(2024, 5, 1), acting_user=None)
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    listing = client.get("/admin/actors/consent/")
    assert listing.status_code == 200 and "Consentante" in listing.content.decode()
    assert client.get("/admin/actors/consent/add/").status_code == 403
    client.force_login(UserFactory.create(is_staff=True))
    assert client.get("/admin/actors/consent/").status_code in {302, 403}
