"""Cross-site scripting: markup written into any free-text field comes back escaped on every page that shows
it — pages, lists, the analysis and plans tabs, reports, edit forms, `json_script` data and SVG charts —
and the API answers it as JSON data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from arrimage.accounts.models import User
from arrimage.actors.models import Organization, Person, Sector
from arrimage.actors.services import OrganizationData, PersonData, organization_create, person_create, position_start
from arrimage.analysis.services import overlap_complementary_mark
from arrimage.concertation.models import Concertation, ConcertationKind, Level, Theme
from arrimage.concertation.services import (
    ConcertationData,
    SeatData,
    concertation_create,
    membership_start,
    seat_create,
)
from arrimage.core.dates import PartialDate
from arrimage.directory.services import ServiceData, service_create
from arrimage.plans.models import Contribution, ContributionKind, Plan, PlanKind
from arrimage.plans.services import (
    ActionData,
    ContributionData,
    ObjectiveData,
    PlanData,
    action_create,
    contribution_record,
    objective_create,
    plan_create,
    plan_document_add,
    progress_record,
)
from arrimage.territories.models import Territory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLACE = "borough:REQ05"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
# What must never reach a page unescaped.
RAW = ("<script>alert(", "<img src=x onerror")


def payload(field: str) -> str:
    """A script element naming the field, then markup that breaks out of an attribute."""
    return f'<script>alert("xss-{field}")</script>{ATTRIBUTE_BREAK}'


def short_payload(field: str) -> str:
    """For the short fields (names of 100 characters or fewer)."""
    return f"<script>alert({field[:12]!r})</script>"


@dataclass
class Written:
    organization: Organization
    partner: Organization
    person: Person
    concertation: Concertation
    twin: Concertation
    plan: Plan
    contribution: Contribution
    admin: User


def write_everything() -> Written:
    """Every free-text field users can write, filled with markup through the services."""
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    place = Territory.objects.get(kind="borough", code="REQ05")
    themes = list(Theme.objects.order_by("pk")[:2])
    since = PartialDate.parse("2022")

    def organization(field: str) -> Organization:
        return organization_create(
            data=OrganizationData(
                name=payload(f"{field}-name"),
                sector=Sector.COMMUNITY,
                acronym=short_payload("acronym")[:20],
                mission=payload(f"{field}-mission"),
                other_names=[payload(f"{field}-other-name")],
                territories_served=[place],
            ),
            acting_user=admin,
        )

    organization_one, partner = organization("organization"), organization("partner")
    person = person_create(
        data=PersonData(
            given_name=payload("given-name"),
            family_name=payload("family-name"),
            notes=payload("person-notes"),
            public_consent=True,
        ),
        acting_user=admin,
    )
    position_start(
        person=person,
        organization=organization_one,
        profession="community_organiser",
        job_title=payload("job-title"),
        start=since,
        acting_user=admin,
    )

    def concertation(field: str) -> Concertation:
        return concertation_create(
            data=ConcertationData(
                name=payload(f"{field}-name"),
                kind=ConcertationKind.TABLE,
                level=Level.LOCAL,
                mission=payload("shared-mission") + " sécurité alimentaire et logement des familles du quartier",
                coordinating_organization=organization_one,
                start=since,
                territories=[place],
                themes=themes,
            ),
            acting_user=admin,
        )

    table, twin = concertation("concertation"), concertation("twin")
    for number, holder in enumerate((organization_one, partner)):
        seat = seat_create(
            concertation=table, data=SeatData(label=payload(f"seat-label-{number}"), order=number), acting_user=admin
        )
        membership_start(
            seat=seat,
            person=person if number == 0 else None,
            organization=holder,
            start=since,
            notes=payload("membership-notes"),
            acting_user=admin,
        )
        twin_seat = seat_create(concertation=twin, data=SeatData(label=payload("twin-seat")), acting_user=admin)
        membership_start(seat=twin_seat, person=None, organization=holder, start=since, acting_user=admin)
    overlap_complementary_mark(acting_user=admin, first=table, second=twin, note=payload("overlap-note"))

    plan = plan_create(
        data=PlanData(
            name=payload("plan-name"),
            kind=PlanKind.CONCERTED_ACTION,
            owner_concertation=table,
            description=payload("plan-description"),
            adoption_resolution=payload("adoption-resolution"),
            start=dt.date(2024, 1, 1),
            end=dt.date(2027, 12, 31),
            territories=[place],
            themes=themes,
        ),
        acting_user=admin,
    )
    plan_document_add(plan=plan, title=payload("document-title"), url="https://exemple.org/plan.pdf", acting_user=admin)
    objective = objective_create(
        plan=plan,
        data=ObjectiveData(title=payload("objective-title"), description=payload("objective-description")),
        acting_user=admin,
    )
    action = action_create(
        objective=objective,
        data=ActionData(
            title=payload("action-title"),
            description=payload("action-description"),
            co_leaders=[organization_one],
            partners=[partner],
            themes=themes,
        ),
        acting_user=admin,
    )
    progress_record(action=action, on=dt.date(2025, 3, 1), percent=40, text=payload("progress-text"), acting_user=admin)
    contribution = contribution_record(
        action=action,
        data=ContributionData(
            organization=partner,
            kind=ContributionKind.MONEY,
            committed=Decimal(5000),
            notes=payload("contribution-notes"),
        ),
        acting_user=admin,
    )
    service_create(
        organization=organization_one,
        data=ServiceData(
            name=payload("service-name"),
            alternate_name=payload("service-alternate-name"),
            description=payload("service-description"),
            eligibility=payload("service-eligibility"),
            target_population=payload("service-population"),
            service_areas=[place],
        ),
        acting_user=admin,
    )
    return Written(organization_one, partner, person, table, twin, plan, contribution, admin)


@pytest.fixture(scope="module")
def written(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Written]:
    """The markup, written once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield write_everything()
        transaction.set_rollback(True)


