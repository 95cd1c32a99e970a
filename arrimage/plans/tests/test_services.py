"""Writes to plans: what they record, what they refuse (with the message on the field, nothing saved), who
made each change and why, and stale edits refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arrimage.core.versions import registry_version
from arrimage.plans import services
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
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

JAN, JUN, DEC = dt.date(2024, 1, 15), dt.date(2024, 6, 1), dt.date(2024, 12, 1)


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def user():
    return UserFactory.create()


@pytest.fixture
def saint_zacharie() -> Territory:
    return Territory.objects.by_code("municipality:28005").get()


def mada(territory: Territory, **changes) -> services.PlanData:
    values: dict[str, Any] = {
        "name": "  Politique   MADA de Saint-Zacharie ",
        "kind": "mada",
        "owner_territory": territory,
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2026, 12, 31),
        "territories": [territory],
    }
    return services.PlanData(**(values | changes))


@pytest.fixture
def plan(user, saint_zacharie) -> Plan:
    return services.plan_create(data=mada(saint_zacharie), acting_user=user, stage_on=JAN)


class TestPlans:
    def test_create_records_the_first_stage_and_who_created_it(self, plan, user, saint_zacharie):
        assert plan.name == "Politique MADA de Saint-Zacharie"
        assert plan.stage == PlanStage.DRAFTING and plan.stage_since == JAN
        assert list(plan.stage_changes.values_list("stage", "on")) == [("drafting", JAN)]
        assert list(plan.territories.all()) == [saint_zacharie]
        record = plan.history.get()
        assert record.history_user == user and record.history_change_reason == "create"

    def test_create_a_plan_already_adopted(self, user, saint_zacharie):
        plan = services.plan_create(
            data=mada(saint_zacharie), acting_user=user, stage=PlanStage.ADOPTED, stage_on=dt.date(2023, 5, 1)
        )
        assert plan.stage == PlanStage.ADOPTED
        assert plan.stage_changes.get().on == dt.date(2023, 5, 1)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"name": "  "}, "name", "Give the plan a name."),
            ({"owner_territory": None}, "owner_territory", "Choose the municipality, MRC or concertation that owns"),
            ({"end": dt.date(2023, 1, 1)}, "end_date", "The horizon ends before it starts."),
        ],
    )
    def test_create_refuses_bad_input_and_saves_nothing(self, user, saint_zacharie, changes, field, message):
        with pytest.raises(ValidationError) as error:
            services.plan_create(data=mada(saint_zacharie, **changes), acting_user=user)
        assert messages(error)[field][0].startswith(message)
        assert not Plan.objects.exists() and not StageChange.objects.exists()

    def test_a_concertation_alone_may_own_a_plan(self, user):
        table = ConcertationFactory.create(name="Table de développement local de Beauport")
        data = services.PlanData(name="Plan d'action concerté", kind="concerted_action", owner_concertation=table)
        plan = services.plan_create(data=data, acting_user=user)
        assert plan.owner_concertation == table

    def test_update_changes_the_description_and_themes(self, plan, user, saint_zacharie):
        data = mada(saint_zacharie, name="Politique MADA 2024-2026", themes=[theme("aines-mada")])
        updated = services.plan_update(plan=plan, data=data, acting_user=user, expected_version=1)
        assert updated.name == "Politique MADA 2024-2026" and updated.version == 2
        assert list(updated.themes.values_list("slug", flat=True)) == ["aines-mada"]
        assert updated.history.first().history_change_reason == "update"

    def test_a_stale_update_is_refused(self, plan, user, saint_zacharie):
        services.plan_update(plan=plan, data=mada(saint_zacharie, name="Premier"), acting_user=user, expected_version=1)
        with pytest.raises(ValidationError) as error:
            services.plan_update(
                plan=plan, data=mada(saint_zacharie, name="Second"), acting_user=user, expected_version=1
            )
        assert error.value.code == "stale"
        assert Plan.objects.get().name == "Premier"

    def test_writes_raise_the_registry_version(self, user, saint_zacharie):
        before = registry_version()
        services.plan_create(data=mada(saint_zacharie), acting_user=user)
        assert registry_version() > before


class TestStages:
    def test_a_plan_moves_forward_with_dated_changes(self, plan, user):
        services.plan_stage_change(
            plan=plan, stage=PlanStage.ADOPTED, on=JUN, adoption_resolution=" 2024-06-117 ", acting_user=user
        )
        services.plan_stage_change(plan=plan, stage=PlanStage.IMPLEMENTATION, on=DEC, acting_user=user)
        plan.refresh_from_db()
        assert (plan.stage, plan.stage_since, plan.adoption_resolution) == ("implementation", DEC, "2024-06-117")
        assert list(plan.stage_changes.values_list("stage", flat=True)) == ["drafting", "adopted", "implementation"]
        record = plan.history.first()
        assert record.history_user == user and record.history_change_reason == "stage: implementation"

    def test_going_back_needs_a_reason(self, plan, user):
        services.plan_stage_change(plan=plan, stage=PlanStage.ADOPTED, on=JUN, acting_user=user)
        with pytest.raises(ValidationError) as error:
            services.plan_stage_change(plan=plan, stage=PlanStage.DRAFTING, on=DEC, acting_user=user, reason=" ")
        assert messages(error) == {"reason": ["Say why the plan goes back to an earlier stage."]}
        plan.refresh_from_db()
        assert plan.stage == PlanStage.ADOPTED and plan.stage_changes.count() == 2 and plan.version == 2

        change = services.plan_stage_change(
            plan=plan, stage=PlanStage.DRAFTING, on=DEC, acting_user=user, reason="Révision demandée par le conseil"
        )
        assert change.reason == "Révision demandée par le conseil"
        assert Plan.objects.get().stage == PlanStage.DRAFTING

    def test_a_change_is_not_dated_before_the_previous_one(self, plan, user):
        services.plan_stage_change(plan=plan, stage=PlanStage.ADOPTED, on=JUN, acting_user=user)
        with pytest.raises(ValidationError) as error:
            services.plan_stage_change(plan=plan, stage=PlanStage.IMPLEMENTATION, on=JAN, acting_user=user)
        assert list(messages(error)) == ["on"]
        assert messages(error)["on"][0].startswith("This date comes before the plan's previous stage change")
        assert Plan.objects.get().stage == PlanStage.ADOPTED and StageChange.objects.count() == 2

    def test_the_same_stage_twice_is_refused(self, plan, user):
        with pytest.raises(ValidationError) as error:
            services.plan_stage_change(plan=plan, stage=PlanStage.DRAFTING, on=JUN, acting_user=user)
        assert messages(error) == {"stage": ["The plan is already at this stage."]}

    def test_a_stale_stage_change_is_refused(self, plan, user):
        services.plan_stage_change(plan=plan, stage=PlanStage.ADOPTED, on=JUN, acting_user=user, expected_version=1)
        with pytest.raises(ValidationError) as error:
            services.plan_stage_change(
                plan=plan, stage=PlanStage.IMPLEMENTATION, on=DEC, acting_user=user, expected_version=1
            )
        assert error.value.code == "stale"
        assert StageChange.objects.count() == 2


class TestDocumentsAndAccompaniment:
    def test_documents_are_linked_and_removed_with_their_history(self, plan, user):
        document = services.plan_document_add(
            plan=plan, title="Politique MADA", url="https://exemple.org/mada.pdf", acting_user=user
        )
        services.plan_document_remove(document=document, acting_user=user)
        assert not PlanDocument.objects.exists()
        assert PlanDocument.history.filter(history_type="-", history_user=user).exists()

    def test_an_accompaniment_starts_and_ends(self, plan, user):
        mrc = OrganizationFactory.create(name="MRC des Etchemins")
        accompaniment = services.accompaniment_start(plan=plan, organization=mrc, start=JAN, acting_user=user)
        assert accompaniment.stage == PlanStage.IMPLEMENTATION
        ended = services.accompaniment_end(accompaniment=accompaniment, end=DEC, acting_user=user)
        assert ended.end_date == DEC
        assert ended.history.first().history_change_reason == "end"

    def test_an_accompaniment_does_not_end_before_it_starts(self, plan, user):
        mrc = OrganizationFactory.create()
        with pytest.raises(ValidationError) as error:
            services.accompaniment_start(plan=plan, organization=mrc, start=JUN, end=JAN, acting_user=user)
        assert messages(error) == {"end_date": ["The end date comes before the start date."]}
        accompaniment = services.accompaniment_start(plan=plan, organization=mrc, start=JUN, acting_user=user)
        with pytest.raises(ValidationError):
            services.accompaniment_end(accompaniment=accompaniment, end=JAN, acting_user=user)
        assert Accompaniment.objects.get().end_date is None


class TestObjectivesAndActions:
    def test_an_action_with_co_leaders_partners_and_dimensions(self, plan, user):
        objective = services.objective_create(
            plan=plan, data=services.ObjectiveData(title="Briser l'isolement des aînés"), acting_user=user
        )
        leaders = OrganizationFactory.create_batch(2)
        partner = OrganizationFactory.create()
        data = services.ActionData(
            title="Popote roulante",
            co_leaders=leaders,
            partners=[partner],
            themes=[theme("aines-mada")],
            dimensions=["economic", "social", "social"],
            change_level="conditions",
            start=JAN,
            end=DEC,
        )
        action = services.action_create(objective=objective, data=data, acting_user=user)
        assert set(action.co_leaders.all()) == set(leaders) and list(action.partners.all()) == [partner]
        assert action.dimensions == ["social", "economic"]
        assert action.history.get().history_user == user

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"start": DEC, "end": JAN}, "end_date", "The action ends before it starts."),
            ({"weight": Decimal(0)}, "weight", "The weight must be greater than zero."),
            ({"title": ""}, "title", "Give the action a title."),
            ({"dimensions": ["spiritual"]}, "dimensions", "Choose among the social, economic"),
        ],
    )
    def test_an_action_refuses_bad_input_and_saves_nothing(self, user, changes, field, message):
        objective = ObjectiveFactory.create()
        data = services.ActionData(**({"title": "Action"} | changes))
        with pytest.raises(ValidationError) as error:
            services.action_create(objective=objective, data=data, acting_user=user)
        assert messages(error)[field][0].startswith(message)
        assert not Action.objects.exists()

    def test_an_objective_refuses_a_zero_weight(self, plan, user):
        with pytest.raises(ValidationError) as error:
            services.objective_create(
                plan=plan, data=services.ObjectiveData(title="Objectif", weight=Decimal(0)), acting_user=user
            )
        assert messages(error) == {"weight": ["The weight must be greater than zero."]}
        assert not Objective.objects.exists()

    def test_a_stale_action_update_is_refused(self, user):
        action = ActionFactory.create()
        services.action_update(
            action=action, data=services.ActionData(title="Première"), acting_user=user, expected_version=1
        )
        with pytest.raises(ValidationError) as error:
            services.action_update(
                action=action, data=services.ActionData(title="Seconde"), acting_user=user, expected_version=1
            )
        assert error.value.code == "stale"
        assert Action.objects.get().title == "Première"


class TestProgress:
    @pytest.mark.parametrize("percent", [-1, 101])
    def test_a_percentage_outside_0_to_100_is_refused(self, user, percent):
        action = ActionFactory.create()
        with pytest.raises(ValidationError) as error:
            services.progress_record(action=action, on=JUN, percent=percent, acting_user=user)
        assert messages(error) == {"percent": ["The percentage done is between 0 and 100."]}
        assert not ProgressUpdate.objects.exists()

    def test_a_progress_update_is_recorded_and_withdrawn(self, user):
        action = ActionFactory.create()
        update = services.progress_record(action=action, on=JUN, percent=100, text=" Fait. ", acting_user=user)
        assert (update.percent, update.text) == (100, "Fait.")
        services.progress_delete(update=update, acting_user=user)
        assert not ProgressUpdate.objects.exists()
        assert ProgressUpdate.history.filter(history_type="-", history_user=user).exists()


class TestContributions:
    def test_a_commitment_then_its_delivery(self, user):
        action, org = ActionFactory.create(), OrganizationFactory.create()
        data = services.ContributionData(organization=org, kind="staff_hours", committed=Decimal(120), committed_on=JAN)
        contribution = services.contribution_record(action=action, data=data, acting_user=user)
        assert contribution.unit == "hours"
        data.delivered, data.delivered_on = Decimal(90), DEC
        updated = services.contribution_update(contribution=contribution, data=data, acting_user=user)
        assert updated.delivered == Decimal(90)
        assert updated.history.first().history_change_reason == "update"

    def test_delivered_without_committed_is_fine(self, user):
        action, org = ActionFactory.create(), OrganizationFactory.create()
        data = services.ContributionData(organization=org, kind="premises", delivered=Decimal(1500))
        assert services.contribution_record(action=action, data=data, acting_user=user).committed is None

    @pytest.mark.parametrize("field", ["committed", "delivered"])
    def test_a_negative_amount_is_refused(self, user, field):
        action, org = ActionFactory.create(), OrganizationFactory.create()
        amounts: dict[str, Any] = {field: Decimal(-5)}
        data = services.ContributionData(organization=org, kind="money", **amounts)
        with pytest.raises(ValidationError) as error:
            services.contribution_record(action=action, data=data, acting_user=user)
        assert messages(error) == {field: ["An amount cannot be negative."]}
        assert not Contribution.objects.exists()

    def test_a_delivery_before_the_commitment_is_refused(self, user):
        contribution = ContributionFactory.create()
        data = services.ContributionData(
            organization=contribution.organization, kind="money", committed_on=DEC, delivered_on=JAN
        )
        with pytest.raises(ValidationError) as error:
            services.contribution_update(contribution=contribution, data=data, acting_user=user)
        assert messages(error) == {"delivered_on": ["A contribution cannot be delivered before it was committed."]}
        assert Contribution.objects.get().committed_on is None

    def test_a_second_contribution_of_the_same_kind_is_refused(self, user):
        contribution = ContributionFactory.create()
        data = services.ContributionData(organization=contribution.organization, kind="money", committed=Decimal(1))
        with pytest.raises(ValidationError):
            services.contribution_record(action=contribution.action, data=data, acting_user=user)
        assert Contribution.objects.count() == 1
