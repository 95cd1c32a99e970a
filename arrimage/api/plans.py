"""Plans and policies in the JSON API: the list, one plan with its objectives, actions, progress and
contributions, and the planning analysis of a territory.

Plans are public, except those owned by a private concertation, which only the people who may see that
concertation read (to anyone else such a plan does not exist: 404). Accompaniers are organisations; the
person accompanying for one is named only when they consented to appear publicly (Québec's Law 25).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from arrimage.access import policy
from arrimage.analysis.planning import Amounts, Integration, ShareRow
from arrimage.analysis.planning_results import planning_results
from arrimage.concertation.models import Concertation
from arrimage.plans import selectors
from arrimage.plans.models import (
    ActionStatus,
    ChangeLevel,
    ContributionKind,
    ContributionUnit,
    Plan,
    PlanKind,
    PlanStage,
    contribution_unit,
)
from arrimage.territories import selectors as territory_selectors
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key
from .common import (
    DAY_PATTERN,
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    Reference,
    caller,
    not_found,
    paginate,
    parse_day,
    territory_filter,
)

router = Router(tags=["plans"])


# Shapes ------------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    name: str
    kind: PlanKind
    stage: PlanStage
    stage_since: str | None = Field(description="The day the plan entered its stage, `YYYY-MM-DD`.")
    owner_territory: str | None = Field(description="Identifier of the municipality or MRC that owns it.")
    owner_concertation: Reference | None = Field(description="The concertation that carries it, if any.")
    territories: list[str] = Field(description="Identifiers of the territories covered (`municipality:28065`…).")
    themes: list[str] = Field(description="Identifiers (slugs) of the themes, see `/themes`.")
    start: str | None = Field(description="Start of the horizon, `YYYY-MM-DD`.")
    end: str | None = Field(description="End of the horizon, `YYYY-MM-DD`.")


class PlanPage(PageOut):
    results: list[PlanOut]


class StageChangeOut(Schema):
    stage: PlanStage
    on: str = Field(description="`YYYY-MM-DD`.")
    reason: str


class DocumentOut(Schema):
    title: str
    url: str


class AccompanimentOut(Schema):
    organization: Reference
    person: Reference | None = Field(description="The person accompanying, only when they consented to be named.")
    stage: PlanStage = Field(description="The stage accompanied.")
    start: str = Field(description="`YYYY-MM-DD`.")
    end: str | None = Field(description="`YYYY-MM-DD`; null while it lasts.")


class ProgressOut(Schema):
    on: str = Field(description="`YYYY-MM-DD`.")
    percent: int = Field(ge=0, le=100)
    text: str


class ContributionOut(Schema):
    organization: Reference
    kind: ContributionKind
    unit: ContributionUnit = Field(description="Hours for staff time and expertise, dollars otherwise.")
    committed: float | None
    delivered: float | None
    committed_on: str | None = Field(description="`YYYY-MM-DD`.")
    delivered_on: str | None = Field(description="`YYYY-MM-DD`.")


class ActionOut(Schema):
    id: int
    title: str
    description: str
    co_leaders: list[Reference] = Field(description="The organisations that share the leadership of the action.")
    partners: list[Reference]
    themes: list[str] = Field(description="Identifiers (slugs) of the themes.")
    dimensions: list[str] = Field(description="Among social, economic, environmental and cultural.")
    change_level: ChangeLevel | None = Field(description="The level of change aimed at; null when not said.")
    status: ActionStatus
    start: str | None = Field(description="`YYYY-MM-DD`.")
    end: str | None = Field(description="`YYYY-MM-DD`.")
    weight: float
    progress: int = Field(description="Percentage of its latest progress update (0 without one).")
    progress_updates: list[ProgressOut] = Field(description="Latest first.")
    contributions: list[ContributionOut]


class ObjectiveOut(Schema):
    id: int
    title: str
    description: str
    weight: float
    progress: float = Field(description="Weighted mean of its actions' progress, in %.")
    actions: list[ActionOut]


class ContributorOut(Schema):
    organization: Reference
    contributions: int
    dollars_committed: float
    dollars_delivered: float
    hours_committed: float
    hours_delivered: float


class PlanDetailOut(PlanOut):
    description: str
    adoption_resolution: str
    version: int = Field(description="Changes with every edit of the plan.")
    progress: float = Field(description="Weighted mean of the objectives' progress, in % (see docs/plans.md).")
    unaccompanied: bool = Field(description="In force and nobody accompanies its implementation today.")
    stage_changes: list[StageChangeOut] = Field(description="Oldest first.")
    documents: list[DocumentOut]
    accompaniments: list[AccompanimentOut]
    objectives: list[ObjectiveOut]
    contributors: list[ContributorOut] = Field(
        description="What each organisation committed and delivered to the plan's actions, most dollars first."
    )


class PlanFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the name.")
    kind: PlanKind | None = Field(None, description="Only plans of this kind.")
    stage: PlanStage | None = Field(None, description="Only plans at this stage.")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_ID_PATTERN,
        description="Only plans owned by or covering this territory or a territory inside it (`mrc:28`).",
    )


# Helpers -----------------------------------------------------------------------------------------


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _amount(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _ref(instance: Any) -> dict[str, Any]:
    return {"id": instance.pk, "name": instance.name}


def _visible(user: Any) -> Q:
    """Plans without an owner concertation, or whose owner concertation the caller may see."""
    concertations = policy.visible_concertations(user, Concertation.objects.all())
    return Q(owner_concertation__isnull=True) | Q(owner_concertation__in=concertations.values("pk"))


def _summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "name": plan.name,
        "kind": plan.kind,
        "stage": plan.stage,
        "stage_since": _day(plan.stage_since),
        "owner_territory": plan.owner_territory.public_id if plan.owner_territory is not None else None,
        "owner_concertation": _ref(plan.owner_concertation) if plan.owner_concertation is not None else None,
        "territories": [t.public_id for t in plan.territories.all()],
        "themes": [theme.slug for theme in plan.themes.all()],
        "start": _day(plan.start_date),
        "end": _day(plan.end_date),
    }


# List and detail ---------------------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: PlanPage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="plan_list",
)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> dict[str, Any]:
    """Plans and policies by name: those of territories, and those of the concertations the caller may
    see. A territory includes every plan owned by or covering it or a territory inside it."""
    queryset = (
        Plan.objects.filter(_visible(caller(request)))
        .select_related("owner_territory", "owner_concertation")
        .defer("owner_territory__boundary", "owner_concertation__mission")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.only("kind", "code").order_by("kind", "code")),
            "themes",
        )
        .order_by("name", "pk")
    )
    territory = territory_filter(filters.territory)
    if territory is not None:
        queryset = queryset.within(territory_selectors.territory_ids_within({territory.pk}))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    for word in filters.q.split():
        queryset = queryset.filter(name__icontains=word)
    return paginate(request, queryset, filters, lambda rows: [_summary(plan) for plan in rows])


def _action(action: Any, percent: int) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "co_leaders": [_ref(o) for o in action.co_leaders.all()],
        "partners": [_ref(o) for o in action.partners.all()],
        "themes": [theme.slug for theme in action.themes.all()],
        "dimensions": list(action.dimensions),
        "change_level": action.change_level or None,
        "status": action.status,
        "start": _day(action.start_date),
        "end": _day(action.end_date),
        "weight": float(action.weight),
        "progress": percent,
        "progress_updates": [
            {"on": update.on.isoformat(), "percent": update.percent, "text": update.text}
            for update in action.progress_updates.all()
        ],
        "contributions": [
            {
                "organization": _ref(c.organization),
                "kind": c.kind,
                "unit": contribution_unit(c.kind),
                "committed": _amount(c.committed),
                "delivered": _amount(c.delivered),
                "committed_on": _day(c.committed_on),
                "delivered_on": _day(c.delivered_on),
            }
            for c in action.contributions.all()
        ],
    }


def _accompaniment(accompaniment: Any) -> dict[str, Any]:
    """An accompaniment as the public sees it: the person only when they consented to be named."""
    person = accompaniment.person
    shown = person is not None and policy.shows_identity(person, private_view=False)
    return {
        "organization": _ref(accompaniment.organization),
        "person": {"id": person.pk, "name": person.full_name} if shown else None,
        "stage": accompaniment.stage,
        "start": accompaniment.start_date.isoformat(),
        "end": _day(accompaniment.end_date),
    }


def _contributors(plan: Plan) -> list[dict[str, Any]]:
    """What each organisation committed and delivered to the plan, in dollars and in hours."""
    totals: dict[int, dict[str, Any]] = {}
    counts: dict[int, int] = defaultdict(int)
    for objective in plan.objectives.all():
        for action in objective.actions.all():
            for c in action.contributions.all():
                row = totals.setdefault(
                    c.organization_id,
                    {
                        "organization": _ref(c.organization),
                        "dollars_committed": 0.0,
                        "dollars_delivered": 0.0,
                        "hours_committed": 0.0,
                        "hours_delivered": 0.0,
                    },
                )
                unit = "hours" if contribution_unit(c.kind) == ContributionUnit.HOURS else "dollars"
                row[f"{unit}_committed"] += float(c.committed or 0)
                row[f"{unit}_delivered"] += float(c.delivered or 0)
                counts[c.organization_id] += 1
    rows = [{**row, "contributions": counts[pk]} for pk, row in totals.items()]
    rows.sort(key=lambda r: (-r["dollars_committed"], -r["hours_committed"], r["organization"]["name"]))
    return rows


@router.get(
    "/plans/{int:pk}",
    response={200: PlanDetailOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="plan_detail",
)
def plan_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One plan with its stages, documents, accompaniers, objectives and actions (co-leaders, partners,
    dimensions, level of change, status, progress and its dated updates, contributions), and what each
    organisation contributes. The same number of queries whatever the plan's size."""
    try:
        plan = selectors.plan_get(pk)
    except Http404:
        plan = None
    owner = plan.owner_concertation if plan is not None else None
    if plan is None or (owner is not None and not policy.can_view_concertation(caller(request), owner)):
        raise not_found(_("No plan has the number %(id)s.") % {"id": pk})
    progress = selectors.plan_progress(plan, on=timezone.localdate())
    objectives = []
    for objective in plan.objectives.all():
        rolled = progress.of_objective(objective.pk)
        percents = rolled.action_percents if rolled is not None else {}
        objectives.append(
            {
                "id": objective.pk,
                "title": objective.title,
                "description": objective.description,
                "weight": float(objective.weight),
                "progress": rolled.percent if rolled is not None else 0.0,
                "actions": [_action(action, percents.get(action.pk, 0)) for action in objective.actions.all()],
            }
        )
    return {
        **_summary(plan),
        "description": plan.description,
        "adoption_resolution": plan.adoption_resolution,
        "version": plan.version,
        "progress": progress.percent,
        "unaccompanied": selectors.is_unaccompanied(plan),
        "stage_changes": [
            {"stage": change.stage, "on": change.on.isoformat(), "reason": change.reason}
            for change in plan.stage_changes.all()
        ],
        "documents": [{"title": d.title, "url": d.url} for d in plan.documents.all()],
        "accompaniments": [_accompaniment(a) for a in plan.accompaniments.all()],
        "objectives": objectives,
        "contributors": _contributors(plan),
    }


