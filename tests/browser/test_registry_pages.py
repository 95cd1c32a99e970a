"""The registry's pages in a browser: the « as of » date of a concertation page, and accessibility."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from arrimage.concertation.models import SeatType
from arrimage.concertation.services import themes_load
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    theme,
)

from .helpers import axe_violations, describe_violations, wait_for_maps

pytestmark = pytest.mark.browser


@pytest.fixture
def concertation(base_url: str) -> Any:
    """A public table covering the city of Québec, with a seat that changed hands in 2021, a citizen seat
    held by someone who did not consent to appear, and a vacant seat."""
    themes_load()  # the seeded themes are gone after a transactional test flushed the database
    table = ConcertationFactory.create(
        name="Table de développement local de Beauport",
        coordinating_organization=OrganizationFactory.create(name="CDC de Beauport"),
        start_date=dt.date(2015, 1, 1),
        start_precision="year",
    )
    table.territories.add(Territory.objects.by_code("mrc:23").get())
    table.themes.add(theme("logement"))
    seat = SeatFactory.create(concertation=table, label="Siège communautaire", created_on=dt.date(2018, 1, 1))
    MembershipFactory.create(
        seat=seat,
        person=PersonFactory.create(given_name="Dominique", family_name="Ancienne", public_consent=True),
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2020, 12, 31),
        end_reason="replaced",
    )
    MembershipFactory.create(
        seat=seat,
        person=PersonFactory.create(given_name="Sacha", family_name="Actuelle", public_consent=True),
        start_date=dt.date(2021, 1, 1),
    )
    citizen = SeatFactory.create(concertation=table, label="Siège citoyen", seat_type=SeatType.CITIZEN)
    MembershipFactory.create(
        seat=citizen,
        person=PersonFactory.create(family_name="Discrète"),
        organization=None,
        start_date=dt.date(2022, 1, 1),
    )
    SeatFactory.create(concertation=table, label="Siège jeunesse", created_on=dt.date(2024, 1, 1))
    return table


def test_as_of_date_shows_the_holder_then(page: Any, base_url: str, concertation: Any) -> None:
    page.goto(base_url + concertation.get_absolute_url())
    seats = page.locator("#seats-table")
    row = seats.locator("tr", has=page.locator("th", has_text="Siège communautaire"))
    expect(row).to_contain_text("Sacha Actuelle")
    expect(seats).not_to_contain_text("Discrète")
    page.get_by_label("Afficher les sièges tels qu'ils étaient le").fill("2019-06-01")
    page.locator("#seats form button[type=submit], form.as-of button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"\?date=2019-06-01"))
    expect(row).to_contain_text("Dominique Ancienne")
    expect(row).not_to_contain_text("Sacha Actuelle")
    expect(seats).not_to_contain_text("Siège jeunesse")  # created in 2024
    assert not page.problems, "\n".join(page.problems)
    if screenshots := os.environ.get("ARRIMAGE_SCREENSHOTS"):
        page.screenshot(path=f"{screenshots}/concertation-as-of.png", full_page=True)


@pytest.mark.parametrize(
    "path",
    [
        "concertation",
        "/concertations/",
        "/concertations/?q=beauport&territoire=region:03",
        "organization",
        "/organismes/",
    ],
)
def test_no_serious_accessibility_violation(page: Any, base_url: str, concertation: Any, path: str) -> None:
    pages = {
        "concertation": concertation.get_absolute_url(),
        "organization": concertation.coordinating_organization.get_absolute_url(),
    }
    url = pages.get(path, path)
    page.goto(base_url + url)
    wait_for_maps(page)
    violations = axe_violations(page)
    assert not violations, f"axe-core on {url}:\n{describe_violations(violations)}"
    assert not page.problems, "\n".join(page.problems)
