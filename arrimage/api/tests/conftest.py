"""Callers of the registry API: anonymous, or users with a personal API key and a role."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from arrimage.access.models import RoleKind
from arrimage.territories.models import Territory
from tests.factories import RoleGrantFactory, UserFactory, api_key


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each test starts with no write and no wrong key counted (the counts live in the cache)."""
    cache.clear()
    yield
    cache.clear()


class Caller:
    """A test client that sends one user's API key with every request."""

    def __init__(self, client, user, key: str) -> None:
        self.client, self.user, self.key = client, user, key

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}

    def get(self, url, params=None):
        return self.client.get(url, params or {}, **self._headers())

    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json", **self._headers())

    def patch(self, url, body):
        return self.client.patch(url, body, content_type="application/json", **self._headers())


def _caller(client, user) -> Caller:
    return Caller(client, user, api_key(user))


@pytest.fixture
def admin_api(client, db):
    return _caller(client, UserFactory.create(is_superuser=True, is_staff=True))


@pytest.fixture
def nobody_api(client, db):
    """A signed-in user without any role."""
    return _caller(client, UserFactory.create())


@pytest.fixture
def region_03(db) -> Territory:
    return Territory.objects.get(kind="region", code="03")


@pytest.fixture
def editor_api(client, region_03):
    """A territorial editor of the Capitale-Nationale region."""
    user = UserFactory.create()
    RoleGrantFactory.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=region_03, concertation=None)
    return _caller(client, user)
