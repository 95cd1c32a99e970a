"""Build the `PlanningSnapshot` of one territory as of one date: the plans and policies that concern it,
their actions and the contributions of organisations. With `loading`, the only modules of the analysis
that read the database; the number of queries is fixed, whatever the number of plans.

A plan concerns the territory when it covers part of it (or a territory containing it), when a territory
inside or around it owns the plan, or when the concertation that owns the plan works on it. The places a
plan covers are those of the territories it records, else of its owner territory, else of its owner
concertation's territories — counted in the analysis's places (a municipality divided into boroughs counts
as its boroughs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, Subquery

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation
from arrimage.plans.models import Accompaniment, Action, Contribution, Plan, PlanStage, ProgressUpdate, StageChange
from arrimage.territories.models import Territory, TerritoryKind
from arrimage.territories.selectors import territory_ids_around, territory_ids_within

from .inputs import ConcertationInfo
from .loading import TERRITORY_FIELDS, PlaceTree, organization_infos, related_ids, territory_info
from .plan_inputs import ActionInfo, ContributionInfo, PlanInfo, PlanningSnapshot


def _concerned_plans(touching: set[int], concertation_ids: Iterable[int], on: dt.date) -> list[tuple]:
    """The plans concerning the territory, with their stage on `on` and the day they entered it.

    The stage is that of the latest stage change dated on or before `on`. A plan whose stage changes all
    come after `on` did not exist yet and is left out; a plan without any recorded change (written in bulk)
    keeps the stage it holds."""
    changes = StageChange.objects.filter(plan=OuterRef("pk"), on__lte=on).order_by("-on", "-pk")
    rows = (
        Plan.objects.filter(
            Q(owner_territory_id__in=touching)
            | Q(pk__in=Plan.territories.through.objects.filter(territory_id__in=touching).values("plan_id"))
            | Q(owner_concertation_id__in=list(concertation_ids))
        )
        .annotate(
            stage_on=Subquery(changes.values("stage")[:1]),
            since_on=Subquery(changes.values("on")[:1]),
            recorded=Exists(StageChange.objects.filter(plan=OuterRef("pk"))),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "kind",
            "owner_territory_id",
            "owner_concertation_id",
            "start_date",
            "end_date",
            "stage_on",
            "since_on",
            "recorded",
            "stage",
            "stage_since",
        )
    )
    return [
        (*row[:7], row[7], row[8]) if row[9] else (*row[:7], row[10], row[11])
        for row in rows
        if row[7] is not None or not row[9]
    ]


def planning_snapshot(territory: Territory, *, on: dt.date, hidden: frozenset[int] = frozenset()) -> PlanningSnapshot:
    """Everything the planning analysis of `territory` reads, as of `on`, without the plans owned by the
    concertations in `hidden` (private ones the visitor may not see): they are neither named nor counted."""
    within = territory_ids_within([territory.pk])
    around = territory_ids_around([territory.pk])
    touching = within | around
    working = list(
        Concertation.territories.through.objects.filter(territory_id__in=touching)
        .values_list("concertation_id", flat=True)
        .distinct()
    )
    plans = [row for row in _concerned_plans(touching, working, on) if row[4] not in hidden]
    plan_ids = [row[0] for row in plans]
    territories_of = related_ids(Plan.territories.through, "plan_id", "territory_id", plan_ids)
    themes_of = related_ids(Plan.themes.through, "plan_id", "theme_id", plan_ids)
    owner_ids = sorted({row[4] for row in plans if row[4] is not None})
    owners = list(
        Concertation.objects.filter(pk__in=owner_ids).values_list(
            "pk", "name", "kind", "level", "is_public", "parent_id", "start_date", "end_date"
        )
    )
    owner_territories = related_ids(Concertation.territories.through, "concertation_id", "territory_id", owner_ids)
    accompanied = set(
        Accompaniment.objects.active(on)
        .filter(plan_id__in=plan_ids, stage=PlanStage.IMPLEMENTATION)
        .values_list("plan_id", flat=True)
    )

    latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), on__lte=on).order_by("-on", "-pk")
    actions = list(
        Action.objects.filter(objective__plan_id__in=plan_ids)
        .annotate(percent_on=Subquery(latest.values("percent")[:1]), updated_on=Subquery(latest.values("on")[:1]))
        .order_by("pk")
        .values_list(
            "pk",
            "objective__plan_id",
            "objective_id",
            "title",
            "dimensions",
            "change_level",
            "start_date",
            "end_date",
            "status",
            "weight",
            "percent_on",
            "updated_on",
        )
    )
    action_themes = related_ids(Action.themes.through, "action_id", "theme_id", [row[0] for row in actions])
    last_progress: dict[int, dt.date] = {}
    for row in actions:
        plan_id, updated_on = row[1], row[11]
        if updated_on is not None and (plan_id not in last_progress or updated_on > last_progress[plan_id]):
            last_progress[plan_id] = updated_on
    plan_of_action = {row[0]: row[1] for row in actions}
    contributions = list(
        Contribution.objects.filter(action_id__in=list(plan_of_action))
        .order_by("pk")
        .values_list(
            "pk", "action_id", "organization_id", "kind", "committed", "delivered", "committed_on", "delivered_on"
        )
    )

    # Where each plan lies: the territories it records, else its owner territory, else its concertation's.
    coverage: dict[int, set[int]] = {}
    for ident, _name, _kind, owner_territory, owner_concertation, *_rest in plans:
        recorded = set(territories_of.get(ident, ()))
        if not recorded and owner_territory is not None:
            recorded = {owner_territory}
        if not recorded and owner_concertation is not None:
            recorded = set(owner_territories.get(owner_concertation, ()))
        coverage[ident] = recorded
    organization_ids = {row[2] for row in contributions}
    served_rows = list(
        Organization.territories_served.through.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", "territory_id"
        )
    )
    recorded_everywhere: set[int] = set().union(*coverage.values()) if coverage else set()
    recorded_everywhere |= {territory_id for _org, territory_id in served_rows}
    recorded_everywhere |= set().union(*owner_territories.values()) if owner_territories else set()
    extra = territory_ids_within(recorded_everywhere - within) if recorded_everywhere - within else set()
    tree = PlaceTree(
        Territory.objects.filter(
            Q(pk__in=within | extra | around)
            | Q(kind=TerritoryKind.BOROUGH)
            | Q(kind=TerritoryKind.MUNICIPALITY, children__kind=TerritoryKind.BOROUGH)
        )
        .distinct()
        .values(*TERRITORY_FIELDS)
    )

    own = tree.rows[territory.pk]
    place_ids = tree.municipalities(territory.pk)
    places = [tree.place(m) for m in sorted(place_ids) if m in tree.rows]
    covered = {ident: tree.of(recorded) for ident, recorded in coverage.items()}
    outside = set().union(*covered.values()) - place_ids if covered else set()
    population = None if own["population"] else sum(place.population for place in places)
    organizations = list(Organization.objects.filter(pk__in=organization_ids).values_list("id", "name", "sector"))

    return PlanningSnapshot(
        territory=territory_info(own, population),
        on=on,
        municipalities=places,
        plans=[
            PlanInfo(
                id=ident,
                name=name,
                kind=kind,
                owner_territory_id=owner_territory,
                owner_concertation_id=owner_concertation,
                territory_ids=frozenset(coverage[ident]),
                municipality_ids=covered[ident],
                theme_ids=frozenset(themes_of.get(ident, ())),
                start=start,
                end=end,
                stage=stage,
                stage_since=since,
                accompanied_in_implementation=ident in accompanied,
                last_progress_on=last_progress.get(ident),
            )
            for ident, name, kind, owner_territory, owner_concertation, start, end, stage, since in plans
        ],
        actions=[
            ActionInfo(
                id=ident,
                plan_id=plan_id,
                objective_id=objective_id,
                name=title,
                theme_ids=frozenset(action_themes.get(ident, ())),
                dimensions=frozenset(dimensions or ()),
                change_level=change_level,
                start=start,
                end=end,
                status=status,
                weight=float(weight),
                percent=float(percent) if percent is not None else None,
            )
            for (
                ident,
                plan_id,
                objective_id,
                title,
                dimensions,
                change_level,
                start,
                end,
                status,
                weight,
                percent,
                _updated,
            ) in actions
        ],
        contributions=[
            ContributionInfo(
                id=ident,
                action_id=action_id,
                plan_id=plan_of_action[action_id],
                organization_id=organization_id,
                kind=kind,
                committed=float(committed or 0),
                delivered=float(delivered or 0),
                start=committed_on,
                end=delivered_on,
            )
            for (ident, action_id, organization_id, kind, committed, delivered, committed_on, delivered_on) in (
                contributions
            )
        ],
        organizations=organization_infos(organizations, served_rows, tree),
        concertations=[
            ConcertationInfo(
                id=ident,
                name=name,
                kind=kind,
                level=level,
                territory_ids=frozenset(owner_territories.get(ident, ())),
                municipality_ids=tree.of(owner_territories.get(ident, ())),
                is_public=is_public,
                parent_id=parent_id,
                start=start,
                end=end,
            )
            for ident, name, kind, level, is_public, parent_id, start, end in owners
        ],
        outside_municipalities=[tree.place(m) for m in sorted(outside) if m in tree.rows],
    )


def private_plan_owners(territory: Territory) -> list[int]:
    """The private concertations owning plans that concern `territory`: those some visitors may not see."""
    touching = territory_ids_within([territory.pk]) | territory_ids_around([territory.pk])
    working = Concertation.territories.through.objects.filter(territory_id__in=touching).values("concertation_id")
    return sorted(
        Concertation.objects.filter(is_public=False)
        .filter(
            # One subquery per way a plan concerns the territory: an OR inside one subquery would read
            # every plan.
            Q(pk__in=working)
            | Q(pk__in=Plan.objects.filter(owner_territory_id__in=touching).values("owner_concertation_id"))
            | Q(
                pk__in=Plan.objects.filter(
                    pk__in=Plan.territories.through.objects.filter(territory_id__in=touching).values("plan_id")
                ).values("owner_concertation_id")
            )
        )
        .filter(plans__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
