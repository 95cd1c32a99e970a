"""The plans' public pages: the plan page a citizen reads in two minutes, the list with its filters, and the
plans shown on the concertation and organisation pages — with people named only when allowed, private
concertations' plans hidden, and a number of queries that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arrimage.access.models import RoleKind
from arrimage.concertation.models import Concertation
from arrimage.plans.models import Action, ActionStatus, ContributionKind, Plan, PlanStage
from arrimage.plans.services import progress_record
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RoleGrantFactory,
    StageChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def sainte_sabine() -> Territory:
    return Territory.objects.by_code("municipality:28065").get()


@pytest.fixture
def table(sainte_sabine: Territory) -> Concertation:
    concertation = ConcertationFactory.create(name="Comité famille de Sainte-Sabine")
    concertation.territories.set([sainte_sabine])
    return concertation


def add_objective(plan: Plan, title: str, percents: list[int | None], *, weight: int = 1) -> Any:
    """An objective with one action per percentage (None: an action without an update)."""
    objective = ObjectiveFactory.create(plan=plan, title=title, weight=weight)
    for index, percent in enumerate(percents):
        action = ActionFactory.create(objective=objective, title=f"{title} — action {index + 1}")
        if percent is not None:
            ProgressUpdateFactory.create(action=action, on=days_ago(30), percent=percent)
    return objective


@pytest.fixture
def plan(sainte_sabine: Territory, table: Concertation) -> Plan:
    plan = PlanFactory.create(
        name="Politique familiale et des aînés de Sainte-Sabine",
        kind="mada",
        owner_territory=sainte_sabine,
        owner_concertation=table,
        stage=PlanStage.IMPLEMENTATION,
        stage_since=days_ago(400),
        adoption_resolution="2022-11-112",
    )
    plan.territories.set([sainte_sabine])
    StageChangeFactory.create(plan=plan, stage=PlanStage.DRAFTING, on=days_ago(900))
    StageChangeFactory.create(plan=plan, stage=PlanStage.ADOPTED, on=days_ago(700))
    StageChangeFactory.create(plan=plan, stage=PlanStage.DRAFTING, on=days_ago(600), reason="Révision demandée")
    StageChangeFactory.create(plan=plan, stage=PlanStage.IMPLEMENTATION, on=days_ago(400))
    # Objective A (weight 2): 75 % (weight 2) and 100 %; objective B: 40 % and no update → 62.2 %.
    first = add_objective(plan, "Briser l'isolement des aînés", [75, None], weight=2)
    first.actions.last().progress_updates.create(on=days_ago(20), percent=100)
    first.actions.filter(pk=first.actions.first().pk).update(weight=2)
    add_objective(plan, "Des loisirs pour les familles", [40, None])
    return plan


def first_action(plan: Plan) -> Action:
    return Action.objects.filter(objective__plan=plan).order_by("objective__order", "objective__pk", "order", "pk")[0]


def page(client: Any, plan: Plan) -> Any:
    return client.get(reverse("registry:plan_detail", args=[plan.pk]))


# The plan page ---------------------------------------------------------------------------------------


def test_the_plan_page_says_what_the_plan_is_and_how_far_it_has_gone(
    client: Any, plan: Plan, table: Concertation
) -> None:
    response = page(client, plan)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Politique familiale et des aînés de Sainte-Sabine" in html
    assert reverse("territories:detail", args=["municipality:28065"]) in html
    assert table.get_absolute_url() in html
    assert "2022-11-112" in html
    assert response.context["percent"] == 62.2
    assert [view.percent for view in response.context["objectives"]] == [83.3, 20.0]
    assert 'value="62.2"' in html and "62,2" in html
    assert 'aria-label="Avancement de l’ensemble du plan"' in html or "<progress" in html


def test_the_stage_timeline_shows_the_way_back_with_its_reason(client: Any, plan: Plan) -> None:
    response = page(client, plan)
    steps = response.context["steps"]
    assert [step.went_back for step in steps] == [False, False, True, False]
    assert "Révision demandée" in response.content.decode()


def test_a_plan_in_force_without_anyone_accompanying_it_is_flagged_and_stale(client: Any, plan: Plan) -> None:
    response = page(client, plan)
    assert response.context["unaccompanied"] is True
    # Its updates are recent: it is not stale.
    assert response.context["stale"] is False
    AccompanimentFactory.create(plan=plan, start_date=days_ago(100))
    assert page(client, plan).context["unaccompanied"] is False


def test_a_plan_without_progress_for_a_year_is_flagged_stale(client: Any, sainte_sabine: Territory) -> None:
    old = PlanFactory.create(
        owner_territory=sainte_sabine,
        owner_concertation=None,
        stage=PlanStage.IMPLEMENTATION,
        stage_since=days_ago(800),
    )
    action = ActionFactory.create(objective=ObjectiveFactory.create(plan=old))
    ProgressUpdateFactory.create(action=action, on=days_ago(500), percent=30)
    response = page(client, old)
    assert response.context["stale"] is True
    assert "plan-flag--stale" in response.content.decode()


def test_who_gives_what_keeps_dollars_and_hours_apart_with_totals(client: Any, plan: Plan) -> None:
    action = first_action(plan)
    cdc, ciusss = OrganizationFactory.create(name="CDC des Etchemins"), OrganizationFactory.create(name="CISSS")
    ContributionFactory.create(
        action=action, organization=cdc, kind=ContributionKind.MONEY, committed=5000, delivered=2000
    )
    ContributionFactory.create(action=action, organization=cdc, kind=ContributionKind.STAFF_HOURS, committed=40)
    ContributionFactory.create(
        action=action, organization=ciusss, kind=ContributionKind.EXPERTISE, committed=10, delivered=10
    )
    gives = page(client, plan).context["contributions"]
    by_name = {row.organization.name: row for row in gives.rows}
    assert by_name["CDC des Etchemins"].dollars.committed == Decimal(5000)
    assert by_name["CDC des Etchemins"].hours.committed == Decimal(40)
    assert by_name["CISSS"].hours.delivered == Decimal(10)
    assert gives.dollars.committed == Decimal(5000) and gives.dollars.delivered == Decimal(2000)
    assert gives.hours.committed == Decimal(50) and gives.hours.delivered == Decimal(10)


def test_an_accompanying_person_is_named_only_when_allowed(client: Any, plan: Plan) -> None:
    shy = PersonFactory.create(given_name="Geneviève", family_name="Discrète", public_consent=False)
    public = PersonFactory.create(given_name="Paul", family_name="Public", public_consent=True)
    AccompanimentFactory.create(plan=plan, person=shy, start_date=days_ago(10))
    AccompanimentFactory.create(plan=plan, person=public, start_date=days_ago(10), stage=PlanStage.ADOPTED)
    html = page(client, plan).content.decode()
    assert "Discrète" not in html
    assert "Paul Public" in html
    admin = UserFactory.create(is_superuser=True)
    client.force_login(admin)
    assert "Discrète" in page(client, plan).content.decode()


def test_a_plan_of_a_private_concertation_is_hidden_from_those_who_may_not_see_it(
    client: Any, plan: Plan, table: Concertation
) -> None:
    table.is_public = False
    table.save()
    assert page(client, plan).status_code == 404
    assert plan.name not in client.get(reverse("registry:plan_list")).content.decode()
    coordinator = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    client.force_login(coordinator)
    assert page(client, plan).status_code == 200
    assert plan.name in client.get(reverse("registry:plan_list")).content.decode()


def test_an_unknown_plan_is_404(client: Any, db: None) -> None:
    assert client.get(reverse("registry:plan_detail", args=[999999])).status_code == 404


def test_edit_links_only_for_those_who_may_edit(client: Any, plan: Plan, table: Concertation) -> None:
    edit = reverse("registry:plan_edit", args=[plan.pk])
    assert edit not in page(client, plan).content.decode()
    client.force_login(UserFactory.create())
    assert edit not in page(client, plan).content.decode()
    client.force_login(RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user)
    html = page(client, plan).content.decode()
    assert edit in html
    action = first_action(plan)
    assert reverse("registry:progress_record", args=[action.pk]) in html


def test_a_cancelled_action_is_shown_but_leaves_the_progress(client: Any, plan: Plan) -> None:
    objective = plan.objectives.order_by("-pk")[0]
    objective.actions.filter(progress_updates__isnull=True).update(status=ActionStatus.CANCELLED)
    response = page(client, plan)
    assert [view.percent for view in response.context["objectives"]][1] == 40.0
    assert "Annulée" in response.content.decode() or "Annulé" in response.content.decode()


def queries(client: Any, url: str) -> int:
    """The queries of computing the page: its cached parts are left behind first."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_the_plan_page_reads_a_fixed_number_of_queries(client: Any, plan: Plan, signed_in: bool) -> None:
    if signed_in:
        client.force_login(UserFactory.create(is_superuser=True))
    for _index in range(2):
        AccompanimentFactory.create(plan=plan, person=PersonFactory.create(), start_date=days_ago(10))
    url = reverse("registry:plan_detail", args=[plan.pk])
    before = queries(client, url)
    # The plan with everything its page shows (13), the registry's data version (the key of the cached
    # actions), and for a signed-in visitor the session, the user and the concertations of the
    # accompanying people (to know whom they may see named), and its practice notes (one query).
    assert before == (18 if signed_in else 15)
    for index in range(3):
        objective = add_objective(plan, f"Objectif {index}", [10, 20, None])
        for action in objective.actions.all():
            action.co_leaders.add(OrganizationFactory.create())
            action.partners.add(OrganizationFactory.create())
            ContributionFactory.create(action=action)
    AccompanimentFactory.create(plan=plan, person=PersonFactory.create(), start_date=days_ago(5))
    assert queries(client, url) == before


