"""Plans in the JSON API: the list and its filters, one plan with everything it holds, the planning analysis
of a territory, the plans of private concertations hidden from those who may not see them, the people who
accompany a plan named only with their consent, and a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.plans.models import Plan, PlanKind, PlanStage
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
    StageChangeFactory,
    UserFactory,
    api_key,
    theme,
)

pytestmark = pytest.mark.django_db

SAINTE_SABINE = "municipality:28065"


def municipality(public_id: str = SAINTE_SABINE) -> Territory:
    kind, code = public_id.split(":")
    return Territory.objects.get(kind=kind, code=code)


def _plan(*, name: str = "Politique MADA de Sainte-Sabine", actions: int = 2, **values) -> Plan:
    """A municipality's policy in implementation, with objectives, actions, updates and contributions."""
    place = municipality()
    values.setdefault("owner_territory", place)
    values.setdefault("owner_concertation", None)
    plan = PlanFactory.create(
        name=name, kind=PlanKind.MADA, stage=PlanStage.IMPLEMENTATION, stage_since=dt.date(2024, 2, 1), **values
    )
    plan.territories.set([place])
    plan.themes.set([theme("aines-mada")])
    StageChangeFactory.create(plan=plan, stage=PlanStage.DRAFTING, on=dt.date(2023, 1, 10))
    StageChangeFactory.create(plan=plan, stage=PlanStage.IMPLEMENTATION, on=dt.date(2024, 2, 1))
    plan.documents.create(title="La politique", url=f"https://www.exemple.demo/{plan.pk}.pdf")
    for number in range(2):
        objective = ObjectiveFactory.create(plan=plan, title=f"Objectif {number}")
        for _ in range(actions):
            action = ActionFactory.create(objective=objective, dimensions=["social"], change_level="conditions")
            action.co_leaders.set([OrganizationFactory.create(acronym="")])
            action.partners.set([OrganizationFactory.create(acronym="")])
            action.themes.set([theme("aines-mada")])
            ProgressUpdateFactory.create(action=action, on=dt.date(2024, 6, 1), percent=40)
            ContributionFactory.create(action=action, kind="money", committed=1000, delivered=500)
            ContributionFactory.create(action=action, kind="staff_hours", committed=20)
    return plan


