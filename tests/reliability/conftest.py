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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql_only: needs the PostgreSQL run (config.settings.test_postgres); deselected on SQLite"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the SQLite run, deselect the tests marked `postgresql_only` (several app servers sharing one
    database): pytest's summary counts them as deselected, and the PostgreSQL run of CI selects them."""
    if engine() == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("postgresql_only") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
