"""A small world for the security tests: two concertations in one territory (a public one and a private one)
with seats, memberships, a person who did not consent to appear publicly, plans, a service, an import, an
API key, and one user per role. Every private field holds a unique marker (`canary-<field>-<hex>`) that no
page, export or API answer may show to someone who may not see it.

Built once per test module, inside a transaction rolled back after the module (see `world_fixture`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from arrimage.access.models import RoleKind
from arrimage.accounts.models import ApiToken, SecurityEvent, User
from arrimage.actors.models import Consent
from arrimage.analysis.models import OverlapDecision
from arrimage.concertation.models import SeatType
from arrimage.cycle.models import StageTransition
from arrimage.directory.models import Service
from arrimage.funding.models import Programme, ProgrammeDeadline
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
    UserFactory,
    api_key,
)

MARKER_PREFIX = "canary-"

ROLES = (
    "anonymous",
    "member",
    "coordinator_other",
    "coordinator",
    "editor_other",
    "editor",
    "admin",
)


@dataclass
class World:
    """The objects and users of the security tests, and the markers seeded in their private fields."""

    territory: Territory
    other_territory: Territory
    users: dict[str, User | None]
    objects: dict[str, Any]
    markers: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


class Markers:
    """Unique strings for private fields, remembered with the field they were put in."""

    def __init__(self) -> None:
        self.seeded: dict[str, str] = {}

    def __call__(self, where: str) -> str:
        value = f"{MARKER_PREFIX}{where}-{uuid.uuid4().hex[:12]}"
        self.seeded[value] = where
        return value

    def email(self, where: str) -> str:
        return f"{self(where)}@example.org"


def build_world() -> World:
    mark = Markers()
    region = Territory.objects.get(kind="region", code="03")
    territory = Territory.objects.filter(kind="municipality", parent__parent=region).order_by("code").first()
    if territory is None:  # Municipalities hang under their MRC, itself under the region.
        territory = Territory.objects.filter(kind="municipality").order_by("code").first()
    assert territory is not None
    other_region = Territory.objects.get(kind="region", code="12")

    # Users of each role.
    users: dict[str, User | None] = {"anonymous": None}
    for role in ROLES[1:]:
        users[role] = UserFactory.create(email=mark.email(f"user-{role}"), last_name=mark(f"user-name-{role}"))
    admin = users["admin"]
    assert admin is not None
    admin.is_superuser = True
    admin.is_staff = True
    admin.save()

    # Organisations.
    organization = OrganizationFactory.create(name="Organisme du territoire A")
    organization.territories_served.add(territory)
    other_organization = OrganizationFactory.create(name="Organisme du territoire B")
    other_organization.territories_served.add(other_region)

    # Concertations: public and private in territory A, another (public) in territory B.
    public = ConcertationFactory.create(name="Table publique du territoire A", is_public=True)
    public.territories.add(territory)
    private = ConcertationFactory.create(
        name=mark("private-concertation-name"),
        acronym=mark("private-concertation-acronym")[:40],
        mission=mark("private-concertation-mission"),
        is_public=False,
    )
    private.territories.add(territory)
    other = ConcertationFactory.create(name="Table du territoire B", is_public=True)
    other.territories.add(other_region)

    # People.
    citizen = PersonFactory.create(
        given_name=mark("citizen-given-name"),
        family_name=mark("citizen-family-name"),
        email=mark.email("citizen-email"),
        phone=mark("citizen-phone"),
        notes=mark("citizen-notes"),
        is_citizen=True,
        public_consent=False,
    )
    consenting = PersonFactory.create(
        given_name="Dominique",
        family_name="Publique",
        email=mark.email("consenting-email"),
        phone=mark("consenting-phone"),
        notes=mark("consenting-notes"),
        public_consent=True,
    )
    member_person = PersonFactory.create(
        given_name=mark("member-given-name"),
        family_name=mark("member-family-name"),
        email=mark.email("member-email"),
        phone=mark("member-phone"),
        notes=mark("member-notes"),
        user=users["member"],
    )
    outsider = UserFactory.create(email=mark.email("user-outsider"), last_name=mark("user-name-outsider"))
    outsider_person = PersonFactory.create(
        given_name=mark("outsider-given-name"), family_name=mark("outsider-family-name"), user=outsider
    )

    # Seats and memberships.
    public_seat = SeatFactory.create(concertation=public, label="Siège citoyen", seat_type=SeatType.CITIZEN)
    public_org_seat = SeatFactory.create(concertation=public, label="Siège des organismes")
    private_seat = SeatFactory.create(concertation=private, label=mark("private-seat-label"))
    private_second_seat = SeatFactory.create(concertation=private, label=mark("private-seat-label-2"))
    other_seat = SeatFactory.create(concertation=other, label="Siège du territoire B")
    start = dt.date(2022, 1, 1)
    citizen_membership = MembershipFactory.create(
        seat=public_seat, person=citizen, organization=None, start_date=start, notes=mark("membership-notes-public")
    )
    consenting_membership = MembershipFactory.create(
        seat=public_org_seat, person=consenting, organization=organization, start_date=start, notes=mark("m-notes-c")
    )
    private_membership = MembershipFactory.create(
        seat=private_seat, person=citizen, organization=None, start_date=start, notes=mark("membership-notes-private")
    )
    member_membership = MembershipFactory.create(
        seat=private_second_seat, person=member_person, organization=organization, start_date=start
    )
    MembershipFactory.create(seat=other_seat, person=outsider_person, organization=other_organization, start_date=start)
    position = PositionFactory.create(person=citizen, organization=organization, start_date=start)

    # Roles.
    RoleGrantFactory.create(user=users["coordinator"], role=RoleKind.COORDINATOR, concertation=public)
    RoleGrantFactory.create(user=users["coordinator"], role=RoleKind.COORDINATOR, concertation=private)
    RoleGrantFactory.create(user=users["coordinator_other"], role=RoleKind.COORDINATOR, concertation=other)
    RoleGrantFactory.create(user=users["editor"], role=RoleKind.TERRITORIAL_EDITOR, territory=region)
    RoleGrantFactory.create(user=users["editor_other"], role=RoleKind.TERRITORIAL_EDITOR, territory=other_region)

    # Plans: one of the public concertation, one of the private concertation.
    plan = PlanFactory.create(name="Plan d'action de la table publique", owner_concertation=public)
    plan.territories.add(territory)
    objective = ObjectiveFactory.create(plan=plan, title="Objectif public")
    action = ActionFactory.create(objective=objective, title="Action publique")
    progress = ProgressUpdateFactory.create(action=action)
    contribution = ContributionFactory.create(
        action=action, organization=organization, notes=mark("contribution-notes")
    )
    document = PlanDocument.objects.create(plan=plan, title="Plan adopté", url="https://exemple.org/plan.pdf")
    accompaniment = AccompanimentFactory.create(plan=plan, organization=organization, person=citizen)
    private_plan = PlanFactory.create(name=mark("private-plan-name"), owner_concertation=private)
    private_plan.territories.add(territory)
    private_objective = ObjectiveFactory.create(plan=private_plan, title=mark("private-objective-title"))
    private_action = ActionFactory.create(objective=private_objective, title=mark("private-action-title"))

    # A funding programme of the editor's région, with a deadline: its page matches it to the concertations
    # the visitor may see (the private one only for those who may see it).
    programme = Programme.objects.create(name="Programme de la région A")
    programme.territories.add(region)
    programme_deadline = ProgrammeDeadline.objects.create(programme=programme, date=start, label="Dépôt")
    # Practice notes: a published one linked to both tables and their plans (its contacts private), a draft.
    note = note_create(
        data=NoteData(
            title="Fiche de la table publique",
            summary="Ce qui a marché à la table.",
            tried="Des rencontres en soirée.",
            contacts=mark("note-contacts"),
            territories=[territory],
            concertations=[public, private],
            plans=[plan, private_plan],
        ),
        acting_user=users["coordinator"],
        publish=True,
    )
    draft_note = note_create(
        data=NoteData(title=mark("draft-note-title"), summary="Brouillon.", tried="Essai.", territories=[territory]),
        acting_user=users["coordinator"],
    )

    # A service, an import, API keys, a complementarity judgement.
    service = Service.objects.create(organization=organization, name="Aide alimentaire")
    service.service_areas.add(territory)
    import_run = ImportRun.objects.create(
        user=users["editor"], kind="organizations", filename=mark("import-filename"), digest="0" * 64
    )
    api_key(users["editor"], name=mark("token-name"))  # type: ignore[arg-type]
    token = ApiToken.objects.get(user=users["editor"])
    # Consents and their notes; a failed sign-in with the address typed.
    Consent.objects.create(
        person=citizen,
        scope="partner_contact",
        given_on=start,
        withdrawn_on=dt.date(2023, 1, 1),
        note=mark("citizen-consent-note"),
    )
    Consent.objects.create(person=consenting, scope="public_listing", given_on=start, note=mark("consent-note"))
    SecurityEvent.objects.create(
        kind="sign_in_failed", user=users["editor"], email=mark.email("typed-email"), browser=mark("browser")[:60]
    )
    first, second = sorted([public, private], key=lambda c: c.pk)
    decision = OverlapDecision.objects.create(
        first=first, second=second, note=mark("overlap-note"), decided_by=users["coordinator"]
    )

    # Meetings: one of the public table (private minutes, a citizen seat) with a decision and an open
    # follow-up of the organisation, one of the private table.
    from arrimage.meetings import services as meetings

    meeting = meetings.meeting_create(
        data=meetings.MeetingData(
            concertation=public,
            starts_at=dt.datetime(2024, 3, 12, 19, tzinfo=dt.UTC),
            title="Assemblée de la table publique",
            agenda=[meetings.AgendaItemData("Plan d'action")],
        ),
        acting_user=users["coordinator"],
    )
    meetings.agenda_item_minutes(
        meeting=meeting,
        minutes={item.pk: mark("meeting-minutes") for item in meeting.agenda_items.all()},
        acting_user=users["coordinator"],
    )
    meetings.attendance_record(
        meeting=meeting,
        entries={public_seat.pk: ("replaced", mark("substitute-name")), public_org_seat.pk: ("present", None)},
        acting_user=users["coordinator"],
    )
    meeting_decision = meetings.decision_create(
        meeting=meeting, text="Adopter le plan d'action.", acting_user=users["coordinator"]
    )
    follow_up = meetings.follow_up_create(
        decision=meeting_decision,
        organization=organization,
        person=citizen,
        task="Réserver la salle",
        due_on=dt.date(2024, 4, 1),
        acting_user=users["coordinator"],
    )
    private_meeting = meetings.meeting_create(
        data=meetings.MeetingData(
            concertation=private, starts_at=dt.datetime(2024, 3, 13, 19, tzinfo=dt.UTC), title=mark("meeting-title")
        ),
        acting_user=users["coordinator"],
    )

    objects: dict[str, Any] = {
        "organization": organization,
        "other_organization": other_organization,
        "public": public,
        "private": private,
        "other": other,
        "citizen": citizen,
        "consenting": consenting,
        "member_person": member_person,
        "outsider": outsider,
        "public_seat": public_seat,
        "private_seat": private_seat,
        "citizen_membership": citizen_membership,
        "consenting_membership": consenting_membership,
        "private_membership": private_membership,
        "member_membership": member_membership,
        "position": position,
        "plan": plan,
        "objective": objective,
        "action": action,
        "progress": progress,
        "contribution": contribution,
        "document": document,
        "accompaniment": accompaniment,
        "private_plan": private_plan,
        "private_objective": private_objective,
        "private_action": private_action,
        "note": note,
        "draft_note": draft_note,
        "service": service,
        "import_run": import_run,
        "token": token,
        "decision": decision,
        "region": region,
        "other_region": other_region,
        "programme": programme,
        "programme_deadline": programme_deadline,
        "meeting": meeting,
        "meeting_decision": meeting_decision,
        "follow_up": follow_up,
        "private_meeting": private_meeting,
    }
    # The cycle: a stage of the private concertation, whose note only those who see its private side read.
    objects["stage"] = StageTransition.objects.create(
        concertation=private, stage="portrait", entered_on=start, note=mark("stage-note")
    )
    # Meetings: one of the public table whose minutes are private to its members, one of the private table.
    objects.update(_meetings(public, private, public_seat, public_org_seat, private_seat, citizen, organization, mark))
    return World(territory=territory, other_territory=other_region, users=users, objects=objects, markers=mark.seeded)


def _meetings(
    public: Any,
    private: Any,
    public_seat: Any,
    public_org_seat: Any,
    private_seat: Any,
    citizen: Any,
    organization: Any,
    mark: Markers,
) -> dict[str, Any]:
    """A meeting of the public table (minutes private to its members: who came, what was said and decided)
    and one of the private table (its title private too)."""
    from arrimage.meetings.models import AgendaItem, Attendance, Decision, FollowUp, Meeting

    starts_at = dt.datetime(2026, 3, 4, 18, 30, tzinfo=dt.UTC)
    minutes_meeting = Meeting.objects.create(
        concertation=public, title="Rencontre de la table publique", starts_at=starts_at, minutes_private=True
    )
    item = AgendaItem.objects.create(meeting=minutes_meeting, order=1, title="Bilan", minutes=mark("meeting-minutes"))
    Attendance.objects.create(meeting=minutes_meeting, seat=public_seat, person=citizen, status="present")
    Attendance.objects.create(
        meeting=minutes_meeting, seat=public_org_seat, status="replaced", substitute_name=mark("substitute-name")
    )
    decision = Decision.objects.create(meeting=minutes_meeting, agenda_item=item, text=mark("meeting-decision"))
    FollowUp.objects.create(
        decision=decision,
        organization=organization,
        person=citizen,
        task=mark("follow-up-task"),
        due_on=starts_at.date(),
    )
    private_meeting = Meeting.objects.create(
        concertation=private, title=mark("private-meeting-title"), starts_at=starts_at, minutes_private=False
    )
    AgendaItem.objects.create(
        meeting=private_meeting, title=mark("private-agenda-title"), minutes=mark("private-minutes")
    )
    Attendance.objects.create(meeting=private_meeting, seat=private_seat, person=citizen, status="present")
    return {"minutes_meeting": minutes_meeting, "private_minutes_meeting": private_meeting}
