"""The printable reports open as pages, link their PDF and pass axe-core without a serious violation."""

from __future__ import annotations

import io
from typing import Any

import pytest

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


def sign_in_as_administrator(page: Any, base_url: str, client: Any) -> None:
    """The demonstration's administrator, signed in through the test client's session cookie."""
    from django.conf import settings

    from arrimage.accounts.models import User

    client.force_login(User.objects.get(email="admin@exemple.demo"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])


def check(page: Any, url: str) -> None:
    page.goto(url)
    assert page.locator("h1").count() == 1
    link = page.locator(".report__actions a[download]")
    assert link.count() == 1
    assert link.get_attribute("href").split("?")[0].endswith(".pdf")
    violations = axe_violations(page)
    assert not violations, f"axe-core on {url}:\n{describe_violations(violations)}"
    assert not page.problems, "\n".join(page.problems)


def test_the_reports_with_the_demonstration_data(browser: Any, base_url: str, client: Any) -> None:
    from django.core.management import call_command

    from arrimage.actors.models import Person
    from arrimage.concertation.models import Concertation

    call_command("load_demo", stdout=io.StringIO())
    concertation = Concertation.objects.filter(name__icontains="Beauport").order_by("pk").first()
    assert concertation is not None
    person = Person.objects.filter(memberships__seat__concertation=concertation).order_by("pk").first()
    assert person is not None
    page = new_page(browser, base_url)
    try:
        check(page, base_url + "/territoires/borough:REQ05/portrait/")
        assert page.locator("svg.report-map").count() == 1
        check(page, base_url + f"/concertations/{concertation.pk}/rapport-annuel/")
        sign_in_as_administrator(page, base_url, client)
        check(page, base_url + f"/personnes/{person.pk}/dossier-de-transition/")
    finally:
        page.context.close()


def test_an_empty_territory_in_english(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, language="en")
    try:
        check(page, base_url + "/territoires/mrc:28/portrait/")
        assert "No concertation body or plan is recorded for Les Etchemins yet." in page.inner_text("main")
    finally:
        page.context.close()
