"""Meetings in the browser: axe-core finds no serious violation on a meeting (as a visitor and as its
coordinator), on the list, on the concertation's « Meetings and follow-ups » section and on the edit forms;
a visitor sees neither private minutes nor who sat on a citizen seat."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from arrimage.access.models import RoleGrant
from arrimage.demo.meetings import meetings_demo_load
from arrimage.meetings.models import Meeting, MeetingStatus
from tests.factories import UserFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(base_url: str) -> Meeting:
    call_command("load_demo", stdout=io.StringIO())
    if not Meeting.objects.filter(is_demo=True).exists():
        meetings_demo_load()
    held = Meeting.objects.filter(is_demo=True, status=MeetingStatus.HELD)
    found = held.filter(minutes_private=True).first() or held.first()
    assert found is not None
    return found


def _check(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{describe_violations(violations)}"


def test_a_visitor_reads_a_meeting(browser: Any, base_url: str, meeting: Meeting) -> None:
    page = new_page(browser, base_url)
    try:
        page.goto(f"{base_url}{meeting.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(str(meeting))
        if meeting.minutes_private:
            assert "L'ordre du jour est adopté" not in page.content()
        assert "Personne déléguée" not in page.content()
        _check(page, "a meeting")
        page.goto(f"{base_url}{reverse('registry:meeting_list', args=[meeting.concertation_id])}")
        _check(page, "the list of meetings")
        page.goto(f"{base_url}{meeting.concertation.get_absolute_url()}")
        expect(page.locator("#open-follow-ups")).to_be_visible()
        _check(page, "a concertation's meetings and follow-ups")
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()


def test_the_coordinator_opens_the_forms(browser: Any, base_url: str, meeting: Meeting, client: Any) -> None:
    grant = RoleGrant.objects.filter(concertation=meeting.concertation).select_related("user").first()
    user = grant.user if grant else None
    if user is None:
        user = UserFactory.create(is_superuser=True)
    client.force_login(user)
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    try:
        page.goto(f"{base_url}{meeting.get_absolute_url()}")
        _check(page, "a meeting, for its coordinator")
        decision = meeting.decisions.first()
        names = ["meeting_edit", "meeting_attendance", "meeting_minutes_edit", "decision_create"]
        urls = [reverse(f"registry:{name}", args=[meeting.pk]) for name in names]
        if decision is not None:
            urls.append(reverse("registry:follow_up_create", args=[decision.pk]))
        for url in urls:
            page.goto(f"{base_url}{url}")
            _check(page, url)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
