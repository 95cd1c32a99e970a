"""The printable minutes of a meeting (page and PDF) and the iCalendar feed of a concertation's meetings:
who reads them, what they show and hide, and their number of queries."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import zoneinfo
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access.models import RoleKind
from arrimage.concertation.models import SeatType
from arrimage.core.tests.test_ical import events_of, unescaped, unfolded
from arrimage.meetings.models import AttendanceStatus, DecisionMethod, MeetingStatus
from arrimage.meetings.tests.factories_minutes import (
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    FollowUpFactory,
    MeetingFactory,
)
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

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")
MINUTES_TEXT = "Le comité a présenté le bilan des activités estivales."


def pdf_text(content: bytes) -> str:
    """The text of a PDF, laid out as on the page (`pdftotext -layout`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "minutes.pdf"
        path.write_bytes(content)
        result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(result.stdout.split())


@pytest.fixture
def table():
    """A public table with a meeting whose minutes are private to its members: seats held by a person who
    did not consent, a consenting one, a replaced seat, two citizen seats; a vote with its follow-up."""
    concertation = ConcertationFactory.create(name="Table de quartier Saint-Roch", acronym="TQSR", is_public=True)
    organization = OrganizationFactory.create(name="Carrefour familial")
    hidden = PersonFactory.create(given_name="Gaston", family_name="Discret", public_consent=False)
    shown = PersonFactory.create(given_name="Dominique", family_name="Publique", public_consent=True)
    citizen = PersonFactory.create(given_name="Céline", family_name="Citoyenne", public_consent=False)
    meeting = MeetingFactory.create(
        concertation=concertation,
        title="Rencontre d'automne",
        starts_at=dt.datetime(2026, 12, 3, 13, 30, tzinfo=MONTREAL),
        ends_at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=MONTREAL),
        place="Salle Jean-Paul-Lemieux",
        minutes_private=True,
    )
    seats = {
        "hidden": SeatFactory.create(concertation=concertation, label="Siège famille"),
        "shown": SeatFactory.create(concertation=concertation, label="Siège santé"),
        "replaced": SeatFactory.create(concertation=concertation, label="Siège logement"),
        "citizen": SeatFactory.create(concertation=concertation, label="Siège citoyen 1", seat_type=SeatType.CITIZEN),
        "citizen2": SeatFactory.create(concertation=concertation, label="Siège citoyen 2", seat_type=SeatType.CITIZEN),
    }
    AttendanceFactory.create(meeting=meeting, seat=seats["hidden"], person=hidden, organization=organization)
    AttendanceFactory.create(
        meeting=meeting, seat=seats["shown"], person=shown, organization=organization, status=AttendanceStatus.EXCUSED
    )
    AttendanceFactory.create(
        meeting=meeting, seat=seats["replaced"], status=AttendanceStatus.REPLACED, substitute_name="Yvon Remplaçant"
    )
    AttendanceFactory.create(meeting=meeting, seat=seats["citizen"], person=citizen)
    AttendanceFactory.create(meeting=meeting, seat=seats["citizen2"], status=AttendanceStatus.ABSENT)
    item = AgendaItemFactory.create(meeting=meeting, order=1, title="Bilan de l'été", minutes=MINUTES_TEXT)
    AgendaItemFactory.create(meeting=meeting, order=2, title="Budget 2027", minutes="")
    decision = DecisionFactory.create(
        meeting=meeting,
        agenda_item=item,
        text="Adopter le budget révisé de l'année.",
        method=DecisionMethod.VOTE,
        votes_for=7,
        votes_against=2,
        abstentions=1,
    )
    FollowUpFactory.create(
        decision=decision,
        organization=organization,
        person=hidden,
        task="Transmettre le budget au bailleur de fonds.",
        due_on=dt.date(2027, 1, 15),
    )
    coordinator = UserFactory.create()
    RoleGrantFactory.create(user=coordinator, role=RoleKind.COORDINATOR, concertation=concertation)
    member = UserFactory.create()
    MembershipFactory.create(
        seat=SeatFactory.create(concertation=concertation), person=PersonFactory.create(user=member)
    )
    return {"concertation": concertation, "meeting": meeting, "coordinator": coordinator, "member": member}


def _minutes_url(meeting, pdf: bool = False) -> str:
    return reverse("registry:meeting_minutes_pdf" if pdf else "registry:meeting_minutes", args=[meeting.pk])


# Permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("pdf", [False, True])
def test_private_minutes_are_refused_to_a_visitor_and_to_a_non_member(client, table, pdf):
    url = _minutes_url(table["meeting"], pdf)
    for user in (None, UserFactory.create()):
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        body = response.content.decode()
        assert _("These minutes are private") in body
        assert MINUTES_TEXT not in body and "Adopter le budget" not in body


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_private_minutes_are_read_by_the_coordinator_and_the_members(client, table, role):
    client.force_login(table[role])
    response = client.get(_minutes_url(table["meeting"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert MINUTES_TEXT in body and "Adopter le budget révisé" in body
    # Those who see the concertation's private information read every name.
    assert "Gaston Discret" in body and "Yvon Remplaçant" in body and "Céline Citoyenne" in body
    assert "Siège citoyen 1" in body


def test_the_minutes_of_a_concertation_one_may_not_see_do_not_exist(client, table):
    concertation = table["concertation"]
    concertation.is_public = False
    concertation.save()
    assert client.get(_minutes_url(table["meeting"])).status_code == 404
    client.force_login(UserFactory.create())
    assert client.get(_minutes_url(table["meeting"], pdf=True)).status_code == 404
    assert client.get(_minutes_url(table["meeting"])).status_code == 404


def test_public_minutes_name_only_who_consented_and_count_the_citizens(client, table):
    meeting = table["meeting"]
    meeting.minutes_private = False
    meeting.save()
    response = client.get(_minutes_url(meeting))
    assert response.status_code == 200
    body = response.content.decode()
    assert MINUTES_TEXT in body
    assert "Dominique Publique" in body  # consented
    assert "Gaston Discret" not in body and "Yvon Remplaçant" not in body and "Céline Citoyenne" not in body
    assert "Siège citoyen 1" not in body  # citizen seats are counted, not listed
    assert _("Citizens are not named in these minutes.") in body
    assert "Carrefour familial" in body  # organisations are public


# Content -------------------------------------------------------------------------------------------


def test_the_page_shows_heading_attendance_agenda_decisions_and_follow_ups(client, table):
    client.force_login(table["coordinator"])
    body = client.get(_minutes_url(table["meeting"])).content.decode()
    assert "Table de quartier Saint-Roch" in body and "Salle Jean-Paul-Lemieux" in body
    assert "3 décembre 2026" in body and "13:30" in body.replace("13 h 30", "13:30")
    assert "Bilan de l&#x27;été" in body and "Budget 2027" in body
    assert "Transmettre le budget au bailleur de fonds." in body and "15 janvier 2027" in body
    assert 'href="/static/css/minutes.css"' in body or "minutes.css" in body


def test_the_pdf_holds_the_french_minutes_the_vote_and_its_counts(client, table):
    client.force_login(table["coordinator"])
    response = client.get(_minutes_url(table["meeting"], pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "proces-verbal-tqsr-2026-12-03.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Table de quartier Saint-Roch" in text
    assert "3 décembre 2026" in text
    assert "Adopter le budget révisé de l'année." in text
    assert "7" in text and "2" in text and "1" in text
    votes = _("Taken by vote: %(votes_for)s for, %(against)s against, %(abstentions)s abstaining.") % {
        "votes_for": 7,
        "against": 2,
        "abstentions": 1,
    }
    assert " ".join(votes.split()) in text
    # The follow-up's cells wrap their text over lines, laid out side by side.
    assert "Transmettre le budget" in text and "15 janvier" in text and "Carrefour familial" in text
    assert MINUTES_TEXT in text and "Gaston Discret" in text


def test_a_failure_of_weasyprint_gives_the_french_error_page(client, table, monkeypatch):
    from arrimage.core import pdf

    def broken(html: str) -> bytes:
        raise RuntimeError("cairo exploded")

    monkeypatch.setattr(pdf, "pdf_bytes", broken)
    client.force_login(table["coordinator"])
    response = client.get(_minutes_url(table["meeting"], pdf=True))
    assert response.status_code == 500
    assert "cairo exploded" not in response.content.decode()


# Queries -------------------------------------------------------------------------------------------


def _meeting_with(size: int, coordinator_of: list) -> tuple:
    concertation = ConcertationFactory.create(is_public=True)
    meeting = MeetingFactory.create(concertation=concertation, minutes_private=True)
    meeting.joint_with.add(ConcertationFactory.create())
    organization = OrganizationFactory.create()
    for n in range(size):
        seat_type = SeatType.CITIZEN if n % 3 == 0 else SeatType.ORGANISATIONAL
        seat = SeatFactory.create(concertation=concertation, seat_type=seat_type)
        AttendanceFactory.create(
            meeting=meeting, seat=seat, person=PersonFactory.create(), organization=organization, status="present"
        )
        item = AgendaItemFactory.create(meeting=meeting)
        decision = DecisionFactory.create(meeting=meeting, agenda_item=item)
        FollowUpFactory.create(decision=decision, organization=organization, person=PersonFactory.create())
    coordinator_of.append(concertation)
    return meeting, concertation


def test_kept_minutes_cost_one_query_and_follow_a_change_of_privacy_at_once(client, table):
    """The policy's answer is kept with the page: a visitor's next request reads only the data version, and
    minutes made private are refused at once."""
    meeting = table["meeting"]
    meeting.minutes_private = False
    meeting.save()
    url = _minutes_url(meeting)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200 and MINUTES_TEXT in again.content.decode()
    assert len(queries) == 1, [query["sql"] for query in queries]
    meeting.minutes_private = True
    meeting.save()
    assert client.get(url).status_code == 403
    assert client.get(_minutes_url(meeting, pdf=True)).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "anonymous"])
def test_the_page_runs_as_many_queries_with_two_or_twenty_items(client, role):
    concertations: list = []
    small, _small_table = _meeting_with(2, concertations)
    large, _large_table = _meeting_with(20, concertations)
    if role == "coordinator":
        user = UserFactory.create()
        for concertation in concertations:
            RoleGrantFactory.create(user=user, role=RoleKind.COORDINATOR, concertation=concertation)
        client.force_login(user)
    else:
        for meeting in (small, large):
            meeting.minutes_private = False
            meeting.save()
    counts = []
    for meeting in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_minutes_url(meeting)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# The iCalendar feed --------------------------------------------------------------------------------


def _feed(client, concertation):
    return client.get(reverse("registry:concertation_meetings_ical", args=[concertation.pk]))


def test_the_feed_reads_back_with_times_places_status_and_agenda(client, table):
    concertation, meeting = table["concertation"], table["meeting"]
    now = timezone.now()
    joined = MeetingFactory.create(title="Forum régional, volet 2; partenaires", starts_at=now + dt.timedelta(days=40))
    joined.joint_with.add(concertation)
    cancelled = MeetingFactory.create(
        concertation=concertation, starts_at=now - dt.timedelta(days=30), status=MeetingStatus.CANCELLED, title=""
    )
    MeetingFactory.create(concertation=concertation, starts_at=now - dt.timedelta(days=400), title="Trop ancienne")
    MeetingFactory.create(title="D'une autre table")
    response = _feed(client, concertation)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfolded(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events = {event["UID"]: event for event in events_of(text)}
    host = "testserver"
    assert set(events) == {f"meeting-{m.pk}@{host}" for m in (meeting, joined, cancelled)}
    read = events[f"meeting-{meeting.pk}@{host}"]
    assert read["DTSTART"] == "20261203T183000Z" and read["DTEND"] == "20261203T210000Z"
    assert unescaped(read["LOCATION"]) == "Salle Jean-Paul-Lemieux"
    assert unescaped(read["SUMMARY"]) == "Rencontre d'automne"
    assert read["STATUS"] == "CONFIRMED"
    description = unescaped(read["DESCRIPTION"])
    assert "1. Bilan de l'été" in description and "2. Budget 2027" in description
    assert unescaped(events[f"meeting-{joined.pk}@{host}"]["SUMMARY"]) == joined.title
    assert events[f"meeting-{cancelled.pk}@{host}"]["STATUS"] == "CANCELLED"
    assert concertation.name in unescaped(events[f"meeting-{cancelled.pk}@{host}"]["SUMMARY"])


def test_the_feed_names_no_one_and_holds_no_minutes(client, table):
    client.force_login(table["coordinator"])  # even for those who may read everything
    text = unescaped("".join(unfolded(_feed(client, table["concertation"]).content.decode())))
    for private in (
        "Gaston",
        "Discret",
        "Dominique",
        "Céline",
        "Yvon",
        MINUTES_TEXT,
        "Adopter le budget",
        "Transmettre",
    ):
        assert private not in text


def test_the_feed_of_a_private_concertation_does_not_exist_for_others(client, table):
    concertation = table["concertation"]
    concertation.is_public = False
    concertation.save()
    assert _feed(client, concertation).status_code == 404
    client.force_login(UserFactory.create())
    assert _feed(client, concertation).status_code == 404
    client.force_login(table["member"])
    assert _feed(client, concertation).status_code == 200


def test_the_meeting_page_and_the_list_link_to_the_minutes_and_the_feed(client, table):
    meeting, concertation = table["meeting"], table["concertation"]
    client.force_login(table["member"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert _minutes_url(meeting) in page and _minutes_url(meeting, pdf=True) in page
    listing = client.get(reverse("registry:meeting_list", args=[concertation.pk])).content.decode()
    assert reverse("registry:concertation_meetings_ical", args=[concertation.pk]) in listing
    feed = _feed(client, concertation).content.decode()
    assert f"URL:http://testserver{meeting.get_absolute_url()}" in feed.replace("\r\n ", "")
