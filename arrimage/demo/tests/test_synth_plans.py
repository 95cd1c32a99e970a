"""The synthetic plans: counts in proportion to the scale, reproducible from the seed, true to the rules of the
database and the services, with the situations the pages and the analysis must show (plans nobody
accompanies, stale plans, few actions aiming at public policies), and removed with the synthetic registry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import pairwise

import pytest

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation
from arrimage.demo.synth import MISSION, synth_clear, synth_exists, synth_generate
from arrimage.demo.synth_plans import PLANS, synthetic_plans
from arrimage.plans.models import (
    IN_FORCE,
    STAGE_ORDER,
    Accompaniment,
    Action,
    ActionStatus,
    ChangeLevel,
    Contribution,
    Objective,
    Plan,
    PlanKind,
    PlanStage,
    ProgressUpdate,
    StageChange,
)
from arrimage.plans.selectors import plans_stale, plans_unaccompanied
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def generate(scale: float = 0.02, seed: int = 7):
    return synth_generate(scale=scale, seed=seed, today=TODAY)


def test_counts_follow_the_scale_and_the_kinds_are_realistic():
    report = generate(0.02)

    plans = Plan.objects.count()
    assert plans == report.counts["plans"] == round(PLANS * 0.02) == 60
    # About 30,000 actions and 60,000 contributions for 3,000 plans at scale 1.
    actions = Action.objects.count()
    assert 400 <= actions == report.counts["actions"] <= 900
    contributions = Contribution.objects.count()
    assert 1.3 * actions <= contributions == report.counts["contributions"] <= 2.7 * actions
    assert Objective.objects.count() == report.counts["objectives"]
    assert ProgressUpdate.objects.count() == report.counts["progress updates"] > actions / 2
    assert StageChange.objects.count() == report.counts["stage changes"] >= plans
    assert Accompaniment.objects.count() == report.counts["accompaniments"]
    assert report.plan_seconds > 0

    kinds = Counter(Plan.objects.values_list("kind", flat=True))
    assert kinds[PlanKind.FAMILY] + kinds[PlanKind.MADA] >= 0.4 * plans
    assert kinds[PlanKind.CONCERTED_ACTION] == Plan.objects.filter(owner_concertation__isnull=False).count() > 0
    owners = Counter(Plan.objects.filter(owner_territory__isnull=False).values_list("owner_territory__kind", flat=True))
    assert set(owners) == {"municipality", "mrc"}
    assert not Plan.objects.filter(owner_territory__isnull=True, owner_concertation__isnull=True).exists()
    concerted = Plan.objects.filter(owner_concertation__isnull=False).values_list("owner_concertation", flat=True)
    assert set(concerted) <= set(Concertation.objects.filter(mission=MISSION).values_list("pk", flat=True))
    stages = Counter(Plan.objects.values_list("stage", flat=True))
    assert stages[PlanStage.IMPLEMENTATION] + stages[PlanStage.ADOPTED] >= 0.4 * plans
    assert set(stages) >= {PlanStage.DRAFTING, PlanStage.IMPLEMENTATION, PlanStage.EXPIRED}


def test_the_same_seed_gives_the_same_plans_and_another_seed_other_plans():
    def snapshot():
        return (
            list(Plan.objects.order_by("pk").values_list("name", "kind", "stage", "start_date", "end_date")),
            list(
                Action.objects.order_by("pk").values_list("title", "status", "start_date", "end_date", "change_level")
            ),
            list(Contribution.objects.order_by("pk").values_list("kind", "committed", "delivered", "committed_on")),
            list(ProgressUpdate.objects.order_by("pk").values_list("on", "percent")),
            sorted(Action.co_leaders.through.objects.values_list("organization__name", "action__title")),
        )

    first = generate(seed=11)
    data = snapshot()
    synth_clear()
    again = generate(seed=11)
    assert again.counts == first.counts
    assert snapshot() == data

    synth_clear()
    generate(seed=12)
    assert snapshot()[0] != data[0]


def test_plans_keep_the_rules_of_the_database_and_the_services():
    generate(0.02)

    for plan in Plan.objects.prefetch_related("stage_changes", "territories", "themes"):
        plan.full_clean()
        assert plan.is_demo and plan.description == MISSION
        assert plan.start_date is None or plan.end_date is None or plan.start_date <= plan.end_date
        changes = sorted(plan.stage_changes.all(), key=lambda change: (change.on, change.pk))
        assert changes and changes[-1].stage == plan.stage and changes[-1].on == plan.stage_since
        for earlier, later in pairwise(changes):
            assert earlier.on <= later.on
            assert STAGE_ORDER[earlier.stage] < STAGE_ORDER[later.stage]
        assert all(change.on <= TODAY for change in changes)
        assert plan.territories.all() and plan.themes.all()
        if plan.stage in IN_FORCE:
            assert plan.start_date is not None
    for accompaniment in Accompaniment.objects.all():
        assert accompaniment.end_date is None or accompaniment.start_date <= accompaniment.end_date
    for action in Action.objects.prefetch_related("co_leaders"):
        assert action.start_date is None or action.end_date is None or action.start_date <= action.end_date
        assert action.co_leaders.all()
        assert set(action.dimensions) <= {"social", "economic", "environmental", "cultural"} and action.dimensions
        assert action.weight > 0
    for update in ProgressUpdate.objects.select_related("action"):
        assert 0 <= update.percent <= 100
        assert update.on <= TODAY
        assert update.action.start_date is None or update.action.start_date <= update.on
    for contribution in Contribution.objects.all():
        assert contribution.committed is None or contribution.committed >= Decimal(0)
        assert contribution.delivered is None or contribution.delivered >= Decimal(0)
        if contribution.committed_on and contribution.delivered_on:
            assert contribution.committed_on <= contribution.delivered_on
        assert contribution.delivered_on is None or contribution.delivered_on <= TODAY
    # One contribution of a kind per organisation and action (the database refuses more).
    keys = Contribution.objects.values_list("action_id", "organization_id", "kind")
    assert len(set(keys)) == len(keys)


def test_co_leaders_and_partners_come_from_the_plans_region():
    generate(0.02)
    region_of = {}
    for territory in Territory.objects.filter(kind__in=["municipality", "mrc", "region", "borough"]).only(
        "kind", "code", "parent_id"
    ):
        region_of[territory.pk] = territory
    parents = {pk: territory.parent_id for pk, territory in region_of.items()}

    def region(pk: int | None) -> int | None:
        while pk is not None and region_of.get(pk) is not None and region_of[pk].kind != "region":
            pk = parents.get(pk)
        return pk

    checked = 0
    for action in Action.objects.select_related("objective__plan").prefetch_related(
        "co_leaders__territories_served", "partners__territories_served", "objective__plan__territories"
    )[:150]:
        plan_regions = {region(t.pk) for t in action.objective.plan.territories.all()}
        for organization in [*action.co_leaders.all(), *action.partners.all()]:
            served = {region(t.pk) for t in organization.territories_served.all()}
            assert served & plan_regions or any(t.kind == "province" for t in organization.territories_served.all())
            checked += 1
    assert checked > 100


def test_the_situations_the_pages_must_show_are_there():
    generate(0.05)
    in_force = Plan.objects.filter(stage__in=IN_FORCE).count()
    alone = plans_unaccompanied(None, TODAY).count()
    assert 0.1 * in_force <= alone <= 0.45 * in_force  # about one in four
    assert plans_stale(TODAY).exists()
    levels = Counter(Action.objects.values_list("change_level", flat=True))
    assert 0 < levels[ChangeLevel.PUBLIC_POLICIES] <= 0.1 * sum(levels.values())
    statuses = Counter(Action.objects.values_list("status", flat=True))
    assert {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE} <= set(statuses)
    # Several policies for one municipality.
    per_municipality = Counter(
        Plan.objects.filter(owner_territory__kind="municipality").values_list("owner_territory", flat=True)
    )
    assert max(per_municipality.values()) == 3


def test_clear_removes_the_synthetic_plans_and_keeps_real_ones():
    real_organization = OrganizationFactory.create(acronym="")
    municipality = Territory.objects.get(kind="municipality", code="28065")
    real = Plan.objects.create(name="Politique familiale réelle", kind=PlanKind.FAMILY, owner_territory=municipality)
    objective = Objective.objects.create(plan=real, title="Objectif")
    action = Action.objects.create(objective=objective, title="Action")
    kept = Contribution.objects.create(action=action, organization=real_organization, kind="money", committed=5)
    generate(0.01)
    synthetic = Organization.objects.filter(mission=MISSION).first()
    assert synthetic is not None
    Contribution.objects.create(action=action, organization=synthetic, kind="money", committed=5)
    action.co_leaders.add(synthetic)
    assert synthetic_plans().count() == 30

    removed = synth_clear()

    assert removed["plans"] == 30
    assert not synth_exists()
    assert list(Plan.objects.all()) == [real]
    assert list(Action.objects.all()) == [action]
    assert list(Contribution.objects.all()) == [kept]
    assert not action.co_leaders.exists()
    assert not StageChange.objects.exists() and not ProgressUpdate.objects.exists()
