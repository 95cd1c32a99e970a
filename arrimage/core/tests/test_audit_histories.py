"""The histories of many records at once: the same entries as `history_entries` gives for each record, in one
query per model."""

from __future__ import annotations

import pytest
from django.apps import apps

from arrimage.core.audit import audited_save, histories, history_entries
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Organization = apps.get_model("actors", "Organization")
Person = apps.get_model("actors", "Person")


def test_the_same_entries_as_one_by_one_in_one_query_per_model(django_assert_num_queries):
    user = UserFactory.create()
    records = []
    for index in range(3):
        organization = Organization(name=f"Organisme {index}", sector="community")
        audited_save(organization, acting_user=user, reason="creation")
        for step in range(index):
            organization.name = f"Organisme {index}, nom {step}"
            audited_save(organization, acting_user=user, reason="update")
        person = Person(given_name="Léa", family_name=f"Roy{index}")
        audited_save(person, acting_user=user, reason="creation")
        records += [organization, person]
    expected = [history_entries(record, limit=2) for record in records]
    with django_assert_num_queries(2):
        found = histories(records, limit=2)
    assert found == expected
    assert [len(entries) for entries in found] == [1, 1, 2, 1, 2, 1]
