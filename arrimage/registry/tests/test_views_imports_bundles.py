"""The import wizard with a Popolo or HSDS bundle: imported at once, shown, undone; bad files refused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arrimage.access.models import RoleKind
from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.directory.models import Service
from arrimage.interchange.models import ImportKind, ImportRun, ImportStatus
from tests.factories import ConcertationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

POPOLO = {
    "organizations": [
        {"id": "org-1", "name": "Centre d’action bénévole du Bas-Richelieu"},
        {
            "id": "table-1",
            "name": "Table de développement social Pierre-De Saurel",
            "classification": "concertation",
            "arrimage": {"area_ids": ["arrimage:mrc:53"]},
        },
    ],
    "posts": [{"id": "seat-1", "label": "Communautaire", "organization_id": "table-1"}],
    "memberships": [{"id": "m-1", "post_id": "seat-1", "on_behalf_of_id": "org-1", "start_date": "2021-03"}],
    "areas": [
        {"id": "arrimage:mrc:53", "identifier": "mrc:53", "name": "Pierre-De Saurel"},
        {"id": "ocd-division/country:fr", "name": "France"},
    ],
}

HSDS = {
    "organizations": [
        {
            "id": "5a0c6a5e-2222-4a5b-8c9d-000000000001",
            "name": "Popote roulante de Sorel",
            "description": "Repas livrés à domicile.",
            "services": [
                {"id": "5a0c6a5e-2222-4a5b-8c9d-000000000002", "name": "Repas chauds", "status": "active"},
            ],
        }
    ]
}

# A bad file of each sort, and words of the French message it gets, for Popolo and for HSDS.
BAD_FILES = [
    ("invalid", b"{pas du json", {"popolo": "JSON valide", "hsds": "JSON valide"}),
    ("not a bundle", b'{"personnes": []}', {"popolo": "objet JSON", "hsds": "aucun organisme"}),
    ("empty", b"", {"popolo": "vide", "hsds": "vide"}),
]


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Path) -> Path:
    settings.ARRIMAGE_IMPORT_DIR = tmp_path / "imports"
    return settings.ARRIMAGE_IMPORT_DIR


@pytest.fixture
def admin(client: Any) -> Any:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def send(client: Any, kind: str, data: bytes | dict[str, Any], name: str = "bundle.json") -> Any:
    content = json.dumps(data).encode() if isinstance(data, dict) else data
    upload = SimpleUploadedFile(name, content, "application/json")
    return client.post(reverse("registry:import_start"), {"kind": kind, "file": upload})


def written() -> tuple[int, ...]:
    return (
        ImportRun.objects.count(),
        Organization.objects.count(),
        Concertation.objects.count(),
        Seat.objects.count(),
        Membership.objects.count(),
        Service.objects.count(),
    )


def test_a_popolo_bundle_is_imported_shown_and_undone(client: Any, admin: Any) -> None:
    before = written()
    start = client.get(reverse("registry:import_start"))
    assert 'value="popolo"' in start.content.decode()

    response = send(client, "popolo", POPOLO, "registre.json")
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.user) == (ImportKind.POPOLO, ImportStatus.COMMITTED, admin)
    assert response["Location"] == reverse("registry:import_detail", args=[run.pk])
    assert run.changes.count() == 4
    membership = Membership.objects.select_related("organization").get()
    assert membership.organization is not None
    assert membership.organization.name == "Centre d’action bénévole du Bas-Richelieu"

    page = client.get(response["Location"])
    content = page.content.decode()
    assert "registre.json" in content
    for count in (
        r"1</strong> (organismes créés|organisations created)",
        r"1</strong> (concertations créées|concertations created)",
        r"1</strong> (sièges créés|seats created)",
    ):
        assert re.search(count, content), count
    assert "ocd-division/country:fr" in content  # the area left out, told once on the result page

    listing = client.get(reverse("registry:import_list")).content.decode()
    assert reverse("registry:import_undo", args=[run.pk]) in listing
    undone = client.post(reverse("registry:import_undo", args=[run.pk]))
    assert undone.status_code == 302
    assert written() == (before[0] + 1, *before[1:])
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE


def test_an_hsds_bundle_is_imported_shown_and_undone(client: Any, admin: Any) -> None:
    before = written()
    response = send(client, "hsds", HSDS, "repertoire.json")
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.kind, run.status) == (ImportKind.HSDS, ImportStatus.COMMITTED)
    content = client.get(response["Location"]).content.decode()
    assert "services créés" in content or "services created" in content
    assert Service.objects.get().name == "Repas chauds"

    assert client.post(reverse("registry:import_undo", args=[run.pk])).status_code == 302
    assert written() == (before[0] + 1, *before[1:])


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
@pytest.mark.parametrize(("case", "data", "words"), BAD_FILES, ids=[case for case, _data, _words in BAD_FILES])
def test_a_bad_bundle_is_refused_with_a_message(
    client: Any, admin: Any, kind: str, case: str, data: bytes, words: dict[str, str]
) -> None:
    before = written()
    response = send(client, kind, data)
    assert response.status_code == 422
    content = response.content.decode()
    assert "error-summary" in content or "form-field__error" in content
    assert words[kind] in content
    assert written() == before


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
def test_a_bundle_too_large_is_refused_before_it_is_read(client: Any, admin: Any, settings: Any, kind: str) -> None:
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 100  # stands for a file of 200 MB
    before = written()
    response = send(client, kind, POPOLO if kind == "popolo" else HSDS)
    assert response.status_code == 422
    assert "volumineux" in response.content.decode()
    assert written() == before


def test_a_popolo_bundle_must_be_a_json_file(client: Any, admin: Any) -> None:
    response = send(client, "popolo", b"a;b\n", "registre.csv")
    assert response.status_code == 422
    assert ".json" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_only_those_who_may_import_bundles_are_offered_them(client: Any) -> None:
    table = ConcertationFactory.create()
    coordinator = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    client.force_login(coordinator)
    assert 'value="popolo"' not in client.get(reverse("registry:import_start")).content.decode()
    response = send(client, "popolo", POPOLO)
    assert response.status_code == 422  # not a choice offered to them
    assert not ImportRun.objects.exists()
