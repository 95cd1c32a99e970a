"""The « Plans » page of a territory: its plans and policies and the planning analysis, as of a chosen day.

Everything comes from `planning_results` (the plans the visitor may see, with the load of each
municipality, the balance of the actions, the contributions and the equity of resources); this page names
and links what the results give as ids: plans, municipalities, owners and organisations. It runs a fixed
number of queries whatever the number of plans: the results, one for the territories' codes and names,
two for the progress of the plans listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from arrimage.analysis.plan_inputs import PlanInfo
from arrimage.analysis.planning import Integration, ShareRow, percent
from arrimage.analysis.planning_results import PlanningResults, planning_results
from arrimage.core import pagecache
from arrimage.plans.models import PlanKind, PlanStage
from arrimage.plans.selectors import plans_progress
from arrimage.territories.selectors import territory_ancestors, territory_get

from ..charts import INK_MUTED, URBANITY_COLOURS, Bar, bar_chart
from ..forms_filters import AsOfForm
from .analysis_exports import urbanity_label
from .analysis_names import Named, choice_label, url_maker
from .common import Crumb
from .planning_exports import download_links
from .planning_names import (
    BEING_DRAFTED,
    DIMENSION_LABELS,
    GROUP_TITLES,
    GROUPS,
    IN_FORCE,
    LEVEL_LABELS,
    OTHER,
    group_of,
    plan_url_maker,
    sector_label,
    territories_named,
)
from .practice import related_notes

LIST_LIMIT = 100  # rows shown in the long lists; the downloads hold them all
CHART_BARS = 10  # municipalities in the chart of the planning load
BAR_STEPS = 20  # the CSS bars grow by 5 % (classes bar-0 … bar-20 of planning.css)


def territory_plans(request: HttpRequest, public_id: str) -> HttpResponse:
    page = pagecache.page(request, "planning", public_id, compute=lambda: _page_context(request, public_id))
    return pagecache.render_page(request, "registry/planning/territory_plans.html", page)


def _page_context(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """What the tab shows this visitor (computed only when the page is not cached)."""
    territory = territory_get(public_id)
    as_of = AsOfForm(request.GET if "date" in request.GET else None, initial={"date": timezone.localdate()})
    on = as_of.on
    is_today = on == timezone.localdate()
    results = planning_results(request.user, territory, on=on)
    context: dict[str, Any] = {
        "territory": territory,
        "breadcrumb": [*territory_ancestors(territory), territory],
        "current": Crumb(_("Plans"), request.path),
        "as_of": as_of,
        "on": on,
        "is_today": is_today,
        "downloads": download_links(territory, on, is_today=is_today),
        **planning_context(results),
        "practice_notes": related_notes(request.user, territory=territory),
    }
    return context


# Names and links ------------------------------------------------------------------------------------


def _bar(value: float | None, largest: float) -> int:
    """The step (0 to `BAR_STEPS`) of a CSS bar showing `value` out of `largest`."""
    if not value or largest <= 0:
        return 0
    return max(1, min(BAR_STEPS, round(BAR_STEPS * value / largest)))


def _dollars(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(amount)s $") % {"amount": number_format(round(value), 0, force_grouping=True)}


def _percent(share: float | None) -> int | None:
    return percent(share) if share is not None else None


# The sections ---------------------------------------------------------------------------------------


def planning_context(results: PlanningResults) -> dict[str, Any]:
    """Every section of the page, named and linked, from the results."""
    s = results.snapshot
    if not s.plans:
        return {"empty": True, "summary": results.summary}
    owner_ids = {plan.owner_territory_id for plan in s.plans if plan.owner_territory_id is not None}
    territories = territories_named([m.id for m in s.municipalities] + list(owner_ids))
    concertation_url = url_maker("registry:concertation_detail")
    concertations = {c.id: Named(c.id, c.name, concertation_url(c.id)) for c in s.concertations}
    return {
        "empty": False,
        "summary": results.summary,
        "plan_groups": _plan_groups(results, territories, concertations),
        **_load(results, territories),
        **_integration(results, territories, concertations),
        **_contributions(results),
        **_equity(results),
    }


def _plan_groups(
    results: PlanningResults, territories: dict[int, Named], concertations: dict[int, Named]
) -> list[dict[str, Any]]:
    s = results.snapshot
    unaccompanied = set(results.load.unaccompanied_ids)
    stalled = set(results.load.stalled_ids)
    groups: dict[str, list[PlanInfo]] = {IN_FORCE: [], BEING_DRAFTED: [], OTHER: []}
    for plan in sorted(s.plans, key=lambda p: (p.name, p.id)):
        groups[group_of(plan, s.on)].append(plan)
    shown = {key: plans[:LIST_LIMIT] for key, plans in groups.items()}
    progress = plans_progress([plan.id for key in (IN_FORCE, OTHER) for plan in shown[key]], on=s.on)
    plan_url = plan_url_maker()
    return [
        {
            "key": key,
            "title": GROUP_TITLES[key],
            "rows": [
                {
                    "plan": Named(plan.id, plan.name, plan_url(plan.id)),
                    "kind": choice_label(PlanKind, plan.kind),
                    "owners": [
                        owner
                        for owner in (
                            territories.get(plan.owner_territory_id or 0),
                            concertations.get(plan.owner_concertation_id or 0),
                        )
                        if owner is not None
                    ],
                    "stage": choice_label(PlanStage, plan.stage),
                    "since": plan.stage_since,
                    "start": plan.start,
                    "end": plan.end,
                    "unaccompanied": plan.id in unaccompanied,
                    "stalled": plan.id in stalled,
                    "progress": progress.get(plan.id),
                }
                for plan in shown[key]
            ],
            "total": len(groups[key]),
            "more": len(groups[key]) - len(shown[key]),
        }
        for key in GROUPS
        if groups[key]
    ]


def _load(results: PlanningResults, territories: dict[int, Named]) -> dict[str, Any]:
    load = results.load
    rows = load.municipalities
    largest = max((row.per_thousand or 0.0 for row in rows), default=0.0)
    # The municipalities carrying at least one plan in force, with their rank among all of them (those
    # carrying none are counted in a sentence; the download lists them).
    carrying = [(rank, row) for rank, row in enumerate(rows, start=1) if row.plans]
    bars = [
        Bar(row.name, row.per_thousand, number_format(row.per_thousand, 2))
        for row in rows
        if row.per_thousand is not None and row.per_thousand > 0
    ][:CHART_BARS]
    chart = ""
    if bars and len(rows) > 1:
        chart = bar_chart(
            key="chart-planning-load",
            title=_("Plans and policies in force per 1,000 inhabitants, heaviest load first"),
            description=" ; ".join(_("%(label)s: %(value)s") % {"label": bar.label, "value": bar.text} for bar in bars),
            axis=_("Plans and policies in force per 1,000 inhabitants"),
            bars=bars,
        )
    return {
        "load": {
            "in_force": len(load.plan_ids),
            "unaccompanied": len(load.unaccompanied_ids),
            "stalled": len(load.stalled_ids),
            "without_horizon": len(load.without_horizon_ids),
            "rows": [
                {
                    "rank": rank,
                    "municipality": territories.get(row.municipality_id, Named(row.municipality_id, row.name)),
                    "urbanity": urbanity_label(row.urbanity),
                    "urbanity_key": row.urbanity or "unknown",
                    "population": row.population,
                    "plans": row.plans,
                    "owned": len(row.owned_ids),
                    "per_thousand": row.per_thousand,
                    "bar": _bar(row.per_thousand, largest),
                    "unaccompanied": len(row.unaccompanied_ids),
                    "stalled": len(row.stalled_ids),
                }
                for rank, row in carrying[:LIST_LIMIT]
            ],
            "total": len(rows),
            "more": max(0, len(carrying) - LIST_LIMIT),
            "without_plans": len(rows) - len(carrying),
            "chart": chart,
        }
    }


def _shares(rows: Sequence[ShareRow], labels: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": row.key or "none",
            "label": labels[row.key],
            "count": row.count,
            "percent": _percent(row.share),
            "bar": _bar(row.share, 1.0),
        }
        for row in rows
    ]


def _owner_row(owner: Named, kind: str, item: Integration) -> dict[str, Any]:
    return {
        "owner": owner,
        "kind": kind,
        "actions": item.actions,
        "dimensions": [_percent(row.share) for row in item.by_dimension if row.key],
        "multidimensional": _percent(item.multidimensional.share),
        "levels": [_percent(row.share) for row in item.by_level if row.key],
        "sentences": item.sentences,
    }


def _integration(
    results: PlanningResults, territories: dict[int, Named], concertations: dict[int, Named]
) -> dict[str, Any]:
    report = results.integration
    whole = report.territory
    owners = [
        _owner_row(territories.get(item.territory_id or 0, Named(item.territory_id or 0, "")), "territory", item)
        for item in report.territories
    ] + [
        _owner_row(
            concertations.get(item.concertation_id or 0, Named(item.concertation_id or 0, "")), "concertation", item
        )
        for item in report.concertations
    ]
    return {
        "integration": {
            "actions": whole.actions,
            "sentences": whole.sentences,
            "dimensions": _shares(whole.by_dimension, DIMENSION_LABELS),
            "multidimensional": {
                "count": whole.multidimensional.count,
                "percent": _percent(whole.multidimensional.share),
            },
            "levels": _shares(whole.by_level, LEVEL_LABELS),
            "dimension_headers": [DIMENSION_LABELS[row.key] for row in whole.by_dimension if row.key],
            "level_headers": [LEVEL_LABELS[row.key] for row in whole.by_level if row.key],
            "owners": owners[:LIST_LIMIT],
            "owners_more": max(0, len(owners) - LIST_LIMIT),
        }
    }


def _contributions(results: PlanningResults) -> dict[str, Any]:
    given = results.contributions
    organization_url = url_maker("registry:organization_detail")
    return {
        "contributions": {
            "count": given.contributions,
            "total": given.total,
            "sectors": [{"label": sector_label(row.sector), "row": row} for row in given.by_sector],
            "organizations": [
                {
                    "organization": Named(row.organization_id, row.name, organization_url(row.organization_id)),
                    "sector": sector_label(row.sector),
                    "actions": len(row.action_ids),
                    "row": row,
                }
                for row in given.by_organization[:LIST_LIMIT]
            ],
            "organizations_more": max(0, len(given.by_organization) - LIST_LIMIT),
        }
    }


def _equity(results: PlanningResults) -> dict[str, Any]:
    fairness = results.equity
    rows = [
        {"label": urbanity_label(row.urbanity), "key": row.urbanity or "unknown", "row": row} for row in fairness.rows
    ]
    bars = [
        Bar(
            urbanity_label(row.urbanity),
            row.dollars_per_1000,
            _dollars(row.dollars_per_1000),
            URBANITY_COLOURS.get(row.urbanity, INK_MUTED),
        )
        for row in fairness.rows
    ]
    chart = ""
    if any(bar.value for bar in bars):
        chart = bar_chart(
            key="chart-planning-equity",
            title=_("Dollars committed per 1,000 inhabitants by kind of place"),
            description=" ; ".join(_("%(label)s: %(value)s") % {"label": bar.label, "value": bar.text} for bar in bars),
            axis=_("Dollars committed per 1,000 inhabitants"),
            bars=bars,
        )
    return {
        "equity": {
            "rows": rows,
            "outside_dollars": fairness.outside_dollars,
            "outside_hours": fairness.outside_hours,
            "unplaced_dollars": fairness.unplaced_dollars,
            "unplaced_hours": fairness.unplaced_hours,
            "chart": chart,
        }
    }
