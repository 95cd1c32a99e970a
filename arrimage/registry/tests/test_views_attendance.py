"""Attendance at meetings on the concertation's page and in the territory's « Concertation » tab: the
rates shown, citizen seats only as counts to visitors, and a number of queries that does not grow with the
data."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Level, SeatType
from arrimage.meetings.models import AttendanceStatus, MeetingStatus
from arrimage.meetings.tests.factories_attendance import attend, held_meeting
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PRESENT, ABSENT, REPLACED = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.REPLACED


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="participation-title".*?</section>', html, re.S)
    assert match
    return match.group(0)


def table_rows(html: str, table_id: str) -> list[str]:
    match = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, table_id
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    ]


def a_table(name: str = "Table des aînés") -> tuple[Concertation, dict[str, object]]:
    """A table with four held meetings: the seat of the Carrefour always there, that of the Maison des
    jeunes never, a citizen seat once; plus a meeting too old and a cancelled one, not counted."""
    concertation = ConcertationFactory.create(name=name)
    carrefour = OrganizationFactory.create(name="Carrefour familial")
    maison = OrganizationFactory.create(name="Maison des jeunes")
    seat_carrefour = SeatFactory.create(concertation=concertation, label="Siège famille")
    seat_maison = SeatFactory.create(concertation=concertation, label="Siège jeunesse")
    seat_citizen = SeatFactory.create(
        concertation=concertation, label="Siège citoyen Lucie", seat_type=SeatType.CITIZEN
    )
    citizen = PersonFactory.create(given_name="Lucie", family_name="Citoyenne")
    for number, days in enumerate((10, 40, 70, 100)):
        meeting = held_meeting(concertation, days_ago=days)
        attend(
            meeting,
            seat_carrefour,
            REPLACED if number == 0 else PRESENT,
            organization=carrefour,
            substitute_name="X" if number == 0 else "",
        )
        attend(meeting, seat_maison, ABSENT, organization=maison)
        attend(meeting, seat_citizen, PRESENT if number == 0 else ABSENT, person=citizen)
    attend(held_meeting(concertation, days_ago=400), seat_maison, PRESENT, organization=maison)
    attend(
        held_meeting(concertation, days_ago=5, status=MeetingStatus.CANCELLED),
        seat_maison,
        PRESENT,
        organization=maison,
    )
    return concertation, {"carrefour": carrefour, "maison": maison, "citizen": citizen}


class TestConcertationPage:
    def test_rates_per_seat_and_per_organisation(self, client):
        concertation, _ = a_table()
        html = section(html_of(client.get(concertation.get_absolute_url())))
        assert table_rows(html, "participation-seats-table") == [
            "Siège jeunesse Organisational 4 0 0 %",
            "Siège famille Organisational 4 4 100 %",
        ]
        assert table_rows(html, "participation-organizations-table") == [
            "Maison des jeunes 4 0 0 %",
            "Carrefour familial 4 4 100 %",
        ]
        assert re.search(r'id="participation-never">\s*<li>Siège jeunesse</li>', html)

    def test_a_visitor_sees_citizen_seats_only_as_counts(self, client):
        concertation, _ = a_table()
        html = section(html_of(client.get(concertation.get_absolute_url())))
        assert "Lucie" not in html and "Citoyenne" not in html
        figure = re.search(r'id="participation-citizens".*?</div>', html, re.S)
        assert figure
        citizens = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", figure.group(0)))
        assert "25 %" in citizens and "1 of 4 invitations, 1 citizen seat" in citizens
        assert "only as counts and rates" in html

    def test_who_may_see_the_members_sees_citizen_seats_one_by_one(self, client):
        concertation, _ = a_table()
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        html = section(html_of(client.get(concertation.get_absolute_url())))
        assert "Siège citoyen Lucie Citizen 4 1 25 %" in table_rows(html, "participation-seats-table")
        assert "only as counts and rates" not in html

    def test_without_meetings_says_so(self, client):
        concertation = ConcertationFactory.create()
        html = section(html_of(client.get(concertation.get_absolute_url())))
        assert "No meeting held over these twelve months has its attendance recorded." in html
        assert "<table" not in html

    def test_french_first(self, client):
        concertation, _ = a_table()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        html = html_of(client.get(concertation.get_absolute_url()))
        assert 'id="participation-seats-table"' in html and '<html lang="fr' in html

    def test_queries_do_not_grow_with_the_meetings(self, client, django_assert_max_num_queries):
        concertation, _ = a_table()
        with django_assert_max_num_queries(60) as small:
            html_of(client.get(concertation.get_absolute_url()))
        seats = [SeatFactory.create(concertation=concertation) for _ in range(6)]
        for days in range(1, 300, 30):
            meeting = held_meeting(concertation, days_ago=days)
            for seat in seats:
                attend(meeting, seat, PRESENT, organization=OrganizationFactory.create())
        with django_assert_max_num_queries(len(small.captured_queries)):
            html = section(html_of(client.get(concertation.get_absolute_url())))
        assert len(table_rows(html, "participation-seats-table")) == 8


def build(count: int, *, on: Territory) -> None:
    """`count` concertations of the territory, each with a seat held by a person (who consented) for an
    organisation, three held meetings that seat attended twice, and a citizen seat that attended each."""
    for number in range(count):
        concertation = ConcertationFactory.create(name=f"Table numéro {number}", level=Level.SUPRALOCAL)
        concertation.territories.add(on)
        organization = OrganizationFactory.create(name=f"Organisme numéro {number}")
        organization.territories_served.add(on)
        person = PersonFactory.create(public_consent=True, family_name=f"Personne{number}")
        seat = SeatFactory.create(concertation=concertation)
        MembershipFactory.create(seat=seat, person=person, organization=organization)
        citizen_seat = SeatFactory.create(concertation=concertation, seat_type=SeatType.CITIZEN)
        citizen = PersonFactory.create(public_consent=True, family_name=f"Citoyen{number}")
        MembershipFactory.create(seat=citizen_seat, person=citizen, organization=None)
        for days, status in ((20, PRESENT), (50, ABSENT), (80, PRESENT)):
            meeting = held_meeting(concertation, days_ago=days)
            attend(meeting, seat, status, organization=organization, person=person)
            attend(meeting, citizen_seat, PRESENT, person=citizen)


def tab(client) -> str:
    return html_of(client.get("/territoires/mrc:23/concertation/"))


class TestTerritoryTab:
    def test_meetings_attended_next_to_the_seats_held(self, client):
        build(1, on=Territory.objects.by_code("mrc:23").get())
        html = tab(client)
        assert "Meetings attended (12 months)" in html
        assert "Organisme numéro 0 1 1 2" in table_rows(html, "organizations-load-table")
        people = table_rows(html, "people-load-table")
        assert "Alex Personne0 1 1 2" in people
        assert "Alex Citoyen0 1 1 0" in people  # citizen seats left out of the meetings counted

    def test_queries_do_not_grow_with_the_data(self, client, django_assert_max_num_queries):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(2, on=mrc)
        with django_assert_max_num_queries(45) as small:
            tab(client)
        build(10, on=mrc)
        with django_assert_max_num_queries(len(small.captured_queries)):
            html = tab(client)
        assert len(table_rows(html, "organizations-load-table")) == 12

    def test_meetings_of_a_private_body_count_only_for_who_may_see_it(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(1, on=mrc)
        organization = Organization.objects.get(name="Organisme numéro 0")
        private = ConcertationFactory.create(name="Comité restreint", is_public=False)
        private.territories.add(mrc)
        seat = SeatFactory.create(concertation=private)
        MembershipFactory.create(seat=seat, person=PersonFactory.create(), organization=organization)
        attend(held_meeting(private, days_ago=15), seat, PRESENT, organization=organization)
        assert "Organisme numéro 0 1 1 2" in table_rows(tab(client), "organizations-load-table")
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        assert "Organisme numéro 0 2 2 3" in table_rows(tab(client), "organizations-load-table")


def attendance_section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="attendance-title".*?</section>', html, re.S)
    assert match
    return match.group(0)


def figures_text(html: str) -> str:
    match = re.search(r'<dl class="figure-grid" id="attendance-figures">.*?</dl>', html, re.S)
    assert match
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def downloaded(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


class TestTerritoryAttendance:
    def test_attendance_per_body_and_the_figures(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(2, on=mrc)
        absent = ConcertationFactory.create(name="Comité qui ne vient pas")
        absent.territories.add(mrc)
        seat = SeatFactory.create(concertation=absent)
        maison = OrganizationFactory.create(name="Maison des jeunes")
        for days in (10, 40, 70):
            attend(held_meeting(absent, days_ago=days), seat, ABSENT, organization=maison)
        html = attendance_section(tab(client))
        assert table_rows(html, "attendance-bodies-table") == [
            "Comité qui ne vient pas 3 3 0 % 1 —",
            "Table numéro 0 3 3 67 % 0 100 %",
            "Table numéro 1 3 3 67 % 0 100 %",
        ]
        figures = figures_text(html)
        assert "Meetings 9" in figures
        assert "4 of 9 invitations" in figures and "44 %" in figures
        assert "Seats that never attended 1 invited to at least 3 meetings" in figures
        assert "6 of 6 invitations, 2 citizen seats" in figures
        assert table_rows(html, "attendance-organizations-table") == [
            "Maison des jeunes 3 0 0 %",
            "Organisme numéro 0 3 2 67 %",
            "Organisme numéro 1 3 2 67 %",
        ]

    def test_citizen_seats_are_never_listed_even_to_an_administrator(self, client):
        build(1, on=Territory.objects.by_code("mrc:23").get())
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        html = attendance_section(tab(client))
        assert "Citoyen0" not in html
        assert "only as counts and rates" in html

    def test_a_private_body_counts_only_for_who_may_see_it(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(1, on=mrc)
        private = ConcertationFactory.create(name="Comité restreint", is_public=False)
        private.territories.add(mrc)
        seat = SeatFactory.create(concertation=private)
        attend(held_meeting(private, days_ago=15), seat, PRESENT, organization=OrganizationFactory.create())
        html = attendance_section(tab(client))
        assert "Comité restreint" not in html and "Meetings 3" in figures_text(html)
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        html = attendance_section(tab(client))
        assert "Comité restreint 1 1 100 % 0 —" in table_rows(html, "attendance-bodies-table")
        assert "Meetings 4" in figures_text(html)

    def test_without_meetings_says_so(self, client):
        html = attendance_section(tab(client))
        assert "No meeting held over these twelve months has its attendance recorded." in html
        assert "<table" not in html

    def test_the_downloads_hold_every_body_and_organisation(self, client):
        mrc = Territory.objects.by_code("mrc:23").get()
        build(2, on=mrc)
        html = attendance_section(tab(client))
        link = re.search(r'href="([^"]*participation-instances\.csv[^"]*)"', html)
        assert link
        lines = downloaded(client, link.group(1)).splitlines()
        assert lines[0].startswith("Concertation;Meetings;Invitations;Attendances;Attendance rate;")
        assert sorted(line.split(";")[:6] for line in lines[1:]) == [
            ["Table numéro 0", "3", "3", "2", "0.6667", "0"],
            ["Table numéro 1", "3", "3", "2", "0.6667", "0"],
        ]
        organizations = downloaded(client, link.group(1).replace("participation-instances", "participation-organismes"))
        rows = organizations.splitlines()
        assert len(rows) == 3 and rows[1].startswith("Organisme numéro")
        assert "Citoyen" not in organizations

    def test_the_solicitation_downloads_carry_the_meetings_attended(self, client):
        build(2, on=Territory.objects.by_code("mrc:23").get())
        organizations = downloaded(client, "/territoires/mrc:23/concertation/donnees/sollicitation-organismes.csv")
        header, *rows = organizations.splitlines()
        assert header.split(";")[:4] == [
            "Organisation",
            "Seats",
            "Concertation bodies",
            "Meetings attended (12 months)",
        ]
        assert sorted(row.split(";")[:4] for row in rows) == [
            ["Organisme numéro 0", "1", "1", "2"],
            ["Organisme numéro 1", "1", "1", "2"],
        ]
        people = downloaded(client, "/territoires/mrc:23/concertation/donnees/sollicitation-personnes.csv")
        header, *rows = people.splitlines()
        assert header.split(";")[-1] == "Meetings attended (12 months)"
        by_name = {row.split(";")[0]: row.split(";")[-1] for row in rows}
        assert by_name["Alex Personne0"] == "2"
        assert by_name["Alex Citoyen0"] == "0"  # citizen seats left out, as on the page
