"""Sessions on shared office computers: the cookie is out of reach of scripts, not sent by other sites'
forms, forgotten when the browser closes, and the session ends after two hours without a request (the
expiry slides with the requests, the session being saved again at most every five minutes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 2026"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


@pytest.fixture
def user():
    return UserFactory.create(email="lea.roy@example.org")


def travel(monkeypatch, to: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: to)


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value)


def test_the_settings_say_so():
    assert django_settings.SESSION_COOKIE_AGE == 2 * 3600
    # Not on every request: arrimage.accounts.middleware saves it at most every five minutes.
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "arrimage.accounts.middleware.SessionActivityMiddleware" in django_settings.MIDDLEWARE
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_the_cookie_is_http_only_same_site_and_ends_with_the_browser(client, user):
    response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # A browser-session cookie: no date, no age; a closed browser forgets it.
    assert not cookie["expires"]
    assert not cookie["max-age"]


def test_the_session_ends_after_two_hours_without_a_request(client, user, monkeypatch):
    start = timezone.now()
    client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
    assert abs(session_row(client).expire_date - (start + dt.timedelta(hours=2))) < dt.timedelta(minutes=1)

    # Each request pushes the end back: six requests 1 h 50 apart keep the session for 11 hours.
    now = start
    for _ in range(6):
        now += dt.timedelta(hours=1, minutes=50)
        travel(monkeypatch, now)
        assert client.get("/compte/").status_code == 200
    assert session_row(client).expire_date >= now + dt.timedelta(hours=1, minutes=59)

    travel(monkeypatch, now + dt.timedelta(hours=2, minutes=1))
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_the_profile_page_says_how_long_a_session_lasts(client, user):
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get("/compte/").content.decode()
    assert "after 2 hours without activity" in content


def test_a_busy_session_is_not_saved_on_every_request(client, user, monkeypatch):
    start = timezone.now()
    client.force_login(user)
    expiry = session_row(client).expire_date
    travel(monkeypatch, start + dt.timedelta(minutes=4))
    client.get("/compte/")
    assert session_row(client).expire_date == expiry
    travel(monkeypatch, start + dt.timedelta(minutes=6))
    client.get("/compte/")
    assert session_row(client).expire_date >= expiry + dt.timedelta(minutes=5)


def test_an_anonymous_visit_writes_no_session(client):
    client.get("/")
    assert not Session.objects.exists()
