"""Writes to concertations, seats and memberships. Every write of the app goes through this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization, Person
from arrimage.core.audit import audited_save
from arrimage.core.dates import PartialDate, long_date, stored_end, stored_start
from arrimage.core.search import search_stems
from arrimage.core.services import apply, locked_for_update
from arrimage.core.text import search_key
from arrimage.territories.models import Territory

from .models import Concertation, EndReason, Membership, Seat, Theme
from .themes import THEMES


@dataclass
class ConcertationData:
    """What a form, the API or an import gives to create or change a concertation."""

    name: str
    kind: str
    level: str
    acronym: str = ""
    mission: str = ""
    parent: Concertation | None = None
    coordinating_organization: Organization | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    meeting_frequency: str = ""
    is_public: bool = True
    territories: list[Territory] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    funders: list[Organization] = field(default_factory=list)


def _concertation_values(data: ConcertationData) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": " ".join(data.name.split()),
        "kind": data.kind,
        "level": data.level,
        "acronym": data.acronym.strip(),
        "mission": data.mission.strip(),
        "parent": data.parent,
        "coordinating_organization": data.coordinating_organization,
        "meeting_frequency": data.meeting_frequency,
        "is_public": data.is_public,
        "search_key": search_key(f"{data.name} {data.acronym}"),
        "search_stems": search_stems(f"{data.name} {data.acronym}"),
    }
    values["start_date"], values["start_precision"] = stored_start(data.start)
    values["end_date"], values["end_precision"] = stored_end(data.end)
    return values


def _set_relations(concertation: Concertation, data: ConcertationData) -> None:
    concertation.territories.set(data.territories)
    concertation.themes.set(data.themes)
    concertation.funders.set(data.funders)


def concertation_create(*, data: ConcertationData, acting_user: Any, is_demo: bool = False) -> Concertation:
    """Create a concertation with its coverage, themes and funders."""
    concertation = Concertation(is_demo=is_demo)
    apply(concertation, _concertation_values(data))
    with transaction.atomic():
        audited_save(concertation, acting_user=acting_user, reason="create")
        _set_relations(concertation, data)
    return concertation


def concertation_update(
    *, concertation: Concertation, data: ConcertationData, acting_user: Any, expected_version: int | None = None
) -> Concertation:
    """Change a concertation. Refused when someone saved it since `expected_version`."""
    with transaction.atomic():
        fresh = locked_for_update(concertation, expected_version=expected_version)
        apply(fresh, _concertation_values(data))
        _check_parent(fresh)
        audited_save(fresh, acting_user=acting_user, reason="update")
        _set_relations(fresh, data)
    return fresh


def _check_parent(concertation: Concertation) -> None:
    """A concertation cannot be its own ancestor."""
    seen = {concertation.pk}
    parent = concertation.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("A concertation cannot belong to itself, directly or through another.")})
        seen.add(parent.pk)
        parent = parent.parent


@dataclass
class SeatData:
    label: str
    seat_type: str = "organisational"
    reserved_sector: str = ""
    is_voting: bool = True
    order: int = 0
    created_on: dt.date | None = None


def seat_create(*, concertation: Concertation, data: SeatData, acting_user: Any) -> Seat:
    """Add a seat to a concertation. It exists, vacant, until someone holds it."""
    seat = Seat(concertation=concertation)
    apply(seat, {**data.__dict__, "label": " ".join(data.label.split())})
    with transaction.atomic():
        audited_save(seat, acting_user=acting_user, reason="create")
    return seat


def seat_update(*, seat: Seat, data: SeatData, acting_user: Any) -> Seat:
    with transaction.atomic():
        fresh = Seat.objects.select_for_update().get(pk=seat.pk)
        apply(fresh, {**data.__dict__, "label": " ".join(data.label.split())})
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh


def seat_abolish(*, seat: Seat, on: dt.date, acting_user: Any) -> Seat:
    """Abolish a seat on a date; its current holding ends that day with the reason « seat abolished »."""
    with transaction.atomic():
        fresh = Seat.objects.select_for_update().get(pk=seat.pk)
        if fresh.created_on is not None and on < fresh.created_on:
            raise ValidationError({"abolished_on": _("A seat cannot be abolished before it was created.")})
        for membership in fresh.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gt=on)):
            if membership.start_date is not None and membership.start_date > on:
                raise ValidationError(
                    {"abolished_on": _("Someone starts holding this seat after that date; end that holding first.")}
                )
            membership.end_date, membership.end_precision = stored_end(PartialDate(on.year, on.month, on.day))
            membership.end_reason = EndReason.SEAT_ABOLISHED
            membership.version += 1
            audited_save(membership, acting_user=acting_user, reason="seat abolished")
        fresh.abolished_on = on
        audited_save(fresh, acting_user=acting_user, reason="abolish")
    return fresh


# Memberships --------------------------------------------------------------------------------------

_FAR_PAST = dt.date.min
_FAR_FUTURE = dt.date.max


def _certain_span(membership: Membership) -> tuple[dt.date, dt.date]:
    """The days a holding certainly covers: from the last day its start may mean to the first day its
    end may mean. Two holdings conflict only when these spans meet, so « 2019 » to « 2021 » and
    « mars 2021 » to now can both stand: the handover happened some time in 2021."""
    start = membership.start
    end = membership.end
    return (start.last_day() if start else _FAR_PAST, end.first_day() if end else _FAR_FUTURE)


def _overlapping(candidate: Membership, others: list[Membership]) -> Membership | None:
    start, end = _certain_span(candidate)
    for other in others:
        other_start, other_end = _certain_span(other)
        if start <= other_end and other_start <= end:
            return other
    return None


def _describe(membership: Membership) -> str:
    start = str(membership.start) if membership.start else _("an unknown date")
    if membership.end:
        return _("from %(start)s to %(end)s") % {"start": start, "end": membership.end}
    return _("since %(start)s") % {"start": start}


def _check_membership(membership: Membership) -> None:
    """Refuse a holding that cannot be true (see `membership_problems`), against the holdings stored."""

    def same_seat() -> list[Membership]:
        return list(Membership.objects.filter(seat_id=membership.seat_id).exclude(pk=membership.pk))

    def same_table() -> list[Membership]:
        person, concertation = membership.person_id or 0, membership.seat.concertation_id
        rows = Membership.objects.filter(person_id=person, seat__concertation_id=concertation)
        return list(rows.exclude(pk=membership.pk).select_related("seat"))

    membership_problems(membership, membership.seat, same_seat=same_seat, same_table=same_table)


def membership_problems(
    membership: Membership,
    seat: Seat,
    *,
    same_seat: Callable[[], list[Membership]],
    same_table: Callable[[], list[Membership]],
) -> None:
    """Refuse a holding that cannot be true: no holder, dates in the wrong order, a seat held twice at
    once, a person sitting twice at the same table at once, a holding outside the seat's life. The other
    holdings of the seat and of the person at the same table (with their seats) are asked for only when
    the holding itself is valid: from the database (`_check_membership`), or from an import's memory."""
    errors: dict[str, list[str]] = {}
    if membership.person_id is None and membership.organization_id is None:
        errors.setdefault("person", []).append(_("Choose the person or the organisation who holds the seat."))
    if membership.start_date and membership.end_date and membership.end_date < membership.start_date:
        errors.setdefault("end_date", []).append(_("The end date comes before the start date."))
    if membership.end_reason and membership.end_date is None:
        errors.setdefault("end_reason", []).append(_("A reason for ending needs an end date."))
    if seat.abolished_on and membership.start_date and membership.start_date >= seat.abolished_on:
        errors.setdefault("start_date", []).append(
            _("This seat was abolished on %(date)s.") % {"date": long_date(seat.abolished_on)}
        )
    elif seat.abolished_on and (membership.end is None or membership.end.first_day() > seat.abolished_on):
        # A holding of an abolished seat ends by the abolition at the latest (`seat_abolish` ends it that day).
        errors.setdefault("end_date", []).append(
            _("This seat was abolished on %(date)s: the holding ends on that day at the latest.")
            % {"date": long_date(seat.abolished_on)}
        )
    if errors:
        raise ValidationError(errors)

    clash = _overlapping(membership, same_seat())
    if clash is not None:
        raise ValidationError(
            {
                "start_date": _("This seat is already held %(period)s. End that holding first.")
                % {"period": _describe(clash)}
            }
        )
    if membership.person_id is not None:
        clash = _overlapping(membership, same_table())
        if clash is not None:
            raise ValidationError(
                {
                    "person": _("This person already sits at this table %(period)s, on the seat « %(seat)s ».")
                    % {"period": _describe(clash), "seat": clash.seat.label}
                }
            )


def membership_start(
    *,
    seat: Seat,
    person: Person | None = None,
    organization: Organization | None = None,
    role: str = "member",
    start: PartialDate | None = None,
    end: PartialDate | None = None,
    end_reason: str = "",
    notes: str = "",
    acting_user: Any,
) -> Membership:
    """Record that a person (on behalf of an organisation) or an organisation holds a seat from `start`.

    Past holdings can be recorded with their `end` and `end_reason`.
    """
    membership = Membership(
        seat=seat, person=person, organization=organization, role=role, end_reason=end_reason, notes=notes.strip()
    )
    membership.start_date, membership.start_precision = stored_start(start)
    membership.end_date, membership.end_precision = stored_end(end)
    with transaction.atomic():
        # Lock the seat so that two people taking it at the same moment cannot both succeed, and check the
        # holding against the seat as it is now (it may have been abolished since the caller read it).
        membership.seat = Seat.objects.select_for_update().get(pk=seat.pk)
        _check_membership(membership)
        audited_save(membership, acting_user=acting_user, reason="start")
    return membership


def membership_end(
    *,
    membership: Membership,
    end: PartialDate,
    reason: str,
    acting_user: Any,
    expected_version: int | None = None,
) -> Membership:
    """Record that a holding ended on `end`, and why."""
    with transaction.atomic():
        fresh = locked_for_update(membership, expected_version=expected_version)
        fresh.end_date, fresh.end_precision = stored_end(end)
        fresh.end_reason = reason
        _check_membership(fresh)
        audited_save(fresh, acting_user=acting_user, reason="end")
    return fresh


def membership_update(
    *,
    membership: Membership,
    person: Person | None,
    organization: Organization | None,
    role: str,
    start: PartialDate | None,
    end: PartialDate | None,
    end_reason: str,
    notes: str,
    acting_user: Any,
    expected_version: int | None = None,
) -> Membership:
    """Correct a holding: its holder, role, dates or notes."""
    with transaction.atomic():
        fresh = locked_for_update(membership, expected_version=expected_version)
        fresh.person, fresh.organization, fresh.role = person, organization, role
        fresh.start_date, fresh.start_precision = stored_start(start)
        fresh.end_date, fresh.end_precision = stored_end(end)
        fresh.end_reason, fresh.notes = end_reason, notes.strip()
        _check_membership(fresh)
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh


def membership_replace(
    *,
    membership: Membership,
    on: PartialDate,
    person: Person | None,
    organization: Organization | None,
    role: str = "member",
    acting_user: Any,
    expected_version: int | None = None,
) -> Membership:
    """Hand a seat over on `on`: the current holding ends (« replaced ») the day before, or within the
    same month or year when only that is known, and the new holder starts on `on`. Refused, with nothing
    saved, when the new holding is refused or someone saved the current one since `expected_version`."""
    last_day = PartialDate.from_stored(on.first_day() - dt.timedelta(days=1), "day") if on.day else on
    with transaction.atomic():
        ended = membership_end(
            membership=membership,
            end=last_day,
            reason=EndReason.REPLACED,
            acting_user=acting_user,
            expected_version=expected_version,
        )
        return membership_start(
            seat=ended.seat, person=person, organization=organization, role=role, start=on, acting_user=acting_user
        )


def themes_load() -> int:
    """Create or refresh the seeded theme taxonomy. Returns the number of themes."""
    with transaction.atomic():
        for theme in THEMES:
            Theme.objects.update_or_create(slug=theme["slug"], defaults={k: v for k, v in theme.items() if k != "slug"})
    return len(THEMES)
