"""What the « Plans » page and its downloads name and link: plans, territories, sectors, the groups plans
are listed in and the labels of dimensions and levels of change. The page (`planning.py`) and its
downloads (`planning_exports.py`) both read them from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrimage.actors.models import Sector
from arrimage.analysis.plan_inputs import DRAFTING, PlanInfo
from arrimage.plans.models import ChangeLevel
from arrimage.territories.models import Territory

from .analysis_names import Named, choice_label, url_maker

IN_FORCE = "in_force"
BEING_DRAFTED = "drafting"
OTHER = "other"
GROUPS = (IN_FORCE, BEING_DRAFTED, OTHER)
GROUP_TITLES = {
    IN_FORCE: gettext_lazy("In force"),
    BEING_DRAFTED: gettext_lazy("Being drafted"),
    OTHER: gettext_lazy("Evaluated, expired or outside their horizon"),
}
DIMENSION_LABELS: dict[str, Any] = {
    "social": gettext_lazy("Social"),
    "economic": gettext_lazy("Economic"),
    "environmental": gettext_lazy("Environmental"),
    "cultural": gettext_lazy("Cultural"),
    "": gettext_lazy("No dimension recorded"),
}
LEVEL_LABELS: dict[str, Any] = {**dict(ChangeLevel.choices), "": gettext_lazy("Not said")}


def group_of(plan: PlanInfo, on: dt.date) -> str:
    """Where a plan is listed: in force, being drafted, or the others (evaluated, expired, or adopted with
    a horizon that does not contain the day)."""
    if plan.in_force(on):
        return IN_FORCE
    if plan.stage == DRAFTING:
        return BEING_DRAFTED
    return OTHER


def plan_url_maker() -> Callable[[int], str]:
    """The address of a plan's page from its id."""
    return url_maker("registry:plan_detail")


def territories_named(ids: Iterable[int]) -> dict[int, Named]:
    """The territories with these ids, each linked to its own « Plans » page (one query)."""
    rows = Territory.objects.filter(pk__in=sorted(set(ids))).values_list("pk", "kind", "code", "name")
    # Resolved once, then filled in (a province has more than a thousand municipalities).
    marker = "province:PLACEHOLDER"
    template = reverse("registry:territory_plans", args=[marker])
    return {pk: Named(pk, name, template.replace(marker, f"{kind}:{code}")) for pk, kind, code, name in rows}


def sector_label(key: str) -> str:
    return choice_label(Sector, key) if key else _("Unknown")
