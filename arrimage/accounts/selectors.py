"""Reads of accounts: the security events."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import SecurityEvent, SecurityEventKind, User


def security_events(*, kind: str = "", email: str = "") -> QuerySet[SecurityEvent]:
    """Security events, newest first, of one `kind` and about accounts or typed addresses containing
    `email` (both optional), with their accounts loaded."""
    events = SecurityEvent.objects.select_related("user", "actor")
    if kind:
        events = events.filter(kind=kind)
    if email.strip():
        needle = email.strip().lower()
        events = events.filter(Q(user__email__contains=needle) | Q(email__contains=needle))
    return events.order_by("-created_at", "-pk")


def recent_sign_ins(user: User, *, limit: int = 10) -> list[SecurityEvent]:
    """The last sign-ins, failures and lock-outs of `user`'s account, for its owner to spot a stranger."""
    kinds = [SecurityEventKind.SIGN_IN, SecurityEventKind.SIGN_IN_FAILED, SecurityEventKind.LOCKED_OUT]
    return list(SecurityEvent.objects.filter(user=user, kind__in=kinds).order_by("-created_at", "-pk")[:limit])
