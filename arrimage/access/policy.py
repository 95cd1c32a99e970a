"""Every permission of Arrimage, decided in one place. Views, the API and the importers ask this module.

Roles:
- platform administrator (a superuser): everything;
- territorial editor: edits the organisations, concertations, seats and memberships of the territories
  they were given, and of every territory inside them, and the plans those territories own or cover;
- concertation coordinator: edits one concertation, its seats and memberships, and the plans it owns;
- member: a user linked to a person who holds a seat; sees the private information of the concertations
  they sit on;
- anonymous visitor: sees public concertations and organisations, seat types and organisations, never a
  private person's identity or contact details.

A person's contact details and notes, and a citizen's identity, are personal information under Québec's
Law 25: they are shown only to the people this module allows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.utils import timezone

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, ConcertationQuerySet, Membership
from arrimage.directory.models import Service
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import RoleGrant, RoleKind


@dataclass
class Access:
    """What one user may do, worked out once per request from their grants and seats."""

    user: Any
    _territory_cache: dict[frozenset[int], bool] = field(default_factory=dict)

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_admin(self) -> bool:
        return self.is_authenticated and bool(self.user.is_active and self.user.is_superuser)

    @cached_property
    def _grants(self) -> list[tuple[str, int | None, int | None]]:
        if not self.is_authenticated:
            return []
        return list(
            RoleGrant.objects.active().filter(user=self.user).values_list("role", "territory_id", "concertation_id")
        )

    @cached_property
    def editor_territory_ids(self) -> set[int]:
        return {t for role, t, _c in self._grants if role == RoleKind.TERRITORIAL_EDITOR and t is not None}

    @cached_property
    def coordinated_ids(self) -> set[int]:
        return {c for role, _t, c in self._grants if role == RoleKind.COORDINATOR and c is not None}

    @cached_property
    def person_id(self) -> int | None:
        if not self.is_authenticated:
            return None
        return Person.objects.filter(user=self.user).values_list("pk", flat=True).first()

    @cached_property
    def member_concertation_ids(self) -> set[int]:
        if self.person_id is None:
            return set()
        today = timezone.localdate()
        return set(
            Membership.objects.current(today)
            .filter(person_id=self.person_id)
            .values_list("seat__concertation_id", flat=True)
        )

    @property
    def is_editor(self) -> bool:
        return bool(self.editor_territory_ids)

    def covers(self, territory_ids: set[int] | list[int]) -> bool:
        """Whether one of these territories lies within the user's editing territories."""
        if not self.editor_territory_ids or not territory_ids:
            return False
        key = frozenset(territory_ids)
        if key not in self._territory_cache:
            self._territory_cache[key] = self._reaches(key)
        return self._territory_cache[key]

    @cached_property
    def _containers(self) -> dict[int, tuple[int, ...]]:
        """Each territory's parent and RSS, for the whole tree, read once for the request: a page checking
        many tables, organisations or people in many places then asks nothing more of the database."""
        rows = Territory.objects.order_by().values_list("pk", "parent_id", "rss_id")
        return {pk: tuple(ident for ident in (parent, rss) if ident is not None) for pk, parent, rss in rows}

    def _reaches(self, territory_ids: frozenset[int]) -> bool:
        """Whether one of these territories, or one containing them (as `territory_ids_around` climbs: their
        MRC, région, RSS and the province), is a territory the user edits."""
        seen: set[int] = set()
        climbing = list(territory_ids)
        while climbing:
            ident = climbing.pop()
            if ident in self.editor_territory_ids:
                return True
            if ident not in seen:
                seen.add(ident)
                climbing.extend(self._containers.get(ident, ()))
        return False


def access_for(user: Any) -> Access:
    """The user's access, remembered on the user object for the rest of the request."""
    cached = getattr(user, "_arrimage_access", None)
    if cached is None:
        cached = Access(user)
        if getattr(user, "is_authenticated", False):
            user._arrimage_access = cached
    return cached


def _territory_ids(obj: Concertation | Organization) -> set[int]:
    prefetched = getattr(obj, "_prefetched_objects_cache", {})
    relation = "territories" if isinstance(obj, Concertation) else "territories_served"
    if relation in prefetched:
        return {t.pk for t in prefetched[relation]}
    return set(getattr(obj, relation).values_list("pk", flat=True))


# Concertations ------------------------------------------------------------------------------------


def can_view_concertation(user: Any, concertation: Concertation) -> bool:
    return concertation.is_public or can_view_concertation_private(user, concertation)