# Planning analysis of a territory ----------------------------------------------------------------


class PlanningParams(Schema):
    date: str | None = Field(
        None, pattern=DAY_PATTERN, description="The date analysed (`YYYY-MM-DD`); today by default."
    )


class PlanRef(Schema):
    id: int
    name: str


class PlanningTerritoryRef(Schema):
    id: str = Field(description="Identifier `kind:code`.")
    name: str
    kind: str


class MunicipalityPlanningOut(Schema):
    municipality: PlanningTerritoryRef
    population: int
    urbanity: str = Field(description="urban, periurban or rural; empty when unknown.")
    plans: list[int] = Field(description="Numbers of the plans in force covering it.")
    owned: list[int] = Field(description="Of those, the ones it owns.")
    unaccompanied: list[int] = Field(description="Of those, the ones nobody accompanies.")
    stalled: list[int] = Field(description="Of those, the ones without progress for twelve months.")
    per_thousand: float | None = Field(description="Plans per 1,000 inhabitants; null when unknown.")


class PlanningLoadOut(Schema):
    plans: list[PlanRef] = Field(description="Every plan in force on the date.")
    unaccompanied: list[int]
    stalled: list[int]
    without_horizon: list[int]
    municipalities: list[MunicipalityPlanningOut] = Field(description="Heaviest load per 1,000 inhabitants first.")


