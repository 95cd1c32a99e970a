"""The plan page of the demonstration, read by a visitor and updated by its concertation's coordinator:
axe-core finds no serious violation on the page nor on the progress form, and a progress recorded through
the form moves the action's bar."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from arrimage.access.models import RoleKind
from arrimage.plans.models import Action, ActionStatus, Plan
from tests.factories import RoleGrantFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def beauport(base_url: str) -> Plan:
    call_command("load_demo", stdout=io.StringIO())
    return Plan.objects.select_related("owner_concertation").get(name="Plan d'action concerté de Beauport 2024-2027")


def test_a_visitor_reads_the_plan_page_without_accessibility_violation(
    browser: Any, base_url: str, beauport: Plan
) -> None:
    page = new_page(browser, base_url)
    try:
        page.goto(f"{base_url}/plans/{beauport.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(beauport.name)
        expect(page.locator(f"#plan-{beauport.pk}-progress")).to_have_attribute("value", "62.2")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.goto(f"{base_url}/plans/")
        assert not axe_violations(page), describe_violations(axe_violations(page))
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_coordinator_records_progress_and_sees_the_bar_move(
    browser: Any, base_url: str, beauport: Plan, client: Any
) -> None:
    coordinator = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=beauport.owner_concertation).user
    client.force_login(coordinator)
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    action = (
        Action.objects.filter(objective__plan=beauport).exclude(status=ActionStatus.CANCELLED).order_by("pk").first()
    )
    assert action is not None
    bar = page.locator(f"#action-{action.pk}-progress")
    try:
        page.goto(f"{base_url}/plans/{beauport.pk}/")
        before = bar.get_attribute("value")
        assert before != "100.0"
        page.locator(f"#action-{action.pk}").get_by_role(
            "link", name=re.compile("Enregistrer l’avancement|Record progress")
        ).click()
        page.wait_for_url(re.compile(r"/actions/\d+/avancement/ajouter/$"))
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        expect(page.locator("#id_on")).not_to_have_value("")  # today, by default
        page.locator("#id_percent").fill("100")
        page.locator("#id_text").fill("Terminé : le dernier atelier a eu lieu.")
        page.locator("form.edit-form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/plans/{beauport.pk}/#action-{action.pk}$"))
        expect(bar).to_have_attribute("value", "100.0")
        expect(page.locator(f"#action-{action.pk} .plan-updates li").first).to_contain_text("100 %")
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
