"""The figures of the « Concertation » page as CSV and XLSX files and its charts as SVG images: every file
answers, the two formats hold the same rows, the rows are the page's, private bodies and protected people
stay out, and the number of queries does not grow with the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from arrimage.analysis.results import territory_results
from arrimage.concertation.models import Level, SeatType
from arrimage.registry import charts
from arrimage.registry.views.analysis_exports import FIGURES
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROTECTED = "Personne (identité protégée)"
SECRET = "Comité restreint Zq7-confidentiel"
HIDDEN_PERSON = "Marqueur-Xq9-Discret"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def figure_url(public_id: str, figure: str, fmt: str, query: str = "") -> str:
    return f"/territoires/{public_id}/concertation/donnees/{figure}.{fmt}{query}"


def chart_url(public_id: str, chart: str, query: str = "") -> str:
    return f"/territoires/{public_id}/concertation/graphiques/{chart}.svg{query}"


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


def same(value: Any) -> Any:
    """A cell of either format, so that they compare: numbers as numbers (a CSV has « 1.0 » where the
    workbook reads back 1), texts as texts, an empty cell as ""."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value)
    return as_text(value)


def cells(row: list[Any]) -> list[Any]:
    """A row's cells as `same` gives them, without the empty cells at its end (a workbook does not keep
    them)."""
    values = [same(cell) for cell in row]
    while values and values[-1] == "":
        values.pop()
    return values


def download(client: Any, public_id: str, figure: str, fmt: str, query: str = "") -> list[list[Any]]:
    response = client.get(figure_url(public_id, figure, fmt, query))
    assert response.status_code == 200, (figure, fmt)
    data = content(response)
    return csv_rows(data) if fmt == "csv" else xlsx_rows(data)


def every_text(client: Any, public_id: str) -> str:
    """Every cell of every figure in both formats, and every chart, as one text."""
    texts: list[str] = []
    for figure in FIGURES:
        for fmt in ("csv", "xlsx"):
            texts.extend(as_text(cell) for row in download(client, public_id, figure, fmt) for cell in row)
    for chart in charts.CHARTS:
        texts.append(client.get(chart_url(public_id, chart)).content.decode())
    return "\n".join(texts)


def build(count: int, *, on: Territory) -> None:
    """`count` concertations of the territory with seats held by people who consented or not, citizen seats
    and an organisation sitting on all of them."""
    shared = OrganizationFactory.create(name="Organisme partagé")
    for number in range(count):
        concertation = ConcertationFactory.create(name=f"Table numéro {number}", level=Level.SUPRALOCAL)
        concertation.territories.add(on)
        concertation.themes.add(theme("logement"), theme("securite-alimentaire"))
        organization = OrganizationFactory.create()
        organization.territories_served.add(on)
        seat = SeatFactory.create(concertation=concertation)
        MembershipFactory.create(seat=seat, person=PersonFactory.create(public_consent=True), organization=organization)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), organization=shared)
        MembershipFactory.create(
            seat=SeatFactory.create(concertation=concertation), person=PersonFactory.create(public_consent=False)
        )
        SeatFactory.create(concertation=concertation, seat_type=SeatType.CITIZEN, created_on=dt.date(2020, 1, 1))


@pytest.fixture
def mrc(db) -> Territory:
    return Territory.objects.by_code("mrc:23").get()


