"""The meetings' pages: the list, one meeting, its edit pages, and the « Open follow-ups » section of the
concertation's and the organisation's pages. A visitor may not edit, does not read private minutes, and
sees the citizen seats' attendance only as counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from arrimage.access.models import RoleKind
from arrimage.concertation.models import SeatType
from arrimage.core.versions import registry_changed
from arrimage.meetings import services
from arrimage.meetings.models import AttendanceStatus, Decision, FollowUp, Meeting
from arrimage.meetings.services import AgendaItemData, MeetingData
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 12)
MINUTES = "Le comité discute du budget confidentiel."


@pytest.fixture
def world() -> dict[str, Any]:
    coordinator = UserFactory.create()
    table = ConcertationFactory.create(name="Table publique de quartier", is_public=True)
    RoleGrantFactory.create(user=coordinator, role=RoleKind.COORDINATOR, concertation=table)
    organization = OrganizationFactory.create(name="Maison des familles")
    citizen = PersonFactory.create(given_name="Aurélie", family_name="Discrète", public_consent=False)
    org_seat = SeatFactory.create(concertation=table, label="Siège communautaire")
    citizen_seat = SeatFactory.create(concertation=table, label="Siège citoyen", seat_type=SeatType.CITIZEN)
    MembershipFactory.create(seat=org_seat, organization=organization, person=None)
    MembershipFactory.create(seat=citizen_seat, organization=None, person=citizen)
    meeting = services.meeting_create(
        data=MeetingData(
            concertation=table,
            starts_at=timezone.make_aware(dt.datetime(2024, 3, 12, 19)),
            title="Assemblée de printemps",
            place="Salle paroissiale",
            agenda=[AgendaItemData("Budget")],
        ),
        acting_user=coordinator,
    )
    item = meeting.agenda_items.get()
    services.agenda_item_minutes(meeting=meeting, minutes={item.pk: MINUTES}, acting_user=coordinator)
    services.attendance_record(
        meeting=meeting,
        entries={
            org_seat.pk: (AttendanceStatus.PRESENT, None),
            citizen_seat.pk: (AttendanceStatus.REPLACED, "Bernard Substitut"),
        },
        acting_user=coordinator,
    )
    decision = services.decision_create(meeting=meeting, text="Tenir une fête de quartier.", acting_user=coordinator)
    follow_up = services.follow_up_create(
        decision=decision,
        organization=organization,
        person=citizen,
        task="Réserver le parc",
        due_on=DAY + dt.timedelta(days=30),
        acting_user=coordinator,
    )
    return {
        "coordinator": coordinator,
        "table": table,
        "organization": organization,
        "meeting": meeting,
        "decision": decision,
        "follow_up": follow_up,
    }


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_visitor_sees_the_meeting_without_private_minutes_or_citizens(client: Any, world: dict[str, Any]) -> None:
    html = page(client, world["meeting"].get_absolute_url())
    assert "Assemblée de printemps" in html and "Salle paroissiale" in html and "Budget" in html
    assert MINUTES not in html
    assert "private to the concertation" in html or "réservé" in html or "privé" in html
    # The citizen seat is counted, never named.
    assert "Aurélie" not in html and "Discrète" not in html and "Bernard Substitut" not in html
    # The decisions and their follow-ups are part of the private minutes.
    assert "Tenir une fête de quartier." not in html and "Réserver le parc" not in html


def test_coordinator_reads_the_minutes_and_sees_who_came(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    html = page(client, world["meeting"].get_absolute_url())
    assert MINUTES in html
    assert "Discrète" in html and "Bernard Substitut" in html
    assert reverse("registry:meeting_edit", args=[world["meeting"].pk]) in html


def test_public_minutes_are_read_by_everyone(client: Any, world: dict[str, Any]) -> None:
    Meeting.objects.filter(pk=world["meeting"].pk).update(minutes_private=False)
    html = page(client, world["meeting"].get_absolute_url())
    assert MINUTES in html
    assert "Maison des familles" in html
    assert "Tenir une fête de quartier." in html and "Réserver le parc" in html


def test_a_visitor_may_not_edit(client: Any, world: dict[str, Any]) -> None:
    meeting, decision, follow_up = world["meeting"], world["decision"], world["follow_up"]
    urls = [
        reverse("registry:meeting_create", args=[world["table"].pk]),
        reverse("registry:meeting_edit", args=[meeting.pk]),
        reverse("registry:meeting_attendance", args=[meeting.pk]),
        reverse("registry:meeting_minutes_edit", args=[meeting.pk]),
        reverse("registry:decision_create", args=[meeting.pk]),
        reverse("registry:meeting_agenda_from_follow_ups", args=[meeting.pk]),
        reverse("registry:follow_up_create", args=[decision.pk]),
        reverse("registry:follow_up_done", args=[follow_up.pk]),
    ]
    for url in urls:
        assert client.post(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory.create())
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert FollowUp.objects.open().count() == 1
    assert Decision.objects.count() == 1


def test_private_concertation_meetings_do_not_exist_for_visitors(client: Any, world: dict[str, Any]) -> None:
    secret = ConcertationFactory.create(is_public=False)
    meeting = services.meeting_create(
        data=MeetingData(concertation=secret, starts_at=timezone.now()), acting_user=world["coordinator"]
    )
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("registry:meeting_list", args=[secret.pk])).status_code == 404


def test_the_list_shows_the_concertation_meetings(client: Any, world: dict[str, Any]) -> None:
    html = page(client, reverse("registry:meeting_list", args=[world["table"].pk]))
    assert "Assemblée de printemps" in html


def test_coordinator_creates_a_meeting(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:meeting_create", args=[world["table"].pk])
    response = client.post(
        url,
        {
            "title": "Assemblée d'automne",
            "day": "2024-10-01",
            "start_time": "19:00",
            "end_time": "21:00",
            "status": "planned",
            "minutes_private": "on",
            "agenda": "Accueil\nBilan — Ce qui a été fait",
            "documents": "Convocation https://exemple.org/convocation.pdf",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Assemblée d'automne")
    assert [(i.title, i.description) for i in meeting.agenda_items.all()] == [
        ("Accueil", ""),
        ("Bilan", "Ce qui a été fait"),
    ]
    assert meeting.attendances.count() == 2
    assert meeting.documents.get().url == "https://exemple.org/convocation.pdf"
    # Ending before the start is refused on the end time.
    response = client.post(url, {"day": "2024-10-02", "start_time": "19:00", "end_time": "18:00", "status": "planned"})
    assert response.status_code == 422
    assert response.context["form"].errors["end_time"]
    # A document line without a link is refused on the documents.
    response = client.post(
        url, {"day": "2024-10-02", "start_time": "19:00", "status": "planned", "documents": "Convocation sans lien"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["documents"]
    assert Meeting.objects.count() == 2


def test_counts_on_a_consensus_are_refused_on_the_field(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:decision_create", args=[world["meeting"].pk])
    response = client.post(url, {"text": "Adopter.", "method": "consensus", "votes_for": "2"})
    assert response.status_code == 422
    assert response.context["form"].errors["votes_for"]
    response = client.post(url, {"text": "Adopter.", "method": "vote", "votes_for": "2", "votes_against": "1"})
    assert response.status_code == 422  # two voting seats invited
    assert response.context["form"].errors["votes_for"]
    assert Decision.objects.count() == 1


def test_a_follow_up_due_before_the_meeting_is_refused_on_the_field(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    url = reverse("registry:follow_up_create", args=[world["decision"].pk])
    data = {
        "organization": f"Maison des familles [{world['organization'].pk}]",
        "task": "Écrire",
        "due_on": "2024-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["due_on"]
    assert client.post(url, {**data, "due_on": "2024-04-01"}).status_code == 302
    assert FollowUp.objects.count() == 2


def test_attendance_and_minutes_are_recorded(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    meeting = world["meeting"]
    rows = list(meeting.attendances.all())
    data = {f"seat_{row.seat_id}": "absent" for row in rows}
    assert client.post(reverse("registry:meeting_attendance", args=[meeting.pk]), data).status_code == 302
    assert set(meeting.attendances.values_list("status", flat=True)) == {"absent"}
    item = meeting.agenda_items.get()
    url = reverse("registry:meeting_minutes_edit", args=[meeting.pk])
    assert client.post(url, {f"item_{item.pk}": "Nouveau texte."}).status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Nouveau texte."


def test_open_follow_ups_on_the_concertation_and_organisation_pages(client: Any, world: dict[str, Any]) -> None:
    pages = (world["table"].get_absolute_url(), world["organization"].get_absolute_url())
    for url in pages:  # the meeting's minutes are private to the members: so are its follow-ups
        assert "Réserver le parc" not in page(client, url)
    Meeting.objects.filter(pk=world["meeting"].pk).update(minutes_private=False)
    registry_changed()  # a plain update: the pages kept in the cache must go
    for url in pages:
        html = page(client, url)
        assert "Réserver le parc" in html
        assert "Discrète" not in html  # the person did not consent
    client.force_login(world["coordinator"])
    done = reverse("registry:follow_up_done", args=[world["follow_up"].pk])
    assert done in page(client, world["table"].get_absolute_url())
    assert client.post(done, {"done_on": "2024-04-01", "version": "1"}).status_code == 302
    client.logout()
    assert "Réserver le parc" not in page(client, world["organization"].get_absolute_url())


def test_agenda_from_the_open_follow_ups(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    later = services.meeting_create(
        data=MeetingData(concertation=world["table"], starts_at=timezone.make_aware(dt.datetime(2024, 5, 1, 19))),
        acting_user=world["coordinator"],
    )
    url = reverse("registry:meeting_agenda_from_follow_ups", args=[later.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert later.agenda_items.get().follow_up == world["follow_up"]


def test_coordinator_edits_a_meeting_and_a_stale_edit_is_refused(client: Any, world: dict[str, Any]) -> None:
    client.force_login(world["coordinator"])
    meeting = world["meeting"]
    url = reverse("registry:meeting_edit", args=[meeting.pk])
    html = page(client, url)
    assert "Assemblée de printemps" in html and "Budget" in html
    data = {"version": "1", "title": "Assemblée renommée", "day": "2024-03-12", "start_time": "19:00"}
    data |= {"status": "held", "agenda": "Budget", "minutes_private": "on"}
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.version) == ("Assemblée renommée", "held", 2)
    assert meeting.agenda_items.get().minutes == MINUTES
    response = client.post(url, {**data, "title": "Autre"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
