"""An administrator judges the top possible overlap of Beauport complementary, then withdraws the decision;
axe-core checks the form, with and without its error message, and the tab with the decisions' table."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from arrimage.accounts.models import User

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

TAB = "/territoires/borough:REQ05/concertation/"
FIRST = "Comité de sécurité alimentaire de Beauport"
SECOND = "Regroupement pour l'autonomie alimentaire de Beauport"
NOTE = "Le comité coordonne le dépannage; le regroupement développe les jardins et l'agriculture urbaine."


@pytest.fixture
def admin_page(browser: Any, base_url: str, client: Any) -> Any:
    """The demonstration's data, and a page signed in as its administrator (neither Beauport food body is
    coordinated by the demonstration's coordinator, who coordinates the Table de développement local)."""
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="admin@exemple.demo"))
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    yield page
    page.context.close()


def _no_violation(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{describe_violations(violations)}"


def _first_row(page: Any) -> str:
    return str(page.locator("#overlaps-table tbody tr").first.inner_text())


def test_mark_the_top_pair_then_withdraw(admin_page: Any, base_url: str) -> None:
    page = admin_page
    page.goto(base_url + TAB)
    top = _first_row(page)
    assert FIRST in top and SECOND in top

    page.locator("#overlaps-table tbody tr").first.locator("a[href*='/complementaire/']").click()
    page.wait_for_url("**/complementaire/**")
    pair = page.locator(".decision-pair").inner_text()
    assert FIRST in pair and SECOND in pair
    _no_violation(page, "the form")

    page.locator("form.edit-form button[type=submit]").click()  # without a note
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    _no_violation(page, "the form with its error")
    assert [problem for problem in page.problems if not problem.startswith("HTTP 422 ")] == []
    page.problems.clear()  # the form refused without a note answers 422, as it should

    page.locator("#id_note").fill(NOTE)
    page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_url(f"**{TAB}#overlaps-title")
    assert page.locator(".messages").count() == 1
    top = _first_row(page)
    assert not (FIRST in top and SECOND in top)
    decided = page.locator("#complementary-table").inner_text()
    assert FIRST in decided and SECOND in decided and NOTE in decided
    _no_violation(page, "the tab with a pair judged complementary, and its confirmation message")

    page.locator("#complementary-table a[href*='/retirer/']").first.click()
    page.wait_for_url("**/retirer/**")
    _no_violation(page, "the withdrawal")
    page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_url(f"**{TAB}#overlaps-title")
    top = _first_row(page)
    assert FIRST in top and SECOND in top
    assert page.locator("#complementary-table").count() == 0
    assert not page.problems, "\n".join(page.problems)
