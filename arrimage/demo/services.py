"""Load the demonstration data (`arrimage.demo.data`) through the registry's services, or remove it.

Every organisation, person and concertation is written by the same services the pages and the API use,
so the demonstration passes the same validation as real data. Demonstration rows carry `is_demo=True`;
people's email addresses and the demonstration accounts use the `exemple.demo` domain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arrimage.access.models import RoleGrant, RoleKind
from arrimage.access.services import role_grant
from arrimage.accounts.models import User
from arrimage.actors.models import Organization, Person, Position
from arrimage.actors.services import (
    OrganizationData,
    PersonData,
    organization_create,
    person_create,
    person_link_account,
    position_start,
)
from arrimage.concertation.models import Concertation, Membership, Seat, Theme
from arrimage.concertation.services import (
    ConcertationData,
    SeatData,
    concertation_create,
    membership_end,
    membership_replace,
    membership_start,
    seat_abolish,
    seat_create,
)
from arrimage.core.dates import PartialDate
from arrimage.core.text import fold
from arrimage.core.versions import registry_changed
from arrimage.cycle.models import StageTransition
from arrimage.funding.models import Programme
from arrimage.interchange.models import ImportRun
from arrimage.meetings.models import Meeting
from arrimage.plans.models import Accompaniment, Action, Contribution, Plan
from arrimage.plans.services import (
    ActionData,
    ContributionData,
    ObjectiveData,
    PlanData,
    accompaniment_start,
    action_create,
    contribution_record,
    objective_create,
    plan_create,
    plan_document_add,
    plan_stage_change,
    progress_record,
)
from arrimage.practice.models import PracticeNote
from arrimage.territories.models import Territory

from . import data
from .cycle import cycle_demo_delete, cycle_demo_load
from .data import AccountRow, ConcertationRow, PersonRow, PlanRow
from .funding import demo_programmes, demo_programmes_delete
from .meetings import meetings_demo_delete, meetings_demo_load
from .practice import practice_demo_delete, practice_demo_load
from .synth import synthetic_concertations, synthetic_organizations, synthetic_people
from .synth_plans import synthetic_plans

# Labels of the counts and roles that `load_demo` prints.
COUNT_LABELS = {
    "organizations": _("organisations"),
    "people": _("people"),
    "positions": _("positions"),
    "concertations": _("concertations"),
    "seats": _("seats"),
    "memberships": _("memberships"),
    "users": _("accounts"),
    "role_grants": _("roles"),
    "plans": _("plans"),
    "actions": _("plan actions"),
    "programmes": _("funding programmes"),
    "practice_notes": _("practice notes"),
    "meetings": _("meetings"),
    "stage_transitions": _("stages of the cycle"),
}
ROLE_LABELS = {
    "administrator": _("Administrator"),
    "territorial_editor": RoleKind.TERRITORIAL_EDITOR.label,
    "coordinator": RoleKind.COORDINATOR.label,
    "member": _("Member"),
}


class DemoDataError(Exception):
    """The demonstration data refers to something the database does not have (a territory, a theme)."""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    scope: str  # the territory or concertation of a scoped role, empty otherwise

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])


@dataclass
class DemoReport:
    """What `demo_load` did: whether it created anything, and how many rows of each kind exist."""

    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = data.DEMO_PASSWORD


def _organizations() -> models.QuerySet[Organization]:
    """Demonstration organisations; the synthetic benchmark data is marked `is_demo` too, and left alone."""
    return Organization.objects.filter(is_demo=True).exclude(pk__in=synthetic_organizations())


def _people() -> models.QuerySet[Person]:
    return Person.objects.filter(is_demo=True).exclude(pk__in=synthetic_people())


def _concertations() -> models.QuerySet[Concertation]:
    return Concertation.objects.filter(is_demo=True).exclude(pk__in=synthetic_concertations())


def _plans() -> models.QuerySet[Plan]:
    return Plan.objects.filter(is_demo=True).exclude(pk__in=synthetic_plans())


def demo_exists() -> bool:
    return _organizations().exists()


def demo_load(*, acting_user: Any = None, reset: bool = False) -> DemoReport:
    """Load the demonstration data in one transaction. Does nothing when it is already there, unless
    `reset`, which first removes the demonstration rows (see `demo_delete`)."""
    with transaction.atomic():
        deleted = demo_delete() if reset else {}
        if demo_exists():
            return DemoReport(created=False, counts=demo_counts(), deleted=deleted, accounts=_accounts_report())
        _Loader(acting_user).load()
        practice_demo_load(acting_user=acting_user)
        meetings_demo_load(acting_user=acting_user)
        cycle_demo_load(acting_user=acting_user)
    return DemoReport(created=True, counts=demo_counts(), deleted=deleted, accounts=_accounts_report())


def demo_counts() -> dict[str, int]:
    """How many demonstration rows of each kind the database holds."""
    concertations = _concertations()
    seats = Seat.objects.filter(concertation__in=concertations)
    return {
        "organizations": _organizations().count(),
        "people": _people().count(),
        "positions": Position.objects.filter(person__in=_people()).count(),
        "concertations": concertations.count(),
        "seats": seats.count(),
        "memberships": Membership.objects.filter(seat__in=seats).count(),
        "users": _demo_users().count(),
        "role_grants": RoleGrant.objects.filter(user__in=_demo_users()).count(),
        "plans": _plans().count(),
        "actions": Action.objects.filter(objective__plan__in=_plans()).count(),
        "programmes": Programme.objects.filter(is_demo=True).count(),
        "practice_notes": PracticeNote.objects.filter(is_demo=True).count(),
        "meetings": Meeting.objects.filter(is_demo=True).count(),
        "stage_transitions": StageTransition.objects.filter(is_demo=True).count(),
    }


def demo_delete() -> dict[str, int]:
    """Remove the demonstration rows and what hangs on them: memberships, seats, positions, role grants
    and the demonstration accounts. Real rows are left alone; a real membership held by a demonstration
    person or organisation is removed with it. Returns the number of rows removed by kind."""
    deleted: Counter[str] = Counter()
    with transaction.atomic():
        deleted["programmes"] = demo_programmes_delete()
        deleted["practice_notes"] = practice_demo_delete()
        # Before the organisations: a follow-up holds on to its organisation.
        deleted["meetings"] = meetings_demo_delete()
        deleted["stage_transitions"] = cycle_demo_delete()
        concertations = _concertations()
        people = _people()
        organizations = _organizations()
        # Plans first: they hold on to concertations, organisations and people. A real plan keeps its rows,
        # less the accompaniments and contributions of demonstration organisations and people.
        deleted["plans"] = _plans().delete()[1].get("plans.Plan", 0)
        Accompaniment.objects.filter(Q(organization__in=organizations) | Q(person__in=people)).delete()
        Contribution.objects.filter(organization__in=organizations).delete()
        memberships = Membership.objects.filter(
            Q(seat__concertation__in=concertations) | Q(person__in=people) | Q(organization__in=organizations)
        )
        deleted["memberships"] = memberships.delete()[1].get("concertation.Membership", 0)
        deleted["seats"] = Seat.objects.filter(concertation__in=concertations).delete()[0]
        deleted["role_grants"] = RoleGrant.objects.filter(
            Q(concertation__in=concertations) | Q(user__in=_demo_users())
        ).delete()[0]
        # Parents are protected: detach them before deleting.
        concertations.update(parent=None)
        Concertation.objects.filter(parent__in=concertations).update(parent=None)
        deleted["concertations"] = concertations.delete()[1].get("concertation.Concertation", 0)
        deleted["positions"] = Position.objects.filter(
            Q(person__in=people) | Q(organization__in=organizations)
        ).delete()[0]
        deleted["people"] = people.delete()[1].get("actors.Person", 0)
        Concertation.objects.filter(coordinating_organization__in=organizations).update(coordinating_organization=None)
        organizations.update(parent=None)
        Organization.objects.filter(parent__in=organizations).update(parent=None)
        deleted["organizations"] = organizations.delete()[1].get("actors.Organization", 0)
        # The imports the demonstration accounts ran go with them (their journal would point to nobody).
        ImportRun.objects.filter(user__in=_demo_users()).delete()
        deleted["users"] = _demo_users().delete()[1].get("accounts.User", 0)
        registry_changed()  # queryset updates send no signal
    return dict(deleted)


def _demo_users() -> Any:
    return User.objects.filter(email__endswith=f"@{data.DEMO_EMAIL_DOMAIN}")


def _accounts_report() -> list[DemoAccount]:
    return [
        DemoAccount(row.email, row.role, row.territory or (row.concertation and _concertation_name(row.concertation)))
        for row in data.ACCOUNTS
    ]


def _concertation_name(key: str) -> str:
    return next(row.name for row in data.CONCERTATIONS if row.key == key)


def demo_email(given_name: str, family_name: str) -> str:
    """« Marie-Ève Blais » → « marie-eve.blais@exemple.demo »."""
    parts = [re.sub(r"[^a-z0-9-]+", "", fold(name).replace(" ", "-")) for name in (given_name, family_name)]
    return f"{parts[0]}.{parts[1]}@{data.DEMO_EMAIL_DOMAIN}"


def _date(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Loader:
    """Writes the rows of `arrimage.demo.data` in order, keeping what it created by key."""

    def __init__(self, acting_user: Any) -> None:
        self.acting_user = acting_user
        self.territories = _territories_by_public_id()
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.organizations: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}
        self.concertations: dict[str, Concertation] = {}

    def territory(self, public_id: str) -> Territory:
        try:
            return self.territories[public_id]
        except KeyError:
            raise DemoDataError(
                gettext("The territory %(territory)s is missing; load the reference territories first.")
                % {"territory": public_id}
            ) from None

    def theme(self, slug: str) -> Theme:
        try:
            return self.themes[slug]
        except KeyError:
            raise DemoDataError(gettext("The theme %(theme)s is missing.") % {"theme": slug}) from None

    def load(self) -> None:
        for row in data.ORGANIZATIONS:
            self.organizations[row.key] = organization_create(
                data=OrganizationData(
                    name=row.name,
                    sector=row.sector,
                    acronym=row.acronym,
                    legal_form=row.legal_form,
                    mission=row.mission,
                    parent=self.organizations[row.parent] if row.parent else None,
                    territories_served=[self.territory(public_id) for public_id in row.territories],
                ),
                acting_user=self.acting_user,
                is_demo=True,
            )
        for person in data.PEOPLE:
            self.people[person.key] = self.person(person)
        for concertation in data.CONCERTATIONS:
            self.concertations[concertation.key] = self.concertation(concertation)
        for account in data.ACCOUNTS:
            self.account(account)
        for plan in data.PLANS:
            self.plan(plan)
        demo_programmes(acting_user=self.acting_user)

    def plan(self, row: PlanRow) -> Plan:
        """A plan written as its owners would have: created in its first stage, then moved on stage by
        stage, with its accompaniments, objectives, actions, contributions and progress updates."""
        user = self.acting_user
        (first_stage, first_on), *later = [(stage, dt.date.fromisoformat(on)) for stage, on in row.stages]
        plan = plan_create(
            data=PlanData(
                name=row.name,
                kind=row.kind,
                owner_territory=self.territory(row.owner_territory) if row.owner_territory else None,
                owner_concertation=self.concertations[row.owner_concertation] if row.owner_concertation else None,
                description=row.description,
                start=_day(row.start),
                end=_day(row.end),
                territories=[self.territory(public_id) for public_id in row.territories],
                themes=[self.theme(slug) for slug in row.themes],
            ),
            acting_user=user,
            stage=first_stage,
            stage_on=first_on,
            is_demo=True,
        )
        for stage, on in later:
            resolution = row.resolution if stage == "adopted" else None
            plan_stage_change(plan=plan, stage=stage, on=on, adoption_resolution=resolution, acting_user=user)
        for order, (title, url) in enumerate(row.documents):
            plan_document_add(plan=plan, title=title, url=url, order=order, acting_user=user)
        for item in row.accompaniments:
            accompaniment_start(
                plan=plan,
                organization=self.organizations[item.organization],
                person=self.people[item.person] if item.person else None,
                stage=item.stage,
                start=dt.date.fromisoformat(item.start),
                end=_day(item.end),
                acting_user=user,
            )
        for order, objective_row in enumerate(row.objectives):
            objective = objective_create(
                plan=plan,
                data=ObjectiveData(title=objective_row.title, order=order, weight=Decimal(objective_row.weight)),
                acting_user=user,
            )
            for action_order, action_row in enumerate(objective_row.actions):
                self.plan_action(objective, action_row, action_order)
        return plan

    def plan_action(self, objective: Any, row: data.PlanActionRow, order: int) -> Action:
        user = self.acting_user
        action = action_create(
            objective=objective,
            data=ActionData(
                title=row.title,
                co_leaders=[self.organizations[key] for key in row.co_leaders],
                partners=[self.organizations[key] for key in row.partners],
                themes=[self.theme(slug) for slug in row.themes],
                dimensions=list(row.dimensions),
                change_level=row.change_level,
                start=_day(row.start),
                end=_day(row.end),
                status=row.status,
                order=order,
                weight=Decimal(row.weight),
            ),
            acting_user=user,
        )
        for item in row.contributions:
            contribution_record(
                action=action,
                data=ContributionData(
                    organization=self.organizations[item.organization],
                    kind=item.kind,
                    committed=Decimal(item.committed) if item.committed else None,
                    delivered=Decimal(item.delivered) if item.delivered else None,
                    committed_on=_day(item.committed_on),
                    delivered_on=_day(item.delivered_on),
                ),
                acting_user=user,
            )
        for update in row.progress:
            progress_record(
                action=action,
                on=dt.date.fromisoformat(update.on),
                percent=update.percent,
                text=update.text,
                acting_user=user,
            )
        return action

    def person(self, row: PersonRow) -> Person:
        person = person_create(
            data=PersonData(
                given_name=row.given_name,
                family_name=row.family_name,
                email=demo_email(row.given_name, row.family_name),
                is_citizen=row.is_citizen,
                public_consent=row.public_consent,
            ),
            acting_user=self.acting_user,
            is_demo=True,
        )
        for job in row.jobs:
            position_start(
                person=person,
                organization=self.organizations[job.organization],
                profession=job.profession,
                job_title=job.title,
                start=_date(job.start),
                end=_date(job.end),
                acting_user=self.acting_user,
            )
        return person

    def concertation(self, row: ConcertationRow) -> Concertation:
        start, end = _date(row.start), _date(row.end)
        concertation = concertation_create(
            data=ConcertationData(
                name=row.name,
                kind=row.kind,
                level=row.level,
                acronym=row.acronym,
                mission=row.mission,
                parent=self.concertations[row.parent] if row.parent else None,
                coordinating_organization=self.organizations[row.coordinator] if row.coordinator else None,
                start=start,
                end=end,
                meeting_frequency=row.frequency,
                is_public=row.is_public,
                territories=[self.territory(public_id) for public_id in row.territories],
                themes=[self.theme(slug) for slug in row.themes],
                funders=[self.organizations[key] for key in row.funders],
            ),
            acting_user=self.acting_user,
            is_demo=True,
        )
        for order, seat_row in enumerate(row.seats, start=1):
            seat = seat_create(
                concertation=concertation,
                data=SeatData(
                    label=seat_row.label,
                    seat_type=seat_row.seat_type,
                    reserved_sector=seat_row.reserved_sector,
                    is_voting=seat_row.is_voting,
                    order=order,
                    created_on=_seat_created_on(seat_row, start),
                ),
                acting_user=self.acting_user,
            )
            self.holdings(seat, seat_row.holdings)
            if end is not None:
                # An ended concertation's seats go with it, the day after it ends.
                seat_abolish(seat=seat, on=end.last_day() + dt.timedelta(days=1), acting_user=self.acting_user)
        return concertation

    def holdings(self, seat: Seat, rows: tuple[data.HoldingRow, ...]) -> None:
        """Record the succession of a seat: past holdings with their end and reason, and hand-overs the
        way a coordinator records them (the previous holder is replaced on the successor's first day)."""
        previous: Membership | None = None
        for row in rows:
            person = self.people[row.person] if row.person else None
            organization = self.organizations[row.organization] if row.organization else None
            start = _date(row.start)
            if row.replaces:
                if previous is None or start is None:
                    raise DemoDataError(
                        gettext("A replacement on the seat « %(seat)s » needs a previous holder and a date.")
                        % {"seat": seat.label}
                    )
                previous = membership_replace(
                    membership=previous,
                    on=start,
                    person=person,
                    organization=organization,
                    role=row.role,
                    acting_user=self.acting_user,
                )
                if row.end:
                    previous = membership_end(
                        membership=previous,
                        end=PartialDate.parse(row.end),
                        reason=row.reason,
                        acting_user=self.acting_user,
                    )
            else:
                previous = membership_start(
                    seat=seat,
                    person=person,
                    organization=organization,
                    role=row.role,
                    start=start,
                    end=_date(row.end),
                    end_reason=row.reason,
                    acting_user=self.acting_user,
                )

    def account(self, row: AccountRow) -> User:
        user = User.objects.filter(email=row.email).first()
        if user is None:
            create = User.objects.create_superuser if row.role == "administrator" else User.objects.create_user
            user = create(row.email, data.DEMO_PASSWORD, first_name=row.first_name, last_name=row.last_name)
        if row.territory:
            role_grant(
                user=user,
                role=RoleKind.TERRITORIAL_EDITOR,
                territory=self.territory(row.territory),
                acting_user=self.acting_user,
            )
        if row.concertation:
            role_grant(
                user=user,
                role=RoleKind.COORDINATOR,
                concertation=self.concertations[row.concertation],
                acting_user=self.acting_user,
            )
        if row.person:
            self.people[row.person] = person_link_account(
                person=self.people[row.person], user=user, acting_user=self.acting_user
            )
        return user


def _seat_created_on(row: data.SeatRow, concertation_start: PartialDate | None) -> dt.date | None:
    """When the seat was created: as written, or when its first holder arrived, or with the concertation."""
    if row.created_on:
        return dt.date.fromisoformat(row.created_on)
    first = _date(row.holdings[0].start) if row.holdings else concertation_start
    return first.first_day() if first else None


def _territories_by_public_id() -> dict[str, Territory]:
    public_ids = {public_id for row in data.ORGANIZATIONS for public_id in row.territories}
    public_ids |= {public_id for row in data.CONCERTATIONS for public_id in row.territories}
    public_ids |= {row.territory for row in data.ACCOUNTS if row.territory}
    for plan in data.PLANS:
        public_ids |= {public_id for public_id in (*plan.territories, plan.owner_territory) if public_id}
    condition = Q(pk__in=[])
    for public_id in public_ids:
        kind, _sep, code = public_id.partition(":")
        condition |= Q(kind=kind, code=code)
    return {f"{t.kind}:{t.code}": t for t in Territory.objects.without_geometry().filter(condition)}
