"""Writes to meetings: the meeting itself with its agenda and documents, the invitations of its seats, the
attendance, the minutes, the decisions and their follow-ups. Every write of the app goes through this module.

Each function writes in one transaction, checks its rules before writing, and refuses bad input with a
French `ValidationError` whose key is the field it concerns; nothing is half-written. A meeting's day is
the local date of its start: the seats invited, and the seats whose attendance may be recorded, are those
that existed on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.core.audit import audited_bulk_create, audited_delete, audited_save
from arrimage.core.dates import long_date
from arrimage.core.services import apply, locked_for_update
from arrimage.core.versions import registry_changed
from arrimage.plans.models import Action

from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMethod,
    FollowUp,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)

# Meetings ------------------------------------------------------------------------------------------


@dataclass
class AgendaItemData:
    title: str
    description: str = ""


@dataclass
class DocumentData:
    title: str
    url: str


@dataclass
class MeetingData:
    """What a form, the API or the demo gives to create or change a meeting."""

    concertation: Concertation
    starts_at: dt.datetime
    title: str = ""
    ends_at: dt.datetime | None = None
    place: str = ""
    video_url: str = ""
    status: str = MeetingStatus.PLANNED
    minutes_private: bool = True
    joint_with: list[Concertation] = field(default_factory=list)
    agenda: list[AgendaItemData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)


def _meeting_values(data: MeetingData) -> dict[str, Any]:
    if data.ends_at is not None and data.ends_at < data.starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    if any(other.pk == data.concertation.pk for other in data.joint_with):
        raise ValidationError({"joint_with": _("The host concertation cannot also be a joint host.")})
    return {
        "concertation": data.concertation,
        "title": " ".join(data.title.split()),
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place": data.place.strip(),
        "video_url": data.video_url.strip(),
        "status": data.status,
        "minutes_private": data.minutes_private,
    }


def meeting_create(*, data: MeetingData, acting_user: Any, is_demo: bool = False) -> Meeting:
    """Create a meeting with its agenda and documents, and invite the seats of its host and joint
    concertations that exist on its day."""
    meeting = Meeting(is_demo=is_demo)
    apply(meeting, _meeting_values(data))
    with transaction.atomic():
        audited_save(meeting, acting_user=acting_user, reason="create")
        meeting.joint_with.set(data.joint_with)
        _write_agenda(meeting, data.agenda, acting_user=acting_user)
        _write_documents(meeting, data.documents, acting_user=acting_user)
        _invite(meeting, acting_user=acting_user)
    return meeting


def meeting_update(
    *, meeting: Meeting, data: MeetingData, acting_user: Any, expected_version: int | None = None
) -> Meeting:
    """Change a meeting. Refused when someone saved it since `expected_version`. When its day or its joint
    concertations change, the invitations follow; a seat whose attendance was recorded cannot lose its row."""
    values = _meeting_values(data)
    with transaction.atomic():
        fresh = locked_for_update(meeting, expected_version=expected_version)
        apply(fresh, values)
        audited_save(fresh, acting_user=acting_user, reason="update")
        fresh.joint_with.set(data.joint_with)
        _write_agenda(fresh, data.agenda, acting_user=acting_user)
        _write_documents(fresh, data.documents, acting_user=acting_user)
        _invite(fresh, acting_user=acting_user)
    return fresh


def meeting_delete(*, meeting: Meeting, acting_user: Any) -> Concertation:
    """Delete a meeting with its agenda, documents and attendance, each deletion in the history. Refused
    when decisions were recorded at it: delete them first. Returns its host concertation."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("concertation").get(pk=meeting.pk)
        if locked.decisions.exists():
            raise ValidationError(_("Decisions were recorded at this meeting: delete them first, then the meeting."))
        for row in [*locked.attendances.all(), *locked.documents.all(), *locked.agenda_items.all()]:
            audited_delete(row, acting_user=acting_user, reason="meeting deleted")
        locked.joint_with.clear()
        concertation = locked.concertation
        audited_delete(locked, acting_user=acting_user, reason="delete")
    return concertation