class TestOnTheDemonstrationData:
    def test_every_figure_answers_in_both_formats_with_the_same_rows(self, client, demo):
        today = timezone.localdate().isoformat()
        for figure in FIGURES:
            found = {}
            for fmt, kind in (("csv", "text/csv; charset=utf-8"), ("xlsx", XLSX_TYPE)):
                response = client.get(figure_url("mrc:31", figure, fmt))
                assert response.status_code == 200, (figure, fmt)
                assert response["Content-Type"] == kind
                assert f'filename="concertation-mrc-31-{figure}-{today}.{fmt}"' in response["Content-Disposition"]
                found[fmt] = content(response)
            rows = csv_rows(found["csv"])
            assert rows, figure
            assert [cells(row) for row in xlsx_rows(found["xlsx"])] == [cells(row) for row in rows], figure

    def test_headers_are_in_french_first(self, client, demo):
        assert download(client, "mrc:31", "lacunes", "csv")[0][:3] == ["Rang", "Thème", "Lieu"]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert download(client, "mrc:31", "lacunes", "csv")[0][:3] == ["Rank", "Theme", "Place"]

    def test_numbers_are_numbers_in_xlsx(self, client, demo):
        rows = download(client, "mrc:31", "lacunes", "xlsx")
        assert all(isinstance(row[0], int) and isinstance(row[5], int) for row in rows[1:])
        assert all(isinstance(row[7], float) for row in rows[1:])
        equity = download(client, "mrc:31", "equite", "xlsx")
        assert any(isinstance(row[6], float) for row in equity[1:])

    def test_the_rows_are_those_of_the_page(self, client, demo):
        territory = Territory.objects.by_code("mrc:31").get()
        results = territory_results(AnonymousUser(), territory, on=timezone.localdate())
        assert len(results.gaps) > 20  # more than the page shows: the file gives them all
        assert len(download(client, "mrc:31", "lacunes", "csv")) == 1 + len(results.gaps)
        assert len(download(client, "mrc:31", "recouvrements", "csv")) == 1 + len(results.overlaps)
        entries = sum(len(group.entries) for group in results.landscape.groups)
        assert len(download(client, "mrc:31", "paysage", "csv")) == 1 + entries
        cells = len(results.matrix.theme_ids) * len(results.matrix.territory_ids)
        assert len(download(client, "mrc:31", "couverture", "csv")) == 1 + cells
        assert len(download(client, "mrc:31", "sollicitation-personnes", "csv")) == 1 + len(results.load.people)
        assert len(download(client, "mrc:31", "reseau-liens", "csv")) == 1 + len(results.network.links)
        assert len(download(client, "mrc:31", "equite", "csv")) == 1 + len(results.equity.by_urbanity) + len(
            results.equity.by_typology
        )
        first = download(client, "mrc:31", "lacunes", "csv")[1]
        assert first[1] == results.gaps[0].theme_name and first[2] == results.gaps[0].territory_name
        # The citizen seats of Saint-Fortunat, as the page counts them: reserved, filled, vacant.
        row = next(r for r in download(client, "mrc:31", "sieges-citoyens", "csv") if "Saint-Fortunat" in r[0])
        assert row[1:4] == ["2", "1", "1"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|", row[4])

    def test_anonymous_never_sees_the_name_of_a_person_who_did_not_consent(self, client, demo):
        from arrimage.actors.models import Person

        hidden = [str(p) for p in Person.objects.filter(public_consent=False)]
        text = every_text(client, "borough:REQ05")
        for name in hidden:
            assert name not in text
        rows = download(client, "borough:REQ05", "sollicitation-personnes", "csv")
        assert [PROTECTED, ""] in [row[:2] for row in rows]

    def test_the_page_links_to_every_figure_and_shows_two_charts(self, client, demo):
        html = client.get("/territoires/mrc:31/concertation/?date=2026-01-15").content.decode()
        for figure in FIGURES:
            for fmt in ("csv", "xlsx"):
                assert f'href="{figure_url("mrc:31", figure, fmt, "?date=2026-01-15")}"' in html, (figure, fmt)
        for chart in charts.CHARTS:
            assert f'href="{chart_url("mrc:31", chart, "?date=2026-01-15")}"' in html
            assert f'data-svg="{chart_url("mrc:31", chart, "?date=2026-01-15")}"' in html
        assert "Télécharger les lacunes (CSV)" in html or "Download the gaps (CSV)" in html
        assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
        assert 'aria-labelledby="chart-equity-title"' in html and 'aria-labelledby="chart-load-title"' in html


class TestWithBuiltData:
    def test_a_private_concertation_never_appears_for_an_anonymous_visitor(self, client, mrc):
        build(2, on=mrc)
        private = ConcertationFactory.create(name=SECRET, is_public=False)
        private.territories.add(mrc)
        private.themes.add(theme("logement"))
        seat = SeatFactory.create(concertation=private)
        MembershipFactory.create(seat=seat, organization=OrganizationFactory.create(name="Organisme partagé bis"))
        assert SECRET not in every_text(client, "mrc:23")
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        assert SECRET in [row[1] for row in download(client, "mrc:23", "paysage", "csv")]

    def test_a_person_who_did_not_consent_is_never_named(self, client, mrc):
        build(1, on=mrc)
        concertation = ConcertationFactory.create(name="Table à part")
        concertation.territories.add(mrc)
        person = PersonFactory.create(given_name="Gisèle", family_name=HIDDEN_PERSON, public_consent=False)
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
        assert HIDDEN_PERSON not in every_text(client, "mrc:23")
        for fmt in ("csv", "xlsx"):
            rows = download(client, "mrc:23", "sollicitation-personnes", fmt)
            protected = [row for row in rows if row[0] == PROTECTED]
            assert protected and all(as_text(row[1]) == "" for row in protected)
            assert str(person.pk) not in {as_text(row[1]) for row in rows}
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        rows = download(client, "mrc:23", "sollicitation-personnes", "xlsx")
        assert [f"Gisèle {HIDDEN_PERSON}", person.pk] in [row[:2] for row in rows]

    def test_the_day_of_the_page_is_kept(self, client, mrc):
        build(1, on=mrc)
        old = ConcertationFactory.create(name="Table disparue", end_date=dt.date(2010, 12, 31))
        old.territories.add(mrc)
        assert "Table disparue" not in {row[1] for row in download(client, "mrc:23", "paysage", "csv")}
        response = client.get(figure_url("mrc:23", "paysage", "csv", "?date=2005-06-01"))
        assert 'filename="concertation-mrc-23-paysage-2005-06-01.csv"' in response["Content-Disposition"]
        assert "Table disparue" in {row[1] for row in csv_rows(content(response))}

    def test_a_formula_is_never_run_by_the_spreadsheet(self, client, mrc):
        build(1, on=mrc)
        concertation = ConcertationFactory.create(
            name='=HYPERLINK("http://exemple.invalid")',
            coordinating_organization=OrganizationFactory.create(name="@SOMME(A1)"),
        )
        concertation.territories.add(mrc)
        rows = download(client, "mrc:23", "paysage", "csv")
        assert '\'=HYPERLINK("http://exemple.invalid")' in [row[1] for row in rows]
        assert "'@SOMME(A1)" in [row[4] for row in rows]
        response = client.get(figure_url("mrc:23", "paysage", "xlsx"))
        sheet = load_workbook(io.BytesIO(content(response))).worksheets[0]
        cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
        assert cells and all(cell.data_type == "s" for cell in cells)

    @pytest.mark.parametrize("figure", ["sollicitation-personnes", "reseau-liens", "paysage"])
    def test_queries_do_not_grow_with_the_data(self, client, mrc, figure, django_assert_max_num_queries):
        client.force_login(UserFactory.create())
        build(2, on=mrc)
        with django_assert_max_num_queries(40) as small:
            download(client, "mrc:23", figure, "csv")
        build(12, on=mrc)
        with django_assert_max_num_queries(len(small.captured_queries)):
            rows = download(client, "mrc:23", figure, "xlsx")
        assert len(rows) > 12

    @pytest.mark.parametrize(
        "path",
        [
            figure_url("mrc:23", "inconnue", "csv"),
            figure_url("mrc:23", "lacunes", "pdf"),
            figure_url("mrc:99999", "lacunes", "csv"),
            chart_url("mrc:23", "inconnu"),
            chart_url("mrc:99999", "equite"),
        ],
    )
    def test_an_unknown_figure_format_or_chart_is_not_found_in_french(self, client, path):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()


class TestCharts:
    def test_every_chart_is_an_svg_image_that_escapes_names(self, client, mrc):
        build(1, on=mrc)
        name = "<script>alert('x')</script> & Cie"
        busy = OrganizationFactory.create(name=name)
        for number in range(3):
            concertation = ConcertationFactory.create(name=f"Comité {number}")
            concertation.territories.add(mrc)
            MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), organization=busy)
        today = timezone.localdate().isoformat()
        for chart in charts.CHARTS:
            response = client.get(chart_url("mrc:23", chart))
            assert response.status_code == 200
            assert response["Content-Type"].startswith("image/svg+xml")
            assert f'filename="concertation-mrc-23-{chart}-{today}.svg"' in response["Content-Disposition"]
            assert "default-src 'none'" in response["Content-Security-Policy"]
            root = ElementTree.fromstring(response.content)
            assert root.tag == f"{SVG}svg"
            assert root.get("role") == "img"
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            assert title is not None and title.text and desc is not None and desc.text
            assert not root.findall(f".//{SVG}script") and not root.findall(".//script")
        load = client.get(chart_url("mrc:23", "sollicitation")).content.decode()
        assert "<script>" not in load
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Cie" in load
        texts = [element.text or "" for element in ElementTree.fromstring(load).iter(f"{SVG}text")]
        assert any(text.startswith("<script>") for text in texts)  # read back as the name it is

    def test_bars_are_as_long_as_their_values(self):
        svg = charts.bar_chart(
            key="test",
            title="Titre",
            description="Description",
            axis="Axe",
            bars=[charts.Bar("Un", 1.0, "1"), charts.Bar("Deux", 2.0, "2"), charts.Bar("Rien", None, "—")],
        )
        root = ElementTree.fromstring(svg)
        widths = [float(rect.get("width") or "") for rect in root.iter(f"{SVG}rect")][1:]  # after the background
        assert widths[1] == pytest.approx(2 * widths[0])
        assert widths[2] == 0

    def test_the_heat_map_writes_every_count(self):
        svg = charts.heat_map(
            key="test",
            title="Titre",
            description="Description",
            rows=["Logement", "Transport <a>"],
            columns=["Ville A", "Ville B"],
            counts=[[0, 1], [5, 2]],
            step=lambda count: min(count, 4),
            legend=[("0", "aucune")],
        )
        root = ElementTree.fromstring(svg)
        texts = [element.text for element in root.iter(f"{SVG}text")]
        for count in ("0", "1", "5", "2"):
            assert count in texts
        assert "Transport <a>" in [element.text for element in root.iter(f"{SVG}title")]
