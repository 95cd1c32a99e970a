"""A world for the query-count budgets and the query plans, built at two sizes.

It starts from the security tests' world (every role, a public and a private concertation, a person who did
not consent, plans, a service, an import, an API key...), then `grow` adds units of data around the very
objects the pages show: each unit gives the private concertation more seats and holders, the citizen more
jobs, tables and consents, the organisation more services and members, the plans more objectives, actions,
progress and contributions, the territory more organisations, concertations, plans and services, the editor
more imports and keys. A page whose query count depends on how many rows it lists therefore counts more
queries in the large world than in the small one.
"""

from __future__ import annotations

import datetime as dt
import itertools

from arrimage.access.models import RoleKind
from arrimage.accounts.models import SecurityEvent
from arrimage.actors.models import Consent
from arrimage.analysis.models import OverlapDecision
from arrimage.concertation.models import SeatType, Theme
from arrimage.directory.models import Location, Service
from arrimage.interchange.models import ImportRun
from arrimage.plans.models import PlanDocument
from arrimage.practice.services import NoteData, note_create
from arrimage.territories.models import Territory
from tests.factories import (
    AccompanimentFactory,
    ActionFactory,
    ConcertationFactory,
    ContributionFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PersonFactory,
    PlanFactory,
    PositionFactory,
    ProgressUpdateFactory,
    RoleGrantFactory,
    SeatFactory,
    StageChangeFactory,
    api_key,
)
from tests.security.world import World, build_world

SMALL = 1  # units of data in the small world
LARGE = 3  # units of data in the large world: three times the small one

_serial = itertools.count(1)


def grow(world: World, units: int) -> None:
    """Add `units` units of data to `world` (see the module's docstring)."""
    for _ in range(units):
        _unit(world)


