"""Granting and taking back a role is written to the security log of accounts, with who did it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from arrimage.access.models import RoleKind
from arrimage.access.services import role_grant, role_revoke
from arrimage.accounts.models import SecurityEvent, SecurityEventKind
from arrimage.territories.models import Territory
from tests import factories

pytestmark = pytest.mark.django_db

UserFactory: Any = factories.UserFactory


def test_a_grant_and_its_revocation_are_recorded() -> None:
    administrator = UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory()
    mrc = Territory.objects.get(kind="mrc", name="Les Etchemins")
    grant = role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    role_revoke(grant=grant, acting_user=administrator)
    revoked, granted = SecurityEvent.objects.filter(user=user)
    assert (granted.kind, granted.actor) == (SecurityEventKind.ROLE_GRANTED, administrator)
    assert granted.details == {"grant": grant.pk, "role": "territorial_editor", "scope": str(mrc)}
    assert (revoked.kind, revoked.actor, revoked.details["grant"]) == (
        SecurityEventKind.ROLE_REVOKED,
        administrator,
        grant.pk,
    )


def test_a_refused_grant_records_nothing() -> None:
    administrator = UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory()
    concertation = factories.ConcertationFactory.create()
    role_grant(user=user, role=RoleKind.COORDINATOR, concertation=concertation, acting_user=administrator)
    with pytest.raises(ValidationError):
        role_grant(user=user, role=RoleKind.COORDINATOR, concertation=concertation, acting_user=administrator)
    with pytest.raises(ValidationError):
        role_grant(user=user, role=RoleKind.COORDINATOR, acting_user=administrator)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_GRANTED).count() == 1
