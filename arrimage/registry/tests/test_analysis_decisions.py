"""Judging two concertations complementary from the « Concertation » page: the way there and back, who
may, what everyone sees of the decisions, and the API leaving the decided pairs out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from arrimage.access.models import RoleKind
from arrimage.actors.models import Person
from arrimage.analysis.models import OverlapDecision
from arrimage.analysis.services import overlap_complementary_mark
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

TAB = "/territoires/mrc:31/concertation/"
API = "/api/v1/territories/mrc:31/analysis/overlaps"
NOTE = "L'un coordonne le dépannage, l'autre développe l'agriculture urbaine."


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _table(name: str, *, is_public: bool = True) -> Concertation:
    concertation = ConcertationFactory.create(name=name, is_public=is_public)
    concertation.territories.set([Territory.objects.by_code("municipality:31084").get()])
    concertation.themes.set([theme("securite-alimentaire")])
    return concertation


@pytest.fixture
def pair() -> tuple[Concertation, Concertation]:
    return _table("Comité de sécurité alimentaire"), _table("Regroupement pour l'autonomie alimentaire")


def coordinator_of(concertation: Concertation):
    user = UserFactory.create(first_name="Judith", last_name="Fortin")
    RoleGrantFactory.create(user=user, role=RoleKind.COORDINATOR, concertation=concertation)
    return user


def member_of(concertation: Concertation):
    user = UserFactory.create()
    person = Person.objects.create(given_name="Membre", family_name="Assis", user=user)
    MembershipFactory.create(seat=SeatFactory.create(concertation=concertation), person=person)
    return user


def mark_url(first: Concertation, second: Concertation) -> str:
    return f"/concertations/{first.pk}/complementaire/{second.pk}/?territoire=mrc:31"


def html_of(response) -> str:
    return response.content.decode().replace("\xa0", " ").replace("&#x27;", "'")


def table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    return match.group(0) if match else ""


def listed(client: Client, first: Concertation, second: Concertation) -> bool:
    """Whether the tab lists the pair among the possible overlaps."""
    overlaps = table(html_of(client.get(TAB)), "overlaps-table")
    return any(first.name in row and second.name in row for row in re.findall(r"<tr>(.*?)</tr>", overlaps, re.S))


def in_api(client: Client, first: Concertation, second: Concertation) -> bool:
    pairs = client.get(API).json()["pairs"]
    return any({p["first"]["id"], p["second"]["id"]} == {first.pk, second.pk} for p in pairs)


class TestTheWayThereAndBack:
    def test_mark_then_withdraw(self, client, pair):
        first, second = pair
        client.force_login(coordinator_of(second))
        assert listed(client, first, second) and in_api(client, first, second)
        tab = html_of(client.get(TAB))
        assert f'href="{mark_url(first, second)}"' in table(tab, "overlaps-table")

        form = client.get(mark_url(first, second))
        assert form.status_code == 200
        page = html_of(form)
        assert first.name in page and second.name in page
        assert "Why the analysis pairs them" in page
        assert 'name="note"' in page and "csrfmiddlewaretoken" in page

        done = client.post(mark_url(first, second), {"note": NOTE})
        assert done.status_code == 302
        assert done["Location"] == TAB + "#overlaps-title"
        after = html_of(client.get(done["Location"]))
        assert "were marked as complementary" in after
        assert not listed(client, first, second)
        assert not in_api(client, first, second)
        decided = table(after, "complementary-table")
        assert first.name in decided and second.name in decided and NOTE.replace("'", "'") in decided
        assert "Judith Fortin" in decided

        decision = OverlapDecision.objects.get()
        withdraw = f"/complementarites/{decision.pk}/retirer/?territoire=mrc:31"
        assert f'href="{withdraw}"' in decided
        confirm = client.get(withdraw)
        assert confirm.status_code == 200 and NOTE in html_of(confirm)
        back = client.post(withdraw, {"reason": "Les mandats ont changé."})
        assert back.status_code == 302 and back["Location"] == TAB + "#overlaps-title"
        assert not OverlapDecision.objects.exists()
        assert listed(client, first, second) and in_api(client, first, second)
        assert "complementary-table" not in html_of(client.get(TAB))

    def test_the_note_is_required(self, client, pair):
        client.force_login(coordinator_of(pair[0]))
        response = client.post(mark_url(*pair), {"note": "   "})
        assert response.status_code == 422
        page = html_of(response)
        assert "Say why these two concertations are complementary." in page
        assert 'class="error-summary"' in page and "Traceback" not in page
        assert not OverlapDecision.objects.exists()

    def test_a_pair_already_judged_is_said_so(self, client, pair):
        user = coordinator_of(pair[0])
        overlap_complementary_mark(acting_user=user, first=pair[0], second=pair[1], note=NOTE)
        client.force_login(user)
        page = html_of(client.get(mark_url(*pair)))
        assert "already judged complementary" in page and 'name="note"' not in page
        response = client.post(mark_url(*pair), {"note": "Encore."})
        assert response.status_code == 422
        assert "These two concertations were already judged complementary." in html_of(response)
        assert OverlapDecision.objects.count() == 1

    def test_without_a_territory_it_leads_back_to_the_concertation(self, client, pair):
        client.force_login(coordinator_of(pair[0]))
        response = client.post(f"/concertations/{pair[1].pk}/complementaire/{pair[0].pk}/", {"note": NOTE})
        assert response.status_code == 302
        assert response["Location"] == pair[0].get_absolute_url()
        decision = OverlapDecision.objects.get()
        assert (decision.first, decision.second) == pair

    def test_csrf_is_checked(self, pair):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(coordinator_of(pair[0]))
        assert strict.post(mark_url(*pair), {"note": NOTE}).status_code == 403
        assert not OverlapDecision.objects.exists()


class TestWhoMay:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, pair):
        decision = overlap_complementary_mark(
            acting_user=coordinator_of(pair[0]), first=pair[0], second=pair[1], note=NOTE
        )
        for url in (mark_url(*pair), f"/complementarites/{decision.pk}/retirer/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/"), url
            assert client.post(url, {"note": NOTE}).status_code == 302
        assert OverlapDecision.objects.count() == 1

    def test_a_member_is_refused(self, client, pair):
        decision = overlap_complementary_mark(
            acting_user=coordinator_of(pair[0]), first=pair[0], second=pair[1], note=NOTE
        )
        client.force_login(member_of(pair[0]))
        assert client.get(mark_url(*pair)).status_code == 403
        assert client.post(mark_url(*pair), {"note": NOTE}).status_code == 403
        withdraw = f"/complementarites/{decision.pk}/retirer/"
        assert client.get(withdraw).status_code == 403
        assert client.post(withdraw).status_code == 403
        assert OverlapDecision.objects.count() == 1

    def test_a_coordinator_of_one_of_the_two_may(self, client, pair):
        client.force_login(coordinator_of(pair[1]))
        assert client.get(mark_url(*pair)).status_code == 200

    def test_a_private_concertation_is_never_named(self, client, pair):
        hidden = _table("Comité restreint confidentiel", is_public=False)
        client.force_login(coordinator_of(pair[0]))
        response = client.get(mark_url(pair[0], hidden))
        assert response.status_code == 404
        assert hidden.name not in html_of(response)
        admin = UserFactory.create(is_superuser=True)
        decision = overlap_complementary_mark(acting_user=admin, first=pair[0], second=hidden, note=NOTE)
        assert client.get(f"/complementarites/{decision.pk}/retirer/").status_code == 404
        assert hidden.name not in html_of(client.get(TAB))

    def test_unknown_pairs_are_not_found(self, client, pair):
        client.force_login(UserFactory.create(is_superuser=True))
        assert client.get(f"/concertations/{pair[0].pk}/complementaire/{pair[0].pk}/").status_code == 404
        assert client.get(f"/concertations/{pair[0].pk}/complementaire/999999/").status_code == 404
        assert client.get("/complementarites/999999/retirer/").status_code == 404


class TestWhatEveryoneSees:
    def test_anonymous_visitors_see_the_decisions_without_the_authors_name(self, client, pair):
        overlap_complementary_mark(acting_user=coordinator_of(pair[0]), first=pair[0], second=pair[1], note=NOTE)
        html = html_of(client.get(TAB))
        decided = table(html, "complementary-table")
        assert NOTE in decided and "a coordinator" in decided
        assert "Judith" not in html
        assert "/complementaire/" not in html and "/retirer/" not in html

    def test_members_see_the_authors_name_but_no_button(self, client, pair):
        overlap_complementary_mark(acting_user=coordinator_of(pair[0]), first=pair[0], second=pair[1], note=NOTE)
        client.force_login(member_of(pair[0]))
        html = html_of(client.get(TAB))
        assert "Judith Fortin" in table(html, "complementary-table")
        assert "/retirer/" not in html

    def test_only_the_pairs_the_user_may_judge_get_a_button(self, client, pair):
        elsewhere = [_table("Table de la faim"), _table("Table du pain")]
        client.force_login(coordinator_of(pair[0]))
        overlaps = table(html_of(client.get(TAB)), "overlaps-table")
        assert overlaps.count("/complementaire/") == 3  # with each of the three others, not between them
        assert f"/concertations/{elsewhere[0].pk}/complementaire/{elsewhere[1].pk}/" not in overlaps

    def test_the_queries_do_not_grow_with_the_decisions(self, client, django_assert_max_num_queries):
        admin = UserFactory.create(is_superuser=True)
        tables = [_table(f"Table {n}") for n in range(8)]
        overlap_complementary_mark(acting_user=admin, first=tables[0], second=tables[1], note=NOTE)
        client.force_login(coordinator_of(tables[0]))
        with django_assert_max_num_queries(60) as few:
            client.get(TAB)
        for first, second in zip(tables[2::2], tables[3::2], strict=True):
            overlap_complementary_mark(acting_user=admin, first=first, second=second, note=NOTE)
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = html_of(client.get(TAB))
        assert table(html, "complementary-table").count("<tr>") == 5
