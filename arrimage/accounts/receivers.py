"""Sign-ins and sign-outs recorded as security events; a new session notes its first activity.

Django announces them with its auth signals, whatever the page (the sign-in page, the admin's, a test
client): listening to them is the only way not to miss one. The receivers only record; they decide
nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import services
from .middleware import session_touch
from .models import SecurityEventKind, User


@receiver(user_logged_in, dispatch_uid="accounts.security.sign_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if isinstance(user, User):
        services.security_event_record(kind=SecurityEventKind.SIGN_IN, user=user, request=request)
    session = getattr(request, "session", None)
    if session is not None:
        # The session's activity starts now, so the next pages need not save it again (see middleware).
        session_touch(session)


@receiver(user_logged_out, dispatch_uid="accounts.security.sign_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if isinstance(user, User):
        services.security_event_record(kind=SecurityEventKind.SIGN_OUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.security.sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    services.security_event_record(
        kind=SecurityEventKind.SIGN_IN_FAILED,
        user=User.objects.filter(email=email).first() if email else None,
        email=email,
        request=request,
    )
