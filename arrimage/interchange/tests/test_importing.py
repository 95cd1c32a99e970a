"""Previewing, committing and undoing imports of real files, and the French messages of what goes wrong."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Membership, Seat
from arrimage.interchange.matching import Candidate, Decision, OrganizationIndex
from arrimage.interchange.models import ImportChange, ImportRun, ImportStatus, SavedMapping
from arrimage.interchange.services import import_commit, import_preview, import_undo, saved_mapping_save
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MEMBERS = (
    "Organisme;Représentant·e;Courriel;Siège;Type de siège;Rôle;Depuis\r\n"
    "Centre d’action bénévole du Bas-Richelieu;Marie-Ève Tremblay;METremblay@Example.org;;;Présidente;mars 2021\r\n"
    "Maison des jeunes La Piaule;Luc Côté;luc@example.org;;;;2019\r\n"
    ";Zoé Gagnon;;Siège citoyen 1;Citoyen;;15/09/2022\r\n"
    "CISSS de la Montérégie-Est;Ana Lopez;ana@example.org;Santé;;Membre;2020-01-06\r\n"
)


def counts():
    return {
        "organizations": Organization.objects.count(),
        "people": Person.objects.count(),
        "seats": Seat.objects.count(),
        "memberships": Membership.objects.count(),
        "positions": Position.objects.count(),
        "changes": ImportChange.objects.count(),
    }


def cp1252(text: str) -> bytes:
    return text.encode("cp1252")


def preview(data, kind="members", filename="membres.csv", **kwargs):
    return import_preview(data=data, filename=filename, kind=kind, user=kwargs.pop("user", None), **kwargs)


def test_members_round_trip_commit_reimport_and_undo():
    concertation = ConcertationFactory.create()
    known = OrganizationFactory.create(name="CISSS de la Montérégie-Est")
    user = UserFactory.create()
    before = counts()
    data = cp1252(MEMBERS)

    first = preview(data, concertation=concertation, user=user)
    assert first.can_commit, first.errors
    assert first.run.status == ImportStatus.PREVIEWED
    assert [row.action for row in first.rows] == ["create"] * 4
    assert counts() == before  # a preview writes nothing but its log entry
    cisss = first.rows[3]
    assert any("CISSS de la Montérégie-Est" in reason for reason in cisss.reasons)

    run = import_commit(run=first.run, data=data, acting_user=user)
    assert run.status == ImportStatus.COMMITTED
    after = counts()
    assert after["organizations"] == before["organizations"] + 2
    assert after["people"] == before["people"] + 4
    assert after["seats"] == before["seats"] + 4
    assert after["memberships"] == before["memberships"] + 4
    marie = Person.objects.get(family_name="Tremblay")
    assert marie.email == "metremblay@example.org"
    holding = Membership.objects.get(person=marie)
    assert holding.role == "chair"
    assert str(holding.start) == "mars 2021"
    assert holding.organization is not None
    assert holding.organization.name == "Centre d’action bénévole du Bas-Richelieu"
    zoe = Membership.objects.get(person__family_name="Gagnon")
    assert zoe.organization is None and zoe.seat.label == "Siège citoyen 1" and zoe.seat.seat_type == "citizen"
    assert Membership.objects.get(organization=known).seat.label == "Santé"
    assert run.counts["created"] == 14

    again = preview(data, concertation=concertation, user=user)
    assert [row.action for row in again.rows] == ["skip"] * 4, [row.reasons for row in again.rows]
    rerun = import_commit(run=again.run, data=data, acting_user=user)
    assert counts()["memberships"] == after["memberships"]
    assert rerun.counts["created"] == 0

    import_undo(run=run, acting_user=user)
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    now = counts()
    assert {k: v for k, v in now.items() if k != "changes"} == {k: v for k, v in before.items() if k != "changes"}


def test_a_known_variant_links_without_a_new_alias():
    """« Mun. de St-Zacharie » is how the matcher already reads « Municipalité de Saint-Zacharie »."""
    concertation = ConcertationFactory.create()
    known = OrganizationFactory.create(name="Municipalité de Saint-Zacharie")
    data = "Organisme;Représentant\nMun. de St-Zacharie;Jeanne Roy\n".encode()
    result = preview(data, concertation=concertation)
    assert result.rows[0].action == "create"  # the seat and the person are new; the organisation links
    run = import_commit(run=result.run, data=data, acting_user=None)
    known.refresh_from_db()
    assert known.other_names == []
    assert run.counts["alias_added"] == 0
    assert Membership.objects.get(person__family_name="Roy").organization == known


def test_alias_is_added_for_a_recognised_name_and_removed_on_undo():
    concertation = ConcertationFactory.create()
    known = OrganizationFactory.create(name="Municipalité de Saint-Zacharie")
    data = "Organisme;Représentant\nSt-Zacharie de Beauce-Etchemins;Jeanne Roy\n".encode()
    result = preview(data, concertation=concertation)
    assert result.rows[0].action in {"create", "choose"}  # not certain: the person confirms
    run = import_commit(run=result.run, data=data, acting_user=None, choices={2: known.pk})
    known.refresh_from_db()
    assert known.other_names == ["St-Zacharie de Beauce-Etchemins"]
    assert run.counts["alias_added"] == 1
    import_undo(run=run, acting_user=None)
    known.refresh_from_db()
    assert known.other_names == []


def test_ambiguous_organisation_waits_for_a_choice(monkeypatch):
    concertation = ConcertationFactory.create()
    first = OrganizationFactory.create(name="Maison de la famille de Granby")
    second = OrganizationFactory.create(name="Maison de la famille Granby et région")

    def decide(self, name):  # whatever the matcher's thresholds, these two are close to the name
        return Decision("ambiguous", (Candidate(first.pk, first.name, 0.9), Candidate(second.pk, second.name, 0.85)))

    monkeypatch.setattr(OrganizationIndex, "decide", decide)
    name = "Maison de la famille Granby"
    data = f"Organisme;Représentant\n{name};Jeanne Roy\n{name};Paul Roy\n".encode()
    result = preview(data, concertation=concertation)
    assert result.waiting == [2, 3]
    assert {candidate.organization_id for candidate in result.rows[0].candidates} >= {first.pk}
    before = counts()
    with pytest.raises(ValidationError) as refused:
        import_commit(run=result.run, data=data, acting_user=None)
    assert "2, 3" in " ".join(refused.value.messages)
    assert counts() == before
    run = import_commit(run=result.run, data=data, acting_user=None, choices={2: first.pk})
    assert Membership.objects.filter(organization=first).count() == 2
    assert run.counts["created"] == 6  # two people, seats and holdings: both rows follow the choice of line 2
    assert run.counts["alias_added"] == 1


def test_person_is_matched_within_their_organisation():
    concertation = ConcertationFactory.create()
    organization = OrganizationFactory.create(name="Carrefour jeunesse-emploi")
    person = PersonFactory.create(given_name="Léa", family_name="Bouchard", email="", phone="")
    MembershipFactory.create(person=person, organization=organization)  # at another table
    data = "Organisme;Prénom;Nom;Courriel\nCarrefour jeunesse-emploi;Lea;BOUCHARD;lea@example.org\n".encode()
    result = preview(data, concertation=concertation)
    assert result.rows[0].action == "create"  # a new seat and holding, but the same person
    import_commit(run=result.run, data=data, acting_user=None)
    person.refresh_from_db()
    assert person.email == "lea@example.org"  # an empty email address is filled in
    assert Membership.objects.filter(person=person, seat__concertation=concertation).count() == 1


def test_errors_name_line_and_column_and_nothing_is_written(territories):
    concertation = ConcertationFactory.create()
    data = (
        "Organisme;Représentant;Courriel;Depuis\n"
        "CAB;Marie Roy;marie@example.org;hier\n"
        "MDJ;Luc Roy;pas un courriel;2021\n"
        "MDJ;Luc Roy;pas un courriel;2021\n"
    ).encode()
    before = counts()
    result = preview(data, concertation=concertation)
    assert not result.can_commit
    assert [row.action for row in result.rows] == ["error", "error", "skip"]
    assert "Depuis" in result.errors[0] and "2" in result.errors[0] and "hier" in result.errors[0]
    assert "Courriel" in result.errors[1] and "3" in result.errors[1]
    assert any("3" in reason for reason in result.rows[2].reasons)  # duplicate of line 3
    with pytest.raises(ValidationError) as refused:
        import_commit(run=result.run, data=data, acting_user=None)
    assert any("hier" in message for message in refused.value.messages)
    assert counts() == before


def test_unknown_territory(territories):
    data = b"Nom;Secteur;Territoire\nCentre des femmes;Communautaire;Atlantide\nCAB;Communautaire;Rimouski\n"
    result = preview(data, kind="organizations", filename="organismes.csv")
    assert result.rows[0].action == "error"
    assert "Atlantide" in str(result.rows[0].errors[0]) and "Territoire" in str(result.rows[0].errors[0])
    assert result.rows[1].action == "create"


def test_missing_required_column_is_refused():
    result = preview("Courriel;Téléphone\nmarie@example.org;555\n".encode(), kind="people", filename="p.csv")
    assert result.problems and not result.can_commit
    assert "column" in result.problems[0] or "colonne" in result.problems[0]
    before = counts()
    with pytest.raises(ValidationError):
        import_commit(run=result.run, data="Courriel;Téléphone\nmarie@example.org;555\n".encode(), acting_user=None)
    assert counts() == before


def test_members_need_a_concertation():
    result = preview(cp1252(MEMBERS))
    assert result.problems


def test_commit_refuses_other_bytes():
    concertation = ConcertationFactory.create()
    result = preview(cp1252(MEMBERS), concertation=concertation)
    with pytest.raises(ValidationError):
        import_commit(run=result.run, data=cp1252(MEMBERS) + b"\r\n", acting_user=None)


def test_a_domain_rule_refuses_the_whole_import_with_the_line():
    concertation = ConcertationFactory.create()
    seat = SeatFactory.create(concertation=concertation, label="Santé")
    MembershipFactory.create(seat=seat, end_date=None)
    data = "Organisme;Représentant;Siège\nCAB;Marie Roy;Santé\n".encode()
    before = counts()
    result = preview(data, concertation=concertation)
    assert result.rows[0].action == "error"
    assert "Santé" in str(result.rows[0].errors[0])
    assert counts() == before


def test_undo_is_refused_when_something_now_depends_on_the_import():
    concertation = ConcertationFactory.create()
    data = "Organisme;Représentant\nCAB du Haut-Richelieu;Marie Roy\n".encode()
    run = import_commit(run=preview(data, concertation=concertation).run, data=data, acting_user=None)
    organization = Organization.objects.get(name="CAB du Haut-Richelieu")
    MembershipFactory.create(organization=organization, person=None)  # added by hand since the import
    with pytest.raises(ValidationError) as refused:
        import_undo(run=run, acting_user=None)
    assert "CAB du Haut-Richelieu" in " ".join(refused.value.messages)
    assert Organization.objects.filter(pk=organization.pk).exists()
    run.refresh_from_db()
    assert run.status == ImportStatus.COMMITTED


def test_organisations_from_an_xlsx_fill_in_what_is_missing_and_undo_restores_it(territories):
    known = OrganizationFactory.create(name="Corporation de développement communautaire", website="")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nom de l'organisation", "Sigle", "Secteur", "Site web", "Fondation", "Territoire"])
    sheet.append(
        ["Corporation de développement communautaire", "CDC", "Communautaire", "https://cdc.example.org", None, None]
    )
    sheet.append(["Fondation Rivière", "", "Philanthropie", "", 44270, "mrc:31"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    result = preview(data, kind="organizations", filename="organismes.xlsx")
    assert [row.action for row in result.rows] == ["update", "create"], result.errors
    run = import_commit(run=result.run, data=data, acting_user=None)
    known.refresh_from_db()
    assert (known.acronym, known.website) == ("CDC", "https://cdc.example.org")
    created = Organization.objects.get(name="Fondation Rivière")
    assert created.sector == "philanthropy" and str(created.start_date) == "2021-03-15"
    assert [t.public_id for t in created.territories_served.all()] == ["mrc:31"]
    import_undo(run=run, acting_user=None)
    known.refresh_from_db()
    assert (known.acronym, known.website) == ("", "")
    assert not Organization.objects.filter(name="Fondation Rivière").exists()


def test_people_with_positions():
    data = "Prénom;Nom;Organisme;Titre;Profession;Début\nNadia;Roy;Carrefour;Agente;Organisatrice communautaire;2020\n"
    result = preview(data.encode(), kind="people", filename="personnes.csv")
    assert result.rows[0].action == "create", result.errors
    import_commit(run=result.run, data=data.encode(), acting_user=None)
    position = Position.objects.get(person__family_name="Roy", organization__name="Carrefour")
    assert position.profession == "community_organiser"
    again = preview(data.encode(), kind="people", filename="personnes.csv")
    assert again.rows[0].action == "skip"


def test_concertations_with_themes(territories):
    data = b"Nom;Type;Niveau;Territoire\nTable de concertation jeunesse;Table;Local;Rimouski\n"
    result = preview(data, kind="concertations", filename="tables.csv")
    assert result.rows[0].action == "create", result.errors
    import_commit(run=result.run, data=data, acting_user=None)
    assert preview(data, kind="concertations", filename="tables.csv").rows[0].action == "link"


def test_saved_mapping_wins_over_suggestions():
    user = UserFactory.create()
    concertation = ConcertationFactory.create()
    data = b"Groupe;Qui\nCAB;Marie Roy\n"
    assert preview(data, concertation=concertation, user=user).mapping == {"Groupe": "", "Qui": ""}
    saved_mapping_save(
        user=user, kind="members", headers=["Groupe", "Qui"], mapping={"Groupe": "organization", "Qui": "full_name"}
    )
    assert SavedMapping.objects.count() == 1
    result = preview(data, concertation=concertation, user=user)
    assert result.mapping == {"Groupe": "organization", "Qui": "full_name"}
    assert result.rows[0].action == "create"
    assert ImportRun.objects.filter(user=user).count() == 2
