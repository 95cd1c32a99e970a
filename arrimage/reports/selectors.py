"""Reads the reports share: plans with their progress, and the organisations to contact.

Each runs a fixed number of queries, whatever the number of plans, actions or organisations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.plans.models import IN_FORCE, Action, Contribution, Objective, Plan, ProgressUpdate
from arrimage.plans.selectors import PlanProgress, plan_progress
from arrimage.registry.views.common import prime_territories


@dataclass(frozen=True)
class PlanRow:
    """A plan as a report shows it: its progress on the report's date."""

    plan: Plan
    progress: PlanProgress
    in_force: bool

    @property
    def percent(self) -> float:
        return self.progress.percent


def plans_with_progress(queryset: Any, user: Any, *, on: dt.date, in_force: set[int] | None = None) -> list[PlanRow]:
    """The plans of `queryset` the user may see (a plan owned by a private concertation only for those who
    may see it), each with its progress on `on`, those in force first (`in_force`: their ids, when the
    planning analysis has decided; else the plans adopted or being implemented), most advanced first. Seven queries:
    the plans, their objectives, actions, co-leaders, partners, progress updates and contributions are read
    once for all."""
    actions = Action.objects.prefetch_related(
        "co_leaders",
        "partners",
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-on", "-pk")),
        Prefetch("contributions", queryset=Contribution.objects.select_related("organization")),
    )
    plans = list(
        queryset.select_related("owner_territory", "owner_concertation")
        .defer("owner_territory__boundary")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.prefetch_related(Prefetch("actions", queryset=actions)))
        )
        .order_by("name", "pk")
    )
    prime_territories(
        user, {p.owner_concertation for p in plans if p.owner_concertation and not p.owner_concertation.is_public}
    )
    rows = [
        PlanRow(
            plan, plan_progress(plan, on=on), plan.pk in in_force if in_force is not None else plan.stage in IN_FORCE
        )
        for plan in plans
        if plan.owner_concertation is None or policy.can_view_concertation(user, plan.owner_concertation)
    ]
    return sorted(rows, key=lambda row: (not row.in_force, -row.percent, row.plan.name, row.plan.pk))


@dataclass(frozen=True)
class Contact:
    """An organisation to contact, with its public contact details and the bodies it coordinates."""

    organization: Organization
    coordinates: list[str]


def contacts(coordinators: Iterable[tuple[int, str]], *, limit: int) -> list[Contact]:
    """The coordinating organisations of these (organisation id, concertation name) pairs, those that
    coordinate the most bodies first. Organisations only: never a person. One query."""
    bodies: dict[int, list[str]] = {}
    for organization_id, name in coordinators:
        bodies.setdefault(organization_id, []).append(name)
    chosen = sorted(bodies, key=lambda ident: (-len(bodies[ident]), ident))[:limit]
    found = Organization.objects.only("name", "acronym", "website", "sector").in_bulk(chosen)
    return [Contact(found[ident], sorted(bodies[ident])) for ident in chosen if ident in found]
