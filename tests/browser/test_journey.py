"""A person's way through Arrimage: home, search, a municipality, its MRC, and the language switch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .helpers import wait_for_map

pytestmark = pytest.mark.browser

HOME_HEADING = "Who works on what, where, with whom — and since when."
CIRCLE = "path => path.getAttribute('d') && /a/i.test(path.getAttribute('d'))"


def french(message: str) -> str:
    """The French of an interface message, which must be translated."""
    with translation.override("fr"):
        text = translation.gettext(message)
    assert text != message, f"« {message} » has no French translation in locale/fr"
    return text


def test_home_search_territory_mrc_and_language(page: Any, base_url: str) -> None:
    # The home page is in French.
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.locator("h1")).to_have_text(french(HOME_HEADING))
    wait_for_map(page, "#home-map")

    # Search from the home page, with an abbreviation and a hyphen.
    page.locator("#home-q").fill("st-zacharie")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/territoires/recherche/\?q=st-zacharie"))
    first = page.locator(".result__name").first
    expect(first).to_have_text("Saint-Zacharie")

    # The municipality's page: breadcrumb, map and its table.
    first.click()
    page.wait_for_url(re.compile(r"/territoires/municipality:\d+/$"))
    expect(page.locator("h1")).to_have_text("Saint-Zacharie")
    expect(page.locator(".breadcrumb li")).to_have_text(
        ["Québec", "Chaudière-Appalaches", "Les Etchemins", "Saint-Zacharie"]
    )
    assert wait_for_map(page, "#territory-map") >= 2  # the MRC around it, and its point
    assert page.locator("#territory-map .leaflet-overlay-pane path").count() > 0
    expect(page.locator("#map-table")).to_be_visible()
    expect(page.locator("#map-table tbody tr")).to_have_count(2)

    # Up to the MRC by the breadcrumb: one point on the map per municipality of the table.
    page.locator(".breadcrumb").get_by_role("link", name="Les Etchemins").click()
    page.wait_for_url(re.compile(r"/territoires/mrc:\d+/$"))
    expect(page.locator("h1")).to_have_text("Les Etchemins")
    drawn = wait_for_map(page, "#territory-map")
    municipalities = page.locator("#children-table tbody tr").count()
    circles = page.eval_on_selector_all(
        "#territory-map .leaflet-overlay-pane path", f"paths => paths.filter({CIRCLE}).length"
    )
    assert municipalities > 1
    assert circles == municipalities, f"{circles} points on the map for {municipalities} municipalities"
    assert drawn == municipalities + 1  # and the MRC's boundary
    expect(page.locator("#map-table")).to_be_visible()

    # Switch to English and back, staying on the same page.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-CA")
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Les Etchemins")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.get_by_role("heading", name=french("Key figures"))).to_be_visible()
    assert not page.problems, "\n".join(page.problems)
