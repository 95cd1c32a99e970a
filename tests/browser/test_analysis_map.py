"""The map and the « What changed » section of the « Concertation » page, in a browser, on the demonstration
data: one shape per part of the territory, the theme select recolours them, the comparison form shows the
section, and axe-core finds no violation."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from .helpers import axe_violations, describe_violations, new_page, wait_for_map

pytestmark = pytest.mark.browser

PARTS = "#analysis-map path.analysis-map__part"


@pytest.fixture
def demo(base_url: str) -> str:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return base_url


def _step(steps: list[int], count: int) -> int:
    return max(index for index, bound in enumerate(steps) if count >= bound)


def _painted(page: Any) -> list[tuple[str, str]]:
    """The count and colour class of each shaded shape, in drawing order."""
    rows = page.eval_on_selector_all(
        PARTS,
        """paths => paths.map(path => [path.getAttribute("data-count"),
            Array.from(path.classList).find(name => name.startsWith("choropleth-"))])""",
    )
    return [tuple(row) for row in rows]


def _assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("public_id", ["region:03", "mrc:23"])
def test_the_map_shades_each_part_and_the_theme_select_recolours_it(browser: Any, demo: str, public_id: str) -> None:
    page = new_page(browser, demo)
    try:
        page.goto(f"{demo}/territoires/{public_id}/concertation/")
        drawn = wait_for_map(page, "#analysis-map")
        data = json.loads(page.text_content("#analysis-map-data") or "{}")
        # One shape per part (MRC polygons of the région, municipality points of the MRC).
        assert drawn == len(data["parts"]) == page.locator(PARTS).count()
        totals = sorted((str(p["bodies"]), f"choropleth-{_step(data['steps'], p['bodies'])}") for p in data["parts"])
        assert sorted(_painted(page)) == totals

        # The theme whose counts differ most from the totals.
        theme = max(
            range(len(data["themes"])),
            key=lambda i: sum(p["themes"][i] != p["bodies"] for p in data["parts"]),
        )
        select = page.locator("#analysis-map-theme")
        assert select.is_visible()
        select.select_option(str(theme))
        chosen = "theme => document.getElementById('analysis-map').dataset.theme === theme"
        page.wait_for_function(chosen, arg=str(theme))
        expected = sorted(
            (str(p["themes"][theme]), f"choropleth-{_step(data['steps'], p['themes'][theme])}") for p in data["parts"]
        )
        assert sorted(_painted(page)) == expected != totals
        assert data["themes"][theme] in (page.text_content("#analysis-map-shown") or "")

        # The tooltip names the part and its count; the popup links to its own tab.
        first = page.locator(PARTS).first
        first.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        links = [p["url"] for p in data["parts"]]
        assert popup.locator("a").get_attribute("href") in links
        # Leaflet fades the popup in: check its colours once it is fully drawn, as a reader sees it.
        page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")

        _assert_accessible(page)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_comparison_form_shows_what_changed(browser: Any, demo: str) -> None:
    page = new_page(browser, demo)
    try:
        page.goto(f"{demo}/territoires/mrc:23/concertation/")
        assert page.locator("#comparison-counts").count() == 0
        page.fill("#id_depuis", "2018-01-01")
        page.locator(".comparison-form button[type=submit]").click()
        page.wait_for_url("**depuis=2018-01-01**")
        assert page.locator("#comparison-counts").is_visible()
        assert page.locator("#comparison-new-table tbody tr").count() >= 1
        assert page.locator("#comparison-holders-table tbody tr").count() >= 1
        wait_for_map(page, "#analysis-map")
        _assert_accessible(page)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