def can_view_concertation_private(user: Any, concertation: Concertation) -> bool:
    """Members, coordinators, editors and administrators see the names and notes of a concertation."""
    access = access_for(user)
    return concertation.pk in access.member_concertation_ids or can_edit_concertation(user, concertation)


def can_edit_concertation(user: Any, concertation: Concertation) -> bool:
    """Edit the concertation, its seats and its memberships."""
    access = access_for(user)
    if access.is_admin or concertation.pk in access.coordinated_ids:
        return True
    # Only an editor needs the coverage: other visitors cost no query.
    return access.is_editor and access.covers(_territory_ids(concertation))


def can_create_concertation(user: Any) -> bool:
    access = access_for(user)
    return access.is_admin or access.is_editor


def can_place_concertation(user: Any, territory_ids: set[int]) -> bool:
    """Whether the user may give a concertation this coverage: an editor only within their territories."""
    access = access_for(user)
    if access.is_admin:
        return True
    return bool(territory_ids) and all(access.covers({ident}) for ident in territory_ids)


def visible_concertations(user: Any, queryset: ConcertationQuerySet) -> ConcertationQuerySet:
    """The concertations a user may see in lists: public ones, and private ones they are part of."""
    access = access_for(user)
    if access.is_admin:
        return queryset
    condition = Q(is_public=True)
    ids = access.member_concertation_ids | access.coordinated_ids
    if ids:
        condition |= Q(pk__in=ids)
    if access.editor_territory_ids:
        condition |= Q(territories__in=territory_ids_within(access.editor_territory_ids))
    return queryset.filter(condition).distinct() if access.editor_territory_ids else queryset.filter(condition)


def can_judge_overlap(user: Any, first: Concertation, second: Concertation) -> bool:
    """Judge two concertations of the overlap analysis complementary, or withdraw that judgement: those
    who may edit either of them (administrators, their coordinators, the territorial editors whose
    territory contains one of them), provided they may see both, so that a private body is never named
    to someone outside it."""
    if not (can_edit_concertation(user, first) or can_edit_concertation(user, second)):
        return False
    return can_view_concertation(user, first) and can_view_concertation(user, second)


# Organisations ------------------------------------------------------------------------------------


def can_create_organization(user: Any) -> bool:
    access = access_for(user)
    return access.is_admin or access.is_editor or bool(access.coordinated_ids)


def can_edit_organization(user: Any, organization: Organization) -> bool:
    access = access_for(user)
    if access.is_admin:
        return True
    if access.is_editor:
        served = _territory_ids(organization)
        if not served or access.covers(served):
            return True
    if access.coordinated_ids:
        # A coordinator keeps the organisations that sit (or sat) at their tables up to date, and
        # completes those just created that are tied to nothing yet.
        seated = Membership.objects.filter(
            organization=organization, seat__concertation_id__in=access.coordinated_ids
        ).exists()
        return seated or _untied_organization(organization)
    return False


def _untied_organization(organization: Organization) -> bool:
    return not (
        organization.memberships.exists() or organization.positions.exists() or organization.territories_served.exists()
    )


# People -------------------------------------------------------------------------------------------


def can_create_person(user: Any) -> bool:
    return can_create_organization(user)


