"""Writes to organisations, people and positions: validation, history, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arrimage.actors.models import Organization, Person, Position
from arrimage.actors.services import (
    OrganizationData,
    PersonData,
    organization_create,
    organization_update,
    person_create,
    person_update,
    position_end,
    position_start,
)
from arrimage.core.dates import PartialDate
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

STALE = (
    "Someone else saved this record while you were editing it. Reload the page to see their changes, then make "
    "yours again."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def organization(**values):  # the factories return the model (untyped for the type checker)
    return OrganizationFactory(**values)


def someone(**values):
    return PersonFactory(**values)


def a_position(**values):
    return PositionFactory(**values)


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def data(**values) -> OrganizationData:
    return OrganizationData(
        **{"name": "Corporation de développement communautaire de Beauport", "sector": "community"} | values
    )


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


class TestOrganizationCreate:
    def test_creates_with_its_territories_and_history(self):
        user = UserFactory()
        beauport = territory("borough:REQ05")
        quebec = territory("municipality:23027")
        org = organization_create(
            data=data(acronym=" CDCB ", territories_served=[beauport, quebec], start=PartialDate(1998)),
            acting_user=user,
        )
        org.refresh_from_db()
        assert org.acronym == "CDCB"
        assert set(org.territories_served.all()) == {beauport, quebec}
        assert org.start == PartialDate(1998)
        assert org.start_date == dt.date(1998, 1, 1)
        record = org.history.get()
        assert record.history_user == user
        assert record.history_change_reason == "create"

    def test_search_key_holds_the_name_acronym_and_other_names(self):
        org = organization_create(
            data=data(name="Regroupement   des  organismes", acronym="ROC-Q", other_names=["  Le Regroupement ", ""]),
            acting_user=None,
        )
        assert org.name == "Regroupement des organismes"
        assert org.other_names == ["Le Regroupement"]
        for query in ["roc", "ROC Q", "le regroupement", "organismes"]:
            assert list(Organization.objects.matching(query)) == [org]

    @pytest.mark.parametrize("neq", ["1234567890", "1234 567 890", " 1234567890 "])
    def test_neq_of_ten_digits(self, neq):
        assert organization_create(data=data(neq=neq), acting_user=None).neq == "1234567890"

    @pytest.mark.parametrize("neq", ["123456789", "12345678901", "12345abcde", "NEQ1234567"])
    def test_neq_of_another_length_is_refused_on_its_field(self, neq):
        with pytest.raises(ValidationError) as error:
            organization_create(data=data(neq=neq), acting_user=None)
        assert list(messages(error)) == ["neq"]
        assert "A Québec enterprise number (NEQ) has exactly 10 digits." in messages(error)["neq"]
        assert not Organization.objects.exists()

    def test_duplicate_neq_is_refused_on_its_field(self):
        organization_create(data=data(neq="1234567890"), acting_user=None)
        with pytest.raises(ValidationError) as error:
            organization_create(data=data(name="Autre organisme", neq="1234 567 890"), acting_user=None)
        assert messages(error) == {"neq": ["Another organisation already has this NEQ."]}
        assert Organization.objects.count() == 1

    def test_duplicate_neq_message_in_french(self):
        organization_create(data=data(neq="1234567890"), acting_user=None)
        with translation.override("fr"), pytest.raises(ValidationError) as error:
            organization_create(data=data(name="Autre organisme", neq="1234567890"), acting_user=None)
        assert messages(error) == {"neq": ["Une autre organisation a déjà ce NEQ."]}

    def test_two_organisations_without_neq(self):
        organization_create(data=data(), acting_user=None)
        organization_create(data=data(name="Autre"), acting_user=None)
        assert Organization.objects.filter(neq="").count() == 2

    @pytest.mark.parametrize("name", ["", "   "])
    def test_a_name_is_needed(self, name):
        with pytest.raises(ValidationError) as error:
            organization_create(data=data(name=name), acting_user=None)
        assert "name" in messages(error)

    def test_unknown_sector_is_refused(self):
        with pytest.raises(ValidationError) as error:
            organization_create(data=data(sector="bakery"), acting_user=None)
        assert "sector" in messages(error)

    def test_end_before_start_is_refused(self):
        with pytest.raises(ValidationError):
            organization_create(data=data(start=PartialDate(2020), end=PartialDate(2019)), acting_user=None)
        assert not Organization.objects.exists()


class TestOrganizationUpdate:
    def test_changes_fields_territories_and_version(self):
        org = organization_create(data=data(territories_served=[territory("mrc:23")]), acting_user=None)
        user = UserFactory()
        updated = organization_update(
            organization=org,
            data=data(name="CDC de Beauport", acronym="CDCB", territories_served=[territory("borough:REQ05")]),
            acting_user=user,
            expected_version=1,
        )
        updated.refresh_from_db()
        assert updated.name == "CDC de Beauport"
        assert updated.version == 2
        assert [t.public_id for t in updated.territories_served.all()] == ["borough:REQ05"]
        assert list(Organization.objects.matching("cdcb")) == [updated]
        assert updated.history.latest("history_id").history_user == user

    def test_stale_version_is_refused_and_nothing_saved(self):
        org = organization_create(data=data(), acting_user=None)
        organization_update(organization=org, data=data(mission="Première"), acting_user=None, expected_version=1)
        with pytest.raises(ValidationError) as error:
            organization_update(
                organization=org,
                data=data(mission="Seconde", territories_served=[territory("mrc:23")]),
                acting_user=None,
                expected_version=1,
            )
        assert error.value.messages == [STALE]
        assert error.value.code == "stale"
        org.refresh_from_db()
        assert org.mission == "Première"
        assert org.version == 2
        assert not org.territories_served.exists()

    def test_stale_message_in_french(self):
        org = organization_create(data=data(), acting_user=None)
        organization_update(organization=org, data=data(), acting_user=None)
        with translation.override("fr"), pytest.raises(ValidationError) as error:
            organization_update(organization=org, data=data(), acting_user=None, expected_version=1)
        assert error.value.messages == [
            "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. Rechargez la page pour voir "
            "ses changements, puis refaites les vôtres."
        ]

    def test_own_parent_is_refused(self):
        org = organization_create(data=data(), acting_user=None)
        with pytest.raises(ValidationError) as error:
            organization_update(organization=org, data=data(parent=org), acting_user=None)
        assert messages(error) == {"parent": ["An organisation cannot be its own parent."]}
        org.refresh_from_db()
        assert org.parent is None

    def test_a_parent_cycle_is_refused(self):
        grandparent = organization_create(data=data(name="Grand-parent"), acting_user=None)
        parent = organization_create(data=data(name="Parent", parent=grandparent), acting_user=None)
        child = organization_create(data=data(name="Enfant", parent=parent), acting_user=None)
        with pytest.raises(ValidationError) as error:
            organization_update(
                organization=grandparent, data=data(name="Grand-parent", parent=child), acting_user=None
            )
        assert list(messages(error)) == ["parent"]
        grandparent.refresh_from_db()
        assert grandparent.parent is None

    def test_a_parent_chain_is_allowed(self):
        parent = organization_create(data=data(name="Parent"), acting_user=None)
        child = organization_create(data=data(name="Enfant"), acting_user=None)
        assert (
            organization_update(organization=child, data=data(name="Enfant", parent=parent), acting_user=None).parent
            == parent
        )

    def test_keeping_its_own_neq_is_not_a_duplicate(self):
        org = organization_create(data=data(neq="1234567890"), acting_user=None)
        organization_update(organization=org, data=data(neq="1234567890", mission="Nouvelle"), acting_user=None)

    def test_taking_another_organisations_neq_is_refused(self):
        organization_create(data=data(neq="1234567890"), acting_user=None)
        other = organization_create(data=data(name="Autre"), acting_user=None)
        with pytest.raises(ValidationError) as error:
            organization_update(organization=other, data=data(name="Autre", neq="1234567890"), acting_user=None)
        assert messages(error) == {"neq": ["Another organisation already has this NEQ."]}


def person_data(**values) -> PersonData:
    return PersonData(**{"given_name": "Marie-Ève", "family_name": "Lévesque"} | values)


class TestPerson:
    def test_create_cleans_the_fields(self):
        person = person_create(
            data=person_data(given_name="  Marie-Ève ", email=" Marie.Eve@Example.ORG ", phone=" 418 555-0100 "),
            acting_user=None,
        )
        assert person.given_name == "Marie-Ève"
        assert person.email == "marie.eve@example.org"
        assert person.phone == "418 555-0100"
        assert person.search_key == " marie eve levesque "
        assert person.public_consent_on is None

    def test_create_with_consent_sets_its_date(self):
        person = person_create(data=person_data(public_consent=True), acting_user=None)
        assert person.public_consent_on == timezone.localdate()

    def test_consent_given_later_is_dated_then_cleared_when_withdrawn(self):
        person = person_create(data=person_data(), acting_user=None)
        person = person_update(person=person, data=person_data(public_consent=True), acting_user=None)
        assert person.public_consent_on == timezone.localdate()
        Person.objects.filter(pk=person.pk).update(public_consent_on=dt.date(2020, 5, 1))
        person = person_update(person=person, data=person_data(public_consent=True, notes="Toujours"), acting_user=None)
        assert person.public_consent_on == dt.date(2020, 5, 1), "a consent kept keeps its date"
        person = person_update(person=person, data=person_data(public_consent=False), acting_user=None)
        person.refresh_from_db()
        assert person.public_consent is False
        assert person.public_consent_on is None

    def test_a_name_is_needed(self):
        with pytest.raises(ValidationError) as error:
            person_create(data=person_data(given_name=" ", family_name=""), acting_user=None)
        assert error.value.messages
        assert not Person.objects.exists()

    def test_bad_email_is_refused_on_its_field(self):
        with pytest.raises(ValidationError) as error:
            person_create(data=person_data(email="pas une adresse"), acting_user=None)
        assert "email" in messages(error)

    def test_update_keeps_the_account_link_and_refuses_a_stale_version(self):
        user = UserFactory()
        person = someone(user=user)
        person_update(person=person, data=person_data(), acting_user=user, expected_version=1)
        with pytest.raises(ValidationError):
            person_update(person=person, data=person_data(family_name="Autre"), acting_user=user, expected_version=1)
        person.refresh_from_db()
        assert person.user == user
        assert person.family_name == "Lévesque"
        assert person.version == 2


class TestPosition:
    def test_start_and_end(self):
        person, org = someone(), organization()
        position = position_start(
            person=person,
            organization=org,
            profession="community_organiser",
            job_title=" Organisatrice ",
            start=PartialDate(2019, 9),
            acting_user=None,
        )
        assert position.job_title == "Organisatrice"
        assert position.start_date == dt.date(2019, 9, 1)
        assert list(Position.objects.current(dt.date(2020, 1, 1))) == [position]
        ended = position_end(position=position, end=PartialDate(2022), acting_user=None)
        assert ended.end_date == dt.date(2022, 12, 31)
        assert ended.end == PartialDate(2022)
        assert list(Position.objects.current(dt.date(2023, 1, 1))) == []
        assert [r.history_change_reason for r in ended.history.order_by("history_id")] == ["start", "end"]

    def test_start_with_end_before_start_is_refused_on_the_end(self):
        with pytest.raises(ValidationError) as error:
            position_start(
                person=someone(),
                organization=organization(),
                profession="planner",
                start=PartialDate(2021, 3),
                end=PartialDate(2021, 2, 28),
                acting_user=None,
            )
        assert messages(error) == {"end_date": ["The end date comes before the start date."]}
        assert not Position.objects.exists()

    def test_partial_end_in_the_start_year_is_allowed(self):
        position = position_start(
            person=someone(),
            organization=organization(),
            profession="planner",
            start=PartialDate(2021, 3, 15),
            end=PartialDate(2021),
            acting_user=None,
        )
        assert position.end_date == dt.date(2021, 12, 31)

    def test_end_before_start_is_refused_on_the_end(self):
        position = a_position(start_date=dt.date(2020, 6, 1), organization=organization())
        with pytest.raises(ValidationError) as error:
            position_end(position=position, end=PartialDate(2020, 5), acting_user=None)
        assert messages(error) == {"end_date": ["The end date comes before the start date."]}
        position.refresh_from_db()
        assert position.end_date is None

    def test_unknown_profession_is_refused(self):
        with pytest.raises(ValidationError) as error:
            position_start(person=someone(), organization=organization(), profession="wizard", acting_user=None)
        assert "profession" in messages(error)