def _write_agenda(meeting: Meeting, items: list[AgendaItemData], *, acting_user: Any) -> None:
    """Set the agenda's items in order: the existing ones keep their minutes and decisions, new ones are
    added; an item dropped from the list is removed unless minutes or decisions were written on it."""
    existing = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("decisions"))
    for order, data in enumerate(items, start=1):
        item = existing[order - 1] if order <= len(existing) else AgendaItem(meeting=meeting)
        title, description = " ".join(data.title.split()), data.description.strip()
        if item.pk and (item.order, item.title, item.description) == (order, title, description):
            continue
        item.order, item.title, item.description = order, title, description
        audited_save(item, acting_user=acting_user, reason="agenda")
    for item in existing[len(items) :]:
        if item.minutes.strip() or item.decisions.all():
            raise ValidationError(
                {
                    "agenda": _(
                        "The agenda item « %(title)s » has minutes or decisions: it cannot be removed from the agenda."
                    )
                    % {"title": item.title}
                }
            )
        audited_delete(item, acting_user=acting_user, reason="agenda")


def _write_documents(meeting: Meeting, documents: list[DocumentData], *, acting_user: Any) -> None:
    current = [(d.title, d.url) for d in meeting.documents.order_by("order", "pk")]
    wanted = [(" ".join(d.title.split()), d.url.strip()) for d in documents]
    if current == wanted:
        return
    for document in meeting.documents.all():
        audited_delete(document, acting_user=acting_user, reason="documents")
    for order, (title, url) in enumerate(wanted, start=1):
        audited_save(
            MeetingDocument(meeting=meeting, title=title, url=url, order=order),
            acting_user=acting_user,
            reason="documents",
        )


def _host_ids(meeting: Meeting) -> list[int]:
    return [meeting.concertation_id, *meeting.joint_with.values_list("pk", flat=True)]


def _open_seats(meeting: Meeting) -> dict[int, Seat]:
    """The seats of the meeting's host and joint concertations that exist on its day."""
    seats = Seat.objects.open_on(meeting.day).filter(concertation_id__in=_host_ids(meeting))
    return {seat.pk: seat for seat in seats}


def _holdings(seat_ids: list[int], on: dt.date) -> dict[int, Membership]:
    """The holding of each seat on the day (the latest started, when partial dates make several cover it)."""
    holdings: dict[int, Membership] = {}
    memberships = Membership.objects.current(on).filter(seat_id__in=seat_ids).order_by("seat_id", "-start_date", "-pk")
    for membership in memberships:
        holdings.setdefault(membership.seat_id, membership)
    return holdings


def _invite(meeting: Meeting, *, acting_user: Any) -> None:
    """Give every seat open on the meeting's day one attendance row, with who held it that day; remove the
    rows of seats no longer concerned, unless their attendance was recorded."""
    seats = _open_seats(meeting)
    rows = list(meeting.attendances.all())
    stale = [row for row in rows if row.seat_id not in seats]
    recorded = [row for row in stale if row.status != AttendanceStatus.INVITED]
    if recorded:
        raise ValidationError(
            {
                "starts_at": _(
                    "Attendance was recorded for seats that do not exist on this day or no longer take part: "
                    "%(seats)s. Correct the attendance first."
                )
                % {"seats": ", ".join(sorted(row.seat.label for row in recorded))}
            }
        )
    for row in stale:
        audited_delete(row, acting_user=acting_user, reason="invitation")
    invited = {row.seat_id for row in rows}
    missing = [pk for pk in seats if pk not in invited]
    holdings = _holdings(missing, meeting.day)
    new_rows = []
    for pk in missing:
        holding = holdings.get(pk)
        row = Attendance(
            meeting=meeting,
            seat=seats[pk],
            status=AttendanceStatus.INVITED,
            organization_id=holding.organization_id if holding else None,
            person_id=holding.person_id if holding else None,
        )
        row.full_clean(validate_unique=False, validate_constraints=False)
        new_rows.append(row)
    if new_rows:
        audited_bulk_create(new_rows, acting_user=acting_user, reason="invitation")
        registry_changed()  # the bulk insert sends no signal


