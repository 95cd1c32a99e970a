"""Writes through the API: API keys, permissions, validation in French, optimistic locking, audit, and
nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from arrimage.accounts.models import ApiToken
from arrimage.accounts.services import api_token_revoke
from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership, Seat
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
    api_key,
)

pytestmark = pytest.mark.django_db


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


class TestKeys:
    def test_without_a_key_a_write_is_401(self, client):
        response = client.post("/api/v1/organizations", {"name": "X", "sector": "community"}, "application/json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert "Authorization" in response.json()["detail"]
        assert not Organization.objects.exists()

    def test_a_signed_in_session_is_not_enough_to_write(self, client, admin_api):
        client.force_login(admin_api.user)
        response = client.post("/api/v1/organizations", {"name": "X", "sector": "community"}, "application/json")
        assert response.status_code == 401
        assert not Organization.objects.exists()

    def test_a_revoked_key_is_401(self, admin_api):
        token = ApiToken.objects.get(user=admin_api.user)
        api_token_revoke(token=token, acting_user=admin_api.user)
        response = admin_api.post("/api/v1/organizations", {"name": "X", "sector": "community"})
        assert response.status_code == 401
        assert admin_api.get("/api/v1/organizations").status_code == 401
        assert not Organization.objects.exists()

    @pytest.mark.parametrize("header", ["Bearer arr_wrong", "Token abc", "Bearer"])
    def test_a_wrong_key_is_401(self, client, header):
        response = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401

    def test_a_key_records_its_use(self, admin_api):
        admin_api.get("/api/v1/themes")
        assert ApiToken.objects.get(user=admin_api.user).last_used_at is not None


class TestOrganizations:
    def test_create_is_audited(self, admin_api):
        response = admin_api.post(
            "/api/v1/organizations",
            {
                "name": "  Maison   de la famille ",
                "sector": "community",
                "acronym": "MF",
                "start": "1998",
                "territories_served": ["municipality:23027"],
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["start"], body["version"]) == ("Maison de la famille", "1998", 1)
        assert body["territories_served"] == ["municipality:23027"]
        organization = Organization.objects.get(pk=body["id"])
        assert organization.history.get().history_user == admin_api.user

    def test_patch_changes_only_what_is_sent_and_checks_the_version(self, admin_api):
        organization = OrganizationFactory.create(name="Ancien nom", mission="Aider les familles.")
        url = f"/api/v1/organizations/{organization.pk}"
        response = admin_api.patch(url, {"name": "Nouveau nom", "version": 1})
        assert response.status_code == 200, response.content
        assert (response.json()["name"], response.json()["mission"], response.json()["version"]) == (
            "Nouveau nom",
            "Aider les familles.",
            2,
        )
        stale = admin_api.patch(url, {"name": "Encore", "version": 1})
        assert stale.status_code == 409
        assert stale.json()["detail"] == (
            "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. Rechargez la page pour voir "
            "ses changements, puis refaites les vôtres."
        )
        assert Organization.objects.get(pk=organization.pk).name == "Nouveau nom"
        assert organization.history.first().history_user == admin_api.user

    def test_a_caller_without_a_role_is_403_and_nothing_is_written(self, nobody_api):
        response = nobody_api.post("/api/v1/organizations", {"name": "Organisme", "sector": "community"})
        assert response.status_code == 403
        assert response.json()["detail"]
        assert not Organization.objects.exists()
        organization = OrganizationFactory.create(name="Intact")
        refused = nobody_api.patch(f"/api/v1/organizations/{organization.pk}", {"name": "Changé", "version": 1})
        assert refused.status_code == 403
        assert Organization.objects.get(pk=organization.pk).name == "Intact"

    def test_a_nul_character_is_422_in_french_on_its_field(self, admin_api):
        # PostgreSQL stores no NUL character, in text or in JSON: refused before any query, never a 500.
        for body in (
            {"name": "Nom\x00", "sector": "community"},
            {"name": "Nom", "sector": "community", "other_names": ["Autre\x00"]},
        ):
            response = admin_api.post("/api/v1/organizations", body)
            assert response.status_code == 422
            field = "name" if "\x00" in body["name"] else "other_names"
            assert [error["field"] for error in response.json()["errors"]] == [field]
            assert "caractère nul" in plain(response.json()["detail"]) or "null character" in response.json()["detail"]
        assert not Organization.objects.exists()

    def test_invalid_input_is_422_in_french_on_the_field(self, admin_api):
        blank = admin_api.post("/api/v1/organizations", {"name": " ", "sector": "community"})
        assert blank.status_code == 422
        assert blank.json()["errors"][0]["field"] == "name"
        assert "vide" in plain(blank.json()["detail"])
        missing = admin_api.post("/api/v1/organizations", {"name": "Organisme"})
        assert missing.status_code == 422
        assert missing.json()["errors"][0]["field"] == "sector"
        assert "obligatoire" in plain(missing.json()["detail"])
        territory = admin_api.post(
            "/api/v1/organizations", {"name": "Organisme", "sector": "community", "territories_served": ["mrc:999"]}
        )
        assert territory.status_code == 422
        assert territory.json()["errors"][0]["field"] == "territories_served"
        date = admin_api.post(
            "/api/v1/organizations", {"name": "Organisme", "sector": "community", "start": "2021-02-30"}
        )
        assert date.status_code == 422
        assert date.json()["errors"][0]["field"] == "start"
        assert not Organization.objects.exists()


class TestPeople:
    def test_create_and_patch(self, admin_api):
        response = admin_api.post(
            "/api/v1/people", {"given_name": "Léa", "family_name": "Roy", "email": "LEA@example.org"}
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["email"], body["public_consent"]) == ("lea@example.org", False)
        person = Person.objects.get(pk=body["id"])
        assert person.history.get().history_user == admin_api.user
        patched = admin_api.patch(f"/api/v1/people/{person.pk}", {"public_consent": True, "version": 1})
        assert patched.status_code == 200
        assert (patched.json()["public_consent"], patched.json()["family_name"]) == (True, "Roy")

    def test_invalid_email_is_422_in_french(self, admin_api):
        response = admin_api.post("/api/v1/people", {"given_name": "Léa", "family_name": "Roy", "email": "lea@"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "email"
        assert "courriel" in plain(response.json()["errors"][0]["message"])
        assert not Person.objects.exists()

    def test_a_caller_without_a_role_cannot_change_a_person(self, nobody_api):
        public = PersonFactory.create(public_consent=True, family_name="Public")
        private = PersonFactory.create(public_consent=False, family_name="Private")
        assert nobody_api.patch(f"/api/v1/people/{public.pk}", {"family_name": "X", "version": 1}).status_code == 403
        assert nobody_api.patch(f"/api/v1/people/{private.pk}", {"family_name": "X", "version": 1}).status_code == 404
        assert set(Person.objects.values_list("family_name", flat=True)) == {"Public", "Private"}


class TestConcertations:
    def test_an_editor_creates_within_their_territory(self, editor_api):
        body = {"name": "Table de Beauport", "kind": "table", "level": "local", "territories": ["borough:REQ05"]}
        response = editor_api.post("/api/v1/concertations", body)
        assert response.status_code == 201, response.content
        created = Concertation.objects.get(pk=response.json()["id"])
        assert created.history.get().history_user == editor_api.user
        outside = editor_api.post("/api/v1/concertations", {**body, "territories": ["municipality:66023"]})
        assert outside.status_code == 403
        assert Concertation.objects.count() == 1

    def test_patch_and_stale_version(self, admin_api):
        concertation = ConcertationFactory.create(name="Table")
        url = f"/api/v1/concertations/{concertation.pk}"
        ok = admin_api.patch(url, {"acronym": "TQ", "start": "2015-09", "version": 1})
        assert ok.status_code == 200, ok.content
        assert (ok.json()["acronym"], ok.json()["start"], ok.json()["name"]) == ("TQ", "2015-09", "Table")
        assert admin_api.patch(url, {"acronym": "X", "version": 1}).status_code == 409
        own_parent = admin_api.patch(url, {"parent": concertation.pk, "version": 2})
        assert own_parent.status_code == 422
        assert own_parent.json()["errors"][0]["field"] in ("parent", None)

    def test_an_editor_cannot_change_a_concertation_elsewhere(self, editor_api):
        concertation = ConcertationFactory.create(name="Table montréalaise")
        concertation.territories.set([_territory("municipality", "66023")])
        response = editor_api.patch(f"/api/v1/concertations/{concertation.pk}", {"name": "X", "version": 1})
        assert response.status_code == 403
        assert Concertation.objects.get(pk=concertation.pk).name == "Table montréalaise"


def _territory(kind: str, code: str):
    from arrimage.territories.models import Territory

    return Territory.objects.get(kind=kind, code=code)


class TestSeatsAndMemberships:
    def test_seat_start_end_and_replace(self, admin_api):
        concertation = ConcertationFactory.create()
        seat = admin_api.post(
            f"/api/v1/concertations/{concertation.pk}/seats", {"label": "Siège citoyen", "seat_type": "citizen"}
        )
        assert seat.status_code == 201, seat.content
        seat_id = seat.json()["id"]
        assert Seat.objects.get(pk=seat_id).history.get().history_user == admin_api.user
        first, second = PersonFactory.create(), PersonFactory.create()
        started = admin_api.post("/api/v1/memberships", {"seat": seat_id, "person": first.pk, "start": "2019"})
        assert started.status_code == 201, started.content
        membership_id = started.json()["id"]
        assert started.json()["start"] == "2019"
        replaced = admin_api.post(
            f"/api/v1/memberships/{membership_id}/replace", {"on": "2022-03-15", "person": second.pk, "version": 1}
        )
        assert replaced.status_code == 201, replaced.content
        assert replaced.json()["person"]["id"] == second.pk
        old = Membership.objects.get(pk=membership_id)
        assert (old.end_date, old.end_reason) == (dt.date(2022, 3, 14), "replaced")
        assert old.history.first().history_user == admin_api.user
        new_id = replaced.json()["id"]
        ended = admin_api.post(f"/api/v1/memberships/{new_id}/end", {"end": "2024-06", "reason": "resigned"})
        assert ended.status_code == 200, ended.content
        assert (ended.json()["end"], ended.json()["end_reason"]) == ("2024-06", "resigned")
        holders = admin_api.get("/api/v1/memberships", {"on": "2020-01-01", "concertation": concertation.pk}).json()
        assert [m["id"] for m in holders["results"]] == [membership_id]

    def test_a_seat_held_twice_is_422_and_nothing_written(self, admin_api):
        held = MembershipFactory.create(start_date=dt.date(2020, 1, 1))
        response = admin_api.post(
            "/api/v1/memberships", {"seat": held.seat_id, "person": PersonFactory.create().pk, "start": "2021-01-01"}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "start"
        assert Membership.objects.count() == 1

    def test_a_failed_replace_writes_nothing(self, admin_api):
        held = MembershipFactory.create(start_date=dt.date(2020, 1, 1))
        response = admin_api.post(f"/api/v1/memberships/{held.pk}/replace", {"on": "2019-01-01", "person": None})
        assert response.status_code == 422
        held.refresh_from_db()
        assert (held.end_date, held.version) == (None, 1)
        assert Membership.objects.count() == 1

    def test_stale_end_is_409(self, admin_api):
        held = MembershipFactory.create()
        response = admin_api.post(f"/api/v1/memberships/{held.pk}/end", {"end": "2024", "version": 7})
        assert response.status_code == 409
        held.refresh_from_db()
        assert held.end_date is None

    def test_a_caller_without_a_role_cannot_touch_seats(self, nobody_api):
        held = MembershipFactory.create()
        concertation = held.seat.concertation
        assert nobody_api.post(f"/api/v1/concertations/{concertation.pk}/seats", {"label": "S"}).status_code == 403
        assert (
            nobody_api.post(
                "/api/v1/memberships", {"seat": held.seat_id, "organization": held.organization_id}
            ).status_code
            == 403
        )
        assert nobody_api.post(f"/api/v1/memberships/{held.pk}/end", {"end": "2024"}).status_code == 403
        assert Seat.objects.count() == 1
        held.refresh_from_db()
        assert held.end_date is None

    def test_a_coordinator_edits_their_concertation(self, client):
        seat = SeatFactory.create()
        user = UserFactory.create()
        RoleGrantFactory.create(user=user, concertation=seat.concertation)
        response = client.post(
            "/api/v1/memberships",
            {"seat": seat.pk, "organization": OrganizationFactory.create().pk, "start": "2023-05"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api_key(user)}",
        )
        assert response.status_code == 201, response.content
        assert Membership.objects.get().history.get().history_user == user