def pages(written: Written) -> list[str]:
    organization, person, table, plan = written.organization, written.person, written.concertation, written.plan
    return [
        f"/organismes/{organization.pk}/",
        "/organismes/",
        "/organismes/?q=script",
        f"/personnes/{person.pk}/",
        f"/concertations/{table.pk}/",
        f"/concertations/{written.twin.pk}/",
        "/concertations/",
        f"/territoires/{PLACE}/",
        f"/territoires/{PLACE}/concertation/",
        f"/territoires/{PLACE}/plans/",
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/territoires/{PLACE}/portrait/",
        f"/concertations/{table.pk}/rapport-annuel/",
        f"/territoires/{PLACE}/concertation/graphiques/couverture.svg",
        f"/territoires/{PLACE}/concertation/graphiques/sollicitation.svg",
        f"/territoires/{PLACE}/concertation/graphiques/equite.svg",
    ]


def signed_in_pages(written: Written) -> list[str]:
    """The handover dossier, and the forms, where the texts come back inside attributes and text areas."""
    return [
        f"/personnes/{written.person.pk}/dossier-de-transition/",
        f"/organismes/{written.organization.pk}/modifier/",
        f"/personnes/{written.person.pk}/modifier/",
        f"/concertations/{written.concertation.pk}/modifier/",
        f"/plans/{written.plan.pk}/modifier/",
        f"/contributions/{written.contribution.pk}/modifier/",
    ]


def assert_escaped(path: str, body: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{path} shows unescaped markup: …{body[max(0, body.find(raw) - 200) :][:400]}…"


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "administrator"])
def test_the_pages_escape_what_users_wrote(written: Written, client: Client, signed_in: bool) -> None:
    if signed_in:
        client.force_login(written.admin)
    shown = 0
    for path in pages(written) + (signed_in_pages(written) if signed_in else []):
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        body = response.content.decode()
        assert_escaped(path, body)
        shown += "xss-" in body
    assert shown >= len(pages(written)) - 3, "the markup was not shown at all: the test tests nothing"


def test_the_fields_are_shown_escaped(written: Written, client: Client) -> None:
    """The texts are there, escaped: the test would notice a page that stopped showing them."""
    client.force_login(written.admin)
    expected = {
        f"/organismes/{written.organization.pk}/": ["organization-name", "organization-mission", "service-description"],
        f"/personnes/{written.person.pk}/": ["given-name", "family-name", "job-title", "person-notes"],
        f"/concertations/{written.concertation.pk}/": ["concertation-name", "shared-mission", "seat-label-0"],
        f"/plans/{written.plan.pk}/": [
            "plan-name",
            "plan-description",
            "objective-title",
            "action-title",
            "progress-text",
            "document-title",
        ],
        f"/contributions/{written.contribution.pk}/modifier/": ["contribution-notes"],
        f"/territoires/{PLACE}/concertation/": ["overlap-note"],
    }
    for path, fields in expected.items():
        body = client.get(path).content.decode()
        for field in fields:
            assert f"&lt;script&gt;alert(&quot;xss-{field}&quot;)&lt;/script&gt;" in body or (
                f"\\u003Cscript\\u003Ealert(\\&quot;xss-{field}" in body
            ), f"{path} does not show {field} escaped"


def test_the_api_answers_the_texts_as_json(written: Written, client: Client) -> None:
    for path in (
        f"/api/v1/organizations/{written.organization.pk}",
        "/api/v1/organizations?q=script",
        f"/api/v1/people/{written.person.pk}",
        f"/api/v1/concertations/{written.concertation.pk}",
        f"/api/v1/plans/{written.plan.pk}",
        "/api/v1/services",
    ):
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), path
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
