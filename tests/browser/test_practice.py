"""Practice notes in the browser: axe-core finds no serious violation on the list (searched), on a note, on
the « Practice notes » section of a concertation and on the edit form; the search finds a note typed without
accents and in the plural, and the contacts stay hidden from a visitor."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from arrimage.demo.practice import practice_demo_load
from arrimage.practice.models import PracticeNote

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def notes(base_url: str) -> PracticeNote:
    call_command("load_demo", stdout=io.StringIO())
    if not PracticeNote.objects.filter(is_demo=True).exists():
        practice_demo_load()
    return PracticeNote.objects.get(title__startswith="Mobiliser des personnes en situation de pauvreté")


def _check(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{describe_violations(violations)}"


def test_a_visitor_searches_and_reads_a_note(browser: Any, base_url: str, notes: PracticeNote) -> None:
    page = new_page(browser, base_url)
    try:
        page.goto(f"{base_url}/fiches-de-pratique/")
        _check(page, "the list")
        page.locator("#id_q").fill("mobilisations benevoles")
        page.locator("form.search-form button[type=submit]").click()
        expect(page.get_by_role("link", name="Un marché solidaire mobile dans le secteur Giffard")).to_be_visible()
        _check(page, "the searched list")
        page.goto(f"{base_url}{notes.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(notes.title)
        assert "418 555-0142" not in page.content()
        _check(page, "a note")
        concertation = notes.concertations.filter(is_public=True).get()
        page.goto(f"{base_url}{concertation.get_absolute_url()}")
        expect(page.locator("#practice-notes")).to_contain_text(notes.title)
        _check(page, "a concertation's notes")
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_author_opens_the_edit_form(browser: Any, base_url: str, notes: PracticeNote, client: Any) -> None:
    assert notes.author is not None
    client.force_login(notes.author)
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    try:
        page.goto(f"{base_url}{notes.get_absolute_url()}")
        expect(page.locator("#contacts-title")).to_be_visible()  # the author sees the contacts
        page.goto(f"{base_url}/fiches-de-pratique/{notes.pk}/modifier/")
        _check(page, "the edit form")
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
