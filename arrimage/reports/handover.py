"""The handover dossier of a person leaving or arriving: the seats they hold and held, their positions,
the partners sitting with them, the plans and actions their organisations lead or support (with the
commitments made), the plans they accompany, and their history.

Its readers may see private information (`policy.can_view_handover`), yet the people around the person
are named only as the person page would name them (`people_named`), and a private concertation appears
only to those who may see it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from arrimage.access import policy
from arrimage.actors import selectors as actors
from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation import selectors as concertation_selectors
from arrimage.concertation.models import Concertation, Membership
from arrimage.plans.models import Accompaniment, Action, ActionStatus, Contribution, Plan
from arrimage.practice.models import PracticeNote
from arrimage.practice.selectors import notes_for_handover
from arrimage.registry.views.common import people_named, prime_territories

from .selectors import PlanRow, plans_with_progress

# Actions that no longer need anyone: left out of « in progress ».
FINISHED = (ActionStatus.DONE, ActionStatus.CANCELLED)


@dataclass(frozen=True)
class Partner:
    """Who sits beside the person at a concertation: the organisation, and the person holding the seat
    when the reader may see them (`person` None otherwise; `protected` when a person is hidden)."""

    seat: str
    organization: Organization | None
    person: Person | None
    protected: bool


@dataclass(frozen=True)
class Table:
    concertation: Concertation
    partners: list[Partner]


@dataclass(frozen=True)
class ActionShown:
    action: Action
    roles: list[str]  # « co-leader », « partner », « contributor »
    contributions: list[Contribution]  # those of the person's organisations


@dataclass(frozen=True)
class PlanShown:
    row: PlanRow
    actions: list[ActionShown]
    accompanied: list[Accompaniment]


@dataclass
class Dossier:
    person: Person
    on: dt.date
    current_seats: list[Membership] = field(default_factory=list)
    past_seats: list[Membership] = field(default_factory=list)
    current_positions: list[Position] = field(default_factory=list)
    past_positions: list[Position] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    plans: list[PlanShown] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    notes: list[PracticeNote] = field(default_factory=list)  # practice notes of their tables, plans and pen

    @property
    def is_empty(self) -> bool:
        return not (
            self.current_seats or self.past_seats or self.current_positions or self.past_positions or self.plans
        )


def handover_dossier(user: Any, person: Person, *, on: dt.date) -> Dossier:
    """The dossier of `person` on `on`, for a reader allowed by `policy.can_view_handover`. A fixed number
    of queries, whatever the number of seats, partners, plans or actions."""
    memberships = concertation_selectors.person_memberships(person)
    prime_territories(user, (m.seat.concertation for m in memberships if not m.seat.concertation.is_public))
    memberships = [m for m in memberships if policy.can_view_concertation(user, m.seat.concertation)]
    positions = actors.person_positions(person)
    current_seats = [m for m in memberships if m.is_current(on)]
    current_positions = [p for p in positions if p.is_current(on)]
    organizations = {p.organization.pk: p.organization for p in current_positions}
    organizations |= {m.organization.pk: m.organization for m in current_seats if m.organization is not None}
    plans = _plans(user, person, set(organizations), on=on)
    notes = notes_for_handover(
        concertation_ids={m.seat.concertation_id for m in current_seats},
        plan_ids={shown.row.plan.pk for shown in plans},
        author_id=person.user_id,
        base=policy.visible_notes(user, PracticeNote.objects.all()),
    )
    return Dossier(
        person=person,
        on=on,
        current_seats=current_seats,
        past_seats=[m for m in memberships if m.end_date is not None and m.end_date < on],
        current_positions=current_positions,
        past_positions=[p for p in positions if p.end_date is not None and p.end_date < on],
        tables=_tables(user, person, current_seats, on=on),
        plans=plans,
        organizations=sorted(organizations.values(), key=lambda o: (o.name, o.pk)),
        notes=notes,
    )


def _tables(user: Any, person: Person, seats: list[Membership], *, on: dt.date) -> list[Table]:
    """The other holders of the concertations where the person sits today. Two queries."""
    concertations = {m.seat.concertation_id: m.seat.concertation for m in seats}
    others = list(
        Membership.objects.current(on)
        .filter(seat__concertation_id__in=list(concertations))
        .exclude(person=person)
        .select_related("seat", "person", "organization")
        .order_by("seat__concertation_id", "seat__order", "seat__label", "pk")
    )
    named = people_named(user, [m.person for m in others if m.person is not None])
    by_concertation: dict[int, list[Partner]] = defaultdict(list)
    for m in others:
        shown = m.person is not None and m.person.pk in named
        by_concertation[m.seat.concertation_id].append(
            Partner(m.seat.label, m.organization, m.person if shown else None, m.person is not None and not shown)
        )
    return [
        Table(concertations[ident], by_concertation.get(ident, []))
        for ident in sorted(concertations, key=lambda i: (concertations[i].name, i))
    ]


def _plans(user: Any, person: Person, organization_ids: set[int], *, on: dt.date) -> list[PlanShown]:
    """The plans where the person's organisations co-lead, support or contribute to an action still in
    progress, and the plans the person accompanies today."""
    accompaniments = list(
        Accompaniment.objects.active(on).filter(person=person).select_related("organization").order_by("start_date")
    )
    # The actions tied to the organisations, read relation by relation: an OR across the three relations
    # (joined, or as subqueries) could only be answered by reading every action.
    action_ids: set[int] = set()
    if organization_ids:
        related = set(
            Action.co_leaders.through.objects.filter(organization_id__in=organization_ids).values_list(
                "action_id", flat=True
            )
        )
        related |= set(
            Action.partners.through.objects.filter(organization_id__in=organization_ids).values_list(
                "action_id", flat=True
            )
        )
        related |= set(
            Contribution.objects.filter(organization_id__in=organization_ids).values_list("action_id", flat=True)
        )
        action_ids = set(
            Action.objects.filter(pk__in=related).exclude(status__in=FINISHED).order_by().values_list("pk", flat=True)
        )
    plan_ids = set(Plan.objects.filter(objectives__actions__in=action_ids).values_list("pk", flat=True))
    plan_ids |= {a.plan_id for a in accompaniments}
    if not plan_ids:
        return []
    shown = []
    for row in plans_with_progress(Plan.objects.filter(pk__in=plan_ids), user, on=on):
        actions = []
        for objective in row.plan.objectives.all():
            for action in objective.actions.all():
                if action.pk not in action_ids:
                    continue
                leaders = {o.pk for o in action.co_leaders.all()}
                partners = {o.pk for o in action.partners.all()}
                contributions = [c for c in action.contributions.all() if c.organization_id in organization_ids]
                roles = []
                if leaders & organization_ids:
                    roles.append("co_leader")
                if partners & organization_ids:
                    roles.append("partner")
                if contributions:
                    roles.append("contributor")
                actions.append(ActionShown(action, roles, contributions))
        shown.append(PlanShown(row, actions, [a for a in accompaniments if a.plan_id == row.plan.pk]))
    return shown
