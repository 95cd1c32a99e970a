"""The import wizard: upload, columns, preview, choices, import, undo, permissions and refusals."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from arrimage.access.models import RoleKind
from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership
from arrimage.interchange.matching import Candidate, Decision, OrganizationIndex
from arrimage.interchange.models import ImportChange, ImportRun, ImportStatus, SavedMapping
from arrimage.jobs.services import Progress
from tests.factories import ConcertationFactory, OrganizationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERS = (
    "Organisme;Représentant·e;Courriel;Siège;Rôle;Depuis\r\n"
    "Centre d’action bénévole du Bas-Richelieu;Marie-Ève Tremblay;metremblay@example.org;;Présidente;mars 2021\r\n"
    "Maison des jeunes La Piaule;Luc Côté;luc@example.org;;;2019\r\n"
    "CISSS de la Montérégie-Est;Ana Lopez;ana@example.org;Santé;Membre;2020-01-06\r\n"
).encode("cp1252")


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Path) -> Path:
    settings.ARRIMAGE_IMPORT_DIR = tmp_path / "imports"
    return settings.ARRIMAGE_IMPORT_DIR


@pytest.fixture
def table() -> Concertation:
    return ConcertationFactory.create(name="Table de développement social de Sorel")


@pytest.fixture
def coordinator(client: Any, table: Concertation) -> Any:
    user = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    client.force_login(user)
    return user


def upload(client: Any, table: Concertation, data: bytes = MEMBERS, name: str = "membres.csv") -> Any:
    return client.post(
        reverse("registry:import_start"),
        {"kind": "members", "concertation": table.pk, "file": SimpleUploadedFile(name, data, "text/csv")},
    )


def token_of(response: Any) -> str:
    match = re.search(r"/importations/etapes/([0-9a-f]+)/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def step(name: str, token: str) -> str:
    return reverse(f"registry:{name}", args=[token])


def mapping_post(client: Any, token: str, **extra: Any) -> Any:
    """Send the columns as the page proposes them."""
    page = client.get(step("import_mapping", token))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name.startswith("column_")}
    return client.post(step("import_mapping", token), {**data, **extra})


def stored_files(import_dir: Path) -> list[Path]:
    return [path for path in import_dir.rglob("*") if path.is_file()] if import_dir.exists() else []


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    for name in ("import_list", "import_start"):
        response = client.get(reverse(f"registry:{name}"))
        assert response.status_code == 302
        assert "/compte/connexion/" in response["Location"]


def test_members_upload_columns_preview_commit_reimport_and_undo(
    client: Any, coordinator: Any, table: Concertation, import_dir: Path
) -> None:
    before = (Organization.objects.count(), Person.objects.count(), Membership.objects.count())
    start = client.get(reverse("registry:import_start") + f"?concertation={table.pk}")
    assert start.status_code == 200
    assert "Table de développement social de Sorel" in start.content.decode()

    response = upload(client, table)
    assert response.status_code == 302
    token = token_of(response)
    assert response["Location"] == step("import_mapping", token)
    assert len(stored_files(import_dir)) == 1  # kept outside any public folder while the wizard runs

    page = client.get(step("import_mapping", token))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Marie-Ève Tremblay" in content  # sample values from the first rows
    assert page.context["form"]["column_0"].value() == "organization"  # suggested

    response = mapping_post(client, token, remember="on")
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert response["Location"] == step("import_preview", token)
    assert SavedMapping.objects.filter(user=coordinator, kind="members").exists()

    preview = client.get(step("import_preview", token))
    content = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="line-2"' in content and 'id="line-4"' in content
    assert Organization.objects.count() == before[0]  # nothing written by the preview

    response = client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    assert response.status_code == 302
    run = ImportRun.objects.get(user=coordinator, status=ImportStatus.COMMITTED)
    assert response["Location"] == reverse("registry:import_detail", args=[run.pk])
    assert Membership.objects.count() == before[2] + 3
    assert Membership.objects.filter(seat__concertation=table).count() == 3
    assert stored_files(import_dir) == []  # the file is deleted once imported
    detail = client.get(response["Location"])
    assert reverse("registry:import_undo", args=[run.pk]) in detail.content.decode()

    # The same file again: nothing new.
    token = token_of(upload(client, table))
    assert mapping_post(client, token).status_code == 302
    again = client.get(step("import_preview", token))
    assert {row["action"] for row in again.context["rows"]} <= {"link", "skip"}
    client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    second = ImportRun.objects.filter(user=coordinator, status=ImportStatus.COMMITTED).latest("pk")
    assert second.pk != run.pk
    assert not ImportChange.objects.filter(run=second).exists()
    assert Membership.objects.count() == before[2] + 3

    # The list, and the undo with its confirmation step.
    listing = client.get(reverse("registry:import_list")).content.decode()
    assert "membres.csv" in listing
    assert reverse("registry:import_undo", args=[run.pk]) in listing
    confirm = client.get(reverse("registry:import_undo", args=[run.pk]))
    assert confirm.status_code == 200
    assert Membership.objects.count() == before[2] + 3  # the GET asks, it does not undo
    response = client.post(reverse("registry:import_undo", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    assert (Organization.objects.count(), Person.objects.count(), Membership.objects.count()) == before


def test_an_ambiguous_organisation_is_chosen_in_the_preview(
    client: Any, coordinator: Any, table: Concertation, monkeypatch: Any
) -> None:
    first = OrganizationFactory.create(name="Maison de la famille de Granby")
    second = OrganizationFactory.create(name="Maison de la famille Granby et région")

    def decide(self: Any, name: str) -> Decision:
        return Decision("ambiguous", (Candidate(first.pk, first.name, 0.9), Candidate(second.pk, second.name, 0.85)))

    monkeypatch.setattr(OrganizationIndex, "decide", decide)
    data = "Organisme;Représentant\nMaison de la famille Granby;Jeanne Roy\n".encode()
    token = token_of(upload(client, table, data))
    mapping_post(client, token)
    preview = client.get(step("import_preview", token))
    content = preview.content.decode()
    assert "Créer un nouvel organisme" in content or "Create a new organisation" in content
    assert 'name="line_2"' in content
    assert "90" in content  # each candidate with its score

    refused = client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    assert refused.status_code == 422
    assert not Membership.objects.filter(seat__concertation=table).exists()

    response = client.post(step("import_preview", token), {"page": "1", "line_2": str(first.pk), "commit": "1"})
    assert response.status_code == 302
    assert Membership.objects.get(seat__concertation=table).organization == first


def test_an_invalid_date_is_shown_with_its_line_and_column_and_the_import_is_refused(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    data = "Organisme;Représentant;Depuis\nMaison des jeunes;Luc Roy;hier\n".encode("cp1252")
    token = token_of(upload(client, table, data))
    mapping_post(client, token)
    preview = client.get(step("import_preview", token))
    content = preview.content.decode()
    assert re.search(r"(Ligne|Line) 2, (colonne|column) « Depuis »", content)
    assert "« hier »" in content
    organizations = Organization.objects.count()
    response = client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    assert response.status_code == 422
    assert "Depuis" in response.content.decode()
    assert Organization.objects.count() == organizations
    assert not Membership.objects.exists()
    assert not ImportRun.objects.filter(status=ImportStatus.COMMITTED).exists()


def test_a_member_of_another_concertation_may_not_import_its_members(client: Any, table: Concertation) -> None:
    other = ConcertationFactory.create()
    user = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=other).user
    client.force_login(user)
    assert client.get(reverse("registry:import_start") + f"?concertation={table.pk}").status_code == 403
    assert upload(client, table).status_code == 403
    page = client.get(reverse("registry:import_start")).content.decode()
    assert other.name in page and table.name not in page
    nobody = UserFactory.create()
    client.force_login(nobody)
    assert client.get(reverse("registry:import_start")).status_code == 403


def test_another_persons_wizard_and_import_are_out_of_reach(client: Any, coordinator: Any, table: Concertation) -> None:
    token = token_of(upload(client, table))
    mapping_post(client, token)
    client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    run = ImportRun.objects.get(status=ImportStatus.COMMITTED)
    intruder = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    client.force_login(intruder)
    assert client.get(step("import_preview", token)).status_code == 404
    assert client.get(reverse("registry:import_detail", args=[run.pk])).status_code == 403
    assert client.post(reverse("registry:import_undo", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED


def test_a_file_too_large_is_refused_before_it_is_read(
    client: Any, coordinator: Any, table: Concertation, settings: Any, import_dir: Path
) -> None:
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 100
    response = upload(client, table)
    assert response.status_code == 422
    content = response.content.decode()
    assert "volumineux" in content or "too large" in content
    assert stored_files(import_dir) == []


def test_an_abandoned_import_leaves_no_file(
    client: Any, coordinator: Any, table: Concertation, import_dir: Path
) -> None:
    token = token_of(upload(client, table))
    mapping_post(client, token)
    assert len(stored_files(import_dir)) == 2  # the file and its preview
    response = client.post(step("import_abandon", token))
    assert response.status_code == 302
    assert stored_files(import_dir) == []
    assert client.get(step("import_mapping", token)).status_code == 404


def test_progress_is_read_from_the_progress_cache(client: Any, coordinator: Any, table: Concertation) -> None:
    token = token_of(upload(client, table))
    Progress(f"import-{token}")("plan", 200, 1000)
    content = client.get(step("import_progress", token)).content.decode()
    assert 'aria-valuenow="200"' in content and 'max="1000"' in content


def test_the_columns_must_feed_the_required_fields(client: Any, coordinator: Any, table: Concertation) -> None:
    token = token_of(upload(client, table))
    response = client.post(step("import_mapping", token), {f"column_{i}": "" for i in range(6)})
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    response = client.post(step("import_mapping", token), {"column_0": "organization", "column_1": "organization"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_workbook_of_several_sheets_asks_which(client: Any, coordinator: Any, table: Concertation) -> None:
    workbook = Workbook()
    notes = workbook.create_sheet("Notes", 0)
    notes.append(["Rien"])
    workbook.remove(workbook.worksheets[1])
    sheet = workbook.create_sheet("Membres")
    sheet.append(["Organisme", "Représentant"])
    sheet.append(["Maison des jeunes", "Luc Roy"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, table, buffer.getvalue(), "membres.xlsx")
    token = token_of(response)
    assert response["Location"] == step("import_sheet", token)
    response = client.post(step("import_sheet", token), {"sheet": "Membres"})
    assert response["Location"] == step("import_mapping", token)
    assert "Luc Roy" in client.get(step("import_mapping", token)).content.decode()


def test_a_concertation_number_in_other_digits_is_ignored(client: Any) -> None:
    # « ² » and « ١٢ » pass str.isdigit(); they name no concertation and must not fail.
    client.force_login(UserFactory.create(is_superuser=True))
    for value in ("²", "١٢", "9" * 40):
        assert client.get(reverse("registry:import_start"), {"concertation": value}).status_code in {200, 404}
        assert client.get(reverse("registry:plan_create"), {"concertation": value}).status_code == 200
