"""The per-account lock-out: five failed sign-ins for one email address, from anywhere, within 15 minutes
refuse that address for 15 minutes, even with the right password, with the same message whether the
account exists or not; the lock-out is recorded; it lifts by itself, or with a new password."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from arrimage.accounts.models import SecurityEvent, SecurityEventKind
from arrimage.accounts.signin import ACCOUNT_LOCKOUT
from arrimage.core.ratelimit import parse_period
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
PASSWORD = "un mot de passe solide 2026"
LOCKED = "Trop de tentatives de connexion ont échoué avec cette adresse. Attendez 15 minutes"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.LOGIN_REDIRECT_URL = "home"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user():
    return UserFactory.create(email="lea.roy@example.org")


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'").replace("&laquo;", "«")


def fail(client, email: str = "lea.roy@example.org", ip: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": email, "password": "pas le bon"}, REMOTE_ADDR=ip)


def sign_in(client, email: str = "lea.roy@example.org", ip: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": email, "password": PASSWORD}, REMOTE_ADDR=ip)


def travel(monkeypatch, seconds: float) -> None:
    """Move the clock of the rate-limit counts (and of the cache's expiry) `seconds` ahead."""
    later = time.time() + seconds
    monkeypatch.setattr("arrimage.core.ratelimit.time.time", lambda: later)


def test_five_failures_from_anywhere_lock_the_account_even_with_the_right_password(client, user):
    for number in range(5):
        assert fail(client, ip=f"203.0.113.{number}").status_code == 200
    response = sign_in(client, ip="192.0.2.44")
    assert response.status_code == 429
    assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60
    assert LOCKED in plain(response.content.decode())
    assert "_auth_user_id" not in client.session


def test_the_lock_out_is_recorded_once(client, user):
    for _ in range(5):
        fail(client)
    sign_in(client)
    fail(client)
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT)
    assert (event.user, event.email, event.network) == (user, "lea.roy@example.org", "198.51.100.0/24")
    assert event.details == {"minutes": 15}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED, user=user).count() == 5
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN).exists()


def test_an_unknown_address_gets_the_same_answer(client, user):
    for _ in range(5):
        fail(client, "personne@example.org")
        fail(client)
    unknown, known = fail(client, "personne@example.org"), fail(client)
    assert unknown.status_code == known.status_code == 429
    assert unknown["Retry-After"] == known["Retry-After"]

    def message(response):
        return [str(error) for error in response.context["form"].non_field_errors()]

    assert message(unknown) == message(known)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKED_OUT, email="personne@example.org")
    assert event.user is None


def test_it_lifts_after_fifteen_minutes(client, user, monkeypatch):
    for _ in range(5):
        fail(client)
    travel(monkeypatch, 14 * 60)
    assert sign_in(client).status_code == 429
    travel(monkeypatch, 15 * 60 + 1)
    response = sign_in(client)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_refused_attempts_do_not_prolong_it(client, user, monkeypatch):
    for _ in range(5):
        fail(client)
    travel(monkeypatch, 10 * 60)
    for _ in range(5):
        assert fail(client).status_code == 429
    travel(monkeypatch, 15 * 60 + 1)
    assert sign_in(client).status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(client, user, monkeypatch):
    for _ in range(4):
        fail(client)
    travel(monkeypatch, 16 * 60)
    assert fail(client).status_code == 200
    assert sign_in(client).status_code == 302


def test_a_success_forgets_the_failures(client, user):
    for _ in range(4):
        fail(client)
    assert sign_in(client).status_code == 302
    client.logout()
    for _ in range(4):
        assert fail(client).status_code == 200
    assert sign_in(client).status_code == 302


def test_other_accounts_are_not_concerned(client, user):
    other = UserFactory.create(email="marc.gagnon@example.org")
    for _ in range(5):
        fail(client)
    assert sign_in(client, other.email).status_code == 302


def test_the_limits_come_from_the_settings(client, user, settings):
    settings.ARRIMAGE_LOGIN_LOCKOUT_RATE = "2/15min"
    settings.ARRIMAGE_LOGIN_LOCKOUT_DURATION = "1h"
    assert ACCOUNT_LOCKOUT.duration == parse_period("60min") == 3600
    fail(client)
    fail(client)
    response = sign_in(client)
    assert response.status_code == 429
    assert 59 * 60 <= int(response["Retry-After"]) <= 3600


def test_the_admin_sign_in_page_is_locked_too(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    for _ in range(5):
        fail(client)
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    assert LOCKED in plain(response.content.decode())
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_page_counts_failures(client, user):
    user.is_staff = True
    user.save()
    for _ in range(5):
        client.post("/admin/login/", {"username": user.email, "password": "pas le bon"})
    assert sign_in(client).status_code == 429


def test_a_right_password_refused_by_the_admin_page_is_not_a_failure(client, user):
    # Not staff: the admin's page refuses the account, but the password was right.
    for _ in range(6):
        client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert sign_in(client).status_code == 302
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED).exists()


class TestOneNetworkManyAccounts:
    @pytest.fixture(autouse=True)
    def _small_limit(self, settings):
        settings.ARRIMAGE_LOGIN_NETWORK_FAILURE_RATE = "6/15min"

    def test_many_addresses_from_one_network_address_are_stopped(self, client, user, settings):
        for number in range(6):
            assert fail(client, f"personne{number}@example.org").status_code == 200
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = sign_in(client)
        assert response.status_code == 429
        assert "Too many failed attempts to sign in from this network. Wait 15 minutes" in response.content.decode()
        # Another network address is not concerned, and a success there does not free the first.
        assert sign_in(client, ip="192.0.2.50").status_code == 302
        client.logout()
        assert fail(client, "quelquun@example.org").status_code == 429

    def test_it_frees_after_the_window(self, client, user, monkeypatch):
        for number in range(6):
            fail(client, f"personne{number}@example.org")
        travel(monkeypatch, 15 * 60 + 1)
        assert sign_in(client).status_code == 302
