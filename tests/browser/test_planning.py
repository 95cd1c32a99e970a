"""The « Plans » page of a territory in a browser, on the demonstration data: it is reached from the
territory's page, shows its sections, and axe-core finds no serious violation, in French on a desktop and
in English on a phone."""

from __future__ import annotations

import io
from typing import Any

import pytest

from .helpers import PHONE, axe_violations, describe_violations, new_page, screenshot_dir

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(base_url: str) -> str:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return base_url


def test_the_tab_is_reached_from_the_territory_page(browser: Any, demo: str) -> None:
    page = new_page(browser, demo)
    try:
        page.goto(demo + "/territoires/mrc:28/")
        page.locator('a[href="/territoires/mrc:28/plans/"]').click()
        page.wait_for_url("**/territoires/mrc:28/plans/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Plans")
        assert page.locator("#plans-in_force-table").get_by_text("Sainte-Sabine").count() >= 1
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


@pytest.mark.parametrize(("language", "viewport"), [("", None), ("en", PHONE)], ids=["fr", "en-phone"])
def test_no_accessibility_violation(browser: Any, demo: str, language: str, viewport: dict[str, int] | None) -> None:
    page = new_page(browser, demo, language=language, **({"viewport": viewport} if viewport else {}))
    try:
        page.goto(demo + "/territoires/mrc:28/plans/")
        for title in (
            "plans-title",
            "planning-load-title",
            "integration-title",
            "contributions-title",
            "resources-title",
        ):
            assert page.locator(f"#{title}").count() == 1, title
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
        page.goto(demo + "/territoires/region:03/plans/")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        if not language:
            page.screenshot(path=str(screenshot_dir() / "planning.png"), full_page=True)
    finally:
        page.context.close()
