"""Limits on how often something may happen: writes through the API, failed API keys, failed sign-ins,
and lock-outs (after too many failures, a whole period of refusal).

A limit is a rate such as `60/min` or `10/15min` (a number of events per period; units `s`, `min`, `h`,
`d`), read from a setting each time so that a deployment (or a test) can change it. Events are counted
in a sliding window: the timestamps of the last events are kept in Django's cache under a digest of what
is limited (a user, an address, an email address with an address), never the value itself.

The cache is the one named by the setting `ARRIMAGE_RATELIMIT_CACHE` (`"default"` unless set). The
default cache keeps its entries in the memory of each process: with several app servers (or gunicorn
workers), each counts on its own and a caller gets up to that many times the limit. Production with
several processes should point this setting at a cache they share, for instance the database::

    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "arrimage_ratelimit",
    }
    ARRIMAGE_RATELIMIT_CACHE = "ratelimit"

then `manage.py createcachetable` once. Memcached (`PyMemcacheCache`) works the same way.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest

_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """`"60/min"` → (60, 60); `"10/15min"` → (10, 900): the number of events and the period in seconds."""
    match = _RATE.match(rate.lower())
    if not match or match.group(3) not in _UNITS:
        raise ValueError(f"Invalid rate {rate!r}: expected a number of events per period, such as 60/min.")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)]


def parse_period(period: str) -> int:
    """`"15min"` → 900: a period in seconds, written like the period of a rate."""
    return parse_rate(f"1/{period}")[1]


def client_ip(request: HttpRequest) -> str:
    """The caller's address. Behind `ARRIMAGE_TRUSTED_PROXIES` reverse proxies (0 unless set), the address
    the nearest of them saw, read from X-Forwarded-For; a caller cannot choose it by sending the header."""
    proxies = int(getattr(settings, "ARRIMAGE_TRUSTED_PROXIES", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class RateLimit:
    """A limit named `scope`, whose rate is the setting `setting` (or `default`)."""

    scope: str
    setting: str
    default: str

    @property
    def rate(self) -> tuple[int, int]:
        return parse_rate(str(getattr(settings, self.setting, self.default)))

    def _cache(self) -> BaseCache:
        return caches[getattr(settings, "ARRIMAGE_RATELIMIT_CACHE", "default")]

    def _key(self, ident: str) -> str:
        return f"ratelimit:{self.scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"

    def _recent(self, ident: str, now: float) -> list[float]:
        """Timestamps of the events still inside the window, newest first."""
        _count, period = self.rate
        return [stamp for stamp in self._cache().get(self._key(ident), []) if stamp > now - period]

    def _wait(self, recent: list[float], now: float) -> int | None:
        """Seconds until one more event is allowed, or None when it is allowed now."""
        count, period = self.rate
        if len(recent) < count:
            return None
        return max(1, math.ceil(recent[count - 1] + period - now))

    def blocked(self, ident: str) -> int | None:
        """Seconds to wait before `ident` may try again, or None when the limit is not reached."""
        now = time.time()
        return self._wait(self._recent(ident, now), now)

    def record(self, ident: str) -> None:
        """Count one event (a failure) for `ident`."""
        now = time.time()
        count, period = self.rate
        recent = [now, *self._recent(ident, now)][:count]
        self._cache().set(self._key(ident), recent, period)

    def hit(self, ident: str) -> int | None:
        """Count one event if the limit allows it and return None; otherwise count nothing and return
        the seconds to wait."""
        wait = self.blocked(ident)
        if wait is None:
            self.record(ident)
        return wait

    def reset(self, ident: str) -> None:
        """Forget `ident`'s events (after a successful sign-in)."""
        self._cache().delete(self._key(ident))


@dataclass(frozen=True)
class Lockout:
    """Once `failures` reaches its rate (for instance 5 failures in 15 minutes), `ident` is refused for a
    whole period counted from that moment: the setting `setting` (or `default`), such as `15min`.

    Unlike a sliding limit, whose wait shrinks as the oldest failure ages, a lock-out ends at a fixed time
    that a person can be told. Refused attempts are not counted, so they do not prolong it.
    """

    failures: RateLimit
    setting: str
    default: str

    @property
    def duration(self) -> int:
        return parse_period(str(getattr(settings, self.setting, self.default)))

    def _key(self, ident: str) -> str:
        return "lockout:" + self.failures._key(ident)

    def wait(self, ident: str) -> int | None:
        """Seconds until the lock-out of `ident` ends, or None when it is not locked out."""
        until = self.failures._cache().get(self._key(ident))
        now = time.time()
        if until is None or until <= now:
            return None
        return max(1, math.ceil(until - now))

    def fail(self, ident: str) -> bool:
        """Count one failure for `ident`; True when this failure locks it out."""
        self.failures.record(ident)
        if self.failures.blocked(ident) is None:
            return False
        duration = self.duration
        self.failures._cache().set(self._key(ident), time.time() + duration, duration)
        self.failures.reset(ident)
        return True

    def reset(self, ident: str) -> None:
        """Forget the failures of `ident` and lift its lock-out."""
        self.failures.reset(ident)
        self.failures._cache().delete(self._key(ident))
