"""Read the attendance rows the analysis of attendance works on (`arrimage.analysis.attendance`): the seats
invited to the meetings held over the twelve months up to a date. One query each, whatever the number of
meetings; across a whole territory, the database adds the rows up (`territory_attendance`, three queries)
rather than sending them one by one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from arrimage.meetings.models import Attendance, MeetingStatus

from .attendance import (
    ATTENDED,
    RECORDED,
    AttendanceInfo,
    OrganizationAttendance,
    SeatTally,
    Tally,
    TerritoryParticipation,
    territory_participation,
    window_start,
)
from .participation import CITIZEN_SEAT_TYPES

_FIELDS = (
    "meeting_id",
    "meeting__starts_at",
    "seat__concertation_id",
    "seat_id",
    "seat__seat_type",
    "status",
    "organization_id",
    "person_id",
)


@dataclass(frozen=True)
class ConcertationAttendance:
    """The attendance rows of a concertation's seats, with the names a page needs to show them."""

    rows: list[AttendanceInfo]
    seat_labels: dict[int, str] = field(default_factory=dict)
    organization_names: dict[int, str] = field(default_factory=dict)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _held_within(on: dt.date) -> QuerySet[Attendance]:
    """Attendances taken at the meetings held over the twelve months up to `on`."""
    return Attendance.objects.filter(
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__gte=_midnight(window_start(on)),
        meeting__starts_at__lt=_midnight(on + dt.timedelta(days=1)),
        status__in=sorted(RECORDED),
    ).order_by()


def _info(values: dict[str, Any]) -> AttendanceInfo:
    return AttendanceInfo(
        meeting_id=values["meeting_id"],
        day=timezone.localtime(values["meeting__starts_at"]).date(),
        concertation_id=values["seat__concertation_id"],
        seat_id=values["seat_id"],
        seat_type=values["seat__seat_type"],
        status=values["status"],
        organization_id=values["organization_id"],
        person_id=values["person_id"],
    )


def concertation_attendance(concertation_id: int, *, on: dt.date) -> ConcertationAttendance:
    """The attendance of the concertation's seats (at its meetings and at those it was invited to jointly)
    over the twelve months up to `on`, with the seats' labels and the organisations' names (one query)."""
    values = (
        _held_within(on)
        .filter(seat__concertation_id=concertation_id)
        .values(*_FIELDS, "seat__label", "organization__name")
    )
    rows, labels, names = [], {}, {}
    for value in values:
        rows.append(_info(value))
        labels[value["seat_id"]] = value["seat__label"]
        if value["organization_id"] is not None:
            names[value["organization_id"]] = value["organization__name"]
    return ConcertationAttendance(rows=rows, seat_labels=labels, organization_names=names)


def actors_attendance(
    *, organization_ids: Collection[int], person_ids: Collection[int], on: dt.date
) -> list[AttendanceInfo]:
    """The meetings these organisations and people attended over the twelve months up to `on`, in any
    seat (one query; none without any id). The caller keeps the concertations it shows."""
    if not organization_ids and not person_ids:
        return []
    holders = Q(organization_id__in=sorted(organization_ids)) | Q(person_id__in=sorted(person_ids))
    values = _held_within(on).filter(holders, status__in=sorted(ATTENDED)).values(*_FIELDS)
    return [_info(value) for value in values]


@dataclass(frozen=True)
class TerritoryAttendance:
    """Attendance across a territory's bodies, with the names of the organisations it lists."""

    participation: TerritoryParticipation
    organization_names: dict[int, str] = field(default_factory=dict)


def territory_attendance(concertation_ids: Collection[int], *, on: dt.date) -> TerritoryAttendance:
    """Attendance at the meetings of these concertations' seats over the twelve months up to `on`, added
    up by the database: per seat, the (concertation, meeting) pairs, and per organisation (citizen seats
    left out). Three queries, none without any concertation."""
    if not concertation_ids:
        return TerritoryAttendance(territory_participation((), (), (), on=on))
    rows = _held_within(on).filter(seat__concertation_id__in=sorted(concertation_ids))
    came = Q(status__in=sorted(ATTENDED))
    seats = [
        SeatTally(
            seat_id=value["seat_id"],
            concertation_id=value["seat__concertation_id"],
            seat_type=value["seat__seat_type"],
            invited=value["invited"],
            attended=value["attended"],
        )
        for value in rows.values("seat_id", "seat__concertation_id", "seat__seat_type").annotate(
            invited=Count("id"), attended=Count("id", filter=came)
        )
    ]
    meetings = list(rows.values_list("seat__concertation_id", "meeting_id").distinct())
    per_organization = (
        rows.filter(organization_id__isnull=False)
        .exclude(seat__seat_type__in=sorted(CITIZEN_SEAT_TYPES))
        .values("organization_id", "organization__name")
        .annotate(invited=Count("meeting_id", distinct=True), attended=Count("meeting_id", distinct=True, filter=came))
    )
    organizations, names = [], {}
    for value in per_organization:
        organizations.append(
            OrganizationAttendance(value["organization_id"], Tally(value["invited"], value["attended"]))
        )
        names[value["organization_id"]] = value["organization__name"]
    return TerritoryAttendance(territory_participation(seats, meetings, organizations, on=on), names)


def meetings_attended_by(concertation_ids: Collection[int], *, on: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """The distinct meetings each organisation and each person attended in the seats of these
    concertations over the twelve months up to `on`, citizen seats left out, as
    `arrimage.analysis.attendance.meetings_attended` counts them, added up by the database for every
    holder at once: (per organisation, per person). Two queries, none without any concertation."""
    if not concertation_ids:
        return {}, {}
    rows = (
        _held_within(on)
        .filter(seat__concertation_id__in=sorted(concertation_ids), status__in=sorted(ATTENDED))
        .exclude(seat__seat_type__in=sorted(CITIZEN_SEAT_TYPES))
    )
    distinct = Count("meeting_id", distinct=True)
    organizations = rows.filter(organization_id__isnull=False).values_list("organization_id").annotate(n=distinct)
    people = rows.filter(person_id__isnull=False).values_list("person_id").annotate(n=distinct)
    return dict(organizations), dict(people)
