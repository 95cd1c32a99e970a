"""The plans' edit pages: who may use them, one service call per save, bad input refused with a French
message on the field concerned and nothing saved, stale edits refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from arrimage.access.models import RoleKind
from arrimage.concertation.models import Concertation
from arrimage.plans.models import (
    Accompaniment,
    Action,
    Contribution,
    Objective,
    Plan,
    PlanDocument,
    PlanStage,
    ProgressUpdate,
    StageChange,
)
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RoleGrantFactory,
    SeatFactory,
    StageChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def french(message: str) -> str:
    """The French of an English source string, which the catalogue must hold."""
    with translation.override("fr"):
        translated = translation.gettext(message)
    assert translated != message, f"Not translated into French: {message!r}"
    return translated


def field_errors(response: Any, name: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(name, [])]


# The plan and the people around it -------------------------------------------------------------------


@pytest.fixture
def etchemins(db: None) -> Territory:
    return Territory.objects.get(kind="mrc", name="Les Etchemins")


@pytest.fixture
def sainte_sabine(etchemins: Territory) -> Territory:
    return Territory.objects.by_code("municipality:28065").get()


@pytest.fixture
def outside(etchemins: Territory) -> Territory:
    return Territory.objects.filter(kind="municipality").exclude(parent=etchemins).order_by("code")[0]


@pytest.fixture
def table(sainte_sabine: Territory) -> Concertation:
    concertation = ConcertationFactory.create(name="Comité famille de Sainte-Sabine")
    concertation.territories.set([sainte_sabine])
    return concertation


@pytest.fixture
def plan(sainte_sabine: Territory, table: Concertation) -> Plan:
    plan = PlanFactory.create(
        name="Politique MADA de Sainte-Sabine",
        kind="mada",
        owner_territory=sainte_sabine,
        owner_concertation=table,
        stage=PlanStage.ADOPTED,
        stage_since=dt.date(2024, 3, 1),
    )
    plan.territories.set([sainte_sabine])
    StageChangeFactory.create(plan=plan, stage=PlanStage.DRAFTING, on=dt.date(2023, 1, 10))
    StageChangeFactory.create(plan=plan, stage=PlanStage.ADOPTED, on=dt.date(2024, 3, 1))
    return plan


@pytest.fixture
def action(plan: Plan) -> Action:
    return ActionFactory.create(objective=ObjectiveFactory.create(plan=plan), title="Un café des aînés")


USERS = ["anonymous", "member", "other_coordinator", "coordinator", "editor_in", "editor_out", "admin"]
ALLOWED = {"coordinator", "editor_in", "admin"}


def make_user(kind: str, table: Concertation, etchemins: Territory, outside: Territory) -> Any:
    if kind == "anonymous":
        return None
    if kind == "member":
        user = UserFactory.create()
        MembershipFactory.create(seat=SeatFactory.create(concertation=table), person=PersonFactory.create(user=user))
        return user
    if kind == "other_coordinator":
        return RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=ConcertationFactory.create()).user
    if kind == "coordinator":
        return RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user
    if kind == "editor_in":
        return RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=etchemins).user
    if kind == "editor_out":
        return RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=outside.parent).user
    return UserFactory.create(is_superuser=True, is_staff=True)


@pytest.fixture
def coordinator(table: Concertation) -> Any:
    return RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=table).user


@pytest.fixture
def signed_in(client: Any, coordinator: Any) -> Any:
    client.force_login(coordinator)
    return client


def edit_urls(plan: Plan, action: Action) -> list[str]:
    document = PlanDocument.objects.create(plan=plan, title="La politique", url="https://exemple.demo/mada.pdf")
    accompaniment = AccompanimentFactory.create(plan=plan, start_date=dt.date(2024, 3, 1))
    update = ProgressUpdateFactory.create(action=action)
    contribution = ContributionFactory.create(action=action)
    objective = action.objective
    return [
        reverse("registry:plan_edit", args=[plan.pk]),
        reverse("registry:plan_stage_change", args=[plan.pk]),
        reverse("registry:plan_document_add", args=[plan.pk]),
        reverse("registry:plan_document_remove", args=[document.pk]),
        reverse("registry:accompaniment_start", args=[plan.pk]),
        reverse("registry:accompaniment_end", args=[accompaniment.pk]),
        reverse("registry:objective_create", args=[plan.pk]),
        reverse("registry:objective_edit", args=[objective.pk]),
        reverse("registry:action_create", args=[objective.pk]),
        reverse("registry:action_edit", args=[action.pk]),
        reverse("registry:progress_record", args=[action.pk]),
        reverse("registry:progress_delete", args=[update.pk]),
        reverse("registry:contribution_record", args=[action.pk]),
        reverse("registry:contribution_edit", args=[contribution.pk]),
    ]


# Permission -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", USERS)
def test_who_may_open_the_edit_pages_of_a_plan(
    client: Any, kind: str, plan: Plan, action: Action, table: Concertation, etchemins: Territory, outside: Territory
) -> None:
    user = make_user(kind, table, etchemins, outside)
    if user is not None:
        client.force_login(user)
    for url in edit_urls(plan, action):
        response = client.get(url)
        if kind == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
        elif kind in ALLOWED:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("kind", ["anonymous", "member", "other_coordinator", "editor_out"])
def test_a_refused_post_saves_nothing(
    client: Any, kind: str, plan: Plan, action: Action, table: Concertation, etchemins: Territory, outside: Territory
) -> None:
    user = make_user(kind, table, etchemins, outside)
    if user is not None:
        client.force_login(user)
    url = reverse("registry:progress_record", args=[action.pk])
    response = client.post(url, {"on": "2024-06-01", "percent": "50"})
    assert response.status_code in {302, 403}
    assert not ProgressUpdate.objects.exists()
    response = client.post(
        reverse("registry:plan_stage_change", args=[plan.pk]), {"stage": "implementation", "on": "2024-06-01"}
    )
    assert response.status_code in {302, 403}
    assert Plan.objects.get(pk=plan.pk).stage == PlanStage.ADOPTED


@pytest.mark.parametrize("kind", USERS)
def test_who_may_create_a_plan(
    client: Any, kind: str, table: Concertation, etchemins: Territory, outside: Territory
) -> None:
    user = make_user(kind, table, etchemins, outside)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("registry:plan_create"))
    expected = {"anonymous": 302, "member": 403}.get(kind, 200)
    assert response.status_code == expected


# Plans ------------------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_plan_for_their_concertation(signed_in: Any, table: Concertation) -> None:
    url = reverse("registry:plan_create") + f"?concertation={table.pk}"
    form = signed_in.get(url).context["form"]
    assert form.initial["owner_concertation"] == table
    response = signed_in.post(
        url,
        {
            "name": "Plan d'action concerté 2025-2028",
            "kind": "concerted_action",
            "owner_concertation": f"{table.name} [{table.pk}]",
            "start": "2025-01-01",
            "end": "2028-12-31",
            "themes": [],
        },
    )
    created = Plan.objects.get(name="Plan d'action concerté 2025-2028")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:plan_detail", args=[created.pk])
    assert created.owner_concertation == table
    assert created.stage == PlanStage.DRAFTING


def test_a_territory_link_preselects_the_owner(client: Any, etchemins: Territory, sainte_sabine: Territory) -> None:
    client.force_login(make_user("editor_in", ConcertationFactory.create(), etchemins, sainte_sabine))
    form = client.get(reverse("registry:plan_create") + "?territory=municipality:28065").context["form"]
    assert form.initial["owner_territory"] == sainte_sabine


def test_an_editor_may_not_create_a_plan_outside_their_territory(
    client: Any, etchemins: Territory, outside: Territory, table: Concertation
) -> None:
    client.force_login(make_user("editor_in", table, etchemins, outside))
    response = client.post(
        reverse("registry:plan_create"),
        {"name": "Politique jeunesse", "kind": "youth", "owner_territory": outside.public_id},
    )
    assert response.status_code == 422
    assert field_errors(response, "owner_territory")
    assert not Plan.objects.filter(name="Politique jeunesse").exists()


def test_a_plan_needs_an_owner(signed_in: Any) -> None:
    response = signed_in.post(reverse("registry:plan_create"), {"name": "Sans propriétaire", "kind": "youth"})
    assert response.status_code == 422
    assert field_errors(response, "owner_territory")
    assert not Plan.objects.filter(name="Sans propriétaire").exists()


def test_editing_a_plan_and_a_stale_edit(signed_in: Any, plan: Plan, table: Concertation) -> None:
    url = reverse("registry:plan_edit", args=[plan.pk])
    data = {
        "name": "Politique MADA de Sainte-Sabine 2024-2027",
        "kind": "mada",
        "owner_territory": "municipality:28065",
        "owner_concertation": str(table.pk),
        "territories": "municipality:28065",
        "version": str(plan.version),
        "adoption_resolution": "2024-03-045",
    }
    assert signed_in.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.name == "Politique MADA de Sainte-Sabine 2024-2027" and plan.adoption_resolution == "2024-03-045"
    stale = signed_in.post(url, data | {"name": "Autre nom"})  # still the old version
    assert stale.status_code == 422
    assert Plan.objects.get(pk=plan.pk).name == "Politique MADA de Sainte-Sabine 2024-2027"


def test_a_horizon_ending_before_it_starts_is_refused(signed_in: Any, plan: Plan, table: Concertation) -> None:
    response = signed_in.post(
        reverse("registry:plan_edit", args=[plan.pk]),
        {
            "name": plan.name,
            "kind": "mada",
            "owner_concertation": str(table.pk),
            "start": "2026-01-01",
            "end": "2025-01-01",
        },
    )
    assert response.status_code == 422
    assert field_errors(response, "end") == [french("The horizon ends before it starts.")]


# Stages -----------------------------------------------------------------------------------------------


def test_moving_the_plan_forward(signed_in: Any, plan: Plan) -> None:
    url = reverse("registry:plan_stage_change", args=[plan.pk])
    response = signed_in.post(url, {"stage": "implementation", "on": "2024-06-01", "version": str(plan.version)})
    assert response.status_code == 302
    assert response["Location"].endswith("#stages")
    assert Plan.objects.get(pk=plan.pk).stage == PlanStage.IMPLEMENTATION


def test_going_back_without_a_reason_shows_the_french_message_on_the_reason(signed_in: Any, plan: Plan) -> None:
    url = reverse("registry:plan_stage_change", args=[plan.pk])
    before = StageChange.objects.count()
    response = signed_in.post(url, {"stage": "drafting", "on": "2024-06-01", "reason": " "})
    assert response.status_code == 422
    assert field_errors(response, "reason") == [french("Say why the plan goes back to an earlier stage.")]
    assert StageChange.objects.count() == before
    assert Plan.objects.get(pk=plan.pk).stage == PlanStage.ADOPTED
    assert "Nothing was saved" in response.content.decode() or "Rien n" in response.content.decode()
    # With a reason it is recorded.
    response = signed_in.post(
        url, {"stage": "drafting", "on": "2024-06-01", "reason": "Révision demandée par le conseil"}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).stage == PlanStage.DRAFTING


def test_a_stage_change_dated_before_the_previous_one_is_refused(signed_in: Any, plan: Plan) -> None:
    response = signed_in.post(
        reverse("registry:plan_stage_change", args=[plan.pk]), {"stage": "implementation", "on": "2020-01-01"}
    )
    assert response.status_code == 422
    assert field_errors(response, "on")


# Documents and accompaniments -------------------------------------------------------------------------


def test_linking_and_removing_a_document(signed_in: Any, plan: Plan) -> None:
    response = signed_in.post(
        reverse("registry:plan_document_add", args=[plan.pk]),
        {"title": "Politique MADA", "url": "https://exemple.demo/mada.pdf", "order": "0"},
    )
    assert response.status_code == 302
    document = PlanDocument.objects.get(plan=plan)
    again = signed_in.post(
        reverse("registry:plan_document_add", args=[plan.pk]),
        {"title": "Encore", "url": "https://exemple.demo/mada.pdf", "order": "0"},
    )
    assert again.status_code == 422 and field_errors(again, "url")
    assert signed_in.post(reverse("registry:plan_document_remove", args=[document.pk])).status_code == 302
    assert not PlanDocument.objects.exists()


def test_starting_and_ending_an_accompaniment(signed_in: Any, plan: Plan) -> None:
    cisss = OrganizationFactory.create(name="CISSS de Chaudière-Appalaches")
    response = signed_in.post(
        reverse("registry:accompaniment_start", args=[plan.pk]),
        {"organization": f"{cisss.name} [{cisss.pk}]", "stage": "implementation", "start": "2024-03-01"},
    )
    assert response.status_code == 302
    accompaniment = Accompaniment.objects.get(plan=plan)
    url = reverse("registry:accompaniment_end", args=[accompaniment.pk])
    early = signed_in.post(url, {"end": "2023-01-01"})
    assert early.status_code == 422
    assert field_errors(early, "end") == [french("The end date comes before the start date.")]
    assert signed_in.post(url, {"end": "2025-01-31"}).status_code == 302
    assert Accompaniment.objects.get(pk=accompaniment.pk).end_date == dt.date(2025, 1, 31)


# Objectives and actions -------------------------------------------------------------------------------


def test_adding_and_editing_an_objective(signed_in: Any, plan: Plan) -> None:
    url = reverse("registry:objective_create", args=[plan.pk])
    response = signed_in.post(url, {"title": "Briser l'isolement", "order": "1", "weight": "2"})
    objective = Objective.objects.get(plan=plan, title="Briser l'isolement")
    assert response["Location"].endswith(f"#objective-{objective.pk}")
    zero = signed_in.post(
        reverse("registry:objective_edit", args=[objective.pk]), {"title": "X", "order": "1", "weight": "0"}
    )
    assert zero.status_code == 422 and field_errors(zero, "weight")
    assert Objective.objects.get(pk=objective.pk).weight == Decimal(2)


def action_data(**changes: str) -> dict[str, Any]:
    return {"title": "Un café des aînés", "status": "in_progress", "order": "0", "weight": "1"} | changes


def test_adding_an_action_with_co_leaders_dimensions_and_change_level(signed_in: Any, plan: Plan) -> None:
    objective = ObjectiveFactory.create(plan=plan)
    cdc, fadoq = (
        OrganizationFactory.create(name="CDC des Etchemins"),
        OrganizationFactory.create(name="FADOQ Sainte-Sabine"),
    )
    response = signed_in.post(
        reverse("registry:action_create", args=[objective.pk]),
        action_data(
            co_leaders=f"{cdc.name} [{cdc.pk}]\n{fadoq.name}",
            dimensions=["social", "cultural"],  # type: ignore[arg-type]
            change_level="environments",
            start="2024-04-01",
            end="2025-03-31",
        ),
    )
    assert response.status_code == 302
    created = Action.objects.get(objective=objective)
    assert set(created.co_leaders.all()) == {cdc, fadoq}
    assert created.dimensions == ["social", "cultural"]
    assert created.change_level == "environments"


def test_an_action_ending_before_it_starts_is_refused_on_the_end_date(signed_in: Any, action: Action) -> None:
    response = signed_in.post(
        reverse("registry:action_edit", args=[action.pk]),
        action_data(start="2025-01-01", end="2024-01-01", version=str(action.version)),
    )
    assert response.status_code == 422
    assert field_errors(response, "end") == [french("The action ends before it starts.")]
    assert Action.objects.get(pk=action.pk).end_date is None


def test_a_stale_action_edit_is_refused(signed_in: Any, action: Action) -> None:
    url = reverse("registry:action_edit", args=[action.pk])
    assert signed_in.post(url, action_data(title="Nouveau titre", version=str(action.version))).status_code == 302
    stale = signed_in.post(url, action_data(title="Autre titre", version=str(action.version)))
    assert stale.status_code == 422
    assert Action.objects.get(pk=action.pk).title == "Nouveau titre"


# Progress ---------------------------------------------------------------------------------------------


def test_recording_and_withdrawing_progress(signed_in: Any, action: Action) -> None:
    url = reverse("registry:progress_record", args=[action.pk])
    response = signed_in.post(url, {"on": "2024-06-01", "percent": "40", "text": "Trois cafés ont eu lieu."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#action-{action.pk}")
    update = ProgressUpdate.objects.get(action=action)
    assert update.percent == 40
    assert signed_in.post(reverse("registry:progress_delete", args=[update.pk])).status_code == 302
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("percent", ["150", "101", "-5"])
def test_a_percentage_outside_0_to_100_is_refused_on_the_field(signed_in: Any, action: Action, percent: str) -> None:
    response = signed_in.post(
        reverse("registry:progress_record", args=[action.pk]), {"on": "2024-06-01", "percent": percent}
    )
    assert response.status_code == 422
    assert field_errors(response, "percent") == [french("The percentage done is between 0 and 100.")]
    assert not ProgressUpdate.objects.exists()


# Contributions ----------------------------------------------------------------------------------------


def test_recording_and_editing_a_contribution(signed_in: Any, action: Action) -> None:
    cdc = OrganizationFactory.create(name="CDC des Etchemins")
    url = reverse("registry:contribution_record", args=[action.pk])
    response = signed_in.post(url, {"organization": f"{cdc.name} [{cdc.pk}]", "kind": "staff_hours", "committed": "40"})
    assert response.status_code == 302
    contribution = Contribution.objects.get(action=action)
    assert contribution.committed == Decimal(40)
    edit = reverse("registry:contribution_edit", args=[contribution.pk])
    data = {
        "organization": str(cdc.pk),
        "kind": "staff_hours",
        "committed": "40",
        "delivered": "12",
        "committed_on": "2024-01-10",
        "delivered_on": "2024-06-01",
    }
    assert signed_in.post(edit, data).status_code == 302
    assert Contribution.objects.get(pk=contribution.pk).delivered == Decimal(12)
    twice = signed_in.post(url, {"organization": str(cdc.pk), "kind": "staff_hours", "committed": "5"})
    assert twice.status_code == 422 and field_errors(twice, "kind")


@pytest.mark.parametrize("name", ["committed", "delivered"])
def test_a_negative_amount_is_refused_on_its_field(signed_in: Any, action: Action, name: str) -> None:
    cdc = OrganizationFactory.create()
    response = signed_in.post(
        reverse("registry:contribution_record", args=[action.pk]),
        {"organization": str(cdc.pk), "kind": "money", name: "-100"},
    )
    assert response.status_code == 422
    assert field_errors(response, name) == [french("An amount cannot be negative.")]
    assert not Contribution.objects.exists()
