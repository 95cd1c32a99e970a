"""Reads of plans: one plan with everything its page shows, its progress, and the plans that need attention.

Progress roll-up (documented in docs/plans.md):
- an action's progress is the percentage of its latest progress update dated on or before the day asked
  (the latest date wins; on the same day, the update recorded last); an action without an update counts 0;
  a cancelled action is left out (as in the planning analysis): it no longer holds its objective back;
- an objective's progress is the mean of its actions' progress weighted by the actions' weights; an
  objective without actions counts 0;
- the plan's progress is the mean of its objectives' progress weighted by the objectives' weights; a plan
  without objectives is at 0.
Percentages are rounded to one decimal only at the end, each from the unrounded values below it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from arrimage.actors.models import Organization
from arrimage.core.search import text_matches
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import (
    IN_FORCE,
    Accompaniment,
    Action,
    ActionStatus,
    Contribution,
    ContributionUnit,
    Objective,
    Plan,
    PlanQuerySet,
    PlanStage,
    ProgressUpdate,
    StageChange,
)

# The columns of an organisation a plan's page and its API output read: its name, acronym and address.
ORGANIZATION_NAMES = ("id", "name", "acronym")


def plan_get(pk: int) -> Plan:
    """One plan with its owners, territories, themes, documents, stages, accompaniments, objectives and
    their actions (co-leaders, partners, themes, progress updates, contributions), in 13 queries whatever
    their numbers. Http404 when unknown."""
    # The organisations are named and linked, nothing more: their other columns are left in the database.
    named = Organization.objects.only(*ORGANIZATION_NAMES)
    actions = Action.objects.prefetch_related(
        Prefetch("co_leaders", queryset=named),
        Prefetch("partners", queryset=named),
        "themes",
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-on", "-pk")),
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related("organization").only(
                *(f.name for f in Contribution._meta.concrete_fields),
                *(f"organization__{name}" for name in ORGANIZATION_NAMES),
            ),
        ),
    )
    plan = (
        Plan.objects.select_related("owner_territory", "owner_concertation")
        .defer("owner_territory__boundary")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.without_geometry().order_by("kind", "name")),
            "themes",
            "documents",
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("on", "pk")),
            Prefetch("accompaniments", queryset=Accompaniment.objects.select_related("organization", "person")),
            Prefetch(
                "objectives",
                queryset=Objective.objects.prefetch_related(Prefetch("actions", queryset=actions)),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404(pk)
    return plan


# Progress -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveProgress:
    objective_id: int
    weight: Decimal
    percent: float
    action_percents: dict[int, int]  # action id → latest percentage (0 without an update)


@dataclass(frozen=True)
class PlanProgress:
    percent: float
    objectives: list[ObjectiveProgress]

    def of_objective(self, objective_id: int) -> ObjectiveProgress | None:
        return next((item for item in self.objectives if item.objective_id == objective_id), None)


@dataclass(frozen=True)
class ActionRow:
    """What the roll-up needs of an action."""

    action_id: int
    objective_id: int
    weight: Decimal
    percent: int | None  # its latest progress, None without an update


def _weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    total = sum((weight for weight, _value in pairs), Decimal(0))
    if not total:
        return Decimal(0)
    return sum((weight * value for weight, value in pairs), Decimal(0)) / total


def roll_up(objectives: Iterable[tuple[int, Decimal]], actions: Iterable[ActionRow]) -> PlanProgress:
    """The plan's and each objective's progress from the actions' latest percentages (see the module's
    documentation for the rule). Pure: no database."""
    by_objective: dict[int, list[ActionRow]] = defaultdict(list)
    for row in actions:
        by_objective[row.objective_id].append(row)
    results = []
    exact = []
    for objective_id, weight in objectives:
        rows = by_objective.get(objective_id, [])
        mean = _weighted_mean([(row.weight, Decimal(row.percent or 0)) for row in rows])
        exact.append((weight, mean))
        results.append(
            ObjectiveProgress(
                objective_id=objective_id,
                weight=weight,
                percent=round(float(mean), 1),
                action_percents={row.action_id: row.percent or 0 for row in rows},
            )
        )
    return PlanProgress(percent=round(float(_weighted_mean(exact)), 1), objectives=results)


def _latest(updates: Iterable[ProgressUpdate], on: dt.date) -> int | None:
    dated = [update for update in updates if update.on <= on]
    if not dated:
        return None
    return max(dated, key=lambda update: (update.on, update.pk)).percent


def plan_progress(plan: Plan, *, on: dt.date | None = None) -> PlanProgress:
    """The plan's progress and each objective's, as of `on` (today when not given).

    No query when the plan comes from `plan_get` (everything is prefetched); two otherwise.
    """
    day = on or timezone.localdate()
    if "objectives" in getattr(plan, "_prefetched_objects_cache", {}):
        objectives = list(plan.objectives.all())
        rows = [
            ActionRow(action.pk, objective.pk, action.weight, _latest(action.progress_updates.all(), day))
            for objective in objectives
            for action in objective.actions.all()
            if action.status != ActionStatus.CANCELLED
        ]
        return roll_up([(objective.pk, objective.weight) for objective in objectives], rows)
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), on__lte=day).order_by("-on", "-pk")
    rows = [
        ActionRow(*values)
        for values in Action.objects.filter(objective__plan=plan)
        .exclude(status=ActionStatus.CANCELLED)
        .annotate(latest=Subquery(latest.values("percent")[:1]))
        .values_list("pk", "objective_id", "weight", "latest")
    ]
    return roll_up(Objective.objects.filter(plan=plan).values_list("pk", "weight"), rows)


def plans_progress(plan_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, float]:
    """The progress percentage of each of these plans as of `on` (today when not given), by the same
    roll-up as `plan_progress`, in two queries whatever their number (for lists of plans)."""
    ids = sorted(set(plan_ids))
    if not ids:
        return {}
    day = on or timezone.localdate()
    objectives: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for pk, plan_id, weight in (
        Objective.objects.filter(plan_id__in=ids)
        .order_by("plan_id", "order", "pk")
        .values_list("pk", "plan_id", "weight")
    ):
        objectives[plan_id].append((pk, weight))
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), on__lte=day).order_by("-on", "-pk")
    actions: dict[int, list[ActionRow]] = defaultdict(list)
    for pk, objective_id, plan_id, weight, percent in (
        Action.objects.filter(objective__plan_id__in=ids)
        .exclude(status=ActionStatus.CANCELLED)
        .annotate(latest=Subquery(latest.values("percent")[:1]))
        .values_list("pk", "objective_id", "objective__plan_id", "weight", "latest")
    ):
        actions[plan_id].append(ActionRow(pk, objective_id, weight, percent))
    return {plan_id: roll_up(objectives[plan_id], actions[plan_id]).percent for plan_id in ids}


# Plans that need attention ------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in_stage_on(
    queryset: PlanQuerySet, on: dt.date, stages: Iterable[str], *, since_before: dt.date | None = None
) -> PlanQuerySet:
    """The plans whose stage on `on` (from their stage changes) is one of `stages`, entered before
    `since_before` when given."""
    changes = StageChange.objects.filter(plan=OuterRef("pk"), on__lte=on).order_by("-on", "-pk")
    condition = Q(stage_on__in=list(stages))
    if since_before is not None:
        condition &= Q(stage_on_since__lt=since_before)
    return queryset.annotate(
        stage_on=Subquery(changes.values("stage")[:1]), stage_on_since=Subquery(changes.values("on")[:1])
    ).filter(condition)


def plans_unaccompanied(territory_ids: Iterable[int] | None, on: dt.date) -> PlanQuerySet:
    """Plans adopted or in implementation on `on` that nobody accompanies in their implementation that
    day. Limited to the plans owned by or covering `territory_ids` (all plans when None). One query."""
    queryset = Plan.objects.select_related("owner_territory", "owner_concertation").defer("owner_territory__boundary")
    if territory_ids is not None:
        queryset = queryset.within(set(territory_ids))
    accompanied = Accompaniment.objects.active(on).filter(stage=PlanStage.IMPLEMENTATION).values("plan_id")
    return _in_stage_on(queryset, on, IN_FORCE).exclude(pk__in=accompanied).order_by("name")


def plans_stale(on: dt.date, *, months: int = 12, territory_ids: Iterable[int] | None = None) -> PlanQuerySet:
    """Plans in implementation on `on` with no progress update in the `months` months before it (and in
    implementation for at least that long: a plan that just started is not stale). One query."""
    cutoff = months_before(on, months)
    queryset = Plan.objects.select_related("owner_territory", "owner_concertation").defer("owner_territory__boundary")
    if territory_ids is not None:
        queryset = queryset.within(set(territory_ids))
    last_update = ProgressUpdate.objects.filter(action__objective__plan=OuterRef("pk"), on__lte=on).order_by("-on")
    return (
        _in_stage_on(queryset, on, [PlanStage.IMPLEMENTATION], since_before=cutoff)
        .annotate(last_update=Subquery(last_update.values("on")[:1]))
        .filter(Q(last_update__isnull=True) | Q(last_update__lt=cutoff))
        .order_by("name")
    )


def is_unaccompanied(plan: Plan, *, on: dt.date | None = None) -> bool:
    """Whether a plan in force (adopted or in implementation) has nobody accompanying its implementation
    on `on` (today when not given). No query when the accompaniments are prefetched (`plan_get`)."""
    day = on or timezone.localdate()
    if plan.stage not in IN_FORCE:
        return False
    return not any(
        item.stage == PlanStage.IMPLEMENTATION
        and item.start_date <= day
        and (item.end_date is None or item.end_date >= day)
        for item in plan.accompaniments.all()
    )


def is_stale(plan: Plan, *, on: dt.date | None = None, months: int = 12) -> bool:
    """Whether a plan being implemented for at least `months` months has had no progress update in the
    `months` months before `on` (today when not given) — the rule of `plans_stale` for one plan. No query
    when the plan comes from `plan_get`."""
    day = on or timezone.localdate()
    cutoff = months_before(day, months)
    if plan.stage != PlanStage.IMPLEMENTATION or plan.stage_since is None or plan.stage_since >= cutoff:
        return False
    return not any(
        cutoff <= update.on <= day
        for objective in plan.objectives.all()
        for action in objective.actions.all()
        for update in action.progress_updates.all()
    )


# Lists of plans -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    query: str = ""
    kind: str = ""
    stage: str = ""
    territory: Territory | None = None


def _matching_ids(queryset: PlanQuerySet, query: str) -> list[int]:
    """The plans whose name, or their owner's name or acronym, match `query` as stored names do
    (`arrimage.core.search`). Plans have no stored search key: their names are matched here, in one
    query (there are a few per municipality at most)."""
    rows = queryset.values_list(
        "pk", "name", "owner_territory__name", "owner_concertation__name", "owner_concertation__acronym"
    )
    found = []
    for pk, *names in rows:
        if text_matches(query, " ".join(name for name in names if name)):
            found.append(pk)
    return found


def plan_list(filters: PlanFilters, *, base: PlanQuerySet | None = None) -> PlanQuerySet:
    """Plans matching the filters, with their owners, ordered by name. `territory` includes everything
    inside it: a région's list shows the plans of its MRCs and municipalities. A fixed number of queries."""
    queryset = base if base is not None else Plan.objects.all()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.stage:
        queryset = queryset.in_stage(filters.stage)
    if filters.territory is not None and filters.territory.kind != "province":
        queryset = queryset.within(territory_ids_within({filters.territory.pk}))
    if filters.query:
        queryset = Plan.objects.filter(pk__in=_matching_ids(queryset, filters.query))
    return (
        Plan.objects.filter(pk__in=queryset.values("pk"))
        .select_related("owner_territory", "owner_concertation")
        .defer("owner_territory__boundary")
        .order_by("name", "pk")
    )


