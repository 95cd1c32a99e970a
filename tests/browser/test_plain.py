"""The plain-language check in a browser: typed with the keyboard, sent, its findings reached from the list,
and no serious or critical accessibility violation (axe-core) on the result."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import axe_violations, describe_violations

pytestmark = pytest.mark.browser

TEXT = (
    "Bonjour à toutes et à tous.\n\n"
    "La MRC vous invite à la mise en œuvre de la planification du développement des loisirs du quartier, "
    "avec les parties prenantes, les organismes, les écoles, les familles et les personnes aînées qui "
    "veulent participer aux décisions de la prochaine année.\n"
    "- Les citoyens sont invités au souper.\n"
    "- Apportez vos idées."
)


def test_a_text_is_checked_and_its_findings_are_reached_by_keyboard(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/lexique/verification/")
    assert not axe_violations(page), "axe-core on the empty form"
    page.get_by_label("Texte à vérifier").or_(page.get_by_label("Text to check")).fill(TEXT)
    page.keyboard.press("Tab")  # to the language
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    page.wait_for_selector(".plain-findings")
    marks = page.locator(".plain-text mark")
    assert marks.count() >= 5
    assert page.locator(".plain-text mark.plain-mark--acronym").first.inner_text().endswith("MRC")
    # The list of findings links to each highlighted passage, which takes the focus.
    link = page.locator(".plain-findings a").first
    target = link.get_attribute("href")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
    violations = axe_violations(page)
    assert not violations, f"axe-core on the result:\n{describe_violations(violations)}"


def test_an_empty_text_gets_its_message_on_the_field(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/lexique/verification/")
    page.locator("form.plain-form button[type=submit]").click()
    page.wait_for_selector(".form-field__error")
    assert page.locator("#id_text_error").count() == 1
    assert not axe_violations(page)
