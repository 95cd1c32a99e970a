"""The funding programmes of the demonstration, read by a visitor: axe-core finds no serious violation on
the list, a programme's page with its table of what fits, the calendar of deadlines and the regional view."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from arrimage.demo.funding import demo_programmes
from arrimage.funding.models import Programme

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def fqis(base_url: str) -> Programme:
    call_command("load_demo", stdout=io.StringIO())
    demo_programmes()
    return Programme.objects.get(acronym="FQIS")


def test_the_funding_pages_have_no_serious_accessibility_violation(
    browser: Any, base_url: str, fqis: Programme
) -> None:
    page = new_page(browser, base_url)
    try:
        for path in (
            "/programmes/",
            f"/programmes/{fqis.pk}/",
            "/programmes/echeances/",
            "/territoires/region:03/programmes/",
        ):
            page.goto(base_url + path)
            violations = axe_violations(page)
            assert not violations, f"axe-core on {path}:\n{describe_violations(violations)}"
        page.goto(f"{base_url}/programmes/{fqis.pk}/")
        expect(page.locator("#fitting-concertations tbody tr").first).to_be_visible()
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
