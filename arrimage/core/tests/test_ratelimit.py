"""Rate limits counted in the cache: rates, sliding windows and the caller's address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from arrimage.core import ratelimit
from arrimage.core.ratelimit import RateLimit, client_ip, parse_rate

LIMIT = RateLimit(scope="test", setting="ARRIMAGE_TEST_RATE", default="3/min")


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    cache.clear()
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    yield now
    cache.clear()


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("60/min", (60, 60)), ("10/15min", (10, 900)), ("20/m", (20, 60)), ("5/s", (5, 1)), ("100/day", (100, 86400))],
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "60", "x/min", "60/fortnight", "-1/min"])
def test_parse_rate_refuses_nonsense(rate):
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate(rate)


def test_hit_counts_until_the_limit_then_says_how_long_to_wait(_clock):
    assert [LIMIT.hit("a") for _ in range(3)] == [None, None, None]
    assert LIMIT.hit("a") == 60
    _clock[0] += 20
    assert LIMIT.hit("a") == 40
    assert LIMIT.hit("b") is None


def test_the_window_slides(_clock):
    LIMIT.hit("a")
    _clock[0] += 30
    LIMIT.hit("a")
    LIMIT.hit("a")
    assert LIMIT.blocked("a") == 30
    _clock[0] += 31
    assert LIMIT.blocked("a") is None
    assert LIMIT.hit("a") is None
    assert LIMIT.blocked("a") == 29


def test_record_and_reset():
    for _ in range(3):
        LIMIT.record("a")
    assert LIMIT.blocked("a") == 60
    LIMIT.reset("a")
    assert LIMIT.blocked("a") is None


def test_the_setting_is_read_each_time():
    LIMIT.hit("a")
    with override_settings(ARRIMAGE_TEST_RATE="1/h"):
        assert LIMIT.blocked("a") == 3600


def test_the_identity_is_not_stored_in_clear():
    LIMIT.hit("lea.roy@example.org|192.0.2.1")
    assert not any("lea.roy" in key for key in cache._cache)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.5", "10.0.0.1"),  # not behind a proxy: the header is the caller's own claim
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.66, 203.0.113.5", "203.0.113.5"),  # the caller cannot choose what the proxy saw
        (2, "198.51.100.66, 203.0.113.5", "198.51.100.66"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(ARRIMAGE_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected
