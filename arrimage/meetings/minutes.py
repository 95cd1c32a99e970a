"""What the printable minutes of a meeting and the iCalendar feed of a concertation's meetings read.

`meeting_minutes` gathers a meeting's heading, attendance, agenda with its minutes, decisions and
follow-ups in a fixed number of queries, whatever the number of items, seats or decisions. Who may be
named is decided here from `private_view` (whether the reader may see the host concertation's private
information, `arrimage.access.policy.can_view_concertation_private`): people are named only to such
readers or when they consented to appear publicly; a substitute who is not in the registry is named only
to such readers; citizen seats are listed one by one only to such readers, and counted for the others.
Whether the reader may read the minutes at all is the policy's decision (`can_view_minutes`), not this
module's.

`feed_meetings` lists the meetings a concertation hosts or joins since a moment, with their agenda items'
titles only: a feed names no one and holds no minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from arrimage.access import policy
from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation

from .models import AgendaItem, Attendance, AttendanceStatus, Decision, FollowUp, Meeting


@dataclass(frozen=True)
class AttendanceRow:
    """One invited seat: its label, the organisation holding it on the day, the person (when they may be
    named), the attendance, and who came instead (when they may be named)."""

    seat: str
    organization: Organization | None
    person: str
    status: str
    status_label: str
    substitute: str
    citizen: bool


@dataclass(frozen=True)
class CitizenCounts:
    """How many citizen seats were present, excused, absent, replaced or only invited."""

    present: int = 0
    excused: int = 0
    absent: int = 0
    replaced: int = 0
    invited: int = 0

    @property
    def total(self) -> int:
        return self.present + self.excused + self.absent + self.replaced + self.invited


@dataclass(frozen=True)
class FollowUpRow:
    organization: Organization
    person: str
    task: str
    due_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    follow_ups: list[FollowUpRow]

    @property
    def is_vote(self) -> bool:
        return self.decision.method == "vote"


@dataclass(frozen=True)
class ItemMinutes:
    item: AgendaItem
    decisions: list[DecisionRow]


@dataclass(frozen=True)
class Minutes:
    meeting: Meeting
    concertation: Concertation
    joint: list[Concertation]
    private_view: bool
    attendances: list[AttendanceRow]
    citizens: CitizenCounts | None  # None when citizen seats are listed one by one (or there are none)
    items: list[ItemMinutes]
    other_decisions: list[DecisionRow] = field(default_factory=list)  # decisions on no agenda item

    @property
    def present_count(self) -> int:
        rows = sum(1 for row in self.attendances if row.status in AttendanceStatus.attended())
        return rows + (self.citizens.present + self.citizens.replaced if self.citizens else 0)

    @property
    def invited_count(self) -> int:
        return len(self.attendances) + (self.citizens.total if self.citizens else 0)


def meeting_get(pk: int) -> Meeting:
    """The meeting with its host concertation, or Http404."""
    try:
        return Meeting.objects.select_related("concertation").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(pk) from None


def _named(person: Person | None, private_view: bool) -> str:
    return person.full_name if person is not None and policy.shows_identity(person, private_view=private_view) else ""


def _decision_row(decision: Decision, private_view: bool) -> DecisionRow:
    follow_ups = [
        FollowUpRow(
            organization=follow_up.organization,
            person=_named(follow_up.person, private_view),
            task=follow_up.task,
            due_on=follow_up.due_on,
            done_on=follow_up.done_on,
        )
        for follow_up in decision.follow_ups.all()
    ]
    return DecisionRow(decision=decision, follow_ups=follow_ups)


def meeting_minutes(meeting: Meeting, *, private_view: bool) -> Minutes:
    """The minutes of `meeting` (fetched by `meeting_get`) as its reader may see them (6 queries)."""
    joint = list(meeting.joint_with.order_by("name"))
    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("seat", "organization", "person", "substitute")
        .order_by("seat__label", "seat_id")
    )
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
    follow_ups = Prefetch(
        "follow_ups", queryset=FollowUp.objects.select_related("organization", "person").order_by("due_on", "pk")
    )
    decisions = list(Decision.objects.filter(meeting=meeting).prefetch_related(follow_ups).order_by("order", "pk"))

    rows: list[AttendanceRow] = []
    counts: Counter[str] = Counter()
    for attendance in attendances:
        citizen = attendance.seat.is_citizen
        if citizen and not private_view:
            counts[attendance.status] += 1
            continue
        substitute = _named(attendance.substitute, private_view)
        if not substitute and attendance.substitute_name and private_view:
            substitute = attendance.substitute_name
        rows.append(
            AttendanceRow(
                seat=attendance.seat.label,
                organization=attendance.organization,
                person=_named(attendance.person, private_view),
                status=attendance.status,
                status_label=attendance.get_status_display(),
                substitute=substitute,
                citizen=citizen,
            )
        )
    citizens = CitizenCounts(**{status: counts[status] for status in AttendanceStatus.values}) if counts else None

    by_item: dict[int | None, list[DecisionRow]] = {}
    for decision in decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(_decision_row(decision, private_view))
    known = {item.pk for item in items}
    other = [row for key, found in by_item.items() if key not in known for row in found]
    return Minutes(
        meeting=meeting,
        concertation=meeting.concertation,
        joint=joint,
        private_view=private_view,
        attendances=rows,
        citizens=citizens,
        items=[ItemMinutes(item=item, decisions=by_item.get(item.pk, [])) for item in items],
        other_decisions=other,
    )


def feed_meetings(concertation: Concertation, *, since: dt.datetime) -> list[Meeting]:
    """The meetings `concertation` hosts or joins that start from `since` on, oldest first, with their
    agenda items (2 queries)."""
    items = Prefetch(
        "agenda_items", queryset=AgendaItem.objects.only("pk", "meeting_id", "title", "order").order_by("order", "pk")
    )
    return list(
        Meeting.objects.of_concertation(concertation)
        .filter(starts_at__gte=since)
        .prefetch_related(items)
        .order_by("starts_at", "pk")
    )
