"""Users of each glossary role."""

from typing import Any

import pytest

from arrimage.access.models import RoleKind
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, RoleGrantFactory, UserFactory


@pytest.fixture
def coordinator(db: Any) -> Any:
    return RoleGrantFactory.create(concertation=ConcertationFactory.create()).user


@pytest.fixture
def editor(db: Any) -> Any:
    region = Territory.objects.get(kind="region", code="03")
    return RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=region).user


@pytest.fixture
def member(db: Any) -> Any:
    return UserFactory.create()


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory.create(is_superuser=True, is_staff=True)