def _unit(world: World) -> None:
    n = next(_serial)
    territory, region = world.territory, world.region
    # Each unit also reaches a municipality of its own, as real tables and organisations do: a check made
    # once per distinct set of territories shows in the count.
    elsewhere = Territory.objects.filter(kind="municipality", parent__parent=region).exclude(pk=territory.pk)
    place = elsewhere.order_by("code")[n % elsewhere.count()]
    editor, coordinator = world.users["editor"], world.users["coordinator"]
    themes = list(Theme.objects.order_by("pk")[(2 * n) % 20 : (2 * n) % 20 + 2])
    start = dt.date(2021, 1 + n % 12, 1)

    # Organisations and people of the territory.
    organization = OrganizationFactory.create(name=f"Organisme ajouté {n}")
    organization.territories_served.add(territory, place)
    person = PersonFactory.create(given_name="Renée", family_name=f"Ajoutée{n}", public_consent=True)
    citizen_peer = PersonFactory.create(given_name="Hugo", family_name=f"Citoyen{n}", public_consent=False)
    PositionFactory.create(person=person, organization=world.organization, start_date=start)
    PositionFactory.create(person=world.citizen, organization=organization, start_date=start)
    PositionFactory.create(
        person=world.consenting, organization=organization, start_date=dt.date(2018, 1, 1), end_date=start
    )

    # The private and public concertations get more seats, holders and past holders.
    for concertation in (world.private, world.public):
        seat = SeatFactory.create(concertation=concertation, label=f"Siège ajouté {n}")
        MembershipFactory.create(seat=seat, person=person, organization=organization, start_date=start)
        MembershipFactory.create(
            seat=seat,
            person=PersonFactory.create(given_name="Paule", family_name=f"Ancienne{n}"),
            organization=None,
            start_date=dt.date(2019, 1, 1),
            end_date=start - dt.timedelta(days=1),
        )
        citizen_seat = SeatFactory.create(
            concertation=concertation, label=f"Siège citoyen {n}", seat_type=SeatType.CITIZEN
        )
        MembershipFactory.create(seat=citizen_seat, person=citizen_peer, organization=None, start_date=start)
        MembershipFactory.create(
            seat=citizen_seat,
            person=world.member_person,
            organization=world.organization,
            start_date=dt.date(2000 + n, 1, 1),
            end_date=dt.date(2000 + n, 12, 31),
        )
    concertation = ConcertationFactory.create(
        name=f"Table ajoutée {n}", is_public=True, coordinating_organization=organization
    )
    concertation.territories.add(territory, place)
    concertation.themes.add(*themes)
    concertation.funders.add(world.organization)
    world.public.themes.add(*themes)
    seat = SeatFactory.create(concertation=concertation, label=f"Siège de la table {n}")
    MembershipFactory.create(seat=seat, person=world.consenting, organization=world.organization, start_date=start)
    MembershipFactory.create(
        seat=SeatFactory.create(concertation=concertation), person=world.citizen, organization=None, start_date=start
    )
    RoleGrantFactory.create(user=coordinator, role=RoleKind.COORDINATOR, concertation=concertation)
    first, second = sorted([concertation, world.public], key=lambda c: c.pk)
    OverlapDecision.objects.create(first=first, second=second, note=f"Complémentaires {n}", decided_by=coordinator)

    # Plans: the existing ones get more objectives, actions, progress and contributions; a new plan too.
    new_plan = PlanFactory.create(name=f"Plan ajouté {n}", owner_concertation=concertation)
    new_plan.territories.add(territory, place)
    new_plan.themes.add(*themes)
    for plan in (world.plan, world.private_plan, new_plan):
        plan.themes.add(*themes)
        objective = ObjectiveFactory.create(plan=plan, title=f"Objectif ajouté {n}")
        for _ in range(2):
            action = ActionFactory.create(objective=objective, title=f"Action ajoutée {n}")
            action.co_leaders.add(organization)
            action.partners.add(world.organization)
            action.themes.add(*themes)
            ProgressUpdateFactory.create(action=action, on=dt.date(2024, 1 + n % 12, 1), percent=20 + n % 50)
            ContributionFactory.create(action=action, organization=organization)
            ContributionFactory.create(action=action, organization=world.organization, kind="staff_hours", committed=40)
        PlanDocument.objects.create(plan=plan, title=f"Document {n}", url=f"https://exemple.org/plan-{n}.pdf")
        StageChangeFactory.create(plan=plan, on=dt.date(2023, 1 + n % 12, 1))
        AccompanimentFactory.create(plan=plan, organization=organization, start_date=start)
    for action in (world.action, world.private_action):
        ProgressUpdateFactory.create(action=action, on=dt.date(2025, 1 + n % 12, 1), percent=10 + n)
        ContributionFactory.create(action=action, organization=organization)
        action.co_leaders.add(organization)

    # Practice notes about the territory, the tables and the plans (published, and a draft of the coordinator).
    for published in (True, True, False):
        note_create(
            data=NoteData(
                title=f"Fiche ajoutée {n}",
                summary="Ce qui a marché.",
                tried="Des rencontres.",
                contacts="Personne à joindre.",
                organization=organization,
                territories=[territory, place],
                themes=themes,
                concertations=[world.public, world.private, concertation],
                plans=[world.plan, world.private_plan, new_plan],
            ),
            acting_user=coordinator,
            publish=published,
        )

    # Meetings: the public table's meeting gets the new seats' attendance, a decision by vote with follow-ups
    # (one of the organisation); the public and private tables get one more meeting each.
    from arrimage.meetings import services as meetings

    new_seats = list(world.public.seats.filter(label__endswith=f" {n}"))
    meetings.attendance_record(
        meeting=world.meeting,
        entries={
            seat.pk: ("replaced", person if seat.seat_type == "organisational" else f"Remplaçant {n}")
            for seat in new_seats
        },
        acting_user=coordinator,
    )
    item = world.meeting.agenda_items.create(title=f"Point ajouté {n}", order=10 + n, minutes="Discussion.")
    decision = meetings.decision_create(
        meeting=world.meeting,
        text=f"Décision {n}",
        agenda_item=item,
        method="vote",
        votes_for=1,
        acting_user=coordinator,
    )
    for owner in (world.organization, organization):
        meetings.follow_up_create(
            decision=decision, organization=owner, person=citizen_peer, task=f"Suivi {n}",
            due_on=dt.date(2024, 5, 1), action=world.action, acting_user=coordinator,
        )  # fmt: skip
    for host in (world.public, world.private):
        meetings.meeting_create(
            data=meetings.MeetingData(concertation=host, starts_at=dt.datetime(2024, 1 + n % 12, 2, 18, tzinfo=dt.UTC)),
            acting_user=coordinator,
        )

    # Services of the organisation, serving the territory.
    location = Location.objects.create(
        organization=world.organization, name=f"Point de service {n}", territory=territory
    )
    for owner in (world.organization, organization):
        service = Service.objects.create(
            organization=owner, name=f"Service ajouté {n}", description="Aide aux familles."
        )
        service.service_areas.add(territory, place)
        service.themes.add(*themes)
        service.locations.add(location)

    # What the citizen consented to, the editor's imports and keys, security events.
    Consent.objects.create(
        person=world.citizen, scope="partner_contact", given_on=start, withdrawn_on=start + dt.timedelta(days=30)
    )
    ImportRun.objects.create(user=editor, kind="organizations", filename=f"import-{n}.csv", digest=f"{n:064d}")
    api_key(editor, name=f"Clé ajoutée {n}")  # type: ignore[arg-type]
    api_key(world.users["admin"], name=f"Clé ajoutée {n}")  # type: ignore[arg-type]
    SecurityEvent.objects.create(kind="sign_in_failed", user=editor, email=f"essai{n}@example.org", browser="Firefox")


def build(units: int) -> World:
    """The security tests' world grown by `units` units of data."""
    world = build_world()
    grow(world, units)
    return world
