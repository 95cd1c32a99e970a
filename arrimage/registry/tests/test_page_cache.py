"""The registry's pages are cached for each audience (see `arrimage.core.pagecache`): a write through the
services shows at once, what an editor may see never reaches anyone else, languages and filters are kept
apart, and a page read from the cache costs the same few queries whatever the amount of data."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.access.models import RoleKind
from arrimage.actors.services import organization_data, organization_update, person_data, person_update
from arrimage.concertation.models import Concertation
from arrimage.concertation.services import ConcertationData, concertation_create, concertation_update
from arrimage.plans.services import PlanData, plan_update
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    PositionFactory,
    RoleGrantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Any:
    return UserFactory.create(is_superuser=True)


@pytest.fixture
def town() -> Territory:
    return Territory.objects.by_code("municipality:31084").get()


def data_of(concertation: Concertation, **changes: Any) -> ConcertationData:
    values = {
        "name": concertation.name,
        "kind": concertation.kind,
        "level": concertation.level,
        "mission": concertation.mission,
        "is_public": concertation.is_public,
        "territories": list(concertation.territories.all()),
    }
    return ConcertationData(**{**values, **changes})


def html(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return str(response.content.decode())


def main(page: str) -> str:
    """The page's content, without its frame (whose links name the address as it was written)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def warm_queries(client: Any, url: str) -> int:
    html(client, url)  # computed and cached
    with CaptureQueriesContext(connection) as context:
        html(client, url)
    return len(context.captured_queries)


# A write shows at once ---------------------------------------------------------------------------------


def test_a_change_to_a_concertation_shows_at_once_on_its_page_and_the_list(client: Any, admin: Any, town: Any) -> None:
    concertation = concertation_create(
        data=ConcertationData(name="Table du quartier Nord", kind="table", level="local", territories=[town]),
        acting_user=admin,
    )
    pages = [
        concertation.get_absolute_url(),
        "/concertations/",
        "/concertations/?q=quartier",
        "/territoires/mrc:31/concertation/",
    ]
    for url in pages:
        assert "Table du quartier Nord" in html(client, url)
    concertation_update(
        concertation=concertation, data=data_of(concertation, name="Table du quartier Sud"), acting_user=admin
    )
    for url in pages:
        page = html(client, url)
        assert "Table du quartier Sud" in page and "Table du quartier Nord" not in page, url


def test_a_change_to_an_organisation_a_person_and_a_plan_shows_at_once(client: Any, admin: Any) -> None:
    organization = OrganizationFactory.create(name="Maison des jeunes Nord")
    person = PersonFactory.create(given_name="Camille", family_name="Tremblay", public_consent=True)
    PositionFactory.create(person=person, organization=organization)
    plan = PlanFactory.create(name="Plan famille Nord", owner_concertation=ConcertationFactory.create())
    pages = {
        organization.get_absolute_url(): "Maison des jeunes",
        "/organismes/": "Maison des jeunes",
        person.get_absolute_url(): "Tremblay",
        plan.get_absolute_url(): "Plan famille",
        "/plans/": "Plan famille",
    }
    for url, text in pages.items():
        assert f"{text} Nord" in html(client, url) or text in html(client, url)
    organization_update(
        organization=organization,
        data=dataclasses.replace(organization_data(organization), name="Maison des jeunes Sud"),
        acting_user=admin,
    )
    person_update(
        person=person, data=dataclasses.replace(person_data(person), family_name="Bouchard"), acting_user=admin
    )
    plan_update(
        plan=plan,
        data=PlanData(name="Plan famille Sud", kind=plan.kind, owner_concertation=plan.owner_concertation),
        acting_user=admin,
    )
    assert "Maison des jeunes Sud" in html(client, organization.get_absolute_url())
    assert "Maison des jeunes Sud" in html(client, "/organismes/")
    assert "Bouchard" in html(client, person.get_absolute_url())
    assert "Plan famille Sud" in html(client, plan.get_absolute_url())
    assert "Plan famille Sud" in html(client, "/plans/")


