"""The page of a network's démarches in a browser: on the demonstration data, the map draws the
démarches' territories, the tables scroll with the keyboard, and axe-core finds no serious or critical
violation, on a desktop and on a phone."""

from __future__ import annotations

import io
from typing import Any

import pytest

from .helpers import DESKTOP, PHONE, axe_violations, describe_violations, new_page, wait_for_map

pytestmark = pytest.mark.browser

NETWORK_NAME = "Réseau de développement des communautés de la Capitale-Nationale"


@pytest.fixture
def network_url(base_url: str) -> str:
    from django.core.management import call_command

    from arrimage.concertation.models import Concertation

    call_command("load_demo", stdout=io.StringIO())
    network = Concertation.objects.get(name=NETWORK_NAME)
    return f"{base_url}/concertations/{network.pk}/demarches/"


@pytest.mark.parametrize(
    ("viewport", "language"),
    [pytest.param(DESKTOP, "", id="desktop-fr"), pytest.param(PHONE, "en", id="phone-en")],
)
def test_the_page_of_the_network_is_accessible(browser: Any, base_url: str, network_url: str, viewport, language):
    page = new_page(browser, base_url, viewport=viewport, language=language)
    try:
        page.goto(network_url)
        assert wait_for_map(page, "#demarches-map") > 0
        rows = page.locator("#demarches-table tbody tr")
        assert rows.count() == page.locator("#shared-table tbody tr").count() > 1
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_concertation_page_leads_to_the_network_page(browser: Any, base_url: str, network_url: str):
    page = new_page(browser, base_url)
    try:
        page.goto(network_url.removesuffix("demarches/"))
        page.locator(f'a[href="{network_url.removeprefix(base_url)}"]').click()
        page.wait_for_url(network_url)
        assert NETWORK_NAME in page.locator("h1").inner_text()
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
