"""The `import` command: a preview by default, the import with --commit."""

import io

import pytest
from django.core.management import CommandError, call_command

from arrimage.actors.models import Organization
from arrimage.concertation.models import Membership
from arrimage.interchange.models import ImportRun, ImportStatus
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
