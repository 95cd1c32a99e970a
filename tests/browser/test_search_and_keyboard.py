"""Live search with htmx, and moving through a page with the keyboard only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import wait_for_map

pytestmark = pytest.mark.browser


def test_static_files_are_served(page: Any, base_url: str) -> None:
    for path in ("/static/css/arrimage.css", "/static/js/map.js", "/static/vendor/leaflet/leaflet.js"):
        response = page.request.get(base_url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"


def test_search_updates_results_while_typing(page: Any, base_url: str) -> None:
    page.goto(base_url + "/territoires/recherche/")
    page.evaluate("window.arrimageSamePage = true")  # lost if the browser loads another page
    page.locator("#id_q").press_sequentially("beauport", delay=20)
    names = page.locator("#search-results .result__name")
    expect(names.filter(has_text=re.compile(r"^Beauport$"))).to_have_count(1)
    expect(names.filter(has_text=re.compile(r"^Lac-Beauport$"))).to_have_count(1)
    assert page.evaluate("window.arrimageSamePage === true"), "the results came with a page load"
    expect(page).to_have_url(re.compile(r"/territoires/recherche/\?q=beauport"))  # the address can be shared
    beauport = page.locator(".result", has=page.locator(".result__name", has_text=re.compile(r"^Beauport$")))
    expect(beauport.locator(".result__parent")).to_have_text("Québec")  # the borough of the city of Québec
    assert not page.problems, "\n".join(page.problems)


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, cls: e.getAttribute('class') || '', text: e.textContent.trim()}; }"
    )


def test_keyboard_skip_links(page: Any, base_url: str) -> None:
    page.goto(base_url + "/territoires/mrc:28/")
    wait_for_map(page, "#territory-map")

    # The first Tab reaches the skip link, shown on focus, which moves the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link").first
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # Further on, before the map's controls, the link that skips the map to its table.
    for _ in range(40):
        page.keyboard.press("Tab")
        element = focused(page)
        assert "leaflet" not in element["cls"], f"the map's controls come before its skip link: {element}"
        if "skip-link--inline" in element["cls"]:
            break
    else:
        pytest.fail("40 presses of Tab did not reach the link that skips the map")
    map_skip = page.locator(".map-figure .skip-link")
    expect(map_skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#map-table$"))
    # The next Tab continues in the table, not in the map.
    page.keyboard.press("Tab")
    expect(page.locator("#map-table a").first).to_be_focused()
    assert not page.problems, "\n".join(page.problems)
