"""The admin writes plans, objectives and actions through the services, and shows the rest to read."""

from __future__ import annotations

import pytest

from arrimage.plans.models import Action, Plan, PlanStage
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory.create(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_a_plan_is_created_through_the_services(client, admin):
    sabine = Territory.objects.by_code("municipality:28065").get()
    response = client.post(
        "/admin/plans/plan/add/",
        {
            "name": "  Politique   MADA ",
            "kind": "mada",
            "owner_territory": sabine.pk,
            "territories": [sabine.pk],
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert plan.name == "Politique MADA" and plan.stage == PlanStage.DRAFTING
    assert plan.stage_changes.count() == 1
    assert plan.history.get().history_user == admin


def test_a_plan_refused_by_the_services_saves_nothing(client, admin):
    response = client.post("/admin/plans/plan/add/", {"name": "Sans porteur", "kind": "mada"})
    assert response.status_code == 200  # the form shows why
    assert not Plan.objects.exists()


def test_an_action_is_created_through_the_services(client, admin):
    objective = ObjectiveFactory.create()
    leader = OrganizationFactory.create()
    response = client.post(
        "/admin/plans/action/add/",
        {
            "objective": objective.pk,
            "title": "Popote roulante",
            "co_leaders": [leader.pk],
            "dimensions": '["social"]',
            "status": "planned",
            "order": 0,
            "weight": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get()
    assert list(action.co_leaders.all()) == [leader]
    assert action.history.get().history_user == admin


@pytest.mark.parametrize(
    "page", ["stagechange", "accompaniment", "plandocument", "progressupdate", "contribution", "plan", "action"]
)
def test_every_list_shows(client, admin, page):
    AccompanimentFactory.create()
    ProgressUpdateFactory.create()
    ContributionFactory.create()
    assert client.get(f"/admin/plans/{page}/").status_code == 200


def test_progress_and_contributions_are_read_only(client, admin):
    update = ProgressUpdateFactory.create()
    assert client.get("/admin/plans/progressupdate/add/").status_code == 403
    response = client.post(f"/admin/plans/progressupdate/{update.pk}/change/", {"percent": 500})
    assert response.status_code == 403
