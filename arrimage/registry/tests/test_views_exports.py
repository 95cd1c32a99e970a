"""Exports of the registry's lists and of a concertation's seats: the page's rows with its filters, in
CSV and XLSX, formulas neutralised, personal information protected, queries that do not grow with rows."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from arrimage.actors.models import Sector
from arrimage.concertation.models import ConcertationKind, SeatType
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

SECRET = "Zorglub-Confidentiel"


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]


def page_names(response, table_id: str) -> list[str]:
    html = response.content.decode()
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return [re.sub(r"\s+", " ", name).strip() for name in re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a>', table)]


class TestConcertationExport:
    def test_csv_rows_are_the_filtered_page_rows(self, client):
        for n in range(4):
            ConcertationFactory.create(name=f"Table Beauport {n}", kind=ConcertationKind.TABLE)
        ConcertationFactory.create(name="Comité Beauport", kind=ConcertationKind.COMMITTEE)
        ConcertationFactory.create(name="Table Limoilou", kind=ConcertationKind.TABLE)
        query = "?q=beauport&type=table"
        page = client.get(f"/concertations/{query}")
        rows = csv_rows(client.get(f"/concertations/export.csv{query}"))
        assert rows[0][:4] == ["Name", "Acronym", "Kind", "Level"]
        assert [row[0] for row in rows[1:]] == page_names(page, "concertations-table")
        assert len(rows) == 5
        assert rows[1][2] == "Table de concertation"
        assert rows[1][-1].startswith("http://testserver/concertations/")

    def test_xlsx_rows_equal_the_csv_rows(self, client):
        concertation = ConcertationFactory.create(name="Table de Beauport", acronym="TDB")
        concertation.themes.add(theme("securite-alimentaire"))
        SeatFactory.create(concertation=concertation)
        csv_data = csv_rows(client.get("/concertations/export.csv"))
        xlsx_data = xlsx_rows(client.get("/concertations/export.xlsx"))
        normalized = [["" if v is None else str(v) for v in row] for row in xlsx_data]
        assert normalized == csv_data
        assert csv_data[1][1] == "TDB" and csv_data[1][7] == "1"

    def test_header_in_french_by_default(self, client):
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        rows = csv_rows(client.get("/concertations/export.csv"))
        assert rows[0][0] == "Nom"

    def test_private_concertations_left_out_for_visitors(self, client):
        ConcertationFactory.create(name="Table publique")
        ConcertationFactory.create(name=f"Table {SECRET}", is_public=False)
        rows = csv_rows(client.get("/concertations/export.csv"))
        assert SECRET not in repr(rows)
        admin = UserFactory.create(is_superuser=True, is_staff=True)
        client.force_login(admin)
        rows = csv_rows(client.get("/concertations/export.csv"))
        assert SECRET in repr(rows)

    def test_wrong_filters_go_back_to_the_list(self, client):
        response = client.get("/concertations/export.csv?type=nope")
        assert response.status_code == 302
        assert response["Location"] == "/concertations/?type=nope"

    def test_unknown_format_is_not_found(self, client):
        assert client.get("/concertations/export.pdf").status_code == 404

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_queries_do_not_grow_with_rows(self, client, fmt):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/concertations/export.{fmt}")
                b"".join(response.streaming_content)
            return len(queries)

        for _n in range(3):
            concertation = ConcertationFactory.create(coordinating_organization=OrganizationFactory.create())
            concertation.themes.add(theme("securite-alimentaire"))
        small = count()
        for _n in range(30):
            concertation = ConcertationFactory.create(coordinating_organization=OrganizationFactory.create())
            concertation.themes.add(theme("securite-alimentaire"))
            SeatFactory.create(concertation=concertation)
        assert count() == small


class TestOrganizationExport:
    def test_rows_are_the_filtered_page_rows(self, client):
        for n in range(3):
            OrganizationFactory.create(name=f"Organisme de santé {n}", sector=Sector.HEALTH)
        OrganizationFactory.create(name="Organisme communautaire", sector=Sector.COMMUNITY)
        query = "?secteur=health"
        page = client.get(f"/organismes/{query}")
        rows = xlsx_rows(client.get(f"/organismes/export.xlsx{query}"))
        assert rows[0][:3] == ["Name", "Acronym", "Sector"]
        assert [str(row[0]) for row in rows[1:]] == page_names(page, "organizations-table")
        assert len(rows) == 4

    def test_formulas_are_neutralised(self, client):
        names = ['=HYPERLINK("http://evil.example","Cliquez")', "+1 Organisme", "@SUM(A1:A9)", "-Organisme"]
        for name in names:
            OrganizationFactory.create(name=name)
        rows = csv_rows(client.get("/organismes/export.csv"))
        exported = {row[0] for row in rows[1:]}
        assert exported == {"'" + name for name in names}
        workbook_rows = xlsx_rows(client.get("/organismes/export.xlsx"))
        assert {row[0] for row in workbook_rows[1:]} == set(names)
        response = client.get("/organismes/export.xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert all(row[0].data_type == "s" for row in list(workbook.worksheets[0].iter_rows())[1:])

    def test_queries_do_not_grow_with_rows(self, client):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                b"".join(client.get("/organismes/export.csv").streaming_content)
            return len(queries)

        for _n in range(2):
            PositionFactory.create()
        small = count()
        for _n in range(25):
            PositionFactory.create()
        assert count() == small


class TestSeatsExport:
    @pytest.fixture
    def concertation(self):
        concertation = ConcertationFactory.create(name="Table de Beauport")
        organization = OrganizationFactory.create(name="CDC de Beauport")
        hidden = PersonFactory.create(given_name=SECRET, family_name="Caché", email="cache@example.org")
        named = PersonFactory.create(
            given_name="Publique", family_name="Nommée", public_consent=True, email="nommee@example.org", phone="418"
        )
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation, order=1),
            person=hidden,
            organization=organization,
            notes=f"Note {SECRET}",
        )
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation, order=2), person=named, organization=organization
        )
        citizen = PersonFactory.create(given_name=f"{SECRET}2", family_name="Citoyen")
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation, order=3, seat_type=SeatType.CITIZEN),
            person=citizen,
            organization=None,
        )
        return concertation

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_visitors_never_see_a_protected_name_nor_an_email(self, client, concertation, fmt):
        response = client.get(f"/concertations/{concertation.pk}/sieges.{fmt}")
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        text = repr(rows)
        assert SECRET not in text and "@example.org" not in text and "418" not in text
        assert "Publique Nommée" in text
        assert "Person (identity protected)" in text and "Citizen seat (held)" in text
        assert len(rows) == 4

    def test_editors_see_names_never_contact_details(self, client, concertation):
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        text = repr(csv_rows(client.get(f"/concertations/{concertation.pk}/sieges.csv")))
        assert f"{SECRET} Caché" in text
        assert "@example.org" not in text and "Note" not in text

    def test_as_of_date(self, client, concertation):
        rows = csv_rows(client.get(f"/concertations/{concertation.pk}/sieges.csv?date=2019-06-01"))
        assert all(row[4] == "" for row in rows[1:])  # nobody held a seat before 2020

    def test_private_concertation_is_not_found(self, client):
        concertation = ConcertationFactory.create(is_public=False)
        assert client.get(f"/concertations/{concertation.pk}/sieges.csv").status_code == 404

    def test_links_on_the_pages(self, client, concertation):
        html = client.get(concertation.get_absolute_url()).content.decode()
        assert f"/concertations/{concertation.pk}/sieges.csv" in html
        assert f"/concertations/{concertation.pk}/sieges.xlsx" in html
        html = client.get("/concertations/?q=beauport").content.decode()
        assert "/concertations/export.csv?q=beauport" in html
        assert "/concertations/export.xlsx?q=beauport" in html
        html = client.get("/organismes/?q=beauport").content.decode()
        assert "/organismes/export.xlsx?q=beauport" in html