# Attendance ----------------------------------------------------------------------------------------


def attendance_record(
    *,
    meeting: Meeting,
    entries: dict[int, tuple[str, Person | str | None]],
    acting_user: Any,
) -> list[Attendance]:
    """Record who came: for each seat id, its status and, for a replaced seat, who came instead (a person of
    the registry or a name). Only a seat that existed on the meeting's day, at one of its concertations,
    may have a row; the error's key is `seat_<id>`."""
    day = meeting.day
    statuses = set(AttendanceStatus.values)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        seats = _open_seats(meeting)
        errors: dict[str, str] = {}
        known = {seat.pk: seat for seat in Seat.objects.filter(pk__in=list(entries))}
        for seat_id, (status, substitute) in entries.items():
            key = f"seat_{seat_id}"
            if seat_id not in seats:
                seat = known.get(seat_id)
                if seat is None or seat.concertation_id not in _host_ids(meeting):
                    errors[key] = _("This seat is not a seat of the meeting's concertations.")
                else:
                    errors[key] = _("The seat « %(label)s » did not exist on %(day)s, the day of the meeting.") % {
                        "label": seat.label,
                        "day": long_date(day),
                    }
            elif status not in statuses:
                errors[key] = _("Choose an attendance status.")
            elif substitute and status != AttendanceStatus.REPLACED:
                errors[key] = _("Only a replaced seat names who came instead.")
        if errors:
            raise ValidationError(errors)
        rows = {row.seat_id: row for row in meeting.attendances.select_for_update()}
        holdings = _holdings([pk for pk in entries if pk not in rows], day)
        saved = []
        for seat_id, (status, substitute) in entries.items():
            row = rows.get(seat_id)
            if row is None:
                holding = holdings.get(seat_id)
                row = Attendance(
                    meeting=meeting,
                    seat=seats[seat_id],
                    organization_id=holding.organization_id if holding else None,
                    person_id=holding.person_id if holding else None,
                )
            new_substitute = substitute if isinstance(substitute, Person) else None
            new_name = " ".join(substitute.split()) if isinstance(substitute, str) else ""
            if row.pk and (row.status, row.substitute_id, row.substitute_name) == (
                status,
                new_substitute.pk if new_substitute else None,
                new_name,
            ):
                saved.append(row)
                continue
            row.status, row.substitute, row.substitute_name = status, new_substitute, new_name
            audited_save(row, acting_user=acting_user, reason="attendance")
            saved.append(row)
    return saved


# Minutes -------------------------------------------------------------------------------------------


def agenda_item_minutes(*, meeting: Meeting, minutes: dict[int, str], acting_user: Any) -> Meeting:
    """Write the minutes of the meeting's agenda items (by item id). An item of another meeting is refused
    (key `item_<id>`)."""
    with transaction.atomic():
        items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
        unknown = {
            f"item_{pk}": _("This agenda item is not on the meeting's agenda.") for pk in minutes if pk not in items
        }
        if unknown:
            raise ValidationError(unknown)
        for pk, text in minutes.items():
            item = items[pk]
            text = text.strip()
            if item.minutes != text:
                item.minutes = text
                audited_save(item, acting_user=acting_user, reason="minutes")
    return meeting


# Decisions -----------------------------------------------------------------------------------------


def voting_seats_invited(meeting: Meeting) -> int:
    """How many voting seats were invited to the meeting: the most votes a decision may count."""
    return meeting.attendances.filter(seat__is_voting=True).count()