def test_the_list_filters_by_territory_kind_stage_and_words(client):
    mada = _plan()
    other = PlanFactory.create(name="Plan d'action concerté de Beauport", stage=PlanStage.DRAFTING)
    other.territories.set([Territory.objects.get(kind="borough", code="REQ05")])

    body = client.get("/api/v1/plans").json()
    assert body["count"] == 2
    assert [row["name"] for row in body["results"]] == [other.name, mada.name]

    def names(**params):
        response = client.get("/api/v1/plans", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert names(territory="mrc:28") == [mada.pk]
    assert names(territory="region:03") == [other.pk]
    assert names(kind="mada") == [mada.pk]
    assert names(stage="drafting") == [other.pk]
    assert names(q="sainte sabine") == [mada.pk]
    row = client.get("/api/v1/plans", {"kind": "mada"}).json()["results"][0]
    assert row["owner_territory"] == SAINTE_SABINE
    assert row["territories"] == [SAINTE_SABINE]
    assert row["themes"] == ["aines-mada"]
    assert client.get("/api/v1/plans", {"territory": "region:99"}).status_code == 422
    assert client.get("/api/v1/plans", {"stage": "nowhere"}).status_code == 422


def test_one_plan_with_its_stages_objectives_actions_progress_and_contributions(client):
    plan = _plan()

    response = client.get(f"/api/v1/plans/{plan.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "implementation"
    assert [change["stage"] for change in body["stage_changes"]] == ["drafting", "implementation"]
    assert body["documents"][0]["title"] == "La politique"
    assert body["progress"] == 40.0
    assert body["unaccompanied"] is True
    assert len(body["objectives"]) == 2
    action = body["objectives"][0]["actions"][0]
    assert action["progress"] == 40
    assert action["dimensions"] == ["social"] and action["change_level"] == "conditions"
    assert len(action["co_leaders"]) == 1 and len(action["partners"]) == 1
    assert action["progress_updates"] == [{"on": "2024-06-01", "percent": 40, "text": "Les rencontres ont eu lieu."}]
    kinds = {c["kind"]: c for c in action["contributions"]}
    assert kinds["money"]["unit"] == "dollars" and kinds["money"]["delivered"] == 500.0
    assert kinds["staff_hours"]["unit"] == "hours" and kinds["staff_hours"]["committed"] == 20.0
    assert len(body["contributors"]) == 8
    assert body["contributors"][0]["dollars_committed"] == 1000.0


def test_an_unknown_plan_is_a_404_that_names_it(client, db):
    response = client.get("/api/v1/plans/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_a_person_accompanying_a_plan_is_named_only_with_consent(client):
    plan = _plan(actions=0)
    hidden = PersonFactory.create(given_name="Secrète", public_consent=False)
    known = PersonFactory.create(given_name="Connue", public_consent=True)
    AccompanimentFactory.create(plan=plan, person=hidden)
    AccompanimentFactory.create(plan=plan, person=known, stage=PlanStage.DRAFTING)

    body = client.get(f"/api/v1/plans/{plan.pk}").json()

    people = [a["person"] for a in body["accompaniments"]]
    assert people == [None, {"id": known.pk, "name": known.full_name}]
    assert "Secrète" not in str(body)
    assert all(a["organization"]["name"] for a in body["accompaniments"])
    assert body["unaccompanied"] is False


def test_a_plan_of_a_private_concertation_is_hidden_from_those_who_may_not_see_it(client):
    private = ConcertationFactory.create(is_public=False, name="Comité restreint")
    plan = _plan(name="Plan du comité restreint", owner_territory=None, owner_concertation=private)

    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    assert client.get("/api/v1/plans").json()["count"] == 0
    stranger = UserFactory.create()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_key(stranger)}"}
    assert client.get(f"/api/v1/plans/{plan.pk}", **headers).status_code == 404

    admin = UserFactory.create(is_superuser=True, is_staff=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_key(admin)}"}
    assert client.get(f"/api/v1/plans/{plan.pk}", **headers).status_code == 200
    assert client.get("/api/v1/plans", **headers).json()["count"] == 1


def test_the_number_of_queries_does_not_grow_with_the_plan(client):
    small = _plan(name="Petite", actions=1)
    large = _plan(name="Grande", actions=6)
    client.get(f"/api/v1/plans/{small.pk}")  # warm the caches shared by every request
    cache.clear()  # but not the answer itself: its computation is measured

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/v1/plans/{small.pk}").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/api/v1/plans/{large.pk}").status_code == 200
    assert len(few) == len(many)

    with CaptureQueriesContext(connection) as page_of_two:
        client.get("/api/v1/plans")
    for number in range(5):
        _plan(name=f"Autre {number}", actions=0)
    with CaptureQueriesContext(connection) as page_of_seven:
        client.get("/api/v1/plans")
    assert len(page_of_two) == len(page_of_seven)


def test_the_planning_analysis_of_a_territory(client):
    plan = _plan()
    mrc = "mrc:28"

    response = client.get(f"/api/v1/territories/{mrc}/planning", {"date": "2025-01-15"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["territory"]["id"] == mrc and body["date"] == "2025-01-15"
    assert [row["id"] for row in body["load"]["plans"]] == [plan.pk]
    assert body["load"]["unaccompanied"] == [plan.pk]
    sabine = next(row for row in body["load"]["municipalities"] if row["municipality"]["id"] == SAINTE_SABINE)
    assert sabine["plans"] == [plan.pk] and sabine["owned"] == [plan.pk]
    assert body["integration"]["actions"] == 4
    assert body["contributions"]["total"]["dollars_committed"] == 4000.0
    assert body["contributions"]["total"]["hours_committed"] == 80.0
    assert isinstance(body["summary"], list)

    assert client.get("/api/v1/territories/region:99/planning").status_code == 404
    assert client.get(f"/api/v1/territories/{mrc}/planning", {"date": "2025-02-30"}).status_code == 422


def test_the_planning_analysis_leaves_out_private_plans_and_keeps_its_query_count(client):
    private = ConcertationFactory.create(is_public=False)
    private.territories.set([municipality()])
    _plan(name="Privé", owner_territory=None, owner_concertation=private)
    url = "/api/v1/territories/mrc:28/planning"

    body = client.get(url, {"date": "2025-01-15"}).json()
    assert body["load"]["plans"] == []

    _plan(name="Public")
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"date": "2025-01-16"})
    _plan(name="Public 2", actions=5)
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"date": "2025-01-16"})
    assert len(first) == len(second)


def test_a_parameter_with_a_nul_character_is_refused_on_that_parameter(client):
    # PostgreSQL refuses NUL even in a query's condition: the API answers 422, never 500.
    for path, params in (
        ("/api/v1/plans", {"q": "familiale\x00"}),
        ("/api/v1/concertations", {"theme": "culture\x00"}),
        ("/api/v1/services", {"theme": "\x00"}),
    ):
        response = client.get(path, params)
        assert response.status_code == 422, path
        assert [error["parameter"] for error in response.json()["errors"]] == [next(iter(params))]