class ShareOut(Schema):
    key: str = Field(description="A dimension or level of change; empty for the actions that record none.")
    count: int
    share: float | None = Field(description="From 0 to 1; null when there is no action.")


class IntegrationOut(Schema):
    actions: int
    by_dimension: list[ShareOut]
    multidimensional: ShareOut
    by_level: list[ShareOut] = Field(description="From individual habits to public policies.")
    sentences: list[str]


class AmountsOut(Schema):
    dollars_committed: float
    dollars_delivered: float
    hours_committed: float
    hours_delivered: float


class SectorContributionOut(Schema):
    sector: str
    organizations: int
    contributions: int
    amounts: AmountsOut


class OrganizationContributionOut(Schema):
    organization: Reference
    sector: str
    contributions: int
    actions: list[int]
    amounts: AmountsOut


class ContributionsOut(Schema):
    total: AmountsOut
    contributions: int
    by_sector: list[SectorContributionOut]
    by_organization: list[OrganizationContributionOut]


class ResourceEquityRowOut(Schema):
    urbanity: str
    municipalities: int
    population: int
    dollars: float
    hours: float
    dollars_per_1000: float | None
    hours_per_1000: float | None


class ResourceEquityOut(Schema):
    rows: list[ResourceEquityRowOut]
    outside_dollars: float
    outside_hours: float
    unplaced_dollars: float
    unplaced_hours: float


