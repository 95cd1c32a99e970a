"""axe-core finds no serious or critical accessibility violation on the main pages, maps included."""

from __future__ import annotations

import io
from typing import Any

import pytest

from .helpers import DESKTOP, PHONE, axe_violations, describe_violations, new_page, wait_for_maps

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/", "", DESKTOP, id="home-fr"),
    pytest.param("/", "en", DESKTOP, id="home-en"),
    pytest.param("/territoires/recherche/?q=beauport", "", DESKTOP, id="search-fr"),
    pytest.param("/territoires/mrc:28/", "", DESKTOP, id="mrc-fr"),
    pytest.param("/territoires/municipality:23027/", "", DESKTOP, id="municipality-fr"),
    # On a phone the tables scroll sideways: a keyboard must be able to scroll them too.
    pytest.param("/territoires/mrc:28/", "", PHONE, id="mrc-fr-phone"),
    # The territorial analysis: heat-map table, ranked tables; on the MRC des Etchemins with no registry
    # data here, and with the demonstration data below.
    pytest.param("/territoires/mrc:28/concertation/", "", DESKTOP, id="analysis-fr"),
    pytest.param("/territoires/mrc:28/concertation/", "en", PHONE, id="analysis-en-phone"),
    # What Arrimage keeps about people and why (Québec's Law 25), in both languages.
    pytest.param("/confidentialite/", "", DESKTOP, id="privacy-fr"),
    pytest.param("/confidentialite/", "en", PHONE, id="privacy-en-phone"),
]


@pytest.mark.parametrize(("path", "language", "viewport"), PAGES)
def test_no_serious_accessibility_violation(
    browser: Any, base_url: str, path: str, language: str, viewport: dict[str, int]
) -> None:
    page = new_page(browser, base_url, viewport=viewport, language=language)
    try:
        page.goto(base_url + path)
        wait_for_maps(page)  # the Leaflet controls and layers are part of what is checked
        violations = axe_violations(page)
        assert not violations, f"axe-core on {path} ({language or 'fr'}):\n{describe_violations(violations)}"
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_analysis_of_beauport_with_the_demonstration_data(browser: Any, base_url: str) -> None:
    """The territorial analysis filled with the demonstration's tables: every section has rows."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    page = new_page(browser, base_url)
    try:
        page.goto(base_url + "/territoires/borough:REQ05/concertation/")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
