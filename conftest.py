"""Fixtures shared by every test: the real Québec reference territories, loaded once per test database.

Also the count of the fuzz tests' inputs (tests/fuzz/conftest.py), added up here from the tests' reports so
that it holds when the tests run in several processes (pytest-xdist).
"""

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from arrimage.analysis.results import forget as forget_analysis
from arrimage.concertation.models import Theme
from arrimage.concertation.services import themes_load
from arrimage.territories.models import Territory
from arrimage.territories.services import reference_territories_load

_FUZZ_INPUTS: dict[str, int] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "fuzz inputs" and report.when == "call":
            _FUZZ_INPUTS[report.nodeid] = int(str(value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _FUZZ_INPUTS:
        inputs = f"{sum(_FUZZ_INPUTS.values()):,}".replace(",", " ")
        terminalreporter.write_line(f"fuzz: {inputs} inputs tried in {len(_FUZZ_INPUTS)} tests")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference territories once into the test database, outside the per-test transactions."""
    with django_db_blocker.unblock():
        reference_territories_load(acting_user="tests")


@pytest.fixture
def territories(django_db_blocker):
    """The reference territories and the seeded themes, reloaded if a transactional test (a browser
    test) flushed them."""
    with django_db_blocker.unblock():
        if not Territory.objects.exists():
            reference_territories_load(acting_user="tests", force=True)
        if not Theme.objects.exists():
            themes_load()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page fragment, so that it sees (and counts) the real work."""
    for store in caches.all(initialized_only=True):
        store.clear()
    forget_analysis()


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in French, whatever language the previous test's requests left active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def feature_collection_validator():
    """A validator of RFC 7946 FeatureCollections that resolves every schema from the local copies in
    standards/geojson, so that no test fetches anything online."""
    import json
    from pathlib import Path

    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for path in sorted((Path(settings.BASE_DIR) / "standards" / "geojson").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)))
    assert len(resources) == 11
    root = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$ref": "https://geojson.org/schema/FeatureCollection.json",
    }
    Draft7Validator.check_schema(root)
    return Draft7Validator(root, registry=Registry().with_resources(resources))
