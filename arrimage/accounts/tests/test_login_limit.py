"""Signing in: after too many failed attempts for an email address from one network address, the page
refuses to try again for a while (429 with Retry-After), even with the right password."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
PASSWORD = "un mot de passe solide 2026"


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


def fail(client, email: str = "lea.roy@example.org", **extra):
    return client.post(LOGIN, {"username": email, "password": "pas le bon"}, **extra)


class TestLockOut:
    @pytest.fixture(autouse=True)
    def _three_failures(self, settings):
        settings.ARRIMAGE_LOGIN_FAILURE_RATE = "3/15min"

    def test_after_the_limit_even_the_right_password_waits(self, client, user):
        for _ in range(3):
            assert fail(client).status_code == 200
        response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
        assert response.status_code == 429
        assert 14 * 60 <= int(response["Retry-After"]) <= 15 * 60
        content = plain(response.content.decode())
        assert 'role="alert"' in content
        assert "15" in content
        assert "_auth_user_id" not in client.session

    def test_the_message_is_the_form_s_own(self, client, user):
        for _ in range(3):
            fail(client)
        response = fail(client)
        assert response.status_code == 429
        [error] = response.context["form"].non_field_errors().as_data()
        assert error.code == "locked"
        assert response.headers["Content-Language"] == "fr"

    def test_works_again_after_the_window(self, client, user, monkeypatch):
        for _ in range(3):
            fail(client)
        assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 429
        later = time.time() + 15 * 60 + 1
        monkeypatch.setattr("arrimage.core.ratelimit.time.time", lambda: later)
        response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert "_auth_user_id" in client.session

    def test_other_addresses_and_other_emails_are_not_concerned(self, client, user):
        for _ in range(3):
            fail(client)
        other_ip = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
        assert other_ip.status_code == 302
        client.logout()
        assert fail(client, "someone.else@example.org").status_code == 200

    def test_a_success_forgets_the_failures(self, client, user):
        for _ in range(2):
            fail(client)
        assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
        client.logout()
        for _ in range(2):
            assert fail(client).status_code == 200
        assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302

    def test_case_of_the_email_does_not_escape_the_count(self, client, user):
        for email in ("lea.roy@example.org", "Lea.Roy@example.org", " LEA.ROY@EXAMPLE.ORG"):
            fail(client, email)
        assert fail(client).status_code == 429


def test_default_limit_is_ten_failures(client, user, settings):
    # The per-account lock-out (5 by default, see test_lockout.py) is set aside to see this limit alone.
    settings.ARRIMAGE_LOGIN_LOCKOUT_RATE = "100/15min"
    for _ in range(10):
        assert fail(client).status_code == 200
    assert fail(client).status_code == 429