def test_a_change_shows_at_once_in_the_tab_s_files_and_the_portrait(client: Any, admin: Any, town: Any) -> None:
    concertation = concertation_create(
        data=ConcertationData(name="Table du quartier Nord", kind="table", level="local", territories=[town]),
        acting_user=admin,
    )
    url = "/territoires/mrc:31/concertation/donnees/paysage.csv"
    assert "Table du quartier Nord" in b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "Table du quartier Nord" in html(client, "/territoires/mrc:31/portrait/")
    concertation_update(
        concertation=concertation, data=data_of(concertation, name="Table du quartier Sud"), acting_user=admin
    )
    assert "Table du quartier Sud" in b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "Table du quartier Sud" in html(client, "/territoires/mrc:31/portrait/")


# Audiences never mix ---------------------------------------------------------------------------------


def test_an_anonymous_visitor_never_gets_what_was_cached_for_an_editor(client: Any, admin: Any, town: Any) -> None:
    secret = concertation_create(
        data=ConcertationData(
            name="Cellule de crise confidentielle", kind="table", level="local", is_public=False, territories=[town]
        ),
        acting_user=admin,
    )
    person = PersonFactory.create(public_consent=True, email="camille.secret@example.org")
    editor = client_for(admin)
    for url in ("/concertations/", "/territoires/mrc:31/concertation/", secret.get_absolute_url()):
        assert "Cellule de crise confidentielle" in html(editor, url)
    assert "camille.secret@example.org" in html(editor, person.get_absolute_url())
    # The same addresses, now anonymous: the editor's pages are cached, but not for this audience.
    assert "Cellule de crise confidentielle" not in html(client, "/concertations/")
    assert "Cellule de crise confidentielle" not in html(client, "/territoires/mrc:31/concertation/")
    html(client, secret.get_absolute_url(), status=404)
    assert "camille.secret@example.org" not in html(client, person.get_absolute_url())


def test_an_editor_never_gets_the_anonymous_page(client: Any, admin: Any) -> None:
    person = PersonFactory.create(public_consent=True, email="camille.secret@example.org")
    assert "camille.secret@example.org" not in html(client, person.get_absolute_url())
    assert "camille.secret@example.org" in html(client_for(admin), person.get_absolute_url())
    # One editor's page does not reach another user either.
    assert "camille.secret@example.org" not in html(client_for(UserFactory.create()), person.get_absolute_url())


def client_for(user: Any) -> Any:
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


# Languages, filters and pages are kept apart ---------------------------------------------------------


def test_each_language_has_its_own_page(client: Any) -> None:
    concertation = ConcertationFactory.create()
    french = html(client, concertation.get_absolute_url())
    client.cookies["arrimage_language"] = "en"
    english = html(client, concertation.get_absolute_url())
    assert "Sièges" in french and "Seats" in english
    assert "Sièges" not in english
    client.cookies["arrimage_language"] = "fr"
    assert "Sièges" in html(client, concertation.get_absolute_url())


def test_filters_search_words_and_pages_are_kept_apart(client: Any) -> None:
    for index in range(30):
        OrganizationFactory.create(name=f"Carrefour {index:02d}")
    OrganizationFactory.create(name="Maison de quartier")
    first, second = html(client, "/organismes/?q=carrefour"), html(client, "/organismes/?q=carrefour&page=2")
    assert first != second
    assert "Maison de quartier" not in first
    assert "Maison de quartier" in html(client, "/organismes/?q=maison")
    # The same search written another way is the same page.
    assert main(html(client, "/organismes/?q=+carrefour+")) == main(first)
    # An as-of date is a page of its own.
    concertation = ConcertationFactory.create()
    assert html(client, concertation.get_absolute_url()) != html(
        client, f"{concertation.get_absolute_url()}?date=2001-01-01"
    )


def test_filters_that_do_not_validate_are_refused_every_time(client: Any) -> None:
    for _index in range(2):
        html(client, "/concertations/?page=abc", status=422)


# A cached page costs the same few queries whatever the data ----------------------------------------


