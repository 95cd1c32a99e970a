"""Users who write in the glossary (who may do what is checked by the pages: see the registry's tests)."""

from typing import Any

import pytest

from tests.factories import UserFactory


@pytest.fixture
def coordinator(db: Any) -> Any:
    return UserFactory.create()


@pytest.fixture
def editor(db: Any) -> Any:
    return UserFactory.create()
