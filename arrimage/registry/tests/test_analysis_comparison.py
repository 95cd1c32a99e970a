"""The « What changed » section of a territory's « Concertation » page: its form, what it lists between
two dates, who is named to whom, and a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import translation

from arrimage.registry.views.analysis_comparison import ComparisonForm
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

MRC = "mrc:23"
PAGE = f"/territoires/{MRC}/concertation/"
BEFORE, AFTER = "2020-01-01", "2024-06-01"
PROTECTED = "Person (identity protected)"


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def section(html: str) -> str:
    match = re.search(r'<section aria-labelledby="comparison-title".*?</section>', html, re.S)
    assert match
    return match.group(0)


def block(html: str, element_id: str) -> str:
    """The table with this id (or "" when the section says « None. » instead)."""
    match = re.search(rf'<table[^>]*id="{element_id}".*?</table>', html, re.S)
    return match.group(0) if match else ""


def _body(name: str, on: Territory, **fields) -> object:
    concertation = ConcertationFactory.create(name=name, **fields)
    concertation.territories.add(on)
    concertation.themes.add(theme("logement"))
    return concertation


@pytest.fixture
def history():
    """A food table that ended, a lasting table, one that began, and a private committee, on the MRC.

    In the lasting table: the seat « Coordination » passes from a person who consented to one who did not;
    « Siège créé » is created in 2023, « Siège aboli » abolished in 2022, « Siège stable » keeps its holder.
    """
    mrc = Territory.objects.by_code(MRC).get()
    old = _body("Table disparue", mrc, start_date=dt.date(2015, 1, 1), end_date=dt.date(2021, 12, 31))
    SeatFactory.create(concertation=old, label="Siège de la table disparue")
    lasting = _body("Table durable", mrc)
    centre = OrganizationFactory.create(name="Centre communautaire durable")
    coordination = SeatFactory.create(concertation=lasting, label="Coordination")
    known = PersonFactory.create(given_name="Connue", family_name="Avant", public_consent=True)
    secret = PersonFactory.create(given_name="Secrète", family_name="Après", public_consent=False)
    until = dt.date(2022, 6, 30)
    MembershipFactory.create(
        seat=coordination, person=known, organization=centre, start_date=dt.date(2018, 1, 1), end_date=until
    )
    MembershipFactory.create(seat=coordination, person=secret, organization=centre, start_date=dt.date(2022, 7, 1))
    SeatFactory.create(concertation=lasting, label="Siège créé", created_on=dt.date(2023, 1, 1))
    SeatFactory.create(concertation=lasting, label="Siège aboli", abolished_on=dt.date(2022, 12, 31))
    stable = SeatFactory.create(concertation=lasting, label="Siège stable")
    MembershipFactory.create(seat=stable, person=None, organization=centre, start_date=dt.date(2019, 1, 1))
    new = _body("Table nouvelle", mrc, start_date=dt.date(2023, 3, 1))
    SeatFactory.create(concertation=new, label="Siège de la nouvelle table")
    private = _body("Comité confidentiel", mrc, start_date=dt.date(2023, 3, 1), is_public=False)
    SeatFactory.create(concertation=private, label="Siège confidentiel")
    return {"known": known, "secret": secret}


def compare_page(client, since: str = BEFORE, until: str = AFTER) -> str:
    return section(html_of(client.get(PAGE, {"date": until, "depuis": since})))


class TestForm:
    def test_an_earlier_date_is_accepted(self):
        form = ComparisonForm({"depuis": "2020-01-01"}, until=dt.date(2024, 6, 1))
        assert form.since == dt.date(2020, 1, 1)

    def test_the_same_date_is_accepted(self):
        assert ComparisonForm({"depuis": "2024-06-01"}, until=dt.date(2024, 6, 1)).since == dt.date(2024, 6, 1)

    @pytest.mark.parametrize(
        ("value", "message"),
        [("2024-13-45", "Entrez une date"), ("hier", "Entrez une date"), ("1850-01-01", "entre 1900 et 2100")],
    )
    def test_a_wrong_date_gets_a_french_message_on_its_field(self, value, message):
        with translation.override("fr"):
            form = ComparisonForm({"depuis": value}, until=dt.date(2024, 6, 1))
            assert form.since is None
            assert message in " ".join(str(error) for error in form.errors["depuis"]).replace("\xa0", " ")

    def test_a_date_after_the_page_date_is_refused(self):
        with translation.override("en"):
            form = ComparisonForm({"depuis": "2024-06-02"}, until=dt.date(2024, 6, 1))
            assert form.since is None
            assert form.errors["depuis"] == ["Choose a date on or before June 1, 2024, the date shown on this page."]

    def test_no_date_compares_nothing(self):
        assert ComparisonForm(None, until=dt.date(2024, 6, 1)).since is None
        assert ComparisonForm({"depuis": ""}, until=dt.date(2024, 6, 1)).since is None


class TestSection:
    def test_without_a_date_the_section_shows_its_form_and_computes_nothing(self, client, history):
        response = client.get(PAGE)
        html = section(html_of(response))
        assert 'name="depuis"' in html
        assert "Choose an earlier date" in html
        assert response.context["comparison"] is None
        assert 'href="#comparison-title"' in html_of(response)

    def test_a_date_after_the_page_date_is_refused_on_the_field(self, client):
        html = section(html_of(client.get(PAGE, {"date": AFTER, "depuis": "2025-01-01"})))
        assert 'class="field__error"' in html and "the date shown on this page" in html
        assert 'aria-invalid="true"' in html
        assert 'id="comparison-counts"' not in html

    def test_the_page_date_is_kept_by_the_form(self, client, history):
        html = compare_page(client)
        assert f'<input type="hidden" name="date" value="{AFTER}">' in html

    def test_counts(self, client, history):
        html = compare_page(client)
        assert "Changes from Jan. 1, 2020 to June 1, 2024." in html
        counts = re.search(r'<ul class="comparison-counts".*?</ul>', html, re.S).group(0)  # type: ignore[union-attr]
        for sentence in (
            "1 concertation body began.",
            "1 concertation body ended.",
            "2 seats were created.",
            "2 seats were abolished.",
            "1 seat changed holders.",
        ):
            assert sentence in counts
        table = block(html, "comparison-counts-table")
        # Bodies: old and lasting, then lasting and new; seats: 1 + 3 (coordination, aboli, stable), then 3 + 1.
        cells = r"\s*<td[^>]*>2</td>\s*<td[^>]*>2</td>\s*<td[^>]*>0</td>"
        assert re.search(r"Concertation bodies active</th>" + cells, table)
        assert re.search(r"Seats open</th>\s*<td[^>]*>4</td>\s*<td[^>]*>4</td>", table)

    def test_bodies_and_seats(self, client, history):
        html = compare_page(client)
        assert "Table nouvelle" in block(html, "comparison-new-table")
        assert "March 1, 2023" in block(html, "comparison-new-table")
        assert "Table disparue" in block(html, "comparison-ended-table")
        assert "Dec. 31, 2021" in block(html, "comparison-ended-table")
        created = block(html, "comparison-created-table")
        assert "Siège créé" in created and "Siège de la nouvelle table" in created
        abolished = block(html, "comparison-abolished-table")
        assert "Siège aboli" in abolished and "Siège de la table disparue" in abolished
        assert "Siège stable" not in html

    def test_holder_changes_name_only_people_who_may_be_seen(self, client, history):
        holders = block(compare_page(client), "comparison-holders-table")
        assert "Coordination" in holders and "Table durable" in holders
        assert "Connue Avant" in holders  # consented
        assert "Secrète" not in holders and PROTECTED in holders
        assert holders.count("Centre communautaire durable") == 2
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        holders = block(compare_page(client), "comparison-holders-table")
        assert "Secrète Après" in holders and PROTECTED not in holders

    def test_a_vacancy_reads_vacant(self, client, history):
        holders = block(compare_page(client, since="2017-01-01", until="2019-06-01"), "comparison-holders-table")
        assert "Coordination" in holders and "Vacant" in holders

    def test_a_private_body_is_left_out_for_outsiders(self, client, history):
        html = compare_page(client)
        assert "Comité confidentiel" not in html and "Siège confidentiel" not in html
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        html = compare_page(client)
        assert "Comité confidentiel" in block(html, "comparison-new-table")
        assert "2 concertation bodies began." in html

    def test_the_same_date_changes_nothing(self, client, history):
        html = compare_page(client, since=AFTER)
        assert "Nothing changed between these two dates." in html
        assert 'id="comparison-holders-table"' not in html

    def test_french_first(self, history):
        from django.test import Client

        html = section(html_of(Client().get(PAGE, {"date": AFTER, "depuis": BEFORE})))
        assert '<th scope="col">Siège</th>' in html and "Avant" in html and "Après" in html


def _more(count: int) -> None:
    """`count` more tables of the MRC, each with a seat whose holder changed in 2022."""
    mrc = Territory.objects.by_code(MRC).get()
    for number in range(count):
        table = _body(f"Table supplémentaire {number}", mrc)
        seat = SeatFactory.create(concertation=table)
        organization = OrganizationFactory.create()
        MembershipFactory.create(
            seat=seat, person=PersonFactory.create(), organization=organization, end_date=dt.date(2021, 12, 31)
        )
        MembershipFactory.create(
            seat=seat, person=PersonFactory.create(public_consent=True), start_date=dt.date(2022, 1, 1)
        )


def test_queries_do_not_grow_with_the_data(client, history, django_assert_max_num_queries):
    client.force_login(UserFactory.create())
    _more(2)
    # The page's own analysis gives the later date: the comparison reads one more snapshot (and the page's
    # cache the data version, the attendance of the organisations and people shown, and the attendance at
    # meetings with the names of the organisations it lists).
    with django_assert_max_num_queries(59) as small:
        compare_page(client)
    _more(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = compare_page(client)
    assert "13 seats changed holders." in html
