"""The cycle of the démarches in a browser, on the demonstration data: the section of a démarche's page, the
page of a region and the page of the network; axe-core finds no serious or critical violation."""

from __future__ import annotations

import io
from typing import Any

import pytest

from .helpers import DESKTOP, PHONE, axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

NETWORK_NAME = "Réseau de développement des communautés de la Capitale-Nationale"
DEMARCHE_NAME = "Démarche en développement des communautés de Portneuf"


@pytest.fixture
def urls(base_url: str) -> dict[str, str]:
    from django.core.management import call_command

    from arrimage.concertation.models import Concertation
    from arrimage.demo.cycle import cycle_demo_load

    call_command("load_demo", stdout=io.StringIO())
    cycle_demo_load()
    network = Concertation.objects.get(name=NETWORK_NAME)
    demarche = Concertation.objects.get(name=DEMARCHE_NAME)
    return {
        "demarche": f"{base_url}/concertations/{demarche.pk}/",
        "network": f"{base_url}/concertations/{network.pk}/cycle/",
        "region": f"{base_url}/territoires/region:03/cycle/",
    }


@pytest.mark.parametrize(
    ("which", "viewport", "language"),
    [
        pytest.param("demarche", DESKTOP, "", id="demarche-desktop-fr"),
        pytest.param("region", PHONE, "en", id="region-phone-en"),
        pytest.param("network", DESKTOP, "", id="network-desktop-fr"),
    ],
)
def test_the_cycle_pages_are_accessible(browser: Any, base_url: str, urls, which, viewport, language):
    page = new_page(browser, base_url, viewport=viewport, language=language)
    try:
        page.goto(urls[which])
        if which == "demarche":
            current = page.locator('#cycle [aria-current="step"]')
            assert current.count() == 1
        else:
            assert page.locator("table tbody tr").count() > 1
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