def decision_create(
    *,
    meeting: Meeting,
    text: str,
    acting_user: Any,
    agenda_item: AgendaItem | None = None,
    method: str = DecisionMethod.CONSENSUS,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    """Record a decision taken at the meeting, by consensus or by a vote whose counts cannot exceed the
    voting seats invited."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_decision(locked, agenda_item, method, (votes_for, votes_against, abstentions))
        decision = Decision(
            meeting=locked,
            agenda_item=agenda_item,
            text=text.strip(),
            method=method,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            order=locked.decisions.count() + 1,
        )
        audited_save(decision, acting_user=acting_user, reason="create")
    return decision


def _check_decision(
    meeting: Meeting, agenda_item: AgendaItem | None, method: str, counts: tuple[int | None, int | None, int | None]
) -> None:
    """The rules of a decision: its agenda item on the meeting's agenda, no counts for a consensus, for a vote
    the votes for given and no more votes than the voting seats invited (read on the locked meeting)."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item is not on the meeting's agenda.")})
    if method == DecisionMethod.CONSENSUS and any(count is not None for count in counts):
        raise ValidationError({"votes_for": _("A decision taken by consensus has no vote counts.")})
    if method == DecisionMethod.VOTE:
        if counts[0] is None:
            raise ValidationError({"votes_for": _("Give the number of votes for.")})
        seats = voting_seats_invited(meeting)
        total = sum(count or 0 for count in counts)
        if total > seats:
            raise ValidationError(
                {
                    "votes_for": _(
                        "%(total)s votes were counted, but only %(seats)s voting seats were invited to the meeting."
                    )
                    % {"total": total, "seats": seats}
                }
            )