def _concertations_of(person: Person) -> set[int]:
    cached = getattr(person, "_concertation_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(person=person).values_list("seat__concertation_id", flat=True))
        person._concertation_ids = cached  # type: ignore[attr-defined]
    return cached


def can_view_person(user: Any, person: Person) -> bool:
    """See a person's page with their contact details: the person, administrators, and those who work
    with them (members, coordinators and editors of a concertation where the person sits or sat)."""
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if access.is_admin or person.pk == access.person_id:
        return True
    concertations = _concertations_of(person)
    if concertations & (access.member_concertation_ids | access.coordinated_ids):
        return True
    if access.is_editor:
        territory_ids = getattr(person, "_territory_ids", None)
        if territory_ids is None:
            territory_ids = _people_territory_ids([person])[person.pk]
        return access.covers(territory_ids)
    return False


def _people_territory_ids(people: list[Person]) -> dict[int, set[int]]:
    """For each person, the territories of the concertations where they sit or sat and of the organisations
    they work or worked for. Two queries, whatever the number of people."""
    concertation_ids = set().union(*(_concertations_of(person) for person in people))
    placed: dict[int, set[int]] = defaultdict(set)
    for concertation_id, territory_id in Concertation.territories.through.objects.filter(
        concertation_id__in=concertation_ids
    ).values_list("concertation_id", "territory_id"):
        placed[concertation_id].add(territory_id)
    found: dict[int, set[int]] = {person.pk: set() for person in people}
    for person_id, territory_id in Organization.territories_served.through.objects.filter(
        organization__positions__person__in=people
    ).values_list("organization__positions__person_id", "territory_id"):
        found[person_id].add(territory_id)
    for person in people:
        for concertation_id in _concertations_of(person):
            found[person.pk] |= placed[concertation_id]
    return found


def prime_people(user: Any, people: Iterable[Person]) -> None:
    """Read at once what `can_view_person` asks of each of these people (the concertations where they sit or
    sat and, for a territorial editor, the territories around them), so that checking a whole list of people
    costs a fixed number of queries."""
    people = list(people)
    missing = [person for person in people if not hasattr(person, "_concertation_ids")]
    if len(missing) > 1:
        seated: dict[int, set[int]] = {person.pk: set() for person in missing}
        for person_id, concertation_id in Membership.objects.filter(person__in=missing).values_list(
            "person_id", "seat__concertation_id"
        ):
            seated[person_id].add(concertation_id)
        for person in missing:
            person._concertation_ids = seated[person.pk]  # type: ignore[attr-defined]
    access = access_for(user)
    if access.is_admin or not access.is_editor:
        return  # only a territorial editor's check asks where the people are
    missing = [person for person in people if not hasattr(person, "_territory_ids")]
    if len(missing) > 1:
        found = _people_territory_ids(missing)
        for person in missing:
            person._territory_ids = found[person.pk]  # type: ignore[attr-defined]


def visible_people(user: Any, queryset: Any) -> Any:
    """The people a user may find by name (the suggestions of the person fields): those who consented to
    appear publicly, and those whose page the user may see (`can_view_person`) — the people sitting on a
    concertation the user belongs to or coordinates, or working or sitting inside the territories they
    edit. Administrators find everyone. A name without consent never reaches someone outside that circle
    (Law 25); a person this user just added, with no job nor seat yet, is found too."""
    access = access_for(user)
    if access.is_admin:
        return queryset
    condition = Q(public_consent=True)
    if access.person_id is not None:
        condition |= Q(pk=access.person_id)
    ids = access.member_concertation_ids | access.coordinated_ids
    if ids:
        condition |= Q(memberships__seat__concertation_id__in=ids)
    if access.editor_territory_ids:
        inside = territory_ids_within(access.editor_territory_ids)
        condition |= Q(memberships__seat__concertation__territories__in=inside)
        condition |= Q(positions__organization__territories_served__in=inside)
    if access.is_editor or access.coordinated_ids:
        created = Person.history.filter(history_type="+", history_user=access.user).values("id")
        condition |= Q(pk__in=created, memberships__isnull=True, positions__isnull=True)
    return queryset.filter(condition).distinct()


def can_edit_person(user: Any, person: Person) -> bool:
    access = access_for(user)
    if access.is_admin or (access.person_id is not None and person.pk == access.person_id):
        return True
    if _concertations_of(person) & access.coordinated_ids:
        return True
    if (access.is_editor or access.coordinated_ids) and _created_untied(person, user):
        # Someone this user just added, with no job nor seat yet: they complete the record.
        return True
    return access.is_editor and can_view_person(user, person)


def can_export_person_data(user: Any, person: Person) -> bool:
    """Download everything Arrimage holds about a person (their right of access under Law 25): the person
    themselves, administrators and those who may edit the person."""
    return can_edit_person(user, person)


def can_erase_person(user: Any, person: Person) -> bool:
    """Erase a person's identity and contact details at their request: administrators only."""
    return access_for(user).is_admin


def can_view_handover(user: Any, person: Person) -> bool:
    """Read a person's handover dossier (their seats, partners, plans and commitments): administrators,
    the coordinators of a concertation where the person holds or held a seat, and the territorial editors
    whose territory covers one of the person's organisations (where they work or worked, or on whose
    behalf they sit or sat)."""
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if access.is_admin or _concertations_of(person) & access.coordinated_ids:
        return True
    if not access.is_editor:
        return False
    served = Organization.territories_served.through.objects
    territory_ids = set(
        served.filter(organization__positions__person=person).values_list("territory_id", flat=True)
    ) | set(served.filter(organization__memberships__person=person).values_list("territory_id", flat=True))
    return access.covers(territory_ids)


def _created_untied(person: Person, user: Any) -> bool:
    if _concertations_of(person) or person.positions.exists():
        return False
    return person.history.filter(history_type="+", history_user=user).exists()


def shows_identity(person: Person | None, *, private_view: bool) -> bool:
    """Whether a page may name this holder: always to those who see the concertation's private
    information; to everyone else only when the person consented to appear publicly."""
    if person is None:
        return False
    return private_view or person.public_consent


# Roles --------------------------------------------------------------------------------------------


def can_manage_roles(user: Any) -> bool:
    return access_for(user).is_admin


def can_use_admin(user: Any) -> bool:
    return access_for(user).is_admin


# Services -----------------------------------------------------------------------------------------


def can_edit_service(user: Any, service: Service) -> bool:
    """A service is edited by those who may edit its organisation."""
    return can_edit_organization(user, service.organization)


def can_create_service(user: Any, organization: Organization) -> bool:
    return can_edit_organization(user, organization)


# Plans --------------------------------------------------------------------------------------------
# Plans live in a higher app (`arrimage.plans`) that this module cannot import: these functions read only
# the attributes of the plan they are given (its owner territory, owner concertation and territories).


def _plan_territory_ids(plan: Any) -> set[int]:
    ids = {plan.owner_territory_id} if plan.owner_territory_id is not None else set()
    prefetched = getattr(plan, "_prefetched_objects_cache", {})
    if "territories" in prefetched:
        return ids | {t.pk for t in prefetched["territories"]}
    if plan.pk is None:
        return ids
    return ids | set(plan.territories.values_list("pk", flat=True))


def can_edit_plan(user: Any, plan: Any) -> bool:
    """Edit a plan, its stages, accompaniments, objectives, actions, progress and contributions:
    administrators, the territorial editors whose territory contains the plan's owner territory or one of
    the territories it covers, and the coordinators of the concertation that owns it."""
    access = access_for(user)
    if access.is_admin:
        return True
    if plan.owner_concertation_id is not None and plan.owner_concertation_id in access.coordinated_ids:
        return True
    return access.is_editor and access.covers(_plan_territory_ids(plan))


def can_create_plan(user: Any) -> bool:
    """Administrators, territorial editors and coordinators add plans (each within their scope, checked
    with `can_edit_plan` on the plan about to be created)."""
    access = access_for(user)
    return access.is_admin or access.is_editor or bool(access.coordinated_ids)


# Imports and exports ------------------------------------------------------------------------------


def can_import(user: Any, kind: str, *, concertation: Concertation | None = None) -> bool:
    """Whether the user may import a file of this kind. Members of a concertation are imported by those
    who may edit it; organisations, people and services by those who may create them; concertations,
    Popolo and HSDS bundles by administrators and territorial editors. Each row is still checked by the
    same rules as a form when it is written."""
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if kind == "members":
        return concertation is not None and can_edit_concertation(user, concertation)
    if kind in {"organizations", "people", "services"}:
        return can_create_organization(user)
    return access.is_admin or access.is_editor


def can_undo_import(user: Any, run: Any) -> bool:
    """The person who committed an import, and administrators, may undo it."""
    access = access_for(user)
    return access.is_admin or (access.is_authenticated and run.user_id == user.pk)


# Funding programmes -------------------------------------------------------------------------------


def can_create_programme(user: Any) -> bool:
    """Administrators and territorial editors add funding programmes (programmes are public: everyone
    reads them)."""
    access = access_for(user)
    return access.is_admin or access.is_editor


def can_place_programme(user: Any, territory_ids: set[int]) -> bool:
    """Offer a programme in these territories: administrators anywhere; a territorial editor within the
    territories they edit, or to all of Québec (no territory) since national programmes land in every
    région."""
    access = access_for(user)
    if access.is_admin:
        return True
    return access.is_editor and (not territory_ids or access.covers(territory_ids))


def can_edit_programme(user: Any, programme: Any) -> bool:
    """Administrators edit any programme; a territorial editor edits those offered in a territory they
    edit, and those offered to all of Québec."""
    return can_place_programme(user, {territory.pk for territory in programme.territories.all()})


# Glossary -----------------------------------------------------------------------------------------
# Terms live in a lower app; these functions read only the term's status and proposer.


def can_propose_term(user: Any) -> bool:
    """Coordinators (of any concertation), territorial editors and administrators propose terms."""
    access = access_for(user)
    return access.is_admin or access.is_editor or bool(access.coordinated_ids)


def can_review_term(user: Any) -> bool:
    """Territorial editors and administrators approve or refuse proposed terms, and edit any term."""
    access = access_for(user)
    return access.is_admin or access.is_editor


def can_edit_term(user: Any, term: Any) -> bool:
    """Reviewers edit any term; the one who proposed a term edits it while it waits for review."""
    if can_review_term(user):
        return True
    access = access_for(user)
    return (
        access.is_authenticated
        and term.status == "proposed"
        and term.proposed_by_id == user.pk
        and can_propose_term(user)
    )


def can_view_term(user: Any, term: Any) -> bool:
    """Approved terms are public; a proposed or refused one is seen by reviewers and by its proposer."""
    if term.status == "approved":
        return True
    access = access_for(user)
    return can_review_term(user) or (access.is_authenticated and term.proposed_by_id == user.pk)


# Practice notes -----------------------------------------------------------------------------------
# Notes live in a higher app (`arrimage.practice`) that this module cannot import: these functions read only
# the attributes of the note they are given (its status, author, concertations and territories).


def _note_related_ids(note: Any, relation: str) -> set[int]:
    prefetched = getattr(note, "_prefetched_objects_cache", {})
    if relation in prefetched:
        return {item.pk for item in prefetched[relation]}
    if note.pk is None:
        return set()
    return set(getattr(note, relation).values_list("pk", flat=True))


def can_create_note(user: Any) -> bool:
    """Every signed-in user may write a practice note: field knowledge comes from everyone who works on the
    ground. A note stays a draft, seen by its author and editors, until it is published."""
    return access_for(user).is_authenticated and bool(getattr(user, "is_active", False))


def can_edit_note(user: Any, note: Any) -> bool:
    """Edit, publish or delete a practice note: its author, administrators, the coordinators of a
    concertation it is linked to, and the territorial editors whose territory contains one of its
    territories."""
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if access.is_admin or (note.author_id is not None and note.author_id == user.pk):
        return True
    if access.coordinated_ids and _note_related_ids(note, "concertations") & access.coordinated_ids:
        return True
    return access.is_editor and access.covers(_note_related_ids(note, "territories"))


def can_view_note(user: Any, note: Any) -> bool:
    """A published note is public; a draft is seen only by those who may edit it."""
    return note.status == "published" or can_edit_note(user, note)


def can_view_note_contacts(user: Any, note: Any) -> bool:
    """The contacts of a note may hold personal contact details (Law 25): shown only to signed-in users who
    may edit the note (its author, coordinators of its concertations, editors of its territories,
    administrators), never on a public page or in public API output."""
    return can_edit_note(user, note)


def visible_notes(user: Any, queryset: Any) -> Any:
    """The practice notes a user sees in lists: published ones, their own drafts, and every draft for an
    administrator. (A draft linked to a coordinator's concertation or an editor's territory is reached from
    its author's link; lists stay one plain condition.)"""
    access = access_for(user)
    if access.is_admin:
        return queryset
    if access.is_authenticated:
        return queryset.filter(Q(status="published") | Q(author_id=user.pk))
    return queryset.filter(status="published")


# Meetings -----------------------------------------------------------------------------------------
# Meetings live in a higher app (`arrimage.meetings`) that this module cannot import: these functions read
# only the meeting's host concertation, its `minutes_private` flag and a seat's type.


def can_view_meeting(user: Any, meeting: Any) -> bool:
    """A meeting is seen by those who may see its host concertation."""
    return can_view_concertation(user, meeting.concertation)


def can_edit_meeting(user: Any, meeting: Any) -> bool:
    """Create and change a meeting, its attendance, minutes, decisions and follow-ups: those who may edit
    its host concertation."""
    return can_edit_concertation(user, meeting.concertation)


def can_view_minutes(user: Any, meeting: Any) -> bool:
    """A meeting's minutes — what was said on each item, the decisions and their follow-ups — are read by
    whoever sees its host concertation, unless they are private to its members; then only by those who see
    the host's private information (members, coordinators, editors covering it, administrators)."""
    if not meeting.minutes_private:
        return can_view_concertation(user, meeting.concertation)
    return can_view_concertation_private(user, meeting.concertation)


def minutes_shown(meeting: Any, *, private_view: bool) -> bool:
    """`can_view_minutes` for a reader already known to see the host, and whether they see its private
    information (`private_view`): for lists of many meetings' decisions and follow-ups."""
    return private_view or not meeting.minutes_private


def can_view_meeting_private(user: Any, meeting: Any) -> bool:
    """Who sat on the citizen seats, and the names of the people present: the host's members and editors."""
    return can_view_concertation_private(user, meeting.concertation)


def attendance_as_count(seat: Any, *, private_view: bool) -> bool:
    """A citizen seat's attendance is shown to visitors only as counts, never who came (Law 25)."""
    return not private_view and bool(seat.is_citizen)


# The cycle of a démarche ----------------------------------------------------------------------------


def can_move_cycle(user: Any, concertation: Concertation) -> bool:
    """Record a démarche's stage or change a stage's note: those who may edit the démarche (its
    coordinators, the territorial editors covering it, administrators)."""
    return can_edit_concertation(user, concertation)
