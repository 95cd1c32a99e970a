"""The security log: sign-ins (failed or not), sign-outs and API keys are recorded with only a truncated
network and the browser's family; administrators list and filter them; each person sees their own recent
sign-ins on « Mon compte »; a revoked key no longer opens the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from arrimage.accounts.models import ApiToken, SecurityEvent, SecurityEventKind
from arrimage.accounts.security import browser_of, network_of
from arrimage.accounts.selectors import recent_sign_ins, security_events
from arrimage.accounts.services import api_token_create, security_event_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 2026"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.LOGIN_REDIRECT_URL = "home"
    cache.clear()


@pytest.fixture
def user():
    return UserFactory.create(email="lea.roy@example.org")


@pytest.fixture
def administrator():
    return UserFactory.create(email="admin@example.org", is_superuser=True, is_staff=True)


def english(client) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


class TestWhatIsKept:
    @pytest.mark.parametrize(
        ("address", "network"),
        [
            ("203.0.113.57", "203.0.113.0/24"),
            ("2001:db8:1234:5678:9abc::1", "2001:db8:1234::/48"),
            ("::ffff:198.51.100.9", "198.51.100.0/24"),
            ("", ""),
            ("not an address", ""),
        ],
    )
    def test_the_network_is_truncated(self, address, network):
        assert network_of(address) == network

    @pytest.mark.parametrize(
        ("agent", "browser"),
        [
            (FIREFOX, "Firefox, Windows"),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/17.1 Safari/605.1.15",
                "Safari, macOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile "
                "Safari/537.36",
                "Chrome, Android",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
                "Safari/537.36 Edg/120.0",
                "Edge, Windows",
            ),
            ("python-requests/2.31.0", "python-requests"),
            ("", ""),
        ],
    )
    def test_the_browser_is_reduced_to_its_family(self, agent, browser):
        assert browser_of(agent) == browser

    def test_an_event_without_a_request(self, user):
        event = security_event_record(kind="token_created", user=user, acting_user=user, details={"token": 1})
        assert (event.network, event.browser, event.actor) == ("", "", None)


class TestSignIns:
    def test_a_sign_in_and_a_sign_out_are_recorded(self, client, user):
        client.post(
            "/compte/connexion/",
            {"username": user.email, "password": PASSWORD},
            REMOTE_ADDR="203.0.113.57",
            HTTP_USER_AGENT=FIREFOX,
        )
        client.post("/compte/deconnexion/", REMOTE_ADDR="203.0.113.57")
        sign_out, sign_in = SecurityEvent.objects.all()
        assert (sign_in.kind, sign_in.user, sign_in.network, sign_in.browser) == (
            SecurityEventKind.SIGN_IN,
            user,
            "203.0.113.0/24",
            "Firefox, Windows",
        )
        assert (sign_out.kind, sign_out.user) == (SecurityEventKind.SIGN_OUT, user)
        assert not SecurityEvent.objects.filter(network__contains="203.0.113.57").exists()

    def test_a_failure_keeps_the_address_typed(self, client, user):
        client.post("/compte/connexion/", {"username": " Lea.Roy@example.org", "password": "non"})
        client.post("/compte/connexion/", {"username": "personne@example.org", "password": "non"})
        unknown, known = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED)
        assert (known.user, known.email) == (user, "lea.roy@example.org")
        assert (unknown.user, unknown.email) == (None, "personne@example.org")

    def test_the_profile_shows_one_s_own_recent_sign_ins_only(self, client, user):
        other = UserFactory.create()
        security_event_record(kind=SecurityEventKind.SIGN_IN, user=other)
        client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.23")
        english(client)
        response = client.get("/compte/")
        content = response.content.decode()
        assert "Recent sign-ins" in content
        assert "198.51.100.0/24" in content
        assert [event.user for event in response.context["sign_ins"]] == [user]

    def test_recent_sign_ins_are_the_last_ten(self, user):
        for _ in range(12):
            security_event_record(kind=SecurityEventKind.SIGN_IN, user=user)
        security_event_record(kind=SecurityEventKind.TOKEN_CREATED, user=user)
        events = recent_sign_ins(user)
        assert len(events) == 10
        assert {event.kind for event in events} == {SecurityEventKind.SIGN_IN}


class TestApiKeys:
    def test_created_and_revoked_keys_are_recorded(self, client, user):
        client.force_login(user)
        client.post("/compte/cles/nouvelle/", {"name": "Tableau de bord"})
        token = ApiToken.objects.get(user=user)
        client.post(f"/compte/cles/{token.pk}/revoquer/")
        client.post(f"/compte/cles/{token.pk}/revoquer/")
        revoked, created = SecurityEvent.objects.filter(kind__startswith="token_")
        assert (created.kind, created.user, created.details["name"]) == ("token_created", user, "Tableau de bord")
        assert (revoked.kind, revoked.details["hint"]) == ("token_revoked", token.key_hint)
        assert created.actor is None

    def test_a_revoked_key_gets_401_on_a_read_and_a_write(self, client, user):
        token, key = api_token_create(user=user, name="Vieux script", acting_user=user)
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        assert client.get("/api/v1/themes", **bearer).status_code == 200
        client.force_login(user)
        client.post(f"/compte/cles/{token.pk}/revoquer/")
        client.logout()
        assert client.get("/api/v1/themes", **bearer).status_code == 401
        write = client.post(
            "/api/v1/organizations", {"name": "Organisme X", "sector": "community"}, "application/json", **bearer
        )
        assert write.status_code == 401

    def test_the_profile_shows_when_a_key_was_last_used(self, client, user):
        _token, key = api_token_create(user=user, name="Script", acting_user=user)
        client.get("/api/v1/themes", HTTP_AUTHORIZATION=f"Bearer {key}")
        client.force_login(user)
        english(client)
        response = client.get("/compte/")
        [token] = response.context["tokens"]
        assert token.last_used_at is not None
        assert "Never" not in response.content.decode()


class TestAdministratorsPage:
    URL = "/compte/securite/"

    def test_only_administrators(self, client, user):
        assert client.get(self.URL)["Location"].startswith("/compte/connexion/")
        client.force_login(user)
        assert client.get(self.URL).status_code == 403

    def test_lists_filters_and_pages(self, client, user, administrator, settings):
        for _ in range(3):
            security_event_record(kind=SecurityEventKind.SIGN_IN_FAILED, email="personne@example.org")
        security_event_record(kind=SecurityEventKind.LOCKED_OUT, user=user, email=user.email)
        client.force_login(administrator)
        english(client)
        response = client.get(self.URL)
        assert response.status_code == 200
        # 3 failures, the lock-out, and the administrator's own sign-in.
        assert response.context["paginator"].count == 5
        content = response.content.decode()
        assert "<caption>" in content and 'scope="col"' in content
        assert "personne@example.org" in content

        locked = client.get(self.URL, {"kind": "locked_out"})
        assert [event.user for event in locked.context["page"]] == [user]
        by_email = client.get(self.URL, {"email": "PERSONNE@"})
        assert by_email.context["paginator"].count == 3
        by_account = client.get(self.URL, {"email": "lea.roy"})
        assert by_account.context["paginator"].count == 1

    def test_pages_keep_the_filters(self, client, administrator, monkeypatch):
        monkeypatch.setattr("arrimage.accounts.views.EVENTS_PER_PAGE", 2)
        for _ in range(5):
            security_event_record(kind=SecurityEventKind.SIGN_IN_FAILED, email="x@example.org")
        client.force_login(administrator)
        first = client.get(self.URL, {"kind": "sign_in_failed"})
        assert first.context["paginator"].num_pages == 3
        assert "?kind=sign_in_failed&amp;page=2" in first.content.decode()
        last = client.get(self.URL, {"kind": "sign_in_failed", "page": 3})
        assert len(last.context["page"].object_list) == 1

    def test_a_wrong_filter_says_so(self, client, administrator):
        client.force_login(administrator)
        response = client.get(self.URL, {"kind": "nimporte"})
        assert response.status_code == 422
        assert response.context["form"].errors["kind"]

    def test_queries_do_not_grow_with_the_events(self, client, administrator, django_assert_max_num_queries):
        for _ in range(30):
            other = UserFactory.create()
            security_event_record(kind=SecurityEventKind.ROLE_GRANTED, user=other, acting_user=administrator)
        client.force_login(administrator)
        with django_assert_max_num_queries(8):
            client.get(self.URL)

    def test_the_selector_filters(self, user):
        security_event_record(kind=SecurityEventKind.SIGN_IN, user=user)
        security_event_record(kind=SecurityEventKind.SIGN_OUT, user=user)
        assert [event.kind for event in security_events(kind="sign_in")] == ["sign_in"]
        assert security_events(email="nobody").count() == 0


class TestAdmin:
    def test_the_log_is_read_only_in_the_admin(self, client, administrator, user):
        event = security_event_record(kind=SecurityEventKind.SIGN_IN, user=user)
        client.force_login(administrator)
        assert client.get("/admin/accounts/securityevent/").status_code == 200
        assert client.get("/admin/accounts/securityevent/add/").status_code == 403
        view = client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
        assert view.status_code == 200
        assert 'name="_save"' not in view.content.decode()


class TestRetention:
    def test_events_older_than_the_retention_are_deleted(self, user, settings):
        settings.ARRIMAGE_SECURITY_EVENT_RETENTION_DAYS = 30
        old = security_event_record(kind=SecurityEventKind.SIGN_IN, user=user)
        SecurityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
        recent = security_event_record(kind=SecurityEventKind.SIGN_IN, user=user)
        call_command("purge_security_events", verbosity=0)
        assert list(SecurityEvent.objects.all()) == [recent]
