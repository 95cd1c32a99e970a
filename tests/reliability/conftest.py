"""An installation of Arrimage as in production, prepared once per test session (see server.py)."""

from collections.abc import Iterator

import pytest

from .server import Installation, engine, prepare

API_WRITERS = 10
WEB_WRITERS = 10


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    installation = prepare(tmp_path_factory.mktemp("installation"), api_users=API_WRITERS, web_users=WEB_WRITERS)
    yield installation
    if engine() == "postgresql":
        installation.drop()


@pytest.fixture
def installation(prepared: Installation, request: pytest.FixtureRequest) -> Iterator[Installation]:
    """A fresh copy of the prepared installation for one test."""
    copy = prepared.copy(f"arrimage_reliability_{request.node.name.split('[')[0][-30:]}")
    yield copy
    copy.drop()
