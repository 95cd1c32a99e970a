"""The planning analysis of one territory as one visitor may see it: every section computed from the
planning snapshot without the plans of private concertations the visitor may not see.

Pages, reports and the API read it through `planning_results`, so they show the same figures. Results are
kept in the analysis's process memory (`results.MEMORY`) under the registry's data version, like the
concertation analysis: any write to a plan leaves every entry behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from arrimage.core.versions import registry_version
from arrimage.territories.models import Territory

from .plan_inputs import PlanningSnapshot
from .planning import (
    Contributions,
    IntegrationReport,
    PlanningLoad,
    ResourceEquity,
    contributions,
    integration,
    planning_load,
    planning_summary,
    resource_equity,
)
from .planning_loading import planning_snapshot, private_plan_owners
from .results import MEMORY, hidden_ids


@dataclass(frozen=True)
class PlanningResults:
    """Every section of the planning analysis of one territory, as of one date, for one visitor."""

    snapshot: PlanningSnapshot  # without the plans of the private concertations the visitor may not see
    load: PlanningLoad
    integration: IntegrationReport
    contributions: Contributions
    equity: ResourceEquity
    summary: list[str]


def compute_planning(s: PlanningSnapshot) -> PlanningResults:
    """Every section of the planning analysis of the snapshot `s`."""
    load = planning_load(s)
    report = integration(s)
    given = contributions(s)
    return PlanningResults(
        snapshot=s,
        load=load,
        integration=report,
        contributions=given,
        equity=resource_equity(s),
        summary=planning_summary(s, load, report, given),
    )


def planning_results(user: Any, territory: Territory, *, on: dt.date) -> PlanningResults:
    """The planning analysis of `territory` as of `on`, as `user` may see it (cached; see the module)."""
    base = f"planning:{registry_version()}:{territory.pk}:{on.isoformat()}:{get_language()}"
    private: list[int] | None = MEMORY.get(f"{base}:private")
    if private is None:
        private = private_plan_owners(territory)
        MEMORY.set(f"{base}:private", private)
    hidden = hidden_ids(user, private)
    key = f"{base}:{hashlib.blake2b(repr(sorted(hidden)).encode(), digest_size=8).hexdigest()}"
    results: PlanningResults | None = MEMORY.get(key)
    if results is None:
        s = planning_snapshot(territory, on=on, hidden=hidden)
        results = compute_planning(s)
        MEMORY.set(key, results, len(s.plans) + len(s.actions) + len(s.contributions) + len(s.municipalities))
    return results
