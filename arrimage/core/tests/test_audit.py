"""Audited writes and the readable history of an object: who, when, why, and each field before and after."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from arrimage.core.audit import audited_delete, audited_save, history_entries
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The helpers work on any audited model; these two, from a higher app, are looked up rather than imported.
Organization = apps.get_model("actors", "Organization")
Person = apps.get_model("actors", "Person")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def organization(**values):
    return Organization(
        **{"name": "Corporation de développement communautaire de Beauport", "sector": "community"} | values
    )


def change(instance, user, reason: str = "update", **values) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    audited_save(instance, acting_user=user, reason=reason)


class TestAuditedSave:
    def test_records_the_author_and_the_reason(self):
        user = UserFactory(first_name="Josée", last_name="Bouchard")
        org = organization()
        audited_save(org, acting_user=user, reason="create")
        record = org.history.get()
        assert record.history_user == user
        assert record.history_change_reason == "create"
        assert record.history_type == "+"

    @pytest.mark.parametrize("acting_user", [None, "import script"])
    def test_without_a_signed_in_author_the_change_is_automatic(self, acting_user):
        org = organization()
        audited_save(org, acting_user=acting_user, reason="import")
        assert org.history.get().history_user is None
        assert history_entries(org)[0].who == "Arrimage (automatic)"

    def test_a_long_reason_is_cut_to_the_column(self):
        org = organization()
        audited_save(org, acting_user=None, reason="x" * 300)
        assert org.history.get().history_change_reason == "x" * 100

    def test_checks_the_model_rules_and_saves_nothing_when_they_fail(self):
        org = organization(neq="12345")
        with pytest.raises(ValidationError) as error:
            audited_save(org, acting_user=None)
        assert "neq" in error.value.message_dict
        assert not Organization.objects.exists()
        assert not Organization.history.exists()

    def test_a_rule_the_database_enforces_gives_its_message_and_nothing_is_saved(self):
        # Uniqueness and check constraints are left to the database, then named in the message.
        audited_save(organization(neq="1234567890"), acting_user=None)
        duplicate = organization(name="Autre organisme", neq="1234567890")
        with pytest.raises(ValidationError) as error:
            audited_save(duplicate, acting_user=None)
        assert error.value.messages == ["Another organisation already has this NEQ."]
        assert Organization.objects.count() == 1
        assert Organization.history.count() == 1
        # The transaction goes on after the refusal (the savepoint took the failed row back).
        audited_save(organization(name="Troisième organisme"), acting_user=None)
        assert Organization.objects.count() == 2

    def test_delete_records_the_author(self):
        user = UserFactory()
        org = organization()
        audited_save(org, acting_user=user)
        pk = org.pk
        audited_delete(org, acting_user=user, reason="duplicate")
        record = Organization.history.filter(id=pk).order_by("-history_id").first()
        assert record.history_type == "-"
        assert record.history_user == user
        assert record.history_change_reason == "duplicate"


class TestHistoryEntries:
    def test_newest_first_with_before_and_after(self):
        user = UserFactory(first_name="Josée", last_name="Bouchard")
        org = organization()
        audited_save(org, acting_user=user, reason="create")
        change(org, user, name="CDC de Beauport", reason="shorter name")
        entries = history_entries(org)
        assert [entry.kind for entry in entries] == ["Changed", "Created"]
        latest = entries[0]
        assert latest.who == "Josée Bouchard"
        assert latest.reason == "shorter name"
        assert [(c.field, c.before, c.after) for c in latest.changes] == [
            ("name", "Corporation de développement communautaire de Beauport", "CDC de Beauport")
        ]

    def test_the_creation_lists_the_fields_given(self):
        org = organization(acronym="CDC")
        audited_save(org, acting_user=None)
        (entry,) = history_entries(org)
        fields = {c.field: (c.before, c.after) for c in entry.changes}
        assert fields["name"] == ("—", "Corporation de développement communautaire de Beauport")
        assert fields["acronym"] == ("—", "CDC")
        # Empty fields and bookkeeping columns are left out.
        assert "mission" not in fields
        assert "other names" not in fields
        assert "version" not in fields
        assert "search key" not in fields

    def test_choices_are_shown_by_their_label(self):
        org = organization()
        audited_save(org, acting_user=None)
        change(org, None, sector="social_economy", legal_form="cooperative")
        changes = {c.field: (c.before, c.after) for c in history_entries(org)[0].changes}
        assert changes["sector"] == ("Community", "Social economy")
        assert changes["legal form"] == ("—", "Cooperative")

    def test_a_list_is_shown_as_its_items(self):
        org = organization()
        audited_save(org, acting_user=None)
        change(org, None, other_names=["CDCB", "Corporation de Beauport"])
        changes = {c.field: (c.before, c.after) for c in history_entries(org)[0].changes}
        assert changes["other names"] == ("—", "CDCB, Corporation de Beauport")

    def test_yes_and_no_for_a_checkbox(self):
        person = Person(given_name="Alex", family_name="Gagnon")
        audited_save(person, acting_user=None)
        change(person, None, public_consent=True)
        changes = {c.field: (c.before, c.after) for c in history_entries(person)[0].changes}
        assert changes["consents to appear publicly"] == ("no", "yes")

    def test_an_author_without_a_name_is_shown_by_email(self):
        user = UserFactory(first_name="", last_name="", email="sans.nom@example.org")
        org = organization()
        audited_save(org, acting_user=user)
        assert history_entries(org)[0].who == "sans.nom@example.org"

    def test_limit_keeps_the_newest_and_still_compares_the_oldest_shown(self):
        org = organization()
        audited_save(org, acting_user=None)
        for number in range(5):
            change(org, None, mission=f"Mission {number}")
        entries = history_entries(org, limit=2)
        assert len(entries) == 2
        assert [(c.before, c.after) for c in entries[1].changes] == [("Mission 2", "Mission 3")]

    @pytest.mark.parametrize("changes", [3, 30])
    def test_a_fixed_number_of_queries(self, changes, django_assert_num_queries):
        users = [UserFactory() for _ in range(3)]
        org = organization()
        audited_save(org, acting_user=users[0])
        for number in range(changes):
            change(org, users[number % 3], mission=f"Mission {number}")
        with django_assert_num_queries(1):
            entries = history_entries(org)
            assert all(entry.who for entry in entries)
        assert len(entries) == changes + 1
