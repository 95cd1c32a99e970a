"""Writes to accounts: API keys and the security events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import ApiToken, SecurityEvent, SecurityEventKind, User
from .security import request_origin


def security_event_record(
    *,
    kind: SecurityEventKind | str,
    user: User | None = None,
    email: str = "",
    request: HttpRequest | None = None,
    acting_user: Any = None,
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Record one security event about `user` (or about the address `email` typed to sign in). Only a
    truncated network and the browser's family are kept of `request` (see `SecurityEvent`). `acting_user`
    is kept when someone else than `user` did it, an administrator granting a role for instance.

    Other apps call this function (the roles of `arrimage.access`); events are never changed afterwards.
    """
    network, browser = request_origin(request)
    actor = acting_user if isinstance(acting_user, User) and acting_user.pk is not None else None
    event = SecurityEvent(
        kind=SecurityEventKind(kind),
        user=user if user is not None and user.pk is not None else None,
        actor=actor if actor is not None and actor != user else None,
        email=email.strip().lower()[:254],
        network=network,
        browser=browser,
        details=details or {},
    )
    event.full_clean()
    event.save()
    return event


def security_events_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the security events older than `ARRIMAGE_SECURITY_EVENT_RETENTION_DAYS` (365 unless set):
    Law 25 asks not to keep personal information longer than its purpose needs, and a year is enough to
    look back on an incident. Returns how many were deleted."""
    days = int(getattr(settings, "ARRIMAGE_SECURITY_EVENT_RETENTION_DAYS", 365))
    limit = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = SecurityEvent.objects.filter(created_at__lt=limit).delete()
    return deleted


def api_token_create(*, user: User, name: str, acting_user: User) -> tuple[ApiToken, str]:
    """Create an API key for `user`. Returns the token and the key, which is never shown again."""
    key, digest, hint = ApiToken.new_key()
    token = ApiToken(user=user, name=name.strip(), key_digest=digest, key_hint=hint)
    with transaction.atomic():
        token.full_clean()
        token.save()
        security_event_record(
            kind=SecurityEventKind.TOKEN_CREATED,
            user=user,
            acting_user=acting_user,
            details={"token": token.pk, "name": token.name, "hint": hint},
        )
    return token, key


def api_token_revoke(*, token: ApiToken, acting_user: User) -> ApiToken:
    """Revoke `token`: it stops working at once. Revoking a revoked key changes nothing."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            security_event_record(
                kind=SecurityEventKind.TOKEN_REVOKED,
                user=token.user,
                acting_user=acting_user,
                details={"token": token.pk, "name": token.name, "hint": token.key_hint},
            )
    return token


def api_token_authenticate(key: str) -> User | None:
    """The active user whose unrevoked key this is, or None."""
    token = ApiToken.objects.active().matching(key).select_related("user").first()
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute: a busy client should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
