"""How often the API may be called: writes per user, and failed API keys per address.

- Writes (POST, PUT, PATCH, DELETE): `ARRIMAGE_API_WRITE_RATE` per user (default `60/min`).
- Failed API keys (a wrong, revoked or malformed key): `ARRIMAGE_API_KEY_FAILURE_RATE` per address
  (default `20/min`); past it, every request that carries a key is refused until the window frees up,
  even with a right key, so that keys cannot be guessed.

Past a limit the answer is a 429 in the API's error format, with `Retry-After` (seconds). Reads are not
limited here. The counts live in Django's cache: see `arrimage.core.ratelimit` for production with
several app servers.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from arrimage.core.ratelimit import RateLimit, client_ip

WRITES = RateLimit(scope="api-write", setting="ARRIMAGE_API_WRITE_RATE", default="60/min")
KEY_FAILURES = RateLimit(scope="api-key-failure", setting="ARRIMAGE_API_KEY_FAILURE_RATE", default="20/min")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteThrottle(BaseThrottle):
    """django-ninja's throttling hook over the write limit: counts the writes of each user (or, without
    one, of each address)."""

    def __init__(self) -> None:
        # ninja asks `wait()` right after `allow_request()` in the same thread; the instance is shared.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = None
        if request.method in SAFE_METHODS:
            return True
        user: Any = getattr(request, "auth", None)
        ident = f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{client_ip(request)}"
        self._local.wait = WRITES.hit(ident)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class TooManyKeyFailures(Throttled):
    """Too many wrong API keys from the caller's address."""


def key_failures_block(request: HttpRequest) -> None:
    """Refuse (429) a request carrying a key from an address that sent too many wrong keys lately."""
    wait = KEY_FAILURES.blocked(client_ip(request))
    if wait is not None:
        raise TooManyKeyFailures(wait=wait)


def key_failure_record(request: HttpRequest) -> None:
    KEY_FAILURES.record(client_ip(request))
