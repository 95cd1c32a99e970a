"""Tables for spreadsheets: CSV for Excel in French, XLSX, formula neutralisation, the seats' privacy."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from arrimage.concertation.models import SeatType
from arrimage.interchange import exporting
from arrimage.interchange.exporting import Table
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, SeatFactory

DANGEROUS = ['=HYPERLINK("http://example.com","x")', "+1", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn"]


def read_csv(chunks) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


class TestNeutralised:
    @pytest.mark.parametrize("value", DANGEROUS)
    def test_formula_starts_get_an_apostrophe(self, value):
        assert exporting.neutralised(value) == "'" + value

    @pytest.mark.parametrize("value", ["Table de Beauport", "", "1+1", None, 12, -3])
    def test_other_values_unchanged(self, value):
        assert exporting.neutralised(value) == value


class TestCsv:
    def test_bom_semicolons_and_quoting(self):
        table = Table("T", ["Nom", "Nombre"], [("Café; « Beauport »", 3), ('Dit "oui"', None)])
        rows = read_csv(exporting.csv_chunks(table))
        assert rows == [["Nom", "Nombre"], ["Café; « Beauport »", "3"], ['Dit "oui"', ""]]

    def test_formulas_neutralised(self):
        table = Table("T", ["=Header"], [(value,) for value in DANGEROUS])
        rows = read_csv(exporting.csv_chunks(table))
        assert rows[0] == ["'=Header"]
        assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]

    def test_header_in_the_language_asked(self):
        rows = read_csv(exporting.csv_chunks(Table("T", exporting.SEAT_HEADERS, []), language="en"))
        assert rows[0][0] == "Seat"
        rows = read_csv(exporting.csv_chunks(Table("T", exporting.SEAT_HEADERS, []), language="fr"))
        assert rows[0][0] == "Siège"


class TestXlsx:
    def test_text_cells_never_formulas(self):
        table = Table("Sièges: [a/b]", ["Nom", "Nombre"], [(value, 1) for value in DANGEROUS])
        workbook = load_workbook(exporting.xlsx_file(table))
        sheet = workbook.worksheets[0]
        assert sheet.title == "Sièges   a b"
        rows = list(sheet.iter_rows())
        assert [c.value for c in rows[0]] == ["Nom", "Nombre"]
        for row, value in zip(rows[1:], DANGEROUS, strict=True):
            assert row[0].value == value.replace("\r", "\n")  # XML reads a lone CR as a line feed
            assert row[0].data_type == "s"
            assert row[1].value == 1

    def test_many_rows_from_a_generator(self):
        rows = ((f"Organisme {n}", n) for n in range(12_000))
        workbook = load_workbook(exporting.xlsx_file(Table("T", ["Nom", "N"], rows)), read_only=True)
        assert len(list(workbook.worksheets[0].iter_rows(values_only=True))) == 12_001


@pytest.mark.django_db
class TestSeatTable:
    def test_names_only_those_who_may_be_named(self):
        hidden = PersonFactory.create(given_name="Secret", family_name="Caché", public_consent=False)
        named = PersonFactory.create(given_name="Public", family_name="Nommée", public_consent=True)
        citizen = PersonFactory.create(given_name="Citoyen", family_name="Discret", public_consent=False)
        organization = OrganizationFactory.create(name="CDC de Beauport")
        seat = SeatFactory.create(label="Siège communautaire")
        MembershipFactory.create(seat=seat, person=hidden, organization=organization)
        other = SeatFactory.create(concertation=seat.concertation, label="Siège public", order=1)
        MembershipFactory.create(seat=other, person=named, organization=organization)
        citizen_seat = SeatFactory.create(
            concertation=seat.concertation, label="Siège citoyen", order=2, seat_type=SeatType.CITIZEN
        )
        MembershipFactory.create(seat=citizen_seat, person=citizen, organization=None)
        SeatFactory.create(concertation=seat.concertation, label="Siège vide", order=3, created_on=dt.date(2021, 1, 1))

        table = exporting.seat_table(seat.concertation, on=dt.date(2024, 1, 1), private_view=False)
        rows = read_csv(exporting.csv_chunks(table, language="en"))
        text = repr(rows)
        assert "Secret" not in text and "Caché" not in text and "Discret" not in text
        assert "@example.org" not in text
        by_seat = {row[0]: row for row in rows[1:]}
        assert by_seat["Siège communautaire"][4:6] == ["Person (identity protected)", "CDC de Beauport"]
        assert by_seat["Siège public"][4:6] == ["Public Nommée", "CDC de Beauport"]
        assert by_seat["Siège citoyen"][4:6] == ["Citizen seat (held)", ""]
        assert by_seat["Siège vide"][4:] == ["", "", "", "", "2021-01-01"]

        private = exporting.seat_table(seat.concertation, on=dt.date(2024, 1, 1), private_view=True)
        rows = read_csv(exporting.csv_chunks(private, language="en"))
        assert "Secret Caché" in repr(rows)
        assert "@example.org" not in repr(rows)
