"""The downloads and charts of the « Concertation » page in a browser: each PNG button saves a PNG image
drawn from its chart, and axe-core finds no serious violation with the links and charts on the page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from .helpers import PHONE, axe_violations, describe_violations, new_page, screenshot_dir

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def demo(base_url: str) -> str:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    return base_url


def test_each_png_button_downloads_a_png_of_its_chart(browser: Any, demo: str) -> None:
    page = new_page(browser, demo)
    try:
        page.goto(demo + "/territoires/mrc:31/concertation/")
        buttons = page.locator(".figure-downloads").get_by_role("button", name=re.compile(r"\(PNG\)"))
        assert buttons.count() == 3  # the heat map, the solicitation and the equity charts
        today = timezone.localdate().isoformat()
        names = set()
        for number in range(buttons.count()):
            with page.expect_download() as info:
                buttons.nth(number).click()
            download = info.value
            data = Path(download.path()).read_bytes()
            assert data.startswith(PNG_SIGNATURE), download.suggested_filename
            assert len(data) > 2000  # drawn, not blank
            names.add(download.suggested_filename)
        assert names == {
            f"concertation-mrc-31-{chart}-{today}.png" for chart in ("couverture", "sollicitation", "equite")
        }
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


@pytest.mark.parametrize(("language", "viewport"), [("", None), ("en", PHONE)], ids=["fr", "en-phone"])
def test_no_accessibility_violation_with_the_links_and_charts(
    browser: Any, demo: str, language: str, viewport: dict[str, int] | None
) -> None:
    page = new_page(browser, demo, language=language, **({"viewport": viewport} if viewport else {}))
    try:
        page.goto(demo + "/territoires/mrc:31/concertation/")
        assert page.locator("figure.chart svg[role=img]").count() == 2
        assert page.locator(".chart-png:visible").count() == 3  # shown once the script runs
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
        if not language:
            page.locator("#load-title").scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot_dir() / "analysis-figures.png"), full_page=True)
    finally:
        page.context.close()
