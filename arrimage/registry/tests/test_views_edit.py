"""The registry's edit pages: permission, one service call per save, errors on the right field, nothing
half-written; the suggestions of their text boxes; the Django admin writing through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from arrimage.access.models import RoleKind
from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Concertation, EndReason, Membership, Seat
from arrimage.core.dates import PartialDate
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
)

# The key refusals, read in French: the language of every page unless the visitor chooses English.
STALE = (
    "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. Rechargez la page pour voir ses "
    "changements, puis refaites les vôtres."
)
END_BEFORE_START = "La date de fin est avant la date de début."
FORBIDDEN = "Votre compte ne permet pas cette modification. Rien n’a été enregistré."


# People and their roles ----------------------------------------------------------------------------


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def etchemins(db: None) -> Territory:
    return Territory.objects.get(kind="mrc", name="Les Etchemins")


@pytest.fixture
def inside(etchemins: Territory) -> Territory:
    return Territory.objects.get(kind="municipality", name="Saint-Zacharie")


@pytest.fixture
def outside(etchemins: Territory) -> Territory:
    return Territory.objects.filter(kind="municipality").exclude(parent=etchemins).order_by("code")[0]


@pytest.fixture
def editor(etchemins: Territory) -> Any:
    grant = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=etchemins)
    return grant.user


@pytest.fixture
def table(inside: Territory) -> Concertation:
    concertation = ConcertationFactory.create(name="Table de développement de Saint-Zacharie")
    concertation.territories.set([inside])
    return concertation


@pytest.fixture
def coordinator(table: Concertation) -> Any:
    return RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user


@pytest.fixture
def nobody(db: None) -> Any:
    return UserFactory.create()


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory.create(is_superuser=True, is_staff=True)


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def field_errors(response: Any, name: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(name, [])]


def top_errors(response: Any) -> list[str]:
    return [str(error) for error in response.context["form"].non_field_errors()]


def french(message: str) -> str:
    """The French of an English source string, which the catalogue must hold."""
    with translation.override("fr"):
        translated = translation.gettext(message)
    assert translated != message, f"Not translated into French: {message!r}"
    return translated


# Permission -------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_saved(client: Any, table: Concertation) -> None:
    before = Seat.objects.count()
    url = reverse("registry:seat_create", args=[table.pk])
    response = client.post(url, {"label": "Citoyen", "seat_type": "citizen", "order": 0})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert f"next={url}" in response["Location"]
    assert Seat.objects.count() == before
    assert client.get(reverse("registry:concertation_create")).status_code == 302


def test_a_user_without_a_role_gets_the_403_page_and_nothing_is_saved(
    client: Any, nobody: Any, table: Concertation, inside: Territory
) -> None:
    login(client, nobody)
    before = (Concertation.objects.count(), Seat.objects.count())
    response = client.post(
        reverse("registry:concertation_create"),
        {"name": "Table fantôme", "kind": "table", "level": "local", "territories": inside.public_id},
    )
    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    assert FORBIDDEN in response.content.decode()
    response = client.post(reverse("registry:seat_create", args=[table.pk]), {"label": "Citoyen", "order": 0})
    assert response.status_code == 403
    assert (Concertation.objects.count(), Seat.objects.count()) == before


def test_a_coordinator_edits_the_seats_of_their_concertation_not_of_another(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    other = ConcertationFactory.create()
    login(client, coordinator)
    data = {"label": "Organismes communautaires", "seat_type": "organisational", "order": 1, "is_voting": "on"}
    response = client.post(reverse("registry:seat_create", args=[table.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == table.get_absolute_url()
    seat = table.seats.get()
    assert seat.label == "Organismes communautaires"
    assert seat.history.first().history_user == coordinator
    assert client.post(reverse("registry:seat_create", args=[other.pk]), data).status_code == 403
    assert not other.seats.exists()
    other_seat = SeatFactory.create(concertation=other)
    assert client.get(reverse("registry:seat_edit", args=[other_seat.pk])).status_code == 403
    assert client.get(reverse("registry:seat_edit", args=[seat.pk])).status_code == 200


# Concertations ---------------------------------------------------------------------------------------


def concertation_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Table de concertation jeunesse des Etchemins",
        "acronym": "TCJE",
        "kind": "table",
        "level": "supralocal",
        "mission": "Persévérance scolaire.",
        "territories": "",
        "start": "2019",
        "end": "",
        "meeting_frequency": "monthly",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_an_editor_creates_a_concertation_within_their_territory(
    client: Any, editor: Any, etchemins: Territory, inside: Territory
) -> None:
    funder = OrganizationFactory.create(name="Fondation Lucie et André Chagnon")
    login(client, editor)
    assert client.get(reverse("registry:concertation_create")).status_code == 200
    response = client.post(
        reverse("registry:concertation_create"),
        concertation_data(
            territories=f"{etchemins.public_id}\n{inside.name}",
            funders=f"{funder.name} [{funder.pk}]",
        ),
        follow=False,
    )
    assert response.status_code == 302, response.context["form"].errors
    created = Concertation.objects.get(acronym="TCJE")
    assert response["Location"] == created.get_absolute_url()
    assert set(created.territories.all()) == {etchemins, inside}
    assert list(created.funders.all()) == [funder]
    assert created.start == PartialDate(2019)
    assert created.history.first().history_user == editor
    assert [str(message) for message in get_messages(response.wsgi_request)]


def test_an_editor_cannot_place_a_concertation_outside_their_territory(
    client: Any, editor: Any, outside: Territory
) -> None:
    login(client, editor)
    before = Concertation.objects.count()
    response = client.post(reverse("registry:concertation_create"), concertation_data(territories=outside.public_id))
    assert response.status_code == 422
    assert field_errors(response, "territories") == [
        french("You may place a concertation only within the territories you edit.")
    ]
    response = client.post(reverse("registry:concertation_create"), concertation_data())
    assert field_errors(response, "territories") == [french("Choose the territories this concertation covers.")]
    assert Concertation.objects.count() == before


def test_a_coordinator_edits_their_concertation_and_a_stale_save_is_refused(
    client: Any, coordinator: Any, table: Concertation, inside: Territory
) -> None:
    login(client, coordinator)
    page = client.get(reverse("registry:concertation_edit", args=[table.pk]))
    assert page.status_code == 200
    version = table.version
    data = concertation_data(name="Table de Saint-Zacharie", territories=inside.public_id, version=version)
    response = client.post(reverse("registry:concertation_edit", args=[table.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    table.refresh_from_db()
    assert table.name == "Table de Saint-Zacharie"
    assert table.version == version + 1

    # The same page sent again, from the version it started with: refused, nothing saved.
    data["name"] = "Nom écrasé"
    response = client.post(reverse("registry:concertation_edit", args=[table.pk]), data)
    assert response.status_code == 422
    assert top_errors(response) == [STALE]
    table.refresh_from_db()
    assert table.name == "Table de Saint-Zacharie"


def test_a_coordinator_cannot_add_a_territory_they_do_not_edit(
    client: Any, coordinator: Any, table: Concertation, inside: Territory, outside: Territory
) -> None:
    login(client, coordinator)
    data = concertation_data(territories=f"{inside.public_id}\n{outside.public_id}", version=table.version)
    response = client.post(reverse("registry:concertation_edit", args=[table.pk]), data)
    assert response.status_code == 422
    assert field_errors(response, "territories")
    assert list(table.territories.all()) == [inside]


def test_a_concertation_with_bad_dates_is_refused_on_the_fields(client: Any, admin_user: Any) -> None:
    login(client, admin_user)
    before = Concertation.objects.count()
    response = client.post(reverse("registry:concertation_create"), concertation_data(start="mars 2021"))
    assert field_errors(response, "start") == [french("Invalid date: write 2021, 2021-03 or 2021-03-15.")]
    response = client.post(reverse("registry:concertation_create"), concertation_data(start="2021", end="2019-05"))
    assert field_errors(response, "end") == [END_BEFORE_START]
    assert Concertation.objects.count() == before


def test_the_error_page_is_accessible(client: Any, admin_user: Any) -> None:
    login(client, admin_user)
    response = client.post(reverse("registry:concertation_create"), concertation_data(name="", start="hier"))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'class="error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_start"' in html
    assert 'id="id_start_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_start_helptext id_start_error"' in html
    assert "<title>" in html and french("Error:") in html


# Seats ----------------------------------------------------------------------------------------------


def test_a_seat_is_edited_and_abolished(client: Any, coordinator: Any, table: Concertation) -> None:
    seat = SeatFactory.create(concertation=table, label="Siège citoyen", seat_type="citizen", created_on="2020-01-01")
    holding = MembershipFactory.create(seat=seat, start_date="2020-02-01")
    login(client, coordinator)
    response = client.post(
        reverse("registry:seat_edit", args=[seat.pk]),
        {"label": "Siège citoyen 1", "seat_type": "citizen", "order": 3, "created_on": "2020-01-01"},
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.label, seat.order, seat.is_voting) == ("Siège citoyen 1", 3, False)

    before_creation = client.post(reverse("registry:seat_abolish", args=[seat.pk]), {"abolished_on": "2019-12-31"})
    assert field_errors(before_creation, "abolished_on") == [
        french("A seat cannot be abolished before it was created.")
    ]
    response = client.post(reverse("registry:seat_abolish", args=[seat.pk]), {"abolished_on": "15/06/2024"})
    assert response.status_code == 302
    seat.refresh_from_db()
    holding.refresh_from_db()
    assert str(seat.abolished_on) == "2024-06-15"
    assert holding.end_reason == EndReason.SEAT_ABOLISHED


def test_a_seat_without_a_label_or_with_a_bad_date_is_refused(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    login(client, coordinator)
    response = client.post(
        reverse("registry:seat_create", args=[table.pk]), {"label": "", "order": 0, "created_on": "2021-02-30"}
    )
    assert response.status_code == 422
    assert field_errors(response, "label")
    assert field_errors(response, "created_on")
    assert not table.seats.exists()


# Memberships ----------------------------------------------------------------------------------------


@pytest.fixture
def seat(table: Concertation) -> Seat:
    return SeatFactory.create(concertation=table, label="Organismes communautaires")


def holding_data(person: Person | None = None, organization: Organization | None = None, **changes: Any) -> dict:
    data = {
        "person": f"{person.full_name} [{person.pk}]" if person else "",
        "organization": organization.name if organization else "",
        "role": "member",
        "start": "2022-09",
        "end": "",
        "end_reason": "",
        "notes": "",
    }
    data.update(changes)
    return data


def test_a_membership_starts(client: Any, coordinator: Any, seat: Seat) -> None:
    person = PersonFactory.create()
    organization = OrganizationFactory.create(name="Maison de la famille des Etchemins")
    login(client, coordinator)
    assert client.get(reverse("registry:membership_start", args=[seat.pk])).status_code == 200
    response = client.post(reverse("registry:membership_start", args=[seat.pk]), holding_data(person, organization))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == seat.concertation.get_absolute_url()
    membership = seat.memberships.get()
    assert (membership.person, membership.organization) == (person, organization)
    assert membership.start == PartialDate(2022, 9)
    assert membership.history.first().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "2022-13"}, "start", "Cette date n’existe pas : vérifiez le jour et le mois."),
        ({"start": "septembre"}, "start", "Date invalide : écrivez 2021, 2021-03 ou 2021-03-15."),
        ({"start": "2022", "end": "2021"}, "end", END_BEFORE_START),
        ({"end_reason": "resigned"}, "end_reason", "Un motif de fin demande une date de fin."),
    ],
)
def test_a_membership_with_bad_input_is_refused_on_the_field(
    client: Any, coordinator: Any, seat: Seat, changes: dict, field: str, message: str
) -> None:
    login(client, coordinator)
    response = client.post(
        reverse("registry:membership_start", args=[seat.pk]), holding_data(PersonFactory.create(), **changes)
    )
    assert response.status_code == 422
    assert field_errors(response, field) == [message]
    assert Membership.objects.count() == 0


def test_a_membership_needs_a_holder(client: Any, coordinator: Any, seat: Seat) -> None:
    login(client, coordinator)
    response = client.post(reverse("registry:membership_start", args=[seat.pk]), holding_data())
    assert field_errors(response, "person") == [french("Choose the person or the organisation who holds the seat.")]
    response = client.post(
        reverse("registry:membership_start", args=[seat.pk]), {**holding_data(), "person": "Personne Inconnue"}
    )
    assert field_errors(response, "person")
    assert Membership.objects.count() == 0


def test_a_taken_seat_refuses_a_second_holder(client: Any, coordinator: Any, seat: Seat) -> None:
    MembershipFactory.create(seat=seat, start_date="2020-01-01")
    login(client, coordinator)
    response = client.post(reverse("registry:membership_start", args=[seat.pk]), holding_data(PersonFactory.create()))
    assert response.status_code == 422
    assert field_errors(response, "start") == [
        "Ce siège est déjà occupé depuis 1er janvier 2020. Terminez d'abord ce mandat."
    ]
    assert Membership.objects.count() == 1


def test_a_person_cannot_sit_twice_at_the_same_table(client: Any, coordinator: Any, seat: Seat) -> None:
    person = PersonFactory.create()
    other_seat = SeatFactory.create(concertation=seat.concertation, label="Citoyens")
    MembershipFactory.create(seat=other_seat, person=person, start_date="2021-01-01")
    login(client, coordinator)
    response = client.post(reverse("registry:membership_start", args=[seat.pk]), holding_data(person))
    assert response.status_code == 422
    assert field_errors(response, "person") == [
        "Cette personne siège déjà à cette table depuis 1er janvier 2021, au siège « Citoyens »."
    ]
    assert Membership.objects.count() == 1


def test_a_membership_ends_is_corrected_and_a_stale_end_is_refused(client: Any, coordinator: Any, seat: Seat) -> None:
    membership = MembershipFactory.create(seat=seat, start_date="2020-01-01")
    login(client, coordinator)
    version = membership.version
    url = reverse("registry:membership_end", args=[membership.pk])
    bad = client.post(url, {"end": "2019-05", "reason": "resigned", "version": version})
    assert field_errors(bad, "end") == [END_BEFORE_START]
    response = client.post(url, {"end": "2023-06", "reason": "resigned", "version": version})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end == PartialDate(2023, 6)
    assert membership.end_reason == "resigned"

    stale = client.post(url, {"end": "2023-07", "reason": "other", "version": version})
    assert stale.status_code == 422
    assert top_errors(stale) == [STALE]
    membership.refresh_from_db()
    assert membership.end_reason == "resigned"

    edit = reverse("registry:membership_edit", args=[membership.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        holding_data(
            membership.person,
            role="co_chair",
            start="2020",
            end="2023-06",
            end_reason="resigned",
            notes="Coprésidente depuis 2021.",
            version=membership.version,
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    membership.refresh_from_db()
    assert (membership.role, membership.start, membership.notes) == (
        "co_chair",
        PartialDate(2020),
        "Coprésidente depuis 2021.",
    )


def test_a_seat_is_handed_over(client: Any, coordinator: Any, seat: Seat) -> None:
    membership = MembershipFactory.create(seat=seat, start_date="2020-01-01")
    newcomer = PersonFactory.create()
    login(client, coordinator)
    url = reverse("registry:membership_replace", args=[membership.pk])
    assert client.get(url).status_code == 200
    early = client.post(url, {"on": "2019-06-01", "person": str(newcomer.pk), "role": "member"})
    assert field_errors(early, "on")
    response = client.post(url, {"on": "2024-09-01", "person": str(newcomer.pk), "role": "member", "version": 1})
    assert response.status_code == 302, response.context["form"].errors
    membership.refresh_from_db()
    assert membership.end_reason == EndReason.REPLACED
    assert str(membership.end_date) == "2024-08-31"
    assert seat.memberships.get(end_date__isnull=True).person == newcomer


# Organisations, people and positions --------------------------------------------------------------


def organization_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Centre d’action bénévole des Etchemins",
        "acronym": "CABE",
        "other_names": "CAB Etchemins\nCentre bénévole",
        "sector": "community",
        "legal_form": "nonprofit",
        "neq": "1143 5678 90",
        "website": "cabetchemins.org",
        "mission": "Soutenir l’action bénévole.",
        "parent": "",
        "start": "1985",
        "end": "",
        "territories_served": "",
    }
    data.update(changes)
    return data


def test_an_editor_creates_and_edits_an_organisation(client: Any, editor: Any, etchemins: Territory) -> None:
    login(client, editor)
    response = client.post(
        reverse("registry:organization_create"),
        organization_data(territories_served=f"{etchemins.name} [{etchemins.public_id}]"),
    )
    assert response.status_code == 302, response.context["form"].errors
    organization = Organization.objects.get(acronym="CABE")
    assert response["Location"] == organization.get_absolute_url()
    assert organization.neq == "1143567890"
    assert organization.other_names == ["CAB Etchemins", "Centre bénévole"]
    assert organization.website == "https://cabetchemins.org"
    assert list(organization.territories_served.all()) == [etchemins]

    url = reverse("registry:organization_edit", args=[organization.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"Les Etchemins [{etchemins.public_id}]" in page.content.decode()
    version = organization.version
    data = organization_data(
        name="CAB des Etchemins", territories_served=etchemins.public_id, version=version, start="1985-04"
    )
    assert client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.start) == ("CAB des Etchemins", PartialDate(1985, 4))
    stale = client.post(url, {**data, "name": "Écrasé"})
    assert stale.status_code == 422
    organization.refresh_from_db()
    assert organization.name == "CAB des Etchemins"


def test_an_organisation_with_bad_input_is_refused(client: Any, admin_user: Any) -> None:
    login(client, admin_user)
    before = Organization.objects.count()
    response = client.post(
        reverse("registry:organization_create"),
        organization_data(neq="12345", sector="", territories_served="Nulle-Part-sur-Mer"),
    )
    assert response.status_code == 422
    assert field_errors(response, "neq") == [french("A Québec enterprise number (NEQ) has exactly 10 digits.")]
    assert field_errors(response, "sector")
    assert field_errors(response, "territories_served")
    assert Organization.objects.count() == before


def test_people_and_their_jobs(client: Any, editor: Any, admin_user: Any, etchemins: Territory) -> None:
    organization = OrganizationFactory.create()
    organization.territories_served.set([etchemins])
    login(client, editor)
    response = client.post(reverse("registry:person_create"), {"given_name": "", "family_name": ""})
    assert field_errors(response, "given_name") == [french("Give at least a given name or a family name.")]
    assert Person.objects.count() == 0
    response = client.post(
        reverse("registry:person_create"),
        {"given_name": "Marie", "family_name": "Roy", "email": "Marie.Roy@Example.org", "public_consent": "on"},
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="Roy")
    assert response["Location"] == person.get_absolute_url()
    assert person.email == "marie.roy@example.org"
    assert person.public_consent_on is not None

    # A person with no job nor seat yet is tied to no territory: an administrator records their job.
    login(client, admin_user)
    bad = client.post(
        reverse("registry:position_create", args=[person.pk]),
        {"organization": str(organization.pk), "profession": "coordinator", "start": "2023", "end": "2021"},
    )
    assert field_errors(bad, "end") == [END_BEFORE_START]
    response = client.post(
        reverse("registry:position_create", args=[person.pk]),
        {"organization": f"{organization.name} [{organization.pk}]", "profession": "coordinator", "start": "2023"},
    )
    assert response.status_code == 302, response.context["form"].errors
    position = Position.objects.get(person=person)
    response = client.post(reverse("registry:position_end", args=[position.pk]), {"end": "2025-03"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end == PartialDate(2025, 3)

    url = reverse("registry:person_edit", args=[person.pk])
    assert client.get(url).status_code == 200
    data = {"given_name": "Marie", "family_name": "Roy-Gagnon", "version": person.version}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "family_name": "Écrasé"}).status_code == 422
    person.refresh_from_db()
    assert person.family_name == "Roy-Gagnon"


def test_a_person_page_cannot_be_edited_by_a_stranger(client: Any, nobody: Any) -> None:
    person = PersonFactory.create()
    login(client, nobody)
    assert client.post(reverse("registry:person_edit", args=[person.pk]), {"family_name": "X"}).status_code == 403
    assert client.post(reverse("registry:person_create"), {"family_name": "X"}).status_code == 403
    assert client.post(reverse("registry:organization_create"), organization_data()).status_code == 403
    person.refresh_from_db()
    assert person.family_name != "X"


# Suggestions ------------------------------------------------------------------------------------------


def test_suggestions_need_an_account(client: Any, db: None) -> None:
    assert client.get(reverse("registry:suggest_territories"), {"q": "etchemins"}).status_code == 403
    assert client.get(reverse("registry:suggest_people"), {"q": "roy"}).status_code == 403


def test_territory_and_organisation_suggestions(client: Any, nobody: Any, etchemins: Territory) -> None:
    OrganizationFactory.create(name="Carrefour jeunesse-emploi des Etchemins", acronym="CJE")
    login(client, nobody)
    response = client.get(
        reverse("registry:suggest_territories"), {"field": "territories_search", "territories_search": "etchemins"}
    )
    assert f'value="Les Etchemins [{etchemins.public_id}]"' in response.content.decode()
    response = client.get(reverse("registry:suggest_organizations"), {"q": "carrefour etch", "format": "json"})
    [result] = response.json()["results"]
    assert result["value"].startswith("Carrefour jeunesse-emploi des Etchemins [")
    assert client.get(reverse("registry:suggest_organizations"), {"q": "c"}).content.strip() == b""


def test_people_suggestions_are_for_those_who_may_add_people_and_show_no_contact_details(
    client: Any, nobody: Any, coordinator: Any, table: Concertation
) -> None:
    josee = PersonFactory.create(
        given_name="Josée", family_name="Lapointe", email="josee@example.org", phone="418 555-0101"
    )
    MembershipFactory.create(seat=SeatFactory.create(concertation=table), person=josee)
    login(client, nobody)
    assert client.get(reverse("registry:suggest_people"), {"q": "lapointe"}).status_code == 403
    login(client, coordinator)
    response = client.get(reverse("registry:suggest_people"), {"q": "josee lap", "format": "json"})
    [result] = response.json()["results"]
    assert result["value"].startswith("Josée Lapointe [")
    assert "example.org" not in response.content.decode() and "555" not in response.content.decode()


def test_people_suggestions_name_only_people_the_user_may_see(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    """Law 25: a coordinator finds the people of their own table and those who consented to appear publicly,
    never a citizen of another table who did not consent."""
    elsewhere = ConcertationFactory.create(name="Table d'ailleurs")
    for given, consent, concertation in [
        ("Ailleurs", False, elsewhere),
        ("Publique", True, elsewhere),
        ("Maison", False, table),
    ]:
        person = PersonFactory.create(given_name=given, family_name="Tremblay-Suggérée", public_consent=consent)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
    login(client, coordinator)
    response = client.get(reverse("registry:suggest_people"), {"q": "tremblay-suggeree", "format": "json"})
    assert sorted(row["value"].split(" ")[0] for row in response.json()["results"]) == ["Maison", "Publique"]


def test_concertation_suggestions_hide_private_concertations(client: Any, nobody: Any) -> None:
    ConcertationFactory.create(name="Comité logement public")
    ConcertationFactory.create(name="Comité logement secret", is_public=False)
    login(client, nobody)
    response = client.get(reverse("registry:suggest_concertations"), {"q": "comite logement", "format": "json"})
    assert [row["value"].split(" [")[0] for row in response.json()["results"]] == ["Comité logement public"]


# The Django admin writes through the services ---------------------------------------------------------


def test_the_admin_is_for_administrators_only(client: Any, db: None) -> None:
    staff = UserFactory.create(is_staff=True)
    login(client, staff)
    assert client.get(reverse("admin:concertation_concertation_changelist")).status_code == 403
    assert client.get(reverse("admin:actors_organization_add")).status_code == 403


def test_an_admin_save_goes_through_the_services(client: Any, admin_user: Any, etchemins: Territory) -> None:
    login(client, admin_user)
    response = client.post(
        reverse("admin:actors_organization_add"),
        {
            "name": "  Corporation   de développement communautaire  ",
            "acronym": "CDC",
            "other_names": "[]",
            "sector": "community",
            "territories_served": [str(etchemins.pk)],
            "start_date": "2001-01-01",
            "start_precision": "year",
            "end_precision": "day",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization = Organization.objects.get(acronym="CDC")
    assert organization.name == "Corporation de développement communautaire"  # the service tidies the name
    assert " corporation " in organization.search_key
    assert list(organization.territories_served.all()) == [etchemins]
    record = organization.history.first()
    assert record.history_user == admin_user
    assert record.history_change_reason == "create"

    seat = SeatFactory.create()
    MembershipFactory.create(seat=seat, start_date="2020-01-01")
    response = client.post(
        reverse("admin:concertation_membership_add"),
        {
            "seat": str(seat.pk),
            "organization": str(organization.pk),
            "role": "member",
            "start_date": "2021-01-01",
            "start_precision": "day",
            "end_date": "2021-06-30",
            "end_precision": "day",
            "end_reason": "",
            "notes": "",
        },
        follow=True,
    )
    # The service refuses a second holder: nothing saved, and the administrator is told why.
    assert seat.memberships.count() == 1
    refused = "Rien n’a été enregistré : Ce siège est déjà occupé depuis 1er janvier 2020. Terminez d'abord ce mandat."
    assert refused in [str(message) for message in response.context["messages"]]


def test_the_admin_gives_and_takes_back_roles_through_the_services(
    client: Any, admin_user: Any, table: Concertation
) -> None:
    user = UserFactory.create()
    login(client, admin_user)
    response = client.post(
        reverse("admin:access_rolegrant_add"), {"user": str(user.pk), "role": "coordinator", "concertation": table.pk}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = user.role_grants.get()
    assert grant.granted_by == admin_user
    assert grant.history.first().history_user == admin_user
    response = client.post(
        reverse("admin:access_rolegrant_changelist"), {"action": "revoke", "_selected_action": [grant.pk]}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.history.first().history_change_reason == "revoke"
