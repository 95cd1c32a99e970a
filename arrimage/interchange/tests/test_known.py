"""What the importers know already: the people's ties, and the organisation index kept between calls."""

from __future__ import annotations

import pytest

from arrimage.interchange.known import organization_index_kept, person_index
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_a_person_is_tied_to_the_organisations_of_their_positions_and_holdings(django_assert_num_queries):
    person = PersonFactory.create(given_name="Marie", family_name="Tremblay", email="Marie@Exemple.org")
    employer = PositionFactory.create(person=person).organization
    member = MembershipFactory.create(person=person).organization
    with django_assert_num_queries(3):
        index = person_index()
    assert index.people[person.pk].organization_ids == tuple(sorted({employer.pk, member.pk}))
    for organization in (employer, member):
        assert index.find("Tremblay", "Marie", organization_id=organization.pk) == index.people[person.pk]
    assert index.find("", "", "marie@exemple.org") == index.people[person.pk]


def test_the_kept_index_sees_every_organisation_added_renamed_or_deleted():
    kept = OrganizationFactory.create(name="Maison des jeunes La Piaule")
    gone = OrganizationFactory.create(name="Corporation de développement communautaire de Beauport")
    assert organization_index_kept().decide("CDC de Beauport").kind == "sure"
    assert organization_index_kept() is organization_index_kept()  # kept while nothing changes

    gone.delete()
    assert organization_index_kept().decide("CDC de Beauport").kind == "none"

    OrganizationFactory.create(name="Carrefour jeunesse-emploi de Portneuf")
    assert organization_index_kept().decide("CJE Portneuf").kind == "sure"

    kept.name = "Maison des jeunes Le Phare"
    kept.save()
    index = organization_index_kept()
    assert index.decide("Maison des jeunes Le Phare").kind == "sure"
    assert index.decide("MDJ La Piaule").kind == "none"