def pages_of(concertation: Concertation, organization: Any, person: Any, plan: Any) -> list[str]:
    return [
        concertation.get_absolute_url(),
        organization.get_absolute_url(),
        person.get_absolute_url(),
        plan.get_absolute_url(),
        "/concertations/",
        "/organismes/",
        "/plans/",
        "/territoires/mrc:31/concertation/",
        "/territoires/mrc:31/plans/",
        "/territoires/mrc:31/portrait/",
    ]


def grow(town: Territory, times: int) -> None:
    for _index in range(times):
        concertation = ConcertationFactory.create()
        concertation.territories.add(town)
        PositionFactory.create(person=PersonFactory.create(public_consent=True))
        PlanFactory.create(owner_concertation=concertation)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_a_cached_page_reads_the_same_few_queries_at_two_sizes(
    client: Any, admin: Any, town: Any, signed_in: bool
) -> None:
    if signed_in:
        client.force_login(admin)
    concertation = ConcertationFactory.create()
    concertation.territories.add(town)
    person = PersonFactory.create(public_consent=True)
    organization = PositionFactory.create(person=person).organization
    plan = PlanFactory.create(owner_concertation=concertation)
    grow(town, 1)
    small = {url: warm_queries(client, url) for url in pages_of(concertation, organization, person, plan)}
    grow(town, 6)
    large = {url: warm_queries(client, url) for url in pages_of(concertation, organization, person, plan)}
    assert large == small
    # The data version, and for a signed-in user the session and the user.
    assert max(small.values()) <= (3 if signed_in else 1), small


def test_a_role_granted_shows_at_once(client: Any, admin: Any, town: Any) -> None:
    secret = concertation_create(
        data=ConcertationData(name="Cellule confidentielle", kind="table", level="local", is_public=False),
        acting_user=admin,
    )
    user = UserFactory.create()
    client.force_login(user)
    assert "Cellule confidentielle" not in html(client, "/concertations/")
    RoleGrantFactory.create(user=user, role=RoleKind.COORDINATOR, concertation=secret)
    assert "Cellule confidentielle" in html(client, "/concertations/")


def test_the_portrait_s_pdf_is_made_once(client: Any, admin: Any, town: Any) -> None:
    concertation_create(
        data=ConcertationData(name="Table du quartier Nord", kind="table", level="local", territories=[town]),
        acting_user=admin,
    )
    url = "/territoires/mrc:31/portrait.pdf"
    first = client.get(url)
    with CaptureQueriesContext(connection) as context:
        second = client.get(url)
    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert len(context.captured_queries) == 1  # the data version


def test_a_meeting_s_page_and_list_show_a_decision_at_once_and_cost_little_from_the_cache(client, admin):
    from arrimage.meetings.services import decision_create
    from arrimage.meetings.tests.factories_attendance import held_meeting

    concertation = ConcertationFactory.create(name="Table des aînés")
    meeting = held_meeting(concertation, days_ago=3, title="Rencontre d'automne")
    meeting.minutes_private = False
    meeting.save()
    url = meeting.get_absolute_url()
    listing = f"/concertations/{concertation.pk}/reunions/"
    feed = f"/concertations/{concertation.pk}/reunions.ics"
    assert "Rencontre d&#x27;automne" in html(client, listing)
    assert "SUMMARY:Rencontre d'automne" in html(client, feed)
    minutes = f"{url}proces-verbal/"
    assert "Adopter le budget" not in html(client, url)
    assert "Adopter le budget" not in html(client, minutes)
    with CaptureQueriesContext(connection) as warm:
        html(client, url)
    assert len(warm.captured_queries) <= 2
    decision_create(meeting=meeting, text="Adopter le budget", acting_user=admin)
    assert "Adopter le budget" in html(client, url)
    assert "Adopter le budget" in html(client, minutes)
    meeting.title = "Rencontre d'hiver"
    meeting.save()
    assert "Rencontre d&#x27;hiver" in html(client, listing)
    assert "SUMMARY:Rencontre d'hiver" in html(client, feed)
