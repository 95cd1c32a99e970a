"""Sliding session expiry, cheaply.

A session ends `SESSION_COOKIE_AGE` after it was last saved. Saving it on every request
(`SESSION_SAVE_EVERY_REQUEST`) would make that « after the last request », but costs a database write per
page. Here a signed-in session is saved again only when its last save is more than `REFRESH_SECONDS` old:
the session still ends between `SESSION_COOKIE_AGE - REFRESH_SECONDS` and `SESSION_COOKIE_AGE` after the
last request, for one write every few minutes at most.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: The session key holding when the session was last saved for activity (seconds since the epoch).
ACTIVITY_KEY = "_arrimage_activity"
REFRESH_SECONDS = 300


def session_touch(session: SessionBase) -> None:
    """Note now as the session's last activity; its expiry starts again when it is saved."""
    session[ACTIVITY_KEY] = int(timezone.now().timestamp())


class SessionActivityMiddleware:
    """Place after SessionMiddleware: pushes back the end of a signed-in session while it is used."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request already read (no extra query) and that belongs to someone.
        if session is not None and session.accessed and session.get(SESSION_KEY) is not None:
            last = session.get(ACTIVITY_KEY)
            if not isinstance(last, int) or timezone.now().timestamp() - last >= REFRESH_SECONDS:
                session_touch(session)
        return response