# The list --------------------------------------------------------------------------------------------


def test_the_list_filters_by_text_without_accents_kind_stage_and_territory(
    client: Any, plan: Plan, sainte_sabine: Territory
) -> None:
    other = PlanFactory.create(name="Plan d'action de Québec", kind="concerted_action")
    url = reverse("registry:plan_list")
    response = client.get(url, {"q": "aines sainte sabine"})
    names = [row[0].name for row in response.context["rows"]]
    assert names == [plan.name]
    assert "62,2" in response.content.decode()
    assert [row[0] for row in client.get(url, {"type": "mada"}).context["rows"]] == [plan]
    assert [row[0] for row in client.get(url, {"etape": "implementation"}).context["rows"]] == [plan]
    assert [row[0] for row in client.get(url, {"territoire": "mrc:28"}).context["rows"]] == [plan]
    assert {row[0] for row in client.get(url).context["rows"]} == {plan, other}
    assert client.get(url, {"type": "nope"}).status_code == 422


def test_the_list_reads_a_fixed_number_of_queries(client: Any, plan: Plan) -> None:
    url = reverse("registry:plan_list")
    before = queries(client, url)
    for _index in range(4):
        extra = PlanFactory.create()
        add_objective(extra, "Objectif", [50, None])
    assert queries(client, url) == before


