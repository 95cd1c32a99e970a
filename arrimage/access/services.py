"""Writes to roles: giving a user a role over a territory or a concertation, and taking it back.

Grants are never deleted: a revoked grant keeps its dates, and simple-history records who gave and who
took back each role, so that the history of who could edit what stays readable.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.accounts.models import SecurityEventKind
from arrimage.accounts.services import security_event_record
from arrimage.concertation.models import Concertation
from arrimage.core.audit import audited_save
from arrimage.territories.models import Territory

from .models import RoleGrant, RoleKind


def role_grant(
    *,
    user: Any,
    role: str,
    territory: Territory | None = None,
    concertation: Concertation | None = None,
    acting_user: Any,
) -> RoleGrant:
    """Give `user` a role: territorial editor over `territory` (and everything inside it), or coordinator
    of `concertation`. Refused when the scope does not match the role or when the user already has it."""
    errors: dict[str, str] = {}
    if role == RoleKind.TERRITORIAL_EDITOR:
        if territory is None:
            errors["territory"] = _("Choose the territory this editor works on.")
        if concertation is not None:
            errors["concertation"] = _("A territorial editor works on a territory, not on a concertation.")
    elif role == RoleKind.COORDINATOR:
        if concertation is None:
            errors["concertation"] = _("Choose the concertation this person coordinates.")
        if territory is not None:
            errors["territory"] = _("A coordinator works on a concertation, not on a territory.")
    else:
        errors["role"] = _("Choose a role.")
    if errors:
        raise ValidationError(errors)
    grant = RoleGrant(
        user=user,
        role=role,
        territory=territory,
        concertation=concertation,
        granted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        audited_save(grant, acting_user=acting_user, reason="grant")
        _record(SecurityEventKind.ROLE_GRANTED, grant, acting_user)
    return grant


def role_revoke(*, grant: RoleGrant, acting_user: Any) -> RoleGrant:
    """Take a role back from now on. Refused when it was already taken back."""
    with transaction.atomic():
        fresh = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        if fresh.revoked_at is not None:
            raise ValidationError(_("This role was already taken back."), code="revoked")
        fresh.revoked_at = timezone.now()
        audited_save(fresh, acting_user=acting_user, reason="revoke")
        _record(SecurityEventKind.ROLE_REVOKED, fresh, acting_user)
    return fresh


def _record(kind: SecurityEventKind, grant: RoleGrant, acting_user: Any) -> None:
    """The security log of accounts keeps who was given which role over what, and by whom."""
    scope = grant.territory or grant.concertation
    security_event_record(
        kind=kind,
        user=grant.user,
        acting_user=acting_user,
        details={"grant": grant.pk, "role": grant.role, "scope": str(scope) if scope is not None else ""},
    )
