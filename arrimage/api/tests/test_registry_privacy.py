"""Personal information in the API (Québec's Law 25): a person who did not consent to appear publicly is
never named to an anonymous caller or to a caller the policy does not allow, in any endpoint; contact
details and notes never reach the public view."""

from __future__ import annotations

import datetime as dt

import pytest

from arrimage.concertation.models import SeatType
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db

MARKER = "zqxsecret"


@pytest.fixture
def registry():
    """A public table where a private citizen, a private professional and a consenting professional sit,
    each with the marker in every private field they have."""
    organization = OrganizationFactory.create(name="Carrefour familial")
    concertation = ConcertationFactory.create(name="Table de quartier")
    citizen = PersonFactory.create(
        given_name=f"{MARKER}given",
        family_name=f"{MARKER}family",
        email=f"{MARKER}citizen@example.org",
        phone=f"{MARKER}-phone",
        notes=f"{MARKER} notes",
        is_citizen=True,
        public_consent=False,
    )
    professional = PersonFactory.create(
        given_name=f"{MARKER}pro", family_name="Private", email=f"{MARKER}pro@example.org", public_consent=False
    )
    public = PersonFactory.create(
        given_name="Publique",
        family_name="Consentante",
        email=f"{MARKER}public@example.org",
        phone=f"{MARKER}-public",
        notes=f"{MARKER} public notes",
        public_consent=True,
    )
    PositionFactory.create(person=professional, organization=organization)
    PositionFactory.create(person=public, organization=organization)
    citizen_seat = SeatFactory.create(concertation=concertation, seat_type=SeatType.CITIZEN, label="Siège citoyen")
    MembershipFactory.create(
        seat=citizen_seat, person=citizen, organization=None, start_date=dt.date(2019, 1, 1), notes=f"{MARKER} m"
    )
    MembershipFactory.create(
        seat=SeatFactory.create(concertation=concertation), person=professional, organization=organization
    )
    MembershipFactory.create(
        seat=SeatFactory.create(concertation=concertation), person=public, organization=organization
    )
    return {"concertation": concertation, "organization": organization, "people": [citizen, professional, public]}


def _urls(registry) -> list[str]:
    concertation, organization = registry["concertation"], registry["organization"]
    urls = [
        "/api/v1/organizations",
        f"/api/v1/organizations/{organization.pk}",
        "/api/v1/people",
        f"/api/v1/people?q={MARKER}",
        "/api/v1/concertations",
        f"/api/v1/concertations/{concertation.pk}",
        f"/api/v1/concertations/{concertation.pk}/seats",
        f"/api/v1/concertations/{concertation.pk}/seats?on=2020-01-01",
        "/api/v1/memberships",
        "/api/v1/memberships?on=2024-01-01",
        f"/api/v1/memberships?concertation={concertation.pk}",
        f"/api/v1/memberships?organization={organization.pk}",
        "/api/v1/themes",
    ]
    urls += [f"/api/v1/people/{person.pk}" for person in registry["people"]]
    urls += [f"/api/v1/memberships?person={person.pk}" for person in registry["people"]]
    return urls


def test_anonymous_never_sees_private_information(client, registry):
    for url in _urls(registry):
        response = client.get(url)
        assert response.status_code in (200, 401, 404), url
        assert MARKER not in response.content.decode().lower(), url


def test_a_signed_in_caller_without_a_role_sees_the_public_view(nobody_api, registry):
    for url in _urls(registry):
        response = nobody_api.get(url)
        assert response.status_code in (200, 403, 404), url
        assert MARKER not in response.content.decode().lower(), url


def test_hidden_holders_are_flagged_and_the_consenting_one_named(client, registry):
    seats = client.get(f"/api/v1/concertations/{registry['concertation'].pk}/seats").json()
    holders = [holder for seat in seats for holder in seat["holders"]]
    assert len(holders) == 3
    assert [h["person"]["name"] for h in holders if h["person"]] == ["Publique Consentante"]
    assert sum(h["holder_hidden"] for h in holders) == 2
    memberships = client.get("/api/v1/memberships").json()["results"]
    assert sorted(m["holder_hidden"] for m in memberships) == [False, True, True]


def test_the_public_person_view_has_no_contact_details(client, registry):
    public = registry["people"][2]
    body = client.get(f"/api/v1/people/{public.pk}").json()
    assert body["name"] == "Publique Consentante"
    assert not {"email", "phone", "notes", "is_citizen", "public_consent"} & set(body)


def test_private_view_names_every_holder(admin_api, registry):
    seats = admin_api.get(f"/api/v1/concertations/{registry['concertation'].pk}/seats").json()
    assert all(holder["person"] for seat in seats for holder in seat["holders"])
    citizen = registry["people"][0]
    assert admin_api.get(f"/api/v1/people/{citizen.pk}").json()["email"] == citizen.email
