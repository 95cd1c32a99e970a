"""Screenshots of the main pages, for the README (`make screenshots`) and for a person reviewing a change.

They go to the folder named by $ARRIMAGE_SCREENSHOTS (build/screenshots by default, git-ignored) with stable
names; `ARRIMAGE_SCREENSHOTS=docs/screenshots` refreshes the README's.
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import DESKTOP, PHONE, new_page, screenshot_dir, wait_for_maps

pytestmark = pytest.mark.browser

# Each page is shot from its top down to the bottom of an element (the whole page when None), so that a
# picture never ends in the middle of a table; a page taller than MAX_HEIGHT is cut there.
MAX_HEIGHT = 2400
MARGIN = 24

SHOTS = [
    ("home.png", "/", DESKTOP, None),
    ("search.png", "/territoires/recherche/?q=beauport", DESKTOP, None),
    ("region.png", "/territoires/region:12/", DESKTOP, "#map-table"),
    ("mrc.png", "/territoires/mrc:28/", DESKTOP, "#map-table"),
    ("municipality.png", "/territoires/municipality:28005/", DESKTOP, None),
    ("home-mobile.png", "/", PHONE, ".map-figure"),
]


def test_screenshots_of_the_main_pages(browser: Any, base_url: str) -> None:
    folder = screenshot_dir()
    for name, path, viewport, until in SHOTS:
        page = new_page(browser, base_url, viewport=viewport)
        try:
            page.goto(base_url + path)
            wait_for_maps(page)
            page.evaluate("document.fonts.ready")
            if until:
                box = page.locator(until).bounding_box()
                assert box is not None, f"{until} is not shown on {path}"
                height = box["y"] + box["height"] + MARGIN
            else:
                height = page.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_HEIGHT)}
            page.screenshot(path=str(folder / name), full_page=True, clip=clip, animations="disabled", caret="hide")
            assert (folder / name).stat().st_size > 10_000, f"{name} looks empty"
            assert not page.problems, "\n".join(page.problems)
        finally:
            page.context.close()
