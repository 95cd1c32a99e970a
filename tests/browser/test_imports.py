"""A coordinator imports the members of their concertation from a CSV file, through the whole wizard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from arrimage.access.models import RoleKind
from arrimage.concertation.models import Membership
from arrimage.interchange.matching import Candidate, Decision, OrganizationIndex
from arrimage.interchange.models import ImportRun, ImportStatus
from tests.factories import ConcertationFactory, OrganizationFactory, RoleGrantFactory

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

MEMBERS = (
    "Organisme;Représentant·e;Courriel;Rôle;Depuis\r\n"
    "Maison de la famille Granby;Jeanne Roy;jeanne@example.org;Présidente;mars 2021\r\n"
    "Maison des jeunes La Piaule;Luc Côté;luc@example.org;;2019\r\n"
).encode("cp1252")


@pytest.fixture
def coordinator_page(browser: Any, base_url: str, client: Any, settings: Any, tmp_path: Path) -> Any:
    settings.ARRIMAGE_IMPORT_DIR = tmp_path / "imports"
    table = ConcertationFactory.create(name="Table famille de la Haute-Yamaska")
    user = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    client.force_login(user)
    page = new_page(browser, base_url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])
    page.table = table
    yield page
    page.context.close()


def test_the_whole_wizard_with_a_choice_made_with_the_keyboard(
    coordinator_page: Any, base_url: str, monkeypatch: Any, tmp_path: Path
) -> None:
    page = coordinator_page
    table = page.table
    first = OrganizationFactory.create(name="Maison de la famille de Granby")
    second = OrganizationFactory.create(name="Maison de la famille Granby et région")

    def decide(self: Any, name: str) -> Decision:
        if "granby" in name.lower():
            return Decision(
                "ambiguous", (Candidate(first.pk, first.name, 0.9), Candidate(second.pk, second.name, 0.85))
            )
        return Decision("none")

    monkeypatch.setattr(OrganizationIndex, "decide", decide)

    page.goto(base_url + f"/importations/nouvelle/?concertation={table.pk}")
    expect(page.locator("input[name=kind][value=members]")).to_be_checked()
    expect(page.locator("#id_concertation")).to_have_value(str(table.pk))
    page.locator("#id_file").set_input_files({"name": "membres.csv", "mimeType": "text/csv", "buffer": MEMBERS})
    page.locator("form.edit-form button[type=submit]").click()

    # The columns: suggested from the French headers, with examples from the file.
    page.wait_for_url(re.compile(r"/importations/etapes/[0-9a-f]+/colonnes/$"))
    expect(page.locator("#id_column_0")).to_have_value("organization")
    expect(page.locator("#mapping-table")).to_contain_text("Jeanne Roy")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.locator("form.edit-form button[type=submit]").first.click()

    # The preview: line 2 waits for a choice, made with the keyboard only.
    page.wait_for_url(re.compile(r"/importations/etapes/[0-9a-f]+/apercu/$"))
    expect(page.locator("#line-2")).to_contain_text("Maison de la famille de Granby")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.locator("#id_line_2_1").focus()
    page.keyboard.press("Space")  # the second candidate
    expect(page.locator("#id_line_2_1")).to_be_checked()
    page.keyboard.press("ArrowUp")  # back to the first one
    expect(page.locator("#id_line_2_0")).to_be_checked()
    expect(page.locator("#id_line_2_1")).not_to_be_checked()
    page.locator("button[name=commit]").click()

    page.wait_for_url(re.compile(r"/importations/\d+/$"))
    run = ImportRun.objects.get(status=ImportStatus.COMMITTED)
    assert page.url.endswith(f"/importations/{run.pk}/")
    holdings = Membership.objects.filter(seat__concertation=table)
    assert holdings.count() == 2
    assert holdings.filter(organization=first).exists()
    assert not [path for path in (tmp_path / "imports").rglob("*") if path.is_file()]

    # Undo from the list, after its confirmation step.
    page.goto(base_url + "/importations/")
    page.locator(f"a[href='/importations/{run.pk}/annuler/']").click()
    page.locator("form.edit-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/importations/$"))
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    assert not holdings.exists()
    assert not page.problems, page.problems
