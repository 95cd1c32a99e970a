"""The Content Security Policy refuses nothing the pages need: on the main pages, read by a visitor and by an
administrator, the browser reports no policy violation and no JavaScript error, while
the maps, the network graph and the live searches still work."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from arrimage.accounts.models import User
from arrimage.concertation.models import Concertation
from arrimage.plans.models import Plan

from .helpers import new_page, wait_for_maps

pytestmark = pytest.mark.browser

# Runs before the page's own scripts (the policy does not apply to it): records every violation event.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || ""}:${event.lineNumber || ""}) ${event.sample || ""}`);
});
"""

BEAUPORT = "borough:REQ05"


def watched_page(browser: Any, base_url: str) -> Any:
    """A page whose JavaScript errors (see `new_page`) and policy violations, reported as events or in the
    console, are added to `page.problems`."""
    page = new_page(browser, base_url)
    page.context.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"Console on {page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    return page


def visit(page: Any, url: str) -> None:
    """Open the page, wait until its scripts have drawn, and collect its policy violations."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    assert "script-src 'self'" in (response.header_value("content-security-policy") or ""), url
    wait_for_maps(page)
    if page.locator("#network-graph").count():
        page.wait_for_function("() => document.getElementById('network-graph').dataset.drawn")
    page.wait_for_load_state("networkidle")
    page.problems.extend(f"Policy violation on {url}: {text}" for text in page.evaluate("window.__cspViolations"))


@pytest.fixture
def demo(base_url: str) -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_the_public_pages_meet_no_policy_violation(browser: Any, base_url: str, demo: None) -> None:
    table = Concertation.objects.get(name="Table de développement local de Beauport")
    plan = Plan.objects.get(name="Plan d'action concerté de Beauport 2024-2027")
    page = watched_page(browser, base_url)
    try:
        for path in (
            "/",
            "/territoires/mrc:28/",
            f"/territoires/{BEAUPORT}/",
            f"/territoires/{BEAUPORT}/concertation/",  # maps, network graph, charts
            f"/territoires/{BEAUPORT}/plans/",
            f"/concertations/{table.pk}/",  # the membership timeline places its segments with style attributes
            f"/plans/{plan.pk}/",
            "/plans/",
            f"/territoires/{BEAUPORT}/portrait/",
            f"/concertations/{table.pk}/rapport-annuel/",
            "/api/v1/docs",
            "/compte/connexion/",
            "/confidentialite/",
        ):
            visit(page, base_url + path)

        # The live search (htmx) still answers as one types.
        visit(page, base_url + "/organismes/")
        page.locator("#id_q").fill("beauport")
        expect(page.locator("#results")).to_contain_text(re.compile("Beauport"))
        page.problems.extend(page.evaluate("window.__cspViolations"))
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_edit_pages_meet_no_policy_violation(browser: Any, base_url: str, demo: None, client: Any) -> None:
    client.force_login(User.objects.get(email="admin@exemple.demo"))
    table = Concertation.objects.get(name="Table de développement local de Beauport")
    plan = Plan.objects.get(name="Plan d'action concerté de Beauport 2024-2027")
    coordinator = table.seats.get(label="Coordination de la Table").memberships.latest("start_date").person
    assert coordinator is not None
    page = watched_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    try:
        for path in (
            f"/concertations/{table.pk}/modifier/",
            "/concertations/nouvelle/",
            f"/plans/{plan.pk}/modifier/",
            "/importations/",
            "/importations/nouvelle/",
            "/compte/",
            "/compte/securite/",
            "/compte/mot-de-passe/modifier/",
            f"/personnes/{coordinator.pk}/modifier/",  # with its consents
            f"/personnes/{coordinator.pk}/effacer/",
            f"/personnes/{coordinator.pk}/dossier-de-transition/",
            "/admin/",
        ):
            visit(page, base_url + path)

        # A refused form: the error summary takes the focus (static/js/edit-form.js runs).
        visit(page, base_url + f"/concertations/{table.pk}/modifier/")
        page.locator("#id_name").fill("")
        page.locator("form.edit-form button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        page.problems.extend(page.evaluate("window.__cspViolations"))
        page.problems.remove(f"HTTP 422 {base_url}/concertations/{table.pk}/modifier/")  # the refused form
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