def concertation_plans(concertation_id: int) -> list[Plan]:
    """The plans a concertation owns, by name, with their owner territory. One query."""
    return list(
        Plan.objects.filter(owner_concertation_id=concertation_id)
        .select_related("owner_territory")
        .defer("owner_territory__boundary")
        .order_by("name", "pk")
    )


def organization_actions(organization_id: int) -> list[Action]:
    """The actions an organisation co-leads, with their objective, plan and the plan's owners. One query."""
    return list(
        Action.objects.filter(co_leaders=organization_id)
        .select_related("objective__plan__owner_concertation", "objective__plan__owner_territory")
        .defer("objective__plan__owner_territory__boundary")
        .order_by("objective__plan__name", "objective__order", "order", "pk")
    )


def organization_contributions(organization_id: int) -> list[Contribution]:
    """What an organisation committed to actions of plans, with the action, plan and the plan's owners.
    One query."""
    return list(
        Contribution.objects.filter(organization_id=organization_id)
        .select_related("action__objective__plan__owner_concertation", "action__objective__plan__owner_territory")
        .defer("action__objective__plan__owner_territory__boundary")
        .order_by("action__objective__plan__name", "action__title", "kind")
    )


# Who gives what -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    committed: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(self.committed + other.committed, self.delivered + other.delivered)


