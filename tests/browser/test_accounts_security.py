"""The account pages added for sign-in security pass axe-core: « Mon compte » with its recent sign-ins,
the password change form, the administrators' security log, and the sign-in page when locked out."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

PASSWORD = "un mot de passe solide 2026"


def sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/compte/connexion/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()


def check(page: Any, path: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("language", ["", "en"])
def test_account_pages_have_no_serious_violation(browser: Any, base_url: str, language: str) -> None:
    cache.clear()
    UserFactory.create(email="admin@example.org", is_superuser=True, is_staff=True)
    page = new_page(browser, base_url, language=language)
    try:
        for _ in range(5):
            sign_in(page, base_url, "lea.roy@example.org", "pas le bon")
        sign_in(page, base_url, "lea.roy@example.org", "pas le bon")
        assert page.locator("[role=alert]").count() == 1
        check(page, "/compte/connexion/ (locked out)")

        sign_in(page, base_url, "admin@example.org", PASSWORD)
        for path in (
            "/compte/",
            "/compte/mot-de-passe/modifier/",
            "/compte/securite/",
            "/compte/securite/?kind=locked_out",
        ):
            page.goto(base_url + path)
            assert page.locator("h1").count() == 1
            check(page, path)
        page.goto(base_url + "/compte/securite/")
        assert page.locator("table caption").count() == 1
        problems = [problem for problem in page.problems if not problem.startswith("HTTP 429 ")]  # the lock-out
        assert not problems, "\n".join(problems)
    finally:
        page.context.close()
