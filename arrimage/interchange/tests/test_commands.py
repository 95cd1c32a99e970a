"""The `import` command: a preview by default, the import with --commit."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Membership
from arrimage.directory.models import Service
from arrimage.interchange.models import ImportKind, ImportRun, ImportStatus
from tests.factories import ConcertationFactory, UserFactory

pytestmark = pytest.mark.django_db

CSV = "Groupe;Représentant·e;Depuis\r\nCentre d’action bénévole;Marie Roy;mars 2021\r\n"


@pytest.fixture
def members_file(tmp_path):
    path = tmp_path / "membres.csv"
    path.write_bytes(CSV.encode("cp1252"))
    return path


def run(*args):
    out = io.StringIO()
    call_command("import", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_preview_writes_nothing(members_file):
    concertation = ConcertationFactory.create()
    output = run(members_file, "--kind", "members", "--concertation", concertation.pk, "--map", "Groupe=organization")
    assert "cp1252" in output and "Marie Roy" in output
    assert Membership.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.PREVIEWED


def test_commit_as_the_system_then_again_creates_nothing(members_file):
    concertation = ConcertationFactory.create()
    args = [members_file, "--kind", "members", "--concertation", concertation.pk, "--map", "Groupe=organization"]
    run(*args, "--commit")
    assert Membership.objects.filter(seat__concertation=concertation).count() == 1
    run(*args, "--commit")
    assert Membership.objects.count() == 1
    assert Organization.objects.filter(name="Centre d’action bénévole").count() == 1


def test_acting_as_a_user_checks_their_rights(members_file):
    concertation = ConcertationFactory.create()
    user = UserFactory.create()
    with pytest.raises(CommandError, match=user.email):
        run(members_file, "--kind", "members", "--concertation", concertation.pk, "--as", user.email, "--commit")
    assert Membership.objects.count() == 0
    with pytest.raises(CommandError):
        run(members_file, "--kind", "members", "--concertation", concertation.pk, "--as", "personne@example.org")


def test_refusals_are_messages(tmp_path, settings, members_file):
    concertation = ConcertationFactory.create()
    with pytest.raises(CommandError):
        run(tmp_path / "absent.csv", "--kind", "members")
    with pytest.raises(CommandError):
        run(members_file, "--kind", "members", "--concertation", 999999)
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 10
    with pytest.raises(CommandError, match=r"MB|Mo"):
        run(members_file, "--kind", "members", "--concertation", concertation.pk)
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 10_000
    with pytest.raises(CommandError):
        run(members_file, "--kind", "members", "--concertation", concertation.pk, "--map", "Inconnue=organization")
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        run(empty, "--kind", "organizations")


def test_commit_refused_lists_the_problems(tmp_path):
    path = tmp_path / "organismes.csv"
    path.write_text("Nom;Depuis\nCentre des femmes;hier\n", encoding="utf-8")
    with pytest.raises(CommandError, match="hier"):
        run(path, "--kind", "organizations", "--commit")
    assert not Organization.objects.filter(name="Centre des femmes").exists()


# Bundles (Popolo, HSDS) ------------------------------------------------------------------------------

POPOLO = {
    "organizations": [
        {"id": "org-1", "name": "Maison de la famille du Haut-Richelieu"},
        {"id": "table-1", "name": "Table famille Haut-Richelieu", "classification": "concertation"},
    ],
    "posts": [{"id": "seat-1", "label": "Famille", "organization_id": "table-1"}],
    "memberships": [{"id": "m-1", "post_id": "seat-1", "on_behalf_of_id": "org-1", "start_date": "2022"}],
    "areas": [{"id": "ocd-division/country:fr", "name": "France"}],
}
HSDS = {
    "organizations": [
        {
            "id": "7d1e2f3a-3333-4a5b-8c9d-000000000001",
            "name": "Comptoir alimentaire d’Iberville",
            "description": "Aide alimentaire.",
            "services": [{"id": "7d1e2f3a-3333-4a5b-8c9d-000000000002", "name": "Paniers", "status": "active"}],
        }
    ]
}
BUNDLES = {"popolo": POPOLO, "hsds": HSDS}


@pytest.fixture
def admin():
    return UserFactory.create(is_superuser=True, is_staff=True)


def bundle_file(tmp_path, kind, content=None, name="bundle.json"):
    path = tmp_path / name
    path.write_bytes(json.dumps(BUNDLES[kind]).encode() if content is None else content)
    return path


def written():
    return (
        ImportRun.objects.count(),
        Organization.objects.count(),
        Concertation.objects.count(),
        Membership.objects.count(),
        Service.objects.count(),
    )


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
def test_a_bundle_without_commit_is_rolled_back_whole(tmp_path, admin, kind):
    before = written()
    output = run(bundle_file(tmp_path, kind), "--kind", kind, "--as", admin.email)
    assert re.search(r"(organisations created|organismes créés) : 1", output)
    assert "--commit" in output
    assert written() == before  # not even the log entry


def test_a_popolo_bundle_is_imported_with_commit_then_recognised(tmp_path, admin):
    path = bundle_file(tmp_path, "popolo")
    output = run(path, "--kind", "popolo", "--as", admin.email, "--commit")
    imported = ImportRun.objects.get()
    assert imported.kind == ImportKind.POPOLO and imported.user == admin and imported.changes.count() == 4
    organization = Membership.objects.get().organization
    assert organization is not None and organization.name == "Maison de la famille du Haut-Richelieu"
    assert "ocd-division/country:fr" in output  # what was left out is told
    again = run(path, "--kind", "popolo", "--as", admin.email, "--commit")
    assert re.search(r"(organisations recognised|organismes reconnus) : 1", again)
    assert Organization.objects.filter(name="Maison de la famille du Haut-Richelieu").count() == 1


def test_an_hsds_bundle_is_imported_with_commit(tmp_path, admin):
    run(bundle_file(tmp_path, "hsds"), "--kind", "hsds", "--as", admin.email, "--commit")
    assert ImportRun.objects.get().kind == ImportKind.HSDS
    assert Service.objects.get().name == "Paniers"


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
def test_a_bundle_is_imported_as_a_person_with_the_right(tmp_path, kind):
    path = bundle_file(tmp_path, kind)
    with pytest.raises(CommandError, match="--as"):
        run(path, "--kind", kind, "--commit")
    user = UserFactory.create()
    with pytest.raises(CommandError, match=user.email):
        run(path, "--kind", kind, "--as", user.email, "--commit")
    assert written() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"{pas du json", "bundle.json", "JSON"),
        (b'{"personnes": []}', "bundle.json", "JSON|organis"),
        (b"", "bundle.json", "vide|empty"),
        (b"a;b\n", "bundle.csv", r"\.json"),
    ],
    ids=["invalid", "not a bundle", "empty", "not json"],
)
def test_a_bad_bundle_is_refused_with_a_message(tmp_path, admin, kind, content, name, words):
    before = written()
    for commit in ([], ["--commit"]):
        with pytest.raises(CommandError, match=words):
            run(bundle_file(tmp_path, kind, content, name), "--kind", kind, "--as", admin.email, *commit)
    assert written() == before


@pytest.mark.parametrize("kind", ["popolo", "hsds"])
def test_a_bundle_too_large_is_refused_before_it_is_read(tmp_path, settings, admin, kind):
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 100  # stands for a file of 200 MB
    with pytest.raises(CommandError, match=r"MB|Mo"):
        run(bundle_file(tmp_path, kind), "--kind", kind, "--as", admin.email, "--commit")
    assert written() == (0, 0, 0, 0, 0)