def test_the_list_is_paginated(client: Any, db: None) -> None:
    PlanFactory.create_batch(51)
    response = client.get(reverse("registry:plan_list"), {"page": 2})
    assert len(response.context["rows"]) == 1
    assert "Page 2 de 2" in response.content.decode() or "Page 2" in response.content.decode()


# The concertation's and the organisation's pages -------------------------------------------------------


def test_the_concertation_page_lists_its_plans_with_their_progress(
    client: Any, plan: Plan, table: Concertation
) -> None:
    response = client.get(table.get_absolute_url())
    html = response.content.decode()
    assert reverse("registry:plan_detail", args=[plan.pk]) in html
    assert "62,2" in html
    assert reverse("registry:plan_create") not in html
    client.force_login(RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user)
    assert (
        f"{reverse('registry:plan_create')}?concertation={table.pk}"
        in client.get(table.get_absolute_url()).content.decode()
    )


def test_the_concertation_page_plans_add_a_fixed_number_of_queries(
    client: Any, plan: Plan, table: Concertation
) -> None:
    url = table.get_absolute_url()
    before = queries(client, url)
    for _index in range(3):
        add_objective(PlanFactory.create(owner_concertation=table), "Objectif", [20])
    assert queries(client, url) == before


def test_the_organisation_page_lists_the_actions_it_co_leads_and_its_contributions(
    client: Any, plan: Plan, table: Concertation
) -> None:
    organization = OrganizationFactory.create(name="Maison de la famille")
    action = first_action(plan)
    action.co_leaders.add(organization)
    ContributionFactory.create(
        action=action, organization=organization, kind=ContributionKind.STAFF_HOURS, committed=12
    )
    url = organization.get_absolute_url()
    response = client.get(url)
    html = response.content.decode()
    assert f"#action-{action.pk}" in html
    assert reverse("registry:plan_detail", args=[plan.pk]) in html
    assert "12 heures" in html or "12 hours" in html
    before = queries(client, url)
    for _index in range(3):
        other = ActionFactory.create(objective=ObjectiveFactory.create(plan=PlanFactory.create()))
        other.co_leaders.add(organization)
        ContributionFactory.create(action=other, organization=organization)
    assert queries(client, url) == before
    # A private concertation's plan is not shown to anonymous visitors.
    table.is_public = False
    table.save()
    assert reverse("registry:plan_detail", args=[plan.pk]) not in client.get(url).content.decode()


def test_the_actions_are_kept_until_the_registry_changes(client: Any, plan: Plan) -> None:
    """The objectives, actions and contributions are kept rendered under the registry's data version: a
    write that raises no version (a bulk update) does not show, one through the services shows at once."""
    objective = add_objective(plan, "Objectif gardé", [10])
    action = objective.actions.get()
    url = reverse("registry:plan_detail", args=[plan.pk])
    assert "Objectif gardé — action 1" in client.get(url).content.decode()
    Action.objects.filter(pk=action.pk).update(title="Titre changé en bloc")  # no signal, no new version
    assert "Objectif gardé — action 1" in client.get(url).content.decode()
    progress_record(action=action, on=timezone.localdate(), percent=90, acting_user=None, text="Presque fini.")
    page = client.get(url).content.decode()
    assert "Presque fini." in page and "Titre changé en bloc" in page
