"""Read the attendance rows the analysis of attendance works on (`arrimage.analysis.attendance`): the seats
invited to the meetings held over the twelve months up to a date. One query each, whatever the number of
meetings; across a whole territory, the rows of the twelve months only, found through the meetings of those
months (`territory_attendance`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from arrimage.actors.models import Organization
from arrimage.meetings.models import Attendance, Meeting, MeetingStatus

from .attendance import (
    ATTENDED,
    RECORDED,
    AttendanceInfo,
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


#: Above this many concertations (a province), the invitations are found through the seats, which sends
#: the list of ids once rather than three times and stays within SQLite's limit of bound parameters.
MEETINGS_FIRST_LIMIT = 3000


def _invitations(concertation_ids: Collection[int], *, on: dt.date) -> QuerySet[Attendance]:
    """The attendance taken for these concertations' seats at the meetings held over the twelve months up
    to `on`. Found through the meetings of those months (their own and joint ones), which reads only the
    rows of the window; through the seats when the ids are too many."""
    ids = sorted(concertation_ids)
    if len(ids) > MEETINGS_FIRST_LIMIT:
        return _held_within(on).filter(seat__concertation_id__in=ids)
    start, end = _midnight(window_start(on)), _midnight(on + dt.timedelta(days=1))
    own = Meeting.objects.filter(
        concertation_id__in=ids, status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end
    ).values("id")
    # Joined on the meeting rather than through a subquery of meetings, so that the database starts from
    # the bodies instead of reading every meeting.
    joint = Meeting.joint_with.through.objects.filter(
        concertation_id__in=ids, meeting__status=MeetingStatus.HELD, meeting__starts_at__gte=start
    ).filter(meeting__starts_at__lt=end)
    return Attendance.objects.filter(
        Q(meeting_id__in=own) | Q(meeting_id__in=joint.values("meeting_id")),
        seat__concertation_id__in=ids,
        status__in=sorted(RECORDED),
    ).order_by()


def territory_attendance(concertation_ids: Collection[int], *, on: dt.date) -> TerritoryParticipation:
    """Attendance at the meetings of these concertations' seats over the twelve months up to `on`. One
    query, whose rows are read as plain tuples and added up in Python (cheaper than three sums in the
    database); none without any concertation."""
    if not concertation_ids:
        return territory_participation((), on=on)
    rows = _invitations(concertation_ids, on=on).values_list(
        "seat_id", "seat__concertation_id", "seat__seat_type", "meeting_id", "status", "organization_id"
    )
    return territory_participation(rows, on=on)


def organization_names(organization_ids: Collection[int]) -> dict[int, str]:
    """The names of these organisations (one query, none without any id)."""
    if not organization_ids:
        return {}
    return dict(Organization.objects.filter(pk__in=sorted(organization_ids)).values_list("id", "name"))


def meetings_attended_by(concertation_ids: Collection[int], *, on: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """The distinct meetings each organisation and each person attended in the seats of these
    concertations over the twelve months up to `on`, citizen seats left out, as
    `arrimage.analysis.attendance.meetings_attended` counts them, added up by the database for every
    holder at once: (per organisation, per person). Two queries, none without any concertation."""
    if not concertation_ids:
        return {}, {}
    rows = (
        _invitations(concertation_ids, on=on)
        .filter(status__in=sorted(ATTENDED))
        .exclude(seat__seat_type__in=sorted(CITIZEN_SEAT_TYPES))
    )
    distinct = Count("meeting_id", distinct=True)
    organizations = rows.filter(organization_id__isnull=False).values_list("organization_id").annotate(n=distinct)
    people = rows.filter(person_id__isnull=False).values_list("person_id").annotate(n=distinct)
    return dict(organizations), dict(people)