@dataclass(frozen=True)
class OrganizationGives:
    """What one organisation committed and delivered to a plan's actions, in dollars and in hours."""

    organization: Organization
    kinds: list[str]  # the kinds of contribution, as their labels
    dollars: Amounts
    hours: Amounts


@dataclass(frozen=True)
class PlanContributions:
    rows: list[OrganizationGives]
    dollars: Amounts
    hours: Amounts


def plan_contributions(plan: Plan) -> PlanContributions:
    """Who gives what to a plan: per organisation, the amounts committed and delivered, dollars and hours
    kept apart (`contribution_unit`). No query when the plan comes from `plan_get`."""
    by_organization: dict[int, list[Contribution]] = defaultdict(list)
    for objective in plan.objectives.all():
        for action in objective.actions.all():
            for contribution in action.contributions.all():
                by_organization[contribution.organization_id].append(contribution)
    rows = []
    for items in by_organization.values():
        amounts = {ContributionUnit.DOLLARS: Amounts(), ContributionUnit.HOURS: Amounts()}
        for item in items:
            amounts[item.unit] += Amounts(item.committed or Decimal(0), item.delivered or Decimal(0))
        labels = list(dict.fromkeys(str(item.get_kind_display()) for item in items))
        rows.append(
            OrganizationGives(
                items[0].organization, labels, amounts[ContributionUnit.DOLLARS], amounts[ContributionUnit.HOURS]
            )
        )
    rows.sort(key=lambda row: (-row.dollars.committed, -row.hours.committed, row.organization.name))
    return PlanContributions(
        rows=rows,
        dollars=sum((row.dollars for row in rows), Amounts()),
        hours=sum((row.hours for row in rows), Amounts()),
    )
