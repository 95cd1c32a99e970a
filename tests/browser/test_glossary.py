"""The glossary's pages pass axe, and an acronym's full form is reachable by keyboard in a registry page."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import DESKTOP, axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def glossary(base_url: str, django_db_blocker: Any) -> Any:
    """The seeded lexicon (a transactional test flushes it) and an organisation whose name holds an acronym."""
    from arrimage.glossary.models import Term
    from arrimage.glossary.services import glossary_load
    from tests.factories import OrganizationFactory

    with django_db_blocker.unblock():
        if not Term.objects.exists():
            glossary_load()
        return OrganizationFactory.create(name="CLSC de Limoilou", mission="Services de proximité du CLSC.")


@pytest.mark.parametrize("language", ["", "en"])
def test_the_glossary_pages_have_no_serious_violation(
    browser: Any, base_url: str, glossary: Any, language: str
) -> None:
    from arrimage.glossary.models import Term

    mrc = Term.objects.get(acronym="MRC")
    page = new_page(browser, base_url, viewport=DESKTOP, language=language)
    try:
        for path in ["/lexique/", "/lexique/?lettre=C", f"/lexique/{mrc.pk}/"]:
            page.goto(base_url + path)
            violations = axe_violations(page)
            assert not violations, f"axe-core on {path}:\n{describe_violations(violations)}"
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_full_form_is_reachable_by_keyboard_and_dismissible(browser: Any, base_url: str, glossary: Any) -> None:
    page = new_page(browser, base_url, viewport=DESKTOP)
    try:
        page.goto(base_url + glossary.get_absolute_url())
        abbr = page.locator("h1 abbr.gloss")
        assert abbr.get_attribute("title") == "centre local de services communautaires"
        # Tab until the acronym of the title has the focus.
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('h1 abbr.gloss')"):
                break
        else:
            raise AssertionError("the acronym never got the keyboard focus")
        tooltip = "getComputedStyle(document.activeElement, '::after').content"
        assert "centre local de services communautaires" in page.evaluate(tooltip)
        page.keyboard.press("Escape")
        assert page.evaluate(tooltip) in ("none", "normal")
        # Screen readers read the full form right after the acronym.
        assert "(centre local de services communautaires)" in abbr.inner_text() or "centre local" in abbr.text_content()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
