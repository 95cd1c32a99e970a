"""The glossary's pages: list, search, letters, sectors, a term's page, proposals and their review, and the
acronyms explained in the registry's pages."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arrimage.access import policy
from arrimage.access.models import RoleKind
from arrimage.glossary import services
from arrimage.glossary.models import Term, TermStatus
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, OrganizationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "acronym": "TCQ",
    "name": "table de concertation du quartier",
    "name_en": "neighbourhood table",
    "definition": "Groupe d'organismes d'un quartier.",
    "meaning_community": "Espace de concertation.",
    "related": "MRC, concertation",
    "sources": "Communagir | https://communagir.org/",
}


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator() -> Any:
    return RoleGrantFactory.create(concertation=ConcertationFactory.create()).user


@pytest.fixture
def editor() -> Any:
    region = Territory.objects.get(kind="region", code="03")
    return RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=region).user


def _proposed(user: Any) -> Term:
    return services.term_propose(
        data=services.TermData(name="table de concertation du quartier", acronym="TCQ", definition="Groupe."),
        acting_user=user,
    )


def test_the_list_shows_approved_terms_with_search_letters_and_sectors(coordinator) -> None:
    _proposed(coordinator)
    page = _client().get(reverse("registry:term_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "municipalité régionale de comté" in html and "TCQ" not in html
    assert 'href="/lexique/?lettre=M"' in html
    found = _client().get(reverse("registry:term_list"), {"q": "regionale comte"}).content.decode()
    assert "MRC" in found and "CLSC" not in found
    health = _client().get(reverse("registry:term_list"), {"secteur": "health"}).content.decode()
    assert "CLSC" in health and "NEQ" not in health
    letter = _client().get(reverse("registry:term_list"), {"lettre": "Q"}).content.decode()
    assert 'aria-current="page">Q<' in letter
    assert _client().get(reverse("registry:term_list"), {"secteur": "nowhere"}).status_code == 422


def test_a_terms_page_shows_its_meanings_related_terms_and_sources() -> None:
    mrc = Term.objects.get(acronym="MRC")
    html = _client().get(mrc.get_absolute_url()).content.decode()
    assert "<caption" in html and 'scope="row"' in html
    assert "https://www.mamh.gouv.qc.ca/" in html
    assert reverse("registry:term_detail", args=[Term.objects.get(acronym="TE").pk]) in html
    assert "History of changes" not in html and "Historique" not in html


def test_the_english_page_falls_back_to_french_marked(coordinator, editor) -> None:
    term = _proposed(coordinator)
    services.term_approve(term=term, acting_user=editor)
    client = _client()
    client.cookies["arrimage_language"] = "en"
    with translation.override("en"):
        html = client.get(term.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="fr">Groupe.</span>' in html
    mrc = Term.objects.get(acronym="MRC")
    with translation.override("en"):
        english = client.get(mrc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "regional county municipality" in english


def test_a_proposal_is_hidden_from_anonymous_visitors_until_approved(coordinator, editor) -> None:
    page = _client(coordinator).post(reverse("registry:term_propose"), FORM)
    assert page.status_code == 302
    term = Term.objects.get(acronym="TCQ")
    assert term.status == TermStatus.PROPOSED and term.related.count() == 2
    assert _client().get(term.get_absolute_url()).status_code == 404
    assert _client(UserFactory.create()).get(term.get_absolute_url()).status_code == 404
    assert _client(coordinator).get(term.get_absolute_url()).status_code == 200
    queue = _client(editor).get(reverse("registry:term_queue"))
    assert "TCQ" in queue.content.decode()
    assert _client(coordinator).get(reverse("registry:term_queue")).status_code == 403
    assert _client(coordinator).post(reverse("registry:term_approve", args=[term.pk])).status_code == 403
    detail = _client(editor).get(term.get_absolute_url()).content.decode()
    assert reverse("registry:term_refuse", args=[term.pk]) in detail and "term-history" in detail
    _client(editor).post(reverse("registry:term_approve", args=[term.pk]), {"note": "Bien."})
    term.refresh_from_db()
    assert term.status == TermStatus.APPROVED
    assert _client().get(term.get_absolute_url()).status_code == 200


def test_a_refusal_needs_a_reason(coordinator, editor) -> None:
    term = _proposed(coordinator)
    _client(editor).post(reverse("registry:term_refuse", args=[term.pk]), {"note": ""})
    term.refresh_from_db()
    assert term.status == TermStatus.PROPOSED
    _client(editor).post(reverse("registry:term_refuse", args=[term.pk]), {"note": "Doublon."})
    term.refresh_from_db()
    assert term.status == TermStatus.REFUSED


def test_a_duplicate_proposal_points_to_the_existing_term(coordinator) -> None:
    mrc = Term.objects.get(acronym="MRC")
    page = _client(coordinator).post(reverse("registry:term_propose"), {**FORM, "acronym": "mrc"})
    assert page.status_code == 422
    assert f"/lexique/{mrc.pk}/" in page.content.decode()


def test_bad_related_terms_and_sources_are_refused_on_their_field(coordinator) -> None:
    page = _client(coordinator).post(
        reverse("registry:term_propose"), {**FORM, "related": "XYZZY", "sources": "Titre | pas une adresse"}
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "XYZZY" in html and "pas une adresse" in html
    assert not Term.objects.filter(acronym="TCQ").exists()


def test_members_may_not_propose_and_editors_edit(coordinator, editor) -> None:
    member = UserFactory.create()
    assert _client(member).get(reverse("registry:term_propose")).status_code == 403
    assert _client().get(reverse("registry:term_propose")).status_code == 302
    mrc = Term.objects.get(acronym="MRC")
    assert _client(coordinator).get(reverse("registry:term_edit", args=[mrc.pk])).status_code == 403
    form = _client(editor).get(reverse("registry:term_edit", args=[mrc.pk])).content.decode()
    assert "municipalité régionale de comté" in form and "https://www.mamh.gouv.qc.ca/" in form


def test_the_registry_pages_explain_acronyms_without_changing_the_text() -> None:
    organization = OrganizationFactory.create(
        name="CLSC de <script>alert(1)</script> Limoilou", mission="Services du CLSC et de la MRC."
    )
    html = _client().get(organization.get_absolute_url()).content.decode()
    assert '<abbr class="gloss"' in html and "centre local de services communautaires" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    organization.refresh_from_db()
    assert organization.name == "CLSC de <script>alert(1)</script> Limoilou"
    listing = _client().get(reverse("registry:organization_list")).content.decode()
    assert "gloss--quiet" in listing


def test_who_may_propose_review_and_edit(coordinator, editor) -> None:
    member, admin = UserFactory.create(), UserFactory.create(is_superuser=True)
    assert policy.can_propose_term(coordinator) and policy.can_propose_term(editor) and policy.can_propose_term(admin)
    assert not policy.can_propose_term(member)
    assert policy.can_review_term(editor) and policy.can_review_term(admin)
    assert not policy.can_review_term(coordinator)
    term = _proposed(coordinator)
    assert policy.can_edit_term(coordinator, term) and not policy.can_edit_term(member, term)
    assert policy.can_view_term(coordinator, term) and not policy.can_view_term(member, term)
    services.term_approve(term=term, acting_user=editor)
    term.refresh_from_db()
    assert not policy.can_edit_term(coordinator, term) and policy.can_view_term(member, term)
