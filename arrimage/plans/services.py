"""Writes to plans, their stages, accompaniments, objectives, actions, progress and contributions.

Every write of the app goes through this module: each function checks its input and refuses bad input
with a message on the right field (nothing saved: each runs in one transaction), records who made the
change and why (`arrimage.core.audit`), and, for plans and actions, refuses a stale edit
(`expected_version`, see `arrimage.core.services.locked_for_update`). Permissions are the callers' job
(`arrimage.access.policy.can_edit_plan`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Dimension, Theme
from arrimage.core.audit import audited_delete, audited_save
from arrimage.core.services import apply, locked_for_update
from arrimage.territories.models import Territory

from .models import (
    STAGE_ORDER,
    Accompaniment,
    Action,
    ActionStatus,
    Contribution,
    Objective,
    Plan,
    PlanDocument,
    PlanStage,
    ProgressUpdate,
    StageChange,
)


def _clean_text(text: str) -> str:
    return " ".join(text.split())


def _check_dates(start: dt.date | None, end: dt.date | None, *, field: str, message: str) -> dict[str, list[str]]:
    if start is not None and end is not None and end < start:
        return {field: [message]}
    return {}


def _check_weight(weight: Decimal) -> dict[str, list[str]]:
    if weight <= 0:
        return {"weight": [_("The weight must be greater than zero.")]}
    return {}


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# Plans --------------------------------------------------------------------------------------------


@dataclass
class PlanData:
    """What a form, the API or an import gives to create or change a plan."""

    name: str
    kind: str
    owner_territory: Territory | None = None
    owner_concertation: Concertation | None = None
    description: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    adoption_resolution: str = ""
    territories: list[Territory] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)


def _plan_values(data: PlanData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not _clean_text(data.name):
        errors["name"] = [_("Give the plan a name.")]
    if data.owner_territory is None and data.owner_concertation is None:
        errors["owner_territory"] = [_("Choose the municipality, MRC or concertation that owns the plan.")]
    errors |= _check_dates(data.start, data.end, field="end_date", message=_("The horizon ends before it starts."))
    _raise(errors)
    return {
        "name": _clean_text(data.name),
        "kind": data.kind,
        "owner_territory": data.owner_territory,
        "owner_concertation": data.owner_concertation,
        "description": data.description.strip(),
        "start_date": data.start,
        "end_date": data.end,
        "adoption_resolution": _clean_text(data.adoption_resolution),
    }


def _set_plan_relations(plan: Plan, data: PlanData) -> None:
    plan.territories.set(data.territories)
    plan.themes.set(data.themes)


def plan_create(
    *,
    data: PlanData,
    acting_user: Any,
    stage: str = PlanStage.DRAFTING,
    stage_on: dt.date | None = None,
    is_demo: bool = False,
) -> Plan:
    """Create a plan in its first known stage (being drafted unless told otherwise), entered on
    `stage_on` (today when not given)."""
    plan = Plan(is_demo=is_demo)
    apply(plan, _plan_values(data))
    on = stage_on or timezone.localdate()
    plan.stage, plan.stage_since = stage, on
    with transaction.atomic():
        audited_save(plan, acting_user=acting_user, reason="create")
        _set_plan_relations(plan, data)
        audited_save(StageChange(plan=plan, stage=stage, on=on), acting_user=acting_user, reason="create")
    return plan


def plan_update(*, plan: Plan, data: PlanData, acting_user: Any, expected_version: int | None = None) -> Plan:
    """Change a plan's description. Its stage changes only through `plan_stage_change`. Refused when
    someone saved the plan since `expected_version`."""
    values = _plan_values(data)
    with transaction.atomic():
        fresh = locked_for_update(plan, expected_version=expected_version)
        apply(fresh, values)
        audited_save(fresh, acting_user=acting_user, reason="update")
        _set_plan_relations(fresh, data)
    return fresh


def plan_stage_change(
    *,
    plan: Plan,
    stage: str,
    on: dt.date,
    acting_user: Any,
    reason: str = "",
    adoption_resolution: str | None = None,
    expected_version: int | None = None,
) -> StageChange:
    """Record that the plan entered `stage` on `on` (adopted, in implementation, evaluated, expired…).

    Going back to an earlier stage (a plan reopened for revision) needs a reason; a change cannot be dated
    before the previous one. `adoption_resolution`, when given, records the resolution that adopted it.
    """
    with transaction.atomic():
        fresh = locked_for_update(plan, expected_version=expected_version)
        previous = fresh.stage_changes.order_by("-on", "-pk").first()
        errors: dict[str, list[str]] = {}
        if stage not in STAGE_ORDER:
            errors["stage"] = [_("Choose one of the stages of a plan.")]
        elif stage == fresh.stage:
            errors["stage"] = [_("The plan is already at this stage.")]
        elif STAGE_ORDER[stage] < STAGE_ORDER[fresh.stage] and not reason.strip():
            errors["reason"] = [_("Say why the plan goes back to an earlier stage.")]
        if previous is not None and on < previous.on:
            errors["on"] = [
                _("This date comes before the plan's previous stage change, on %(date)s.")
                % {"date": formats.date_format(previous.on)}
            ]
        _raise(errors)
        change = StageChange(plan=fresh, stage=stage, on=on, reason=reason.strip())
        audited_save(change, acting_user=acting_user, reason="stage change")
        fresh.stage, fresh.stage_since = stage, on
        if adoption_resolution is not None:
            fresh.adoption_resolution = _clean_text(adoption_resolution)
        audited_save(fresh, acting_user=acting_user, reason=f"stage: {stage}")
    return change


def plan_document_add(*, plan: Plan, title: str, url: str, acting_user: Any, order: int = 0) -> PlanDocument:
    """Link a document (the plan itself, a resolution, an evaluation) to a plan."""
    document = PlanDocument(plan=plan, title=_clean_text(title), url=url.strip(), order=order)
    with transaction.atomic():
        audited_save(document, acting_user=acting_user, reason="create")
    return document


def plan_document_remove(*, document: PlanDocument, acting_user: Any) -> None:
    with transaction.atomic():
        audited_delete(document, acting_user=acting_user, reason="remove")


# Accompaniment ------------------------------------------------------------------------------------


def accompaniment_start(
    *,
    plan: Plan,
    organization: Organization,
    start: dt.date,
    acting_user: Any,
    person: Person | None = None,
    stage: str = PlanStage.IMPLEMENTATION,
    end: dt.date | None = None,
) -> Accompaniment:
    """Record that an organisation (through one of its people, if known) accompanies the plan's owner
    through `stage` from `start` (to `end` when already known)."""
    _raise(_check_dates(start, end, field="end_date", message=_("The end date comes before the start date.")))
    accompaniment = Accompaniment(
        plan=plan, organization=organization, person=person, stage=stage, start_date=start, end_date=end
    )
    with transaction.atomic():
        audited_save(accompaniment, acting_user=acting_user, reason="start")
    return accompaniment


def accompaniment_end(*, accompaniment: Accompaniment, end: dt.date, acting_user: Any) -> Accompaniment:
    """Record the last day of an accompaniment."""
    with transaction.atomic():
        fresh = Accompaniment.objects.select_for_update().get(pk=accompaniment.pk)
        message = _("The end date comes before the start date.")
        _raise(_check_dates(fresh.start_date, end, field="end_date", message=message))
        fresh.end_date = end
        audited_save(fresh, acting_user=acting_user, reason="end")
    return fresh


# Objectives ---------------------------------------------------------------------------------------


@dataclass
class ObjectiveData:
    title: str
    description: str = ""
    order: int = 0
    weight: Decimal = Decimal(1)


def _objective_values(data: ObjectiveData) -> dict[str, Any]:
    errors = _check_weight(data.weight)
    if not _clean_text(data.title):
        errors["title"] = [_("Give the objective a title.")]
    _raise(errors)
    return {
        "title": _clean_text(data.title),
        "description": data.description.strip(),
        "order": data.order,
        "weight": data.weight,
    }


def objective_create(*, plan: Plan, data: ObjectiveData, acting_user: Any) -> Objective:
    objective = Objective(plan=plan)
    apply(objective, _objective_values(data))
    with transaction.atomic():
        audited_save(objective, acting_user=acting_user, reason="create")
    return objective


def objective_update(*, objective: Objective, data: ObjectiveData, acting_user: Any) -> Objective:
    values = _objective_values(data)
    with transaction.atomic():
        fresh = Objective.objects.select_for_update().get(pk=objective.pk)
        apply(fresh, values)
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh


# Actions ------------------------------------------------------------------------------------------


@dataclass
class ActionData:
    """What a form, the API or an import gives to create or change an action."""

    title: str
    description: str = ""
    co_leaders: list[Organization] = field(default_factory=list)
    partners: list[Organization] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    change_level: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = ActionStatus.PLANNED
    order: int = 0
    weight: Decimal = Decimal(1)


def _action_values(data: ActionData) -> dict[str, Any]:
    errors = _check_weight(data.weight)
    if not _clean_text(data.title):
        errors["title"] = [_("Give the action a title.")]
    errors |= _check_dates(data.start, data.end, field="end_date", message=_("The action ends before it starts."))
    if any(value not in Dimension.values for value in data.dimensions):
        errors["dimensions"] = [_("Choose among the social, economic, environmental and cultural dimensions.")]
    _raise(errors)
    return {
        "title": _clean_text(data.title),
        "description": data.description.strip(),
        # Kept in the order of the choices, once each, so that two equal lists compare equal in the history.
        "dimensions": [value for value in Dimension.values if value in data.dimensions],
        "change_level": data.change_level,
        "start_date": data.start,
        "end_date": data.end,
        "status": data.status,
        "order": data.order,
        "weight": data.weight,
    }


def _set_action_relations(action: Action, data: ActionData) -> None:
    action.co_leaders.set(data.co_leaders)
    action.partners.set(data.partners)
    action.themes.set(data.themes)


def action_create(*, objective: Objective, data: ActionData, acting_user: Any) -> Action:
    """Add an action to an objective, with its co-leaders, partners and themes."""
    action = Action(objective=objective)
    apply(action, _action_values(data))
    with transaction.atomic():
        audited_save(action, acting_user=acting_user, reason="create")
        _set_action_relations(action, data)
    return action


def action_update(*, action: Action, data: ActionData, acting_user: Any, expected_version: int | None = None) -> Action:
    """Change an action. Refused when someone saved it since `expected_version`."""
    values = _action_values(data)
    with transaction.atomic():
        fresh = locked_for_update(action, expected_version=expected_version)
        apply(fresh, values)
        audited_save(fresh, acting_user=acting_user, reason="update")
        _set_action_relations(fresh, data)
    return fresh


# Progress -----------------------------------------------------------------------------------------


def progress_record(*, action: Action, on: dt.date, percent: int, acting_user: Any, text: str = "") -> ProgressUpdate:
    """Record where an action stands on `on`: a percentage done (0 to 100) and a few words."""
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage done is between 0 and 100.")})
    update = ProgressUpdate(action=action, on=on, percent=percent, text=text.strip())
    with transaction.atomic():
        audited_save(update, acting_user=acting_user, reason="create")
    return update


def progress_delete(*, update: ProgressUpdate, acting_user: Any) -> None:
    """Withdraw a progress update recorded by mistake (its history keeps it)."""
    with transaction.atomic():
        audited_delete(update, acting_user=acting_user, reason="delete")


# Contributions ------------------------------------------------------------------------------------


@dataclass
class ContributionData:
    """An organisation's commitment to an action. Amounts are in hours for staff time and expertise and in
    dollars for everything else (see `arrimage.plans.models.contribution_unit`)."""

    organization: Organization
    kind: str
    committed: Decimal | None = None
    delivered: Decimal | None = None
    committed_on: dt.date | None = None
    delivered_on: dt.date | None = None
    notes: str = ""


def _contribution_values(data: ContributionData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for name in ("committed", "delivered"):
        amount = getattr(data, name)
        if amount is not None and amount < 0:
            errors[name] = [_("An amount cannot be negative.")]
    errors |= _check_dates(
        data.committed_on,
        data.delivered_on,
        field="delivered_on",
        message=_("A contribution cannot be delivered before it was committed."),
    )
    _raise(errors)
    return {
        "organization": data.organization,
        "kind": data.kind,
        "committed": data.committed,
        "delivered": data.delivered,
        "committed_on": data.committed_on,
        "delivered_on": data.delivered_on,
        "notes": data.notes.strip(),
    }


def contribution_record(*, action: Action, data: ContributionData, acting_user: Any) -> Contribution:
    """Record an organisation's commitment to an action (money, staff hours, in kind, expertise, premises)."""
    contribution = Contribution(action=action)
    apply(contribution, _contribution_values(data))
    with transaction.atomic():
        audited_save(contribution, acting_user=acting_user, reason="create")
    return contribution


def contribution_update(*, contribution: Contribution, data: ContributionData, acting_user: Any) -> Contribution:
    """Change a contribution: typically record what was delivered."""
    values = _contribution_values(data)
    with transaction.atomic():
        fresh = Contribution.objects.select_for_update().get(pk=contribution.pk)
        apply(fresh, values)
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh
