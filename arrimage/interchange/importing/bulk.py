"""Writing the records an import creates, table by table, in a few statements each.

Every record is built and checked in Python first, with the rules and messages of its domain service
(`organization_create`, `person_create`, `seat_create`, `position_start`, `membership_start`); a record
refused stops the import with the line it comes from, and the caller's transaction keeps nothing (the
organisations, people and seats are checked before the first write; positions and holdings, which need
their keys, before their own). Each table gets
one `INSERT` per batch, its historical rows (with the acting user and the reason its service gives), and
the changes that undoing needs. A few reads replace the service's reads of each row: the NEQs already
taken, the seats and the holdings of the concertations the file fills.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.actors.models import Consent, ConsentScope, ConsentSource, Organization, Person, Position
from arrimage.actors.services import OrganizationData, organization_values, person_values, position_built
from arrimage.concertation.models import Membership, Seat
from arrimage.concertation.services import membership_problems
from arrimage.core.audit import audited_bulk_create
from arrimage.core.dates import stored_end, stored_start
from arrimage.core.memory import collection_paused
from arrimage.core.services import apply

from ..models import ImportChange
from . import ops

Model = TypeVar("Model", bound=models.Model)
Op = TypeVar("Op", bound=ops.BulkOp)
Staged = tuple[int, ops.BulkOp]  # the line of the file, the operation


class RowRefused(Exception):
    """A record of line `line` breaks a rule of its domain: the import stops there."""

    def __init__(self, line: int, error: ValidationError) -> None:
        super().__init__(line, error)
        self.line = line
        self.error = error


def write_bulk(writer: ops.Writer, staged: Sequence[Staged]) -> None:
    """Create the records of `staged` (in the order of the file within each table), organisations and
    people first, then seats, positions and holdings. Raises RowRefused when a record is refused: the
    caller's transaction, rolled back, keeps nothing of it."""
    with collection_paused():
        _write(writer, staged)


def _write(writer: ops.Writer, staged: Sequence[Staged]) -> None:
    organizations = _of(ops.CreateOrganization, staged)
    people = _of(ops.CreatePerson, staged)
    seats = _of(ops.CreateSeat, staged)
    positions = _of(ops.StartPosition, staged)
    holdings = _of(ops.StartMembership, staged)
    # Everything is built and checked before the first write, except what needs the keys of new records.
    built_organizations = _build_organizations(organizations)
    built_people = [_checked(line, _person(op.data)) for line, op in people]
    built_seats = [_checked(line, _seat(op)) for line, op in seats]
    _save(writer, built_organizations, [op.key for _line, op in organizations], "create")
    _serve(built_organizations, [op.territory_ids for _line, op in organizations])
    _save(writer, built_people, [op.key for _line, op in people], "create")
    _consents(writer, built_people)
    _save(writer, built_seats, [op.key for _line, op in seats], "create")
    holders = _Holders(writer)
    holders.read(Person, [op.person for _line, op in positions] + [op.person for _line, op in holdings])
    holders.read(
        Organization, [op.organization for _line, op in positions] + [op.organization for _line, op in holdings]
    )
    _save(writer, [_position(holders, line, op) for line, op in positions], [], "start")
    _save(writer, _memberships(writer, holders, holdings), [], "start")


class _Holders:
    """The people and organisations the positions and holdings of the file point to: those this import
    creates, and those of the registry, read at once by their keys alone (a holding needs nothing else of
    them; reading whole records was a tenth of the writing time)."""

    def __init__(self, writer: ops.Writer) -> None:
        self.writer = writer
        self.known: dict[tuple[type[models.Model], int], Any] = {}

    def read(self, model: type[models.Model], refs: Iterable[ops.Ref | None]) -> None:
        ids = {ref for ref in refs if isinstance(ref, int)}
        for instance in model._default_manager.filter(pk__in=ids).only("pk"):
            self.known[model, instance.pk] = instance

    def get(self, model: type[Model], ref: ops.Ref | None) -> Any:
        if isinstance(ref, int) and (model, ref) in self.known:
            return self.known[model, ref]
        return self.writer.get(model, ref)


def _of(kind: type[Op], staged: Sequence[Staged]) -> list[tuple[int, Op]]:
    return [(line, op) for line, op in staged if isinstance(op, kind)]


def _checked(line: int, instance: Model, *, exclude: Iterable[str] = ()) -> Model:
    """`instance` checked as `audited_save` checks it, its relations aside (they point to records read
    or created by this import)."""
    try:
        instance.full_clean(
            exclude=[*_relations(type(instance)), *exclude], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise RowRefused(line, error) from None
    return instance


@cache
def _relations(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields if field.is_relation)


def _save(writer: ops.Writer, instances: list[Model], keys: list[str], reason: str, *, count: bool = True) -> None:
    """Insert `instances` with their historical rows, and log them for undoing."""
    if not instances:
        return
    for first in range(0, len(instances), ops.BATCH_SIZE):
        batch = instances[first : first + ops.BATCH_SIZE]
        saved = audited_bulk_create(batch, acting_user=writer.acting_user, reason=reason)
        for instance in saved:
            writer.log(instance, ImportChange.Action.CREATED, count=count)
        for key, instance in zip(keys[first : first + ops.BATCH_SIZE], saved, strict=False):
            writer.created[key] = instance
        if count:
            writer.advance(len(saved))


# Organisations and people --------------------------------------------------------------------------


def _build_organizations(staged: list[tuple[int, ops.CreateOrganization]]) -> list[Organization]:
    built = []
    for line, op in staged:
        organization = Organization()
        apply(organization, organization_values(OrganizationData(name=op.name, sector=op.sector, **op.values)))
        built.append((line, _checked(line, organization)))
    # The NEQ rule of `organization_create`, for the whole file in one read.
    taken = set(
        Organization.objects.filter(neq__in=[o.neq for _line, o in built if o.neq]).values_list("neq", flat=True)
    )
    for line, organization in built:
        if organization.neq and organization.neq in taken:
            raise RowRefused(line, ValidationError({"neq": [_("Another organisation already has this NEQ.")]}))
        if organization.neq:
            taken.add(organization.neq)
    return [organization for _line, organization in built]


def _serve(organizations: list[Organization], territory_ids: list[list[int]]) -> None:
    through = Organization.territories_served.through
    links = [
        through(organization_id=organization.pk, territory_id=territory_id)
        for organization, ids in zip(organizations, territory_ids, strict=True)
        for territory_id in dict.fromkeys(ids)
    ]
    through.objects.bulk_create(links, batch_size=ops.BATCH_SIZE)


def _person(data: Any) -> Person:
    person = Person()
    apply(person, person_values(data))
    if person.public_consent:
        person.public_consent_on = timezone.localdate()
    return person


def _consents(writer: ops.Writer, people: list[Person]) -> None:
    """The public consent ticked for a new person, recorded as `person_create` records it, and taken back
    with them when the import is undone."""
    recorder = writer.acting_user if getattr(writer.acting_user, "is_authenticated", False) else None
    consents = [
        Consent(
            person=person,
            scope=ConsentScope.PUBLIC_LISTING,
            given_on=person.public_consent_on or timezone.localdate(),
            source=ConsentSource.RECORD,
            note="",
            recorded_by=recorder,
        )
        for person in people
        if person.public_consent
    ]
    _save(writer, consents, [], "give", count=False)


# Seats, positions and holdings ----------------------------------------------------------------------


def _seat(op: ops.CreateSeat) -> Seat:
    seat = Seat(concertation_id=op.concertation_id)
    apply(seat, {**op.data.__dict__, "label": " ".join(op.data.label.split())})
    return seat


def _position(holders: _Holders, line: int, op: ops.StartPosition) -> Position:
    try:
        position = position_built(
            person=holders.get(Person, op.person),
            organization=holders.get(Organization, op.organization),
            profession=op.profession,
            job_title=op.job_title,
            start=op.start,
            end=op.end,
        )
    except ValidationError as error:
        raise RowRefused(line, error) from None
    return _checked(line, position)


def _memberships(
    writer: ops.Writer, holders: _Holders, staged: list[tuple[int, ops.StartMembership]]
) -> list[Membership]:
    """The holdings of the file, checked as `membership_start` checks them, against the holdings of their
    concertations read once (and locked, with their seats) and against each other."""
    if not staged:
        return []
    refs = [op.seat for _line, op in staged]
    known_ids = {ref for ref in refs if isinstance(ref, int)}
    known = {seat.pk: seat for seat in Seat.objects.select_for_update().filter(pk__in=known_ids)}
    seats: dict[ops.Ref, Seat] = {ref: writer.get(Seat, ref) if isinstance(ref, str) else known[ref] for ref in refs}
    tables = {seat.concertation_id for seat in seats.values()}
    by_seat: dict[int, list[Membership]] = {}
    by_sitter: dict[tuple[int, int], list[Membership]] = {}
    existing = Membership.objects.filter(seat__concertation_id__in=tables).select_related("seat")
    for membership in existing.select_for_update(of=("self",)):
        _file(membership, membership.seat, by_seat, by_sitter)
    memberships = []
    for line, op in staged:
        seat = seats[op.seat]
        membership = Membership(
            seat=seat,
            person=holders.get(Person, op.person),
            organization=holders.get(Organization, op.organization),
            role=op.role,
            end_reason="",
            notes="",
        )
        membership.start_date, membership.start_precision = stored_start(op.start)
        membership.end_date, membership.end_precision = stored_end(op.end)
        _check_holding(line, membership, seat, by_seat, by_sitter)
        memberships.append(_checked(line, membership))
        _file(membership, seat, by_seat, by_sitter)
    return memberships


def _file(
    membership: Membership,
    seat: Seat,
    by_seat: dict[int, list[Membership]],
    by_sitter: dict[tuple[int, int], list[Membership]],
) -> None:
    by_seat.setdefault(seat.pk, []).append(membership)
    if membership.person_id is not None:
        by_sitter.setdefault((membership.person_id, seat.concertation_id), []).append(membership)


def _check_holding(
    line: int,
    membership: Membership,
    seat: Seat,
    by_seat: dict[int, list[Membership]],
    by_sitter: dict[tuple[int, int], list[Membership]],
) -> None:
    """The rules of `membership_start`, against the holdings in memory (those of the concertation, read
    and locked once, and those of the file so far)."""
    try:
        membership_problems(
            membership,
            seat,
            same_seat=lambda: by_seat.get(seat.pk, []),
            same_table=lambda: by_sitter.get((membership.person_id or 0, seat.concertation_id), []),
        )
    except ValidationError as error:
        raise RowRefused(line, error) from None
