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


def _shoot(page: Any, folder: Any, name: str, viewport: dict[str, int]) -> None:
    page.evaluate("document.fonts.ready")
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_HEIGHT)}
    page.screenshot(path=str(folder / name), full_page=True, clip=clip, animations="disabled", caret="hide")
    assert (folder / name).stat().st_size > 10_000, f"{name} looks empty"
    assert not page.problems, "\n".join(page.problems)


def test_screenshots_of_the_registry(browser: Any, base_url: str, client: Any) -> None:
    """The registry with the demonstration data, as a visitor and as the coordinator of a table."""
    from django.conf import settings

    from arrimage.accounts.models import User
    from arrimage.actors.models import Organization
    from arrimage.concertation.models import Concertation
    from arrimage.demo.services import demo_load

    demo_load()
    table = Concertation.objects.get(name="Table de développement local de Beauport")
    cdc = Organization.objects.get(acronym="CDC de Beauport")
    folder = screenshot_dir()
    visitor = [
        ("concertations.png", "/concertations/?territoire=region:03"),
        ("concertation.png", table.get_absolute_url()),
        ("organisation.png", cdc.get_absolute_url()),
    ]
    for name, path in visitor:
        page = new_page(browser, base_url)
        try:
            page.goto(base_url + path)
            wait_for_maps(page)
            _shoot(page, folder, name, DESKTOP)
        finally:
            page.context.close()

    client.force_login(User.objects.get(email="coordination.beauport@exemple.demo"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page = new_page(browser, base_url)
    try:
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
        page.goto(f"{base_url}{table.get_absolute_url()}?date=2019-06-01")
        wait_for_maps(page)
        assert page.get_by_role("link", name="Modifier").first.is_visible()
        _shoot(page, folder, "concertation-2019-coordinator.png", DESKTOP)
        seat = table.seats.order_by("order", "pk")[0]
        page.goto(f"{base_url}/sieges/{seat.pk}/occuper/")
        page.get_by_role("button", name="Enregistrer le mandat").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary, [role=alert]").first.is_visible()
        assert page.problems == [f"HTTP 422 {page.url}"]  # the form comes back with its errors
        page.problems.clear()
        _shoot(page, folder, "membership-error.png", DESKTOP)
    finally:
        page.context.close()
