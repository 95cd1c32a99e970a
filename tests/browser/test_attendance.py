"""Attendance at meetings in the browser: axe-core finds no serious violation on the concertation's
« Attendance at meetings » section nor on the territory's tab with its meetings column, and a visitor
reads citizen seats only as counts."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from arrimage.concertation.models import Level, SeatType
from arrimage.meetings.models import AttendanceStatus
from arrimage.meetings.tests.factories_attendance import attend, held_meeting
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, PersonFactory, SeatFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


def _check(page: Any, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{describe_violations(violations)}"


def test_attendance_on_the_concertation_and_in_the_tab(browser: Any, base_url: str) -> None:
    mrc = Territory.objects.by_code("mrc:23").get()
    concertation = ConcertationFactory.create(name="Table des aînés", level=Level.SUPRALOCAL)
    concertation.territories.add(mrc)
    organization = OrganizationFactory.create(name="Carrefour familial")
    seat = SeatFactory.create(concertation=concertation, label="Siège famille")
    MembershipFactory.create(seat=seat, person=PersonFactory.create(public_consent=True), organization=organization)
    citizen_seat = SeatFactory.create(concertation=concertation, label="Siège citoyen", seat_type=SeatType.CITIZEN)
    for days in (10, 40, 70):
        meeting = held_meeting(concertation, days_ago=days)
        attend(meeting, seat, AttendanceStatus.PRESENT, organization=organization)
        attend(meeting, citizen_seat, AttendanceStatus.ABSENT)
    page = new_page(browser, base_url)
    try:
        page.goto(f"{base_url}{concertation.get_absolute_url()}")
        section = page.locator("#participation")
        expect(section.locator("#participation-seats-table")).to_contain_text("Siège famille")
        expect(section.locator("#participation-seats-table")).not_to_contain_text("Siège citoyen")
        expect(section.locator("#participation-citizens")).to_contain_text("0 %")
        _check(page, "the concertation's page")
        page.goto(f"{base_url}/territoires/mrc:23/concertation/")
        expect(page.locator("#organizations-load-table")).to_contain_text("Carrefour familial")
        _check(page, "the territory's tab")
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
