"""Giving and taking back roles: scope checked, history kept, and the admin gate agrees with the policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from arrimage.access import policy
from arrimage.access.models import RoleGrant, RoleKind
from arrimage.access.services import role_grant, role_revoke
from arrimage.actors.admin import is_platform_admin
from arrimage.territories.models import Territory
from tests import factories

UserFactory: Any = factories.UserFactory


def concertation() -> Any:
    return factories.ConcertationFactory.create()


@pytest.fixture
def administrator(db: None) -> Any:
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def mrc(db: None) -> Territory:
    return Territory.objects.get(kind="mrc", name="Les Etchemins")


def test_an_editor_is_given_a_territory_and_may_edit_inside_it(administrator: Any, mrc: Territory) -> None:
    user = UserFactory()
    grant = role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    assert grant.granted_by == administrator
    record = grant.history.get()
    assert (record.history_user, record.history_change_reason) == (administrator, "grant")
    table = concertation()
    table.territories.set([Territory.objects.get(kind="municipality", name="Saint-Zacharie")])
    assert policy.can_edit_concertation(type(user).objects.get(pk=user.pk), table)


def test_a_coordinator_is_given_a_concertation(administrator: Any) -> None:
    table = concertation()
    user = UserFactory()
    grant = role_grant(user=user, role=RoleKind.COORDINATOR, concertation=table, acting_user=administrator)
    assert grant.concertation == table and grant.territory is None
    assert policy.can_edit_concertation(type(user).objects.get(pk=user.pk), table)


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (RoleKind.TERRITORIAL_EDITOR, [], "territory"),
        (RoleKind.TERRITORIAL_EDITOR, ["territory", "concertation"], "concertation"),
        (RoleKind.COORDINATOR, [], "concertation"),
        (RoleKind.COORDINATOR, ["concertation", "territory"], "territory"),
        ("king", [], "role"),
    ],
)
def test_a_role_needs_the_scope_that_matches_it(
    administrator: Any, mrc: Territory, role: str, scope: list[str], field: str
) -> None:
    kwargs: dict[str, Any] = {}
    if "territory" in scope:
        kwargs["territory"] = mrc
    if "concertation" in scope:
        kwargs["concertation"] = concertation()
    with pytest.raises(ValidationError) as caught:
        role_grant(user=UserFactory(), role=role, acting_user=administrator, **kwargs)
    assert field in caught.value.message_dict
    assert not RoleGrant.objects.exists()


def test_the_same_role_is_not_given_twice(administrator: Any, mrc: Territory) -> None:
    user = UserFactory()
    role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    with pytest.raises(ValidationError):
        role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    assert RoleGrant.objects.count() == 1


def test_a_role_is_taken_back_once_and_kept_in_the_history(administrator: Any, mrc: Territory) -> None:
    user = UserFactory()
    grant = role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    revoked = role_revoke(grant=grant, acting_user=administrator)
    assert revoked.revoked_at is not None
    assert [row.history_change_reason for row in revoked.history.order_by("history_date")] == ["grant", "revoke"]
    assert not policy.access_for(type(user).objects.get(pk=user.pk)).is_editor
    with pytest.raises(ValidationError):
        role_revoke(grant=grant, acting_user=administrator)
    # Taken back, the role can be given again.
    role_grant(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=mrc, acting_user=administrator)
    assert RoleGrant.objects.active().count() == 1


def test_the_admin_gate_is_the_policy(db: None) -> None:
    users: list[Any] = [
        AnonymousUser(),
        UserFactory(),
        UserFactory(is_staff=True),
        UserFactory(is_superuser=True),
        UserFactory(is_superuser=True, is_active=False),
    ]
    for user in users:
        request = RequestFactory().get("/admin/")
        request.user = user
        assert is_platform_admin(request) == policy.can_use_admin(user), user
