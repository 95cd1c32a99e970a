"""Pages of the plans: the list with its filters, and one public page per plan that a citizen or an elected
official reads in two minutes — its stage and history, who accompanies it, how far each objective and
action has gone, and who gives what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Theme
from arrimage.core import pagecache
from arrimage.plans import selectors
from arrimage.plans.models import (
    STAGE_ORDER,
    Accompaniment,
    Action,
    ActionStatus,
    Contribution,
    Objective,
    Plan,
    PlanQuerySet,
    PlanStage,
    ProgressUpdate,
    StageChange,
)

from ..forms_plans import PlanFilterForm
from .common import Crumb, paginate, people_named
from .practice import related_notes


def visible_plans(user: Any) -> PlanQuerySet:
    """The plans this user may see: all but those owned by a private concertation the user may not see."""
    concertations = policy.visible_concertations(user, Concertation.objects.all())
    return Plan.objects.filter(
        Q(owner_concertation__isnull=True) | Q(owner_concertation__in=concertations.values("pk"))
    )


def can_view_plan(user: Any, plan: Plan) -> bool:
    """Plans are public, except those owned by a private concertation the user may not see."""
    return plan.owner_concertation is None or policy.can_view_concertation(user, plan.owner_concertation)


def plan_list(request: HttpRequest) -> HttpResponse:
    page = pagecache.page(request, "plans", compute=lambda: _plan_list_context(request))
    template = "registry/plans/list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return pagecache.render_page(request, template, page)


def _plan_list_context(request: HttpRequest) -> dict[str, Any]:
    """The filters and the page of results (computed only when the page is not cached)."""
    form = PlanFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "results": None}
    status = 200
    if form.is_valid():
        results = paginate(selectors.plan_list(form.filters(), base=visible_plans(request.user)), form.page_number)
        if results.page is not None:
            plans = list(results.page.object_list)
            progress = selectors.plans_progress(plan.pk for plan in plans)
            context["rows"] = [(plan, progress[plan.pk]) for plan in plans]
        context["results"] = results
        context["query_string"] = form.query_string()
    else:
        status = 422
    context["can_create"] = policy.can_create_plan(request.user)
    context["status"] = status
    return context


# One plan, as its page shows it ---------------------------------------------------------------------


@dataclass(frozen=True)
class StageStep:
    change: StageChange
    went_back: bool


@dataclass(frozen=True)
class AccompanimentView:
    accompaniment: Accompaniment
    person_named: bool
    current: bool


@dataclass(frozen=True)
class ActionView:
    """An action with what its block shows, each related list read once from the prefetched rows."""

    action: Action
    percent: int
    updates: list[ProgressUpdate]
    contributions: list[Contribution]
    co_leaders: list[Organization]
    partners: list[Organization]
    themes: list[Theme]

    @property
    def cancelled(self) -> bool:
        return self.action.status == ActionStatus.CANCELLED


@dataclass(frozen=True)
class ObjectiveView:
    objective: Objective
    percent: float
    actions: list[ActionView]


def _stage_steps(plan: Plan) -> list[StageStep]:
    steps, previous = [], None
    for change in plan.stage_changes.all():
        went_back = previous is not None and STAGE_ORDER[change.stage] < STAGE_ORDER[previous]
        steps.append(StageStep(change, went_back))
        previous = change.stage
    return steps


def _latest_percent(updates: list[ProgressUpdate], on: dt.date) -> int:
    """The latest percentage on or before `on` (updates come most recent first), 0 without one."""
    return next((update.percent for update in updates if update.on <= on), 0)


def _objectives(plan: Plan, on: dt.date) -> tuple[float, list[ObjectiveView]]:
    progress = selectors.plan_progress(plan, on=on)
    views = []
    for objective in plan.objectives.all():
        rolled = progress.of_objective(objective.pk)
        actions = []
        for action in objective.actions.all():
            updates = list(action.progress_updates.all())
            actions.append(
                ActionView(
                    action,
                    _latest_percent(updates, on),
                    updates,
                    list(action.contributions.all()),
                    list(action.co_leaders.all()),
                    list(action.partners.all()),
                    list(action.themes.all()),
                )
            )
        views.append(ObjectiveView(objective, rolled.percent if rolled else 0.0, actions))
    return progress.percent, views


def _accompaniments(user: Any, plan: Plan, on: dt.date) -> list[AccompanimentView]:
    items = list(plan.accompaniments.all())
    named = people_named(user, [item.person for item in items if item.person is not None])
    return [
        AccompanimentView(
            item,
            person_named=item.person_id is not None and item.person_id in named,
            current=item.start_date <= on and (item.end_date is None or item.end_date >= on),
        )
        for item in items
    ]


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = pagecache.page(request, "plan", pk, query="", compute=lambda: _plan_detail_context(request, pk))
    return render(request, "registry/plans/detail.html", {"cached_page": page})


def _plan_detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the page shows this visitor (computed only when the page is not cached)."""
    plan = selectors.plan_get(pk)
    user = request.user
    # A plan owned by a private concertation does not exist for those who may not see it.
    if not can_view_plan(user, plan):
        raise Http404(pk)
    today = timezone.localdate()
    percent, objectives = _objectives(plan, today)
    context = {
        "plan": plan,
        "breadcrumb": [Crumb(_("Plans"), reverse("registry:plan_list"))],
        "territories": list(plan.territories.all()),
        "themes": list(plan.themes.all()),
        "documents": list(plan.documents.all()),
        "steps": _stage_steps(plan),
        "stages": [(value, label, STAGE_ORDER[value] <= STAGE_ORDER[plan.stage]) for value, label in PlanStage.choices],
        "accompaniments": _accompaniments(user, plan, today),
        "unaccompanied": selectors.is_unaccompanied(plan, on=today),
        "stale": selectors.is_stale(plan, on=today),
        "percent": percent,
        "objectives": objectives,
        "action_count": sum(len(view.actions) for view in objectives),
        "contributions": selectors.plan_contributions(plan),
        "can_edit": policy.can_edit_plan(user, plan),
        "practice_notes": related_notes(user, plan=plan),
    }
    return context
