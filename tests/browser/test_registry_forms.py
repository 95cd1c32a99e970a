"""A coordinator's way through the edit pages: create a concertation, add a seat, seat someone on it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from arrimage.access.models import RoleKind
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, RoleGrantFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(browser: Any, base_url: str, client: Any) -> Any:
    """A page signed in as a territorial editor of the MRC Les Etchemins (session cookie from force_login)."""
    mrc = Territory.objects.get(kind="mrc", name="Les Etchemins")
    editor = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=mrc).user
    client.force_login(editor)
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    page.editor = editor
    yield page
    page.context.close()


def test_create_a_concertation_add_a_seat_and_seat_someone(editor_page: Any, base_url: str) -> None:
    page = editor_page
    # Josée works in the MRC: its editor finds her by name (a citizen elsewhere who did not consent would
    # not be suggested).
    person = PersonFactory.create(given_name="Josée", family_name="Lapointe")
    organization = OrganizationFactory.create(name="Maison de la famille des Etchemins")
    organization.territories_served.set([Territory.objects.get(kind="mrc", name="Les Etchemins")])
    PositionFactory.create(person=person, organization=organization)

    # The new concertation: the territory is chosen from the suggestions of the search box under the field.
    page.goto(base_url + "/concertations/nouvelle/")
    page.get_by_label("Nom", exact=True).fill("Table jeunesse des Etchemins")
    page.locator("#id_kind").select_option("table")
    page.locator("#id_level").select_option("supralocal")
    search = page.locator("#id_territories_search")
    expect(search).to_be_visible()
    search.press_sequentially("etchemi")
    option = page.locator("#id_territories_suggestions option").first
    expect(option).to_have_attribute("value", re.compile(r"^Les Etchemins \[mrc:\d+\]$"))
    search.fill(option.get_attribute("value"))
    expect(page.locator("#id_territories")).to_have_value(re.compile(r"^Les Etchemins \[mrc:\d+\]$"))
    page.locator("#id_start").fill("2021")
    assert not axe_violations(page), describe_violations(axe_violations(page))
    page.get_by_role("button", name="Créer l’instance").click()

    page.wait_for_url(re.compile(r"/concertations/\d+/$"))
    concertation = Concertation.objects.get(name="Table jeunesse des Etchemins")
    assert page.url.endswith(concertation.get_absolute_url())
    assert [t.name for t in concertation.territories.all()] == ["Les Etchemins"]

    # A seat.
    page.goto(base_url + f"/concertations/{concertation.pk}/sieges/ajouter/")
    page.locator("#id_label").fill("Organismes famille")
    page.locator("#id_order").fill("1")
    page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/concertations/{concertation.pk}/$"))
    seat = concertation.seats.get()

    # A bad date first: the error summary takes the focus and links to the field.
    page.goto(base_url + f"/sieges/{seat.pk}/occuper/")
    person_box = page.locator("#id_person")
    person_box.press_sequentially("lapoin")
    suggestion = page.locator("#id_person_suggestions option").first
    expect(suggestion).to_have_attribute("value", f"Josée Lapointe [{person.pk}]")
    person_box.fill(suggestion.get_attribute("value"))
    page.locator("#id_organization").fill(organization.name)
    page.locator("#id_start").fill("septembre 2022")
    page.locator("form.edit-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_start")).to_have_attribute("aria-invalid", "true")
    page.problems.clear()  # the refused form answered 422, as it should
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_start")).to_be_focused()
    assert not axe_violations(page), describe_violations(axe_violations(page))

    page.locator("#id_start").fill("2022-09")
    page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/concertations/{concertation.pk}/$"))
    membership = seat.memberships.get()
    assert (membership.person, membership.organization) == (person, organization)

    # The concertation's page shows the new holder on the seat's row.
    row = page.locator("#seats-table tr", has=page.locator("th", has_text="Organismes famille"))
    expect(row).to_contain_text("Josée Lapointe")
    expect(row).to_contain_text("Maison de la famille des Etchemins")
    assert not page.problems, page.problems
