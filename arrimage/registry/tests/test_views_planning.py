"""The « Plans » page of a territory and its downloads: the plans listed by group with their flags, the
planning load ranked against population, the balance of the actions, the contributions and the resources
by kind of place, a plain sentence for a territory without plans, private plans left out, and a number of
queries that does not grow with the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from openpyxl import load_workbook

from arrimage.actors.models import Sector
from arrimage.concertation.models import Concertation
from arrimage.plans.models import ActionStatus, ChangeLevel, ContributionKind, Plan, PlanKind, PlanStage
from arrimage.plans.services import (
    ActionData,
    ContributionData,
    ObjectiveData,
    PlanData,
    accompaniment_start,
    action_create,
    contribution_record,
    objective_create,
    plan_create,
    plan_stage_change,
    progress_record,
)
from arrimage.registry.views.planning_exports import FIGURES
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 6, 1)
DATE = "?date=2025-06-01"
ACTOR = "tests"


@pytest.fixture
def client(client):
    """A visitor who chose English, so that the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def place(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def url(public_id: str, query: str = DATE) -> str:
    return f"/territoires/{public_id}/plans/{query}"


def html_of(response: Any) -> str:
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def get(client: Any, public_id: str, query: str = DATE) -> str:
    response = client.get(url(public_id, query))
    assert response.status_code == 200
    return html_of(response)


def table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def rows(html: str, table_id: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", table(html, table_id), re.S)
    assert body
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)


def plan(
    name: str,
    *,
    owner: Territory | None = None,
    concertation: Concertation | None = None,
    covers: list[Territory] | None = None,
    stages: tuple[tuple[str, dt.date], ...] = ((PlanStage.IMPLEMENTATION, dt.date(2023, 1, 15)),),
    kind: str = PlanKind.MADA,
    start: dt.date | None = dt.date(2023, 1, 1),
    end: dt.date | None = dt.date(2027, 12, 31),
    drafted: dt.date = dt.date(2022, 1, 10),
) -> Plan:
    """A plan written through the services: drafted on `drafted`, then through `stages`."""
    created = plan_create(
        data=PlanData(
            name=name,
            kind=kind,
            owner_territory=owner,
            owner_concertation=concertation,
            territories=covers or ([owner] if owner else []),
            start=start,
            end=end,
        ),
        acting_user=ACTOR,
        stage_on=drafted,
    )
    for stage, on in stages:
        plan_stage_change(plan=created, stage=stage, on=on, acting_user=ACTOR)
    return Plan.objects.get(pk=created.pk)


def action(target: Plan, title: str, *, dimensions: list[str], level: str, status: str = ActionStatus.PLANNED):
    objective = objective_create(plan=target, data=ObjectiveData(title=f"Objectif de {title}"), acting_user=ACTOR)
    return action_create(
        objective=objective,
        data=ActionData(title=title, dimensions=dimensions, change_level=level, status=status),
        acting_user=ACTOR,
    )


@pytest.fixture
def etchemins(db) -> dict[str, Any]:
    """In the MRC des Etchemins: the MADA policy of Sainte-Sabine (about 370 people) that nobody accompanies
    and that has not moved since 2023; the family policy of Lac-Etchemin, accompanied, with a recent update
    and contributions in dollars and hours; a plan being drafted; an expired one."""
    sabine = place("municipality:28065")
    lac = place("municipality:28053")
    mrc = place("mrc:28")
    mada = plan("Politique MADA de Sainte-Sabine", owner=sabine)
    mada_action = action(mada, "Marche des aînés", dimensions=["social"], level=ChangeLevel.HABITS)
    progress_record(action=mada_action, on=dt.date(2023, 5, 1), percent=30, acting_user=ACTOR)

    family = plan("Politique familiale de Lac-Etchemin", owner=lac, kind=PlanKind.FAMILY)
    cisss = OrganizationFactory.create(name="CISSS de Chaudière-Appalaches", sector=Sector.HEALTH)
    accompaniment_start(plan=family, organization=cisss, start=dt.date(2023, 1, 15), acting_user=ACTOR)
    policy = action(
        family,
        "Règlement sur les haltes-garderies",
        dimensions=["social", "economic"],
        level=ChangeLevel.PUBLIC_POLICIES,
    )
    park = action(
        family, "Parc intergénérationnel", dimensions=["environmental"], level=ChangeLevel.LIVING_ENVIRONMENTS
    )
    progress_record(action=policy, on=dt.date(2025, 3, 1), percent=80, acting_user=ACTOR)
    progress_record(action=park, on=dt.date(2025, 3, 1), percent=40, acting_user=ACTOR)
    town = OrganizationFactory.create(name="Municipalité de Lac-Etchemin", sector=Sector.MUNICIPAL)
    contribution_record(
        action=policy,
        data=ContributionData(
            organization=town, kind=ContributionKind.MONEY, committed=Decimal(10000), delivered=Decimal(4000)
        ),
        acting_user=ACTOR,
    )
    contribution_record(
        action=park,
        data=ContributionData(
            organization=cisss, kind=ContributionKind.STAFF_HOURS, committed=Decimal(120), delivered=Decimal(30)
        ),
        acting_user=ACTOR,
    )
    plan("Plan de développement social des Etchemins", owner=mrc, kind=PlanKind.SOCIAL_DEVELOPMENT, stages=())
    plan(
        "Ancienne politique jeunesse de Lac-Etchemin",
        owner=lac,
        kind=PlanKind.YOUTH,
        stages=((PlanStage.ADOPTED, dt.date(2016, 1, 1)), (PlanStage.EXPIRED, dt.date(2020, 12, 31))),
        start=dt.date(2016, 1, 1),
        end=dt.date(2020, 12, 31),
        drafted=dt.date(2015, 3, 1),
    )
    return {"sabine": sabine, "lac": lac, "mrc": mrc, "mada": mada, "family": family}


class TestTheSections:
    def test_every_section_with_accessible_tables(self, client, etchemins):
        html = get(client, "mrc:28")
        for title in (
            "summary-title",
            "plans-title",
            "planning-load-title",
            "integration-title",
            "contributions-title",
            "resources-title",
        ):
            assert f'id="{title}"' in html, title
        assert html.count("<table") == html.count("<caption")
        assert 'scope="col"' in html and 'scope="row"' in html
        assert "2 plans and policies are in force on this territory." in html

    def test_plans_are_grouped_and_flagged(self, client, etchemins):
        html = get(client, "mrc:28")
        [mada_row] = [row for row in rows(html, "plans-in_force-table") if "Sainte-Sabine" in row]
        assert "Nobody accompanies it" in mada_row and "No progress for 12 months" in mada_row
        assert f'href="/plans/{etchemins["mada"].pk}/"' in mada_row or "/plans/" in mada_row
        assert '<a href="/territoires/municipality:28065/plans/">Sainte-Sabine</a>' in mada_row
        [family_row] = [row for row in rows(html, "plans-in_force-table") if "Politique familiale" in row]
        assert "Nobody accompanies it" not in family_row and "No progress" not in family_row
        assert "60.0 %" in family_row  # (80 + 40) / 2
        assert "30.0 %" in mada_row
        assert "Plan de développement social des Etchemins" in table(html, "plans-drafting-table")
        assert "Ancienne politique jeunesse" in table(html, "plans-other-table")

    def test_the_smallest_municipality_carries_the_heaviest_load(self, client, etchemins):
        html = get(client, "mrc:28")
        first, second = rows(html, "planning-load-table")[:2]
        assert 'href="/territoires/municipality:28065/plans/"' in first
        assert "Lac-Etchemin" in second
        cells = re.findall(r'<td class="num">([^<]*)</td>', first)
        assert cells[0] == "1" and cells[2:] == ["1", "1", "1", "1"]  # rank, …, plans, own, unaccompanied, stalled
        assert "chart-planning-load" in html

    def test_integration_says_the_share_aiming_at_public_policies(self, client, etchemins):
        html = get(client, "mrc:28")
        assert "33 % of the actions aim at public policies." in html
        levels = table(html, "levels-table")
        assert "Public policies" in levels
        owners = table(html, "integration-owners-table")
        assert "Sainte-Sabine" in owners and "Lac-Etchemin" in owners

    def test_contributions_keep_dollars_and_hours_apart(self, client, etchemins):
        html = get(client, "mrc:28")
        sectors = table(html, "contributions-sectors-table")
        municipal = next(row for row in rows(html, "contributions-sectors-table") if "Municipal" in row)
        assert "10,000 $" in municipal and "4,000 $" in municipal and "0 h" in municipal
        health = next(row for row in rows(html, "contributions-sectors-table") if "Health" in row)
        assert "120 h" in health and "30 h" in health
        assert "All sectors" in sectors
        organisations = table(html, "contributions-organizations-table")
        assert "Municipalité de Lac-Etchemin" in organisations and "/organismes/" in organisations

    def test_resources_by_kind_of_place(self, client, etchemins):
        html = get(client, "mrc:28")
        resources = rows(html, "resources-table")
        assert resources and all("$" in row for row in resources)

    def test_downloads_are_offered(self, client, etchemins):
        html = get(client, "mrc:28")
        for slug in FIGURES:
            assert f"/territoires/mrc:28/plans/donnees/{slug}.csv?date=2025-06-01" in html, slug
            assert f"/territoires/mrc:28/plans/donnees/{slug}.xlsx?date=2025-06-01" in html, slug

    def test_a_municipality_sees_its_own_plans(self, client, etchemins):
        html = get(client, "municipality:28065")
        assert "Politique MADA de Sainte-Sabine" in html
        assert "Politique familiale de Lac-Etchemin" not in html


class TestEdges:
    def test_a_territory_without_plan_says_so_in_one_sentence(self, client):
        html = get(client, "mrc:23")
        assert "No plan or policy covering this territory is recorded." in html
        assert "<table" not in html

    def test_as_of_a_date_before_the_plans(self, client, etchemins):
        html = get(client, "mrc:28", "?date=2021-06-01")
        assert 'id="plans-in_force-table"' not in html
        assert "No plan or policy is in force on this territory on this date." in html

    def test_a_wrong_date_shows_today_with_a_message(self, client, etchemins):
        html = get(client, "mrc:28", "?date=2024-13-45")
        assert "2024-03-15" in html

    def test_an_unknown_territory_is_not_found(self, client):
        assert client.get(url("mrc:99999")).status_code == 404

    def test_a_private_concertation_plan_is_left_out_for_outsiders(self, client, etchemins):
        secret = ConcertationFactory.create(name="Comité restreint", is_public=False)
        secret.territories.add(etchemins["mrc"])
        plan("Plan confidentiel Zq7", concertation=secret, covers=[etchemins["sabine"]])
        assert "Plan confidentiel Zq7" not in get(client, "mrc:28")
        assert (
            b"Plan confidentiel Zq7" not in client.get("/territoires/mrc:28/plans/donnees/plans.csv" + DATE).getvalue()
        )
        client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
        assert "Plan confidentiel Zq7" in get(client, "mrc:28")

    def test_french_first(self, client, etchemins):
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
        response = client.get(url("mrc:28"))
        assert '<html lang="fr' in response.content.decode()

    def test_the_territory_page_links_to_it(self, client):
        response = client.get("/territoires/mrc:28/")
        assert 'href="/territoires/mrc:28/plans/"' in response.content.decode()


def build(count: int, mrc: Territory) -> None:
    """`count` plans in force over the MRC's municipalities, each with an action, an update, an accompanier
    and a contribution from a new organisation."""
    towns = list(Territory.objects.filter(parent=mrc).order_by("code")[:4])
    for number in range(count):
        target = plan(f"Plan numéro {number}", owner=towns[number % len(towns)], covers=towns)
        item = action(
            target, f"Action {number}", dimensions=["social", "cultural"], level=ChangeLevel.LIVING_CONDITIONS
        )
        progress_record(action=item, on=dt.date(2025, 1, 1), percent=number % 100, acting_user=ACTOR)
        partner = OrganizationFactory.create()
        accompaniment_start(plan=target, organization=partner, start=dt.date(2023, 1, 15), acting_user=ACTOR)
        contribution_record(
            action=item,
            data=ContributionData(organization=partner, kind=ContributionKind.MONEY, committed=Decimal(1000)),
            acting_user=ACTOR,
        )


def test_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    mrc = place("mrc:28")
    build(2, mrc)
    with django_assert_max_num_queries(40) as small:
        get(client, "mrc:28")
    build(10, mrc)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = get(client, "mrc:28")
    assert len(rows(html, "plans-in_force-table")) == 12


class TestDownloads:
    def test_each_figure_in_both_formats_holds_the_same_rows(self, client, etchemins):
        for slug in FIGURES:
            response = client.get(f"/territoires/mrc:28/plans/donnees/{slug}.csv{DATE}")
            assert response.status_code == 200, slug
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            lines = list(csv.reader(io.StringIO(text), delimiter=";"))
            workbook = load_workbook(
                io.BytesIO(client.get(f"/territoires/mrc:28/plans/donnees/{slug}.xlsx{DATE}").getvalue())
            )
            sheet = workbook.active
            assert sheet is not None
            assert sheet.max_row == len(lines), slug

    def test_the_plans_file_lists_every_plan_with_its_flags(self, client, etchemins):
        response = client.get(f"/territoires/mrc:28/plans/donnees/plans.csv{DATE}")
        assert 'filename="plans-mrc-28-plans-2025-06-01.csv"' in response["Content-Disposition"]
        lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
        mada = next(line for line in lines if line[0] == "Politique MADA de Sainte-Sabine")
        assert mada[9:12] == ["Yes", "Yes", "30.0"]
        assert len(lines) == 5  # the header and the four plans

    def test_unknown_figure_or_format_is_not_found(self, client):
        assert client.get("/territoires/mrc:28/plans/donnees/inconnu.csv").status_code == 404
        assert client.get("/territoires/mrc:28/plans/donnees/plans.pdf").status_code == 404

    def test_queries_do_not_grow_with_the_data(self, client, django_assert_max_num_queries):
        mrc = place("mrc:28")
        build(2, mrc)
        with django_assert_max_num_queries(40) as small:
            client.get(f"/territoires/mrc:28/plans/donnees/plans.csv{DATE}").getvalue()
        build(6, mrc)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(f"/territoires/mrc:28/plans/donnees/plans.csv{DATE}").getvalue()