class PlanningOut(Schema):
    territory: PlanningTerritoryRef
    date: str = Field(description="The date analysed, `YYYY-MM-DD`.")
    summary: list[str] = Field(description="Plain sentences summing up the analysis.")
    load: PlanningLoadOut
    integration: IntegrationOut = Field(description="Every action of the plans in force.")
    contributions: ContributionsOut
    equity: ResourceEquityOut


def _share(row: ShareRow) -> dict[str, Any]:
    return {"key": row.key, "count": row.count, "share": row.share}


def _integration(result: Integration) -> dict[str, Any]:
    return {
        "actions": result.actions,
        "by_dimension": [_share(row) for row in result.by_dimension],
        "multidimensional": _share(result.multidimensional),
        "by_level": [_share(row) for row in result.by_level],
        "sentences": list(result.sentences),
    }


def _amounts(amounts: Amounts) -> dict[str, float]:
    return {
        "dollars_committed": amounts.dollars_committed,
        "dollars_delivered": amounts.dollars_delivered,
        "hours_committed": amounts.hours_committed,
        "hours_delivered": amounts.hours_delivered,
    }


@router.get(
    "/territories/{public_id}/planning",
    response={200: PlanningOut, 404: ErrorOut, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="territory_planning",
)
def territory_planning(
    request: HttpRequest,
    params: Query[PlanningParams],
    public_id: str = Path(..., pattern=TERRITORY_ID_PATTERN, description="Identifier of the territory: `mrc:28`…"),
) -> dict[str, Any]:
    """The planning analysis of a territory: the planning load of each municipality (plans in force per
    1,000 inhabitants, those nobody accompanies, those stalled), how the actions balance the dimensions
    and the levels of change, who contributes what, and the resources reaching urban, periurban and rural
    places. The plans of private concertations the caller may not see are left out."""
    try:
        territory = territory_selectors.territory_get(public_id)
    except Http404:
        raise HttpError(404, _("No territory has the identifier « %(id)s ».") % {"id": public_id}) from None
    on = parse_day(params.date, "date") or timezone.localdate()
    results = planning_results(caller(request), territory, on=on)
    s = results.snapshot
    public_ids = {
        pk: f"{kind}:{code}"
        for pk, kind, code in Territory.objects.filter(pk__in=[m.id for m in s.municipalities]).values_list(
            "pk", "kind", "code"
        )
    }
    names = {plan.id: plan.name for plan in s.plans}
    organizations = {o.id: o.name for o in s.organizations}
    load = results.load
    given = results.contributions
    equity = results.equity
    municipalities = {m.id: m for m in s.municipalities}
    return {
        "territory": {"id": territory.public_id, "name": s.territory.name, "kind": s.territory.kind},
        "date": on.isoformat(),
        "summary": list(results.summary),
        "load": {
            "plans": [{"id": pk, "name": names.get(pk, "")} for pk in load.plan_ids],
            "unaccompanied": list(load.unaccompanied_ids),
            "stalled": list(load.stalled_ids),
            "without_horizon": list(load.without_horizon_ids),
            "municipalities": [
                {
                    "municipality": {
                        "id": public_ids.get(row.municipality_id, ""),
                        "name": row.name,
                        "kind": municipalities[row.municipality_id].kind
                        if row.municipality_id in municipalities
                        else "municipality",
                    },
                    "population": row.population,
                    "urbanity": row.urbanity,
                    "plans": list(row.plan_ids),
                    "owned": list(row.owned_ids),
                    "unaccompanied": list(row.unaccompanied_ids),
                    "stalled": list(row.stalled_ids),
                    "per_thousand": row.per_thousand,
                }
                for row in load.municipalities
            ],
        },
        "integration": _integration(results.integration.territory),
        "contributions": {
            "total": _amounts(given.total),
            "contributions": given.contributions,
            "by_sector": [
                {
                    "sector": row.sector,
                    "organizations": row.organizations,
                    "contributions": row.contributions,
                    "amounts": _amounts(row.amounts),
                }
                for row in given.by_sector
            ],
            "by_organization": [
                {
                    "organization": {
                        "id": row.organization_id,
                        "name": organizations.get(row.organization_id, row.name),
                    },
                    "sector": row.sector,
                    "contributions": row.contributions,
                    "actions": list(row.action_ids),
                    "amounts": _amounts(row.amounts),
                }
                for row in given.by_organization
            ],
        },
        "equity": {
            "rows": [
                {
                    "urbanity": row.urbanity,
                    "municipalities": row.municipalities,
                    "population": row.population,
                    "dollars": row.dollars,
                    "hours": row.hours,
                    "dollars_per_1000": row.dollars_per_1000,
                    "hours_per_1000": row.hours_per_1000,
                }
                for row in equity.rows
            ],
            "outside_dollars": equity.outside_dollars,
            "outside_hours": equity.outside_hours,
            "unplaced_dollars": equity.unplaced_dollars,
            "unplaced_hours": equity.unplaced_hours,
        },
    }
