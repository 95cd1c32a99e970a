"""The database keeps the plans' invariants even when the services are bypassed (imports, scripts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from arrimage.plans.models import (
    Accompaniment,
    Action,
    Contribution,
    ContributionKind,
    ContributionUnit,
    Objective,
    Plan,
    PlanDocument,
    ProgressUpdate,
    StageChange,
    contribution_unit,
)
from tests.factories import (
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

EARLY, LATE = dt.date(2020, 1, 1), dt.date(2021, 1, 1)


def refused(model: Any, **values: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


def accepted(model: Any, **values: Any) -> Any:
    return model.objects.create(**values)


class TestPlan:
    def test_the_horizon_ends_after_it_starts(self):
        owner = ConcertationFactory.create()
        refused(Plan, name="Plan", kind="mada", owner_concertation=owner, start_date=LATE, end_date=EARLY)
        accepted(Plan, name="Plan", kind="mada", owner_concertation=owner, start_date=EARLY, end_date=EARLY)

    def test_a_plan_has_an_owner_and_a_name(self):
        refused(Plan, name="Plan", kind="mada")
        refused(Plan, name="", kind="mada", owner_concertation=ConcertationFactory.create())

    def test_a_stage_change_is_recorded_once_a_day(self):
        plan = PlanFactory.create()
        accepted(StageChange, plan=plan, stage="adopted", on=EARLY)
        refused(StageChange, plan=plan, stage="adopted", on=EARLY)

    def test_a_document_is_linked_once(self):
        plan = PlanFactory.create()
        accepted(PlanDocument, plan=plan, title="Le plan", url="https://exemple.org/plan.pdf")
        refused(PlanDocument, plan=plan, title="Encore", url="https://exemple.org/plan.pdf")
        refused(PlanDocument, plan=plan, title="", url="https://exemple.org/autre.pdf")

    def test_an_accompaniment_ends_after_it_starts(self):
        plan, org = PlanFactory.create(), OrganizationFactory.create()
        refused(Accompaniment, plan=plan, organization=org, start_date=LATE, end_date=EARLY)
        accepted(Accompaniment, plan=plan, organization=org, start_date=EARLY, end_date=LATE)


class TestObjectivesAndActions:
    def test_weights_are_positive(self):
        plan = PlanFactory.create()
        refused(Objective, plan=plan, title="Objectif", weight=Decimal(0))
        refused(Objective, plan=plan, title="Objectif", weight=Decimal(-1))
        objective = accepted(Objective, plan=plan, title="Objectif", weight=Decimal("0.5"))
        refused(Action, objective=objective, title="Action", weight=Decimal(0))

    def test_an_action_ends_after_it_starts(self):
        objective = ObjectiveFactory.create()
        refused(Action, objective=objective, title="Action", start_date=LATE, end_date=EARLY)
        accepted(Action, objective=objective, title="Action", start_date=EARLY, end_date=LATE)
        accepted(Action, objective=objective, title="Sans dates")

    def test_titles_are_not_empty(self):
        objective = ObjectiveFactory.create()
        refused(Objective, plan=objective.plan, title="")
        refused(Action, objective=objective, title="")

    @pytest.mark.parametrize(("percent", "ok"), [(0, True), (100, True), (101, False), (250, False)])
    def test_a_percentage_is_between_0_and_100(self, percent, ok):
        action = ActionFactory.create()
        if ok:
            accepted(ProgressUpdate, action=action, on=EARLY, percent=percent)
        else:
            refused(ProgressUpdate, action=action, on=EARLY, percent=percent)


class TestContributions:
    def test_amounts_are_not_negative(self):
        action, org = ActionFactory.create(), OrganizationFactory.create()
        refused(Contribution, action=action, organization=org, kind="money", committed=Decimal(-1))
        refused(Contribution, action=action, organization=org, kind="money", delivered=Decimal(-1))

    def test_delivered_without_committed_is_fine(self):
        contribution = ContributionFactory.create(committed=None, delivered=Decimal(300))
        assert contribution.pk

    def test_delivered_after_committed(self):
        action, org = ActionFactory.create(), OrganizationFactory.create()
        refused(Contribution, action=action, organization=org, kind="money", committed_on=LATE, delivered_on=EARLY)

    def test_one_contribution_of_each_kind_per_organisation_and_action(self):
        contribution = ContributionFactory.create(kind="money")
        refused(Contribution, action=contribution.action, organization=contribution.organization, kind="money")
        accepted(Contribution, action=contribution.action, organization=contribution.organization, kind="expertise")

    @pytest.mark.parametrize(
        ("kind", "unit"),
        [
            (ContributionKind.MONEY, ContributionUnit.DOLLARS),
            (ContributionKind.STAFF_HOURS, ContributionUnit.HOURS),
            (ContributionKind.IN_KIND, ContributionUnit.DOLLARS),
            (ContributionKind.EXPERTISE, ContributionUnit.HOURS),
            (ContributionKind.PREMISES, ContributionUnit.DOLLARS),
        ],
    )
    def test_the_unit_follows_the_kind(self, kind, unit):
        assert contribution_unit(kind) == unit
