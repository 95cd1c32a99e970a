"""Writes to accounts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


def api_token_create(*, user: User, name: str, acting_user: User) -> tuple[ApiToken, str]:
    """Create an API key for `user`. Returns the token and the key, which is never shown again."""
    key, digest, hint = ApiToken.new_key()
    token = ApiToken(user=user, name=name.strip(), key_digest=digest, key_hint=hint)
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, key


def api_token_revoke(*, token: ApiToken, acting_user: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
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
