import pytest
from django.core.exceptions import ValidationError

from arrimage.core.audit import history_entries
from arrimage.glossary import services
from arrimage.glossary.models import Term, TermStatus
from arrimage.glossary.selectors import lexicon
from arrimage.glossary.services import TermData

pytestmark = pytest.mark.django_db


def _data(**changes: object) -> TermData:
    values: dict[str, object] = {
        "acronym": "TCQ",
        "name": "table de concertation du quartier",
        "name_en": "neighbourhood concertation table",
        "definition": "Groupe d'organismes qui travaillent ensemble dans un quartier.",
        "meanings": {"community": ("Espace de concertation.", "A concertation space."), "health": ("Partenaire.", "")},
        "sources": [("Communagir", "https://communagir.org/")],
    }
    values.update(changes)
    return TermData(**values)  # type: ignore[arg-type]


def test_a_proposal_waits_for_review_with_its_meanings_and_sources(coordinator) -> None:
    term = services.term_propose(data=_data(), acting_user=coordinator)
    assert term.status == TermStatus.PROPOSED and term.proposed_by == coordinator
    assert term.acronym_key == " tcq " and "concertation" in term.search_key
    assert {m.sector for m in term.meanings.all()} == {"community", "health"}
    assert [s.title for s in term.sources.all()] == ["Communagir"]
    assert "TCQ" not in {entry.acronym for entry in lexicon("fr")}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"acronym": "", "name": "Municipalité régionale de comté"}, "name"),  # capitals and accents
        ({"acronym": "", "name": "MUNICIPALITE REGIONALE DE COMTE"}, "name"),
        ({"acronym": "mrc", "name": "autre chose"}, "acronym"),
        ({"acronym": "", "name": "MRC"}, "name"),  # a name that is another term's acronym
    ],
)
def test_a_duplicate_is_refused_with_a_pointer_to_the_existing_term(coordinator, changes, field) -> None:
    existing = Term.objects.get(acronym="MRC")
    with pytest.raises(ValidationError) as refused:
        services.term_propose(data=_data(**changes), acting_user=coordinator)
    message = refused.value.message_dict[field][0]
    assert f"/lexique/{existing.pk}/" in message
    assert "MRC — municipalité régionale de comté" in message
    assert not Term.objects.filter(name__iexact=changes["name"]).exclude(pk=existing.pk).exists()


def test_the_duplicate_message_is_french() -> None:
    from django.utils import translation

    with translation.override("fr"):
        found = services.existing_duplicate(acronym="CLSC", name="x")
    assert found is not None and found[0] == "acronym"


def test_a_refused_term_frees_its_name(coordinator, editor) -> None:
    term = services.term_propose(data=_data(), acting_user=coordinator)
    with pytest.raises(ValidationError):
        services.term_refuse(term=term, acting_user=editor, note="  ")
    services.term_refuse(term=term, acting_user=editor, note="Trop local.")
    again = services.term_propose(data=_data(), acting_user=coordinator)
    assert again.pk != term.pk


def test_approval_publishes_and_keeps_history(coordinator, editor) -> None:
    term = services.term_propose(data=_data(), acting_user=coordinator)
    services.term_approve(term=term, acting_user=editor, note="Merci")
    term.refresh_from_db()
    assert term.status == TermStatus.APPROVED and term.reviewed_by == editor and term.reviewed_at
    assert "TCQ" in {entry.acronym for entry in lexicon("fr")}
    with pytest.raises(ValidationError):
        services.term_approve(term=term, acting_user=editor)
    entries = history_entries(term)
    assert len(entries) >= 2
    assert entries[0].who and entries[-1].reason


def test_an_update_changes_parts_and_refuses_a_clash(coordinator, editor) -> None:
    term = services.term_propose(data=_data(), acting_user=coordinator)
    mrc = Term.objects.get(acronym="MRC")
    services.term_update(
        term=term,
        data=_data(meanings={"municipal": ("Ville.", "City.")}, sources=[], related=[mrc.pk]),
        acting_user=editor,
    )
    term.refresh_from_db()
    assert [m.sector for m in term.meanings.all()] == ["municipal"]
    assert not term.sources.exists()
    assert list(term.related.all()) == [mrc] and term in mrc.related.all()
    with pytest.raises(ValidationError) as refused:
        services.term_update(term=term, data=_data(acronym="CLSC"), acting_user=editor)
    assert "acronym" in refused.value.message_dict
    term.refresh_from_db()
    assert term.acronym == "TCQ"  # nothing half-written


def test_nothing_half_written_when_a_part_fails(coordinator) -> None:
    with pytest.raises(ValidationError):
        services.term_propose(data=_data(meanings={"nowhere": ("x", "")}), acting_user=coordinator)
    assert not Term.objects.filter(acronym="TCQ").exists()


def test_an_acronym_needs_the_shape_of_one(coordinator) -> None:
    with pytest.raises(ValidationError) as refused:
        services.term_propose(data=_data(acronym="Tcq"), acting_user=coordinator)
    assert "acronym" in refused.value.message_dict