def decision_update(
    *,
    decision: Decision,
    text: str,
    acting_user: Any,
    agenda_item: AgendaItem | None = None,
    method: str = DecisionMethod.CONSENSUS,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    """Change a decision with the rules of `decision_create`; the meeting is locked while it is checked and
    saved, so that two edits of its decisions are written one after the other."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
        _check_decision(locked, agenda_item, method, (votes_for, votes_against, abstentions))
        fresh = Decision.objects.select_for_update().get(pk=decision.pk)
        fresh.agenda_item = agenda_item
        fresh.text = text.strip()
        fresh.method = method
        fresh.votes_for, fresh.votes_against, fresh.abstentions = votes_for, votes_against, abstentions
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh


def decision_delete(*, decision: Decision, acting_user: Any) -> Meeting:
    """Delete a decision with its open follow-ups. Refused when one of its follow-ups is already done: what
    was done after the meeting stays on record. Returns the decision's meeting."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
        follow_ups = list(FollowUp.objects.select_for_update().filter(decision_id=decision.pk))
        if any(follow_up.done_on is not None for follow_up in follow_ups):
            raise ValidationError(
                _("This decision has follow-ups already done: it cannot be deleted. Change its text instead.")
            )
        for follow_up in follow_ups:
            audited_delete(follow_up, acting_user=acting_user, reason="decision deleted")
        audited_delete(Decision.objects.get(pk=decision.pk), acting_user=acting_user, reason="delete")
    return meeting


# Follow-ups ----------------------------------------------------------------------------------------


def _check_follow_up(meeting: Meeting, due_on: dt.date, action: Action | None) -> None:
    """Due on or after the meeting's day; a plan action only of a plan the meeting's host concertation owns."""
    day = meeting.day
    if due_on < day:
        raise ValidationError(
            {"due_on": _("A follow-up cannot be due before the meeting (%(day)s).") % {"day": long_date(day)}}
        )
    if action is not None:
        owner = Action.objects.filter(pk=action.pk).values_list("objective__plan__owner_concertation_id", flat=True)
        if owner.first() != meeting.concertation_id:
            raise ValidationError(
                {"action": _("This action is not in a plan of the concertation that holds the meeting.")}
            )


def follow_up_create(
    *,
    decision: Decision,
    organization: Organization,
    task: str,
    due_on: dt.date,
    acting_user: Any,
    person: Person | None = None,
    action: Action | None = None,
) -> FollowUp:
    """Record what an organisation committed to do, by when, after a decision; due on or after the meeting's
    day, tied if need be to an action of a plan its host concertation owns."""
    _check_follow_up(decision.meeting, due_on, action)
    follow_up = FollowUp(
        decision=decision,
        organization=organization,
        person=person,
        task=" ".join(task.split()),
        due_on=due_on,
        action=action,
    )
    with transaction.atomic():
        audited_save(follow_up, acting_user=acting_user, reason="create")
    return follow_up


def follow_up_update(
    *,
    follow_up: FollowUp,
    organization: Organization,
    task: str,
    due_on: dt.date,
    acting_user: Any,
    person: Person | None = None,
    action: Action | None = None,
    expected_version: int | None = None,
) -> FollowUp:
    """Change a follow-up with the rules of `follow_up_create`. Refused when someone saved it since
    `expected_version`."""
    _check_follow_up(follow_up.decision.meeting, due_on, action)
    with transaction.atomic():
        fresh = locked_for_update(follow_up, expected_version=expected_version)
        fresh.organization, fresh.person, fresh.action = organization, person, action
        fresh.task, fresh.due_on = " ".join(task.split()), due_on
        audited_save(fresh, acting_user=acting_user, reason="update")
    return fresh


def follow_up_delete(*, follow_up: FollowUp, acting_user: Any) -> Meeting:
    """Delete a follow-up (the agenda items that carried it keep their text). Returns its meeting."""
    with transaction.atomic():
        fresh = FollowUp.objects.select_for_update().select_related("decision__meeting").get(pk=follow_up.pk)
        meeting = fresh.decision.meeting
        audited_delete(fresh, acting_user=acting_user, reason="delete")
    return meeting


def follow_up_done(
    *, follow_up: FollowUp, done_on: dt.date, acting_user: Any, expected_version: int | None = None
) -> FollowUp:
    """Mark a follow-up done on a day (not before its meeting, not in the future). Refused when someone saved
    it since `expected_version`."""
    day = follow_up.decision.meeting.day
    if done_on < day:
        raise ValidationError(
            {"done_on": _("A follow-up cannot be done before the meeting (%(day)s).") % {"day": long_date(day)}}
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    with transaction.atomic():
        fresh = locked_for_update(follow_up, expected_version=expected_version)
        fresh.done_on = done_on
        audited_save(fresh, acting_user=acting_user, reason="done")
    return fresh


def agenda_from_open_follow_ups(*, meeting: Meeting, acting_user: Any) -> list[AgendaItem]:
    """Add to the meeting's agenda one item per open follow-up of its host concertation (decided at another
    meeting, not already on this agenda), each linked to its follow-up."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        already = set(locked.agenda_items.exclude(follow_up=None).values_list("follow_up_id", flat=True))
        follow_ups = (
            FollowUp.objects.open()
            .filter(decision__meeting__concertation_id=locked.concertation_id)
            .filter(~Q(decision__meeting=locked))
            .select_related("organization")
            .order_by("due_on", "pk")
        )
        last = max(locked.agenda_items.values_list("order", flat=True), default=0)
        added = []
        for follow_up in follow_ups:
            if follow_up.pk in already:
                continue
            last += 1
            item = AgendaItem(
                meeting=locked,
                order=last,
                title=_("Follow-up: %(task)s (%(organization)s)")
                % {"task": follow_up.task, "organization": follow_up.organization.name},
                description=_("Due on %(day)s.") % {"day": long_date(follow_up.due_on)},
                follow_up=follow_up,
            )
            item.title = item.title[:300]
            audited_save(item, acting_user=acting_user, reason="agenda from follow-ups")
            added.append(item)
    return added
