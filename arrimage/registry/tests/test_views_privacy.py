"""Privacy pages: consents recorded from the person's edit page, the export of a person's data, erasure
by an administrator (after which no page, API answer or export shows the name), the privacy page."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from arrimage.access.models import RoleKind
from arrimage.actors.models import Consent, ConsentScope, Person
from arrimage.actors.services import consent_give, consent_withdraw
from arrimage.concertation.models import Membership
from arrimage.concertation.selectors import concertation_seats
from arrimage.privacy.tests.people import EMAIL, FAMILY, GIVEN, RichPerson, rich_person
from tests.factories import MembershipFactory, PersonFactory, RoleGrantFactory, SeatFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin():
    return UserFactory.create(is_superuser=True, is_staff=True)


@pytest.fixture
def rich() -> RichPerson:
    return rich_person()


def _coordinator(rich: RichPerson):
    user = UserFactory.create()
    RoleGrantFactory.create(user=user, role=RoleKind.COORDINATOR, concertation=rich.concertation, territory=None)
    return user


# Consents -----------------------------------------------------------------------------------------


def test_edit_page_shows_the_consents_and_their_form(english, admin) -> None:
    person = PersonFactory.create()
    english.force_login(admin)
    page = english.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert "No consent recorded" in page
    assert reverse("registry:person_consent", args=[person.pk]) in page
    assert reverse("registry:person_data_export", args=[person.pk]) in page
    assert reverse("registry:person_erase", args=[person.pk]) in page


def test_consent_recorded_then_withdrawn(english, admin) -> None:
    person = PersonFactory.create()
    english.force_login(admin)
    url = reverse("registry:person_consent", args=[person.pk])
    response = english.post(url, {"action": "give", "scope": "public_listing", "day": "2025-04-03", "source": "email"})
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.public_consent, person.public_consent_on) == (True, dt.date(2025, 4, 3))
    detail = english.get(person.get_absolute_url()).content.decode()
    assert "Name shown publicly" in detail and "By email" in detail
    response = english.post(url, {"action": "withdraw", "scope": "public_listing", "day": "2025-05-01"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.public_consent is False
    assert Consent.objects.get(person=person).withdrawn_on == dt.date(2025, 5, 1)


def test_consent_errors_sit_on_their_field(english, admin) -> None:
    person = PersonFactory.create()
    english.force_login(admin)
    url = reverse("registry:person_consent", args=[person.pk])
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = english.post(url, {"action": "give", "scope": "public_listing", "day": future})
    assert response.status_code == 422
    assert "This date is in the future" in response.content.decode()
    response = english.post(url, {"action": "withdraw", "scope": "partner_contact", "day": "2025-01-01"})
    assert response.status_code == 422
    assert "nothing to withdraw" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_needs_the_right_to_edit(client) -> None:
    person = PersonFactory.create()
    client.force_login(UserFactory.create())
    url = reverse("registry:person_consent", args=[person.pk])
    assert client.post(url, {"action": "give", "scope": "public_listing", "day": "2025-01-01"}).status_code == 403
    assert not Consent.objects.exists()


# Export -------------------------------------------------------------------------------------------


def test_export_for_those_who_may_edit_the_person(client, rich: RichPerson) -> None:
    url = reverse("registry:person_data_export", args=[rich.person.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 403
    client.force_login(_coordinator(rich))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="arrimage-personne-{rich.person.pk}.json"'
    assert response["Cache-Control"] == "no-store"
    document = json.loads(response.content)
    assert (document["person"]["given_name"], document["person"]["email"]) == (GIVEN, EMAIL)
    client.force_login(rich.account)  # the person themselves
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(workbook.sheetnames) == 10


# Erasure ------------------------------------------------------------------------------------------


def test_only_administrators_erase(client, rich: RichPerson) -> None:
    url = reverse("registry:person_erase", args=[rich.person.pk])
    client.force_login(_coordinator(rich))
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Demande", "confirm": "on"}).status_code == 403
    assert Person.objects.get(pk=rich.person.pk).family_name == FAMILY


def test_erasure_needs_confirmation(english, admin, rich: RichPerson) -> None:
    english.force_login(admin)
    url = reverse("registry:person_erase", args=[rich.person.pk])
    page = english.get(url)
    assert page.status_code == 200 and "This cannot be undone" in page.content.decode()
    assert english.post(url, {"reason": "Demande"}).status_code == 422
    assert Person.objects.get(pk=rich.person.pk).erased_on is None


def test_after_erasure_no_page_api_or_export_shows_the_name(client, admin, rich: RichPerson) -> None:
    person = rich.person
    memberships = Membership.objects.count()
    turnover = [s.turnover for s in concertation_seats(rich.concertation, private_view=False)]
    client.force_login(admin)
    response = client.post(
        reverse("registry:person_erase", args=[person.pk]), {"reason": "Demande du 2026-03-01", "confirm": "on"}
    )
    assert response.status_code == 302

    key = api_key(admin)
    bodies = []
    for url in (
        person.get_absolute_url(),
        reverse("registry:person_edit", args=[person.pk]),
        rich.concertation.get_absolute_url(),
        reverse("registry:person_data_export", args=[person.pk]),
        reverse("registry:person_data_export", args=[person.pk]) + "?format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content)
    for url in (f"/api/v1/people/{person.pk}", "/api/v1/people", f"/api/v1/people?q={GIVEN}"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, url
        bodies.append(response.content)
    client.logout()
    bodies.append(client.get(rich.concertation.get_absolute_url()).content)
    assert client.get(person.get_absolute_url()).status_code == 404
    workbook = load_workbook(io.BytesIO(bodies[4]), read_only=True)
    bodies[4] = " ".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    ).encode()
    for body in bodies:
        text = body.decode()
        for secret in [*rich.secrets, "Trudel"]:
            assert secret not in text and json.dumps(secret)[1:-1] not in text, secret
    # The seats are still held (by an anonymous holder): same holdings, same turnover.
    assert Membership.objects.count() == memberships
    assert [s.turnover for s in concertation_seats(rich.concertation, private_view=False)] == turnover
    states = concertation_seats(rich.concertation, private_view=False)
    assert not states[1].is_vacant
    assert "Personne effacée" in bodies[2].decode() or "Erased person" in bodies[2].decode()


# Privacy page -------------------------------------------------------------------------------------


@override_settings(
    ARRIMAGE_PRIVACY_OFFICER={"name": "Josée Responsable", "email": "vie.privee@example.org", "phone": ""},
    ARRIMAGE_RETENTION_YEARS=4,
)
def test_privacy_page_names_the_officer_and_the_retention(english) -> None:
    page = english.get(reverse("privacy"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Josée Responsable" in text and "mailto:vie.privee@example.org" in text
    assert "for 4 years" in text
    assert "Law 25" in text


def test_privacy_page_without_officer_and_linked_from_the_footer(client) -> None:
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("privacy")}"' in home
    page = client.get(reverse("privacy"))
    assert page.status_code == 200
    assert reverse("privacy") == "/confidentialite/"


def test_consent_scopes_are_the_agreed_ones() -> None:
    assert set(ConsentScope.values) == {"public_listing", "partner_contact"}


def test_the_name_goes_public_with_the_consent_and_back_with_its_withdrawal(client) -> None:
    person = PersonFactory.create(
        given_name="Ludivine", family_name="Consentière", email="ludivine@example.org", is_citizen=True
    )
    seat = SeatFactory.create(concertation__is_public=True)
    MembershipFactory.create(seat=seat, person=person, organization=None)
    page, api = seat.concertation.get_absolute_url(), f"/api/v1/people/{person.pk}"

    def shown() -> tuple[bool, int]:
        return "Consentière" in client.get(page).content.decode(), client.get(api).status_code

    assert shown() == (False, 404)
    consent_give(person=person, scope=ConsentScope.PUBLIC_LISTING, acting_user=None)
    assert shown() == (True, 200)
    consent_withdraw(person=person, scope=ConsentScope.PUBLIC_LISTING, acting_user=None)
    assert shown() == (False, 404)
    consent_give(person=person, scope=ConsentScope.PARTNER_CONTACT, acting_user=None)
    assert shown() == (False, 404), "consenting to be contacted does not make the name public"
