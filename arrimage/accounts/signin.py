"""How many times one may fail to sign in.

Two counts, both kept in the rate-limit cache (see `arrimage.core.ratelimit`), never in the database:

- per account: `ARRIMAGE_LOGIN_LOCKOUT_RATE` failures for one email address, from anywhere (5 in 15
  minutes unless set), lock that address out for `ARRIMAGE_LOGIN_LOCKOUT_DURATION` (15 minutes), even with
  the right password, so that a password cannot be guessed from many addresses at once. The lock-out is
  recorded as a security event. Unknown addresses are counted and locked the same way, with the same
  message: the page never tells whether an account exists.
- per email address and network address: `ARRIMAGE_LOGIN_FAILURE_RATE` (10 in 15 minutes), a sliding
  limit that a deployment may set lower than the lock-out.
- per network address, whatever the email addresses: `ARRIMAGE_LOGIN_NETWORK_FAILURE_RATE` (50 in 15
  minutes), a sliding limit against trying one password on many accounts, and against filling the
  security log with failures. Generous, because an office shares one address.

A successful sign-in forgets the first two (not the third: one good account must not open the door to
guessing the others); so does choosing a new password by email, which is what the message
of a lock-out suggests.
"""

from __future__ import annotations

from django.http import HttpRequest

from arrimage.core.ratelimit import Lockout, RateLimit, client_ip

from . import services
from .models import SecurityEventKind, User

NETWORK_FAILURES = RateLimit(scope="login-network", setting="ARRIMAGE_LOGIN_NETWORK_FAILURE_RATE", default="50/15min")
LOGIN_FAILURES = RateLimit(scope="login-failure", setting="ARRIMAGE_LOGIN_FAILURE_RATE", default="10/15min")
ACCOUNT_LOCKOUT = Lockout(
    RateLimit(scope="login-account", setting="ARRIMAGE_LOGIN_LOCKOUT_RATE", default="5/15min"),
    setting="ARRIMAGE_LOGIN_LOCKOUT_DURATION",
    default="15min",
)


def _attempt(email: str, request: HttpRequest) -> str:
    return f"{email}|{client_ip(request)}"


def network_wait(request: HttpRequest) -> int | None:
    """Seconds before anyone may try to sign in again from `request`'s network address, or None."""
    return NETWORK_FAILURES.blocked(client_ip(request))


def sign_in_wait(email: str, request: HttpRequest) -> int | None:
    """Seconds before `email` may try to sign in again from `request`'s address, or None."""
    waits = [wait for wait in (ACCOUNT_LOCKOUT.wait(email), LOGIN_FAILURES.blocked(_attempt(email, request))) if wait]
    return max(waits, default=None)


def sign_in_failed(email: str, request: HttpRequest) -> None:
    """Count a wrong password for `email`; past the limit, lock the address out and record it."""
    NETWORK_FAILURES.record(client_ip(request))
    LOGIN_FAILURES.record(_attempt(email, request))
    if ACCOUNT_LOCKOUT.fail(email):
        services.security_event_record(
            kind=SecurityEventKind.LOCKED_OUT,
            user=User.objects.filter(email=email).first(),
            email=email,
            request=request,
            details={"minutes": ACCOUNT_LOCKOUT.duration // 60},
        )


def sign_in_succeeded(email: str, request: HttpRequest) -> None:
    LOGIN_FAILURES.reset(_attempt(email, request))
    ACCOUNT_LOCKOUT.reset(email)


def sign_in_unlock(email: str, request: HttpRequest) -> None:
    """Lift the lock-out of `email` (its owner just chose a new password through the emailed link)."""
    sign_in_succeeded(email.strip().lower(), request)
