"""Years of monthly meetings for the synthetic registry, for the benchmarks of meetings and attendance.

`meetings_write(years=5, seed=1)` gives every synthetic concertation a meeting a month over the last
`years` years (while it existed), plus the next two months planned (two in three with minutes private to
the members): at scale 1, about 240,000 meetings
and 2.5 million attendance rows. Each meeting invites the seats open on its day and held by someone;
each seat has its own habit of coming (a few never come, citizen seats come less often), so that the
participation figures have something to find. A held meeting has one or two agenda items, and about one
in two a decision with a follow-up, open when it is due in the future.

Like the rest of the synthetic registry (see `arrimage.demo.synth`), the rows are written in bulk with
plain inserts, in one transaction, without historical rows; they keep the rules the services check (a
seat invited only while it exists, a holder of the seat on the day, a follow-up due after its meeting).
`meetings_clear` removes them; `synth_clear` calls it.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from arrimage.concertation.models import Membership, Seat, SeatType
from arrimage.core.audit import insert_rows
from arrimage.core.versions import registry_changed
from arrimage.meetings.models import (
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

from .synth import _raw_delete, delete_where_any

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")
BATCH = 5_000
CANCELLED_SHARE = 0.03
NEVER_SHARE = 0.05  # seats whose holders never come
PRIVATE_SHARE = 2 / 3  # meetings whose minutes are private to the members
AGENDA = (
    "Tour de table des partenaires",
    "Suivi du plan d'action",
    "Bilan des activités",
    "Préparation du forum citoyen",
    "Priorités de l'année",
)
DECISIONS = (
    "La table adopte le bilan présenté.",
    "La table confie au comité de travail la préparation de la prochaine activité.",
    "La table appuie la demande de financement déposée par un partenaire.",
)
TASKS = ("Envoyer le bilan aux partenaires", "Préparer la prochaine rencontre", "Rédiger la demande de soutien")

Progress = Callable[[str, int, int], None]


def _months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first day of every month from `first`'s to `last`'s."""
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day + dt.timedelta(days=32)).replace(day=1)


def _insert_batched(model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), BATCH):
        insert_rows(model, names, rows[start : start + BATCH])


def _next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


class _Holdings:
    """Who held each seat when: (start, end, organisation id, person id) per seat, from the memberships."""

    def __init__(self, concertations: models.QuerySet[Any]) -> None:
        self.by_seat: dict[int, list[tuple[dt.date, dt.date, int | None, int | None]]] = defaultdict(list)
        rows = Membership.objects.filter(seat__concertation__in=concertations.values("pk")).order_by()
        for seat, start, end, organization, person in rows.values_list(
            "seat", "start_date", "end_date", "organization", "person"
        ):
            self.by_seat[seat].append((start or dt.date.min, end or dt.date.max, organization, person))

    def on(self, seat: int, day: dt.date) -> tuple[int | None, int | None] | None:
        for start, end, organization, person in self.by_seat.get(seat, ()):
            if start <= day <= end:
                return organization, person
        return None


def meetings_write(
    *,
    concertations: models.QuerySet[Any],
    years: int = 5,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write `years` years of monthly meetings (and two months ahead) for `concertations`. Returns counts."""
    rng = random.Random(f"meetings:{seed}")  # noqa: S311 - reproducible synthetic data, not a secret
    today = today or timezone.localdate()
    first = today.replace(year=today.year - years)
    last = today + dt.timedelta(days=62)
    seats: dict[int, list[tuple[int, dt.date, dt.date, bool, bool]]] = defaultdict(list)
    for seat, concertation, created, abolished, voting, kind in (
        Seat.objects.filter(concertation__in=concertations)
        .order_by("concertation", "order", "pk")
        .values_list("pk", "concertation", "created_on", "abolished_on", "is_voting", "seat_type")
    ):
        seats[concertation].append(
            (seat, created or dt.date.min, abolished or dt.date.max, voting, kind in SeatType.citizen_types())
        )
    holdings = _Holdings(concertations)
    habit: dict[int, float] = {}
    for rows in seats.values():
        for seat, _created, _abolished, _voting, citizen in rows:
            never = rng.random() < NEVER_SHARE
            habit[seat] = 0.0 if never else rng.uniform(0.35, 0.8 if citizen else 0.97)

    meeting_id, item_id, decision_id = _next_id(Meeting), _next_id(AgendaItem), _next_id(Decision)
    meetings: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    attendances: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    follow_ups: list[tuple[Any, ...]] = []
    counts: dict[str, int] = defaultdict(int)
    listed = list(
        concertations.order_by("pk").values_list("pk", "start_date", "end_date", "coordinating_organization_id")
    )

    def flush() -> None:
        _insert_batched(
            Meeting,
            (
                "id",
                "concertation",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "video_url",
                "status",
                "minutes_private",
                "is_demo",
            ),
            meetings,
        )
        _insert_batched(AgendaItem, ("id", "meeting", "order", "title", "description", "minutes"), items)
        _insert_batched(
            Attendance,
            ("meeting", "seat", "status", "organization", "person", "substitute_name"),
            attendances,
        )
        _insert_batched(Decision, ("id", "meeting", "agenda_item", "text", "method", "order"), decisions)
        _insert_batched(
            FollowUp,
            (
                "decision",
                "organization",
                "task",
                "due_on",
                "done_on",
            ),
            follow_ups,
        )
        for name, rows in (
            ("meetings", meetings),
            ("agenda_items", items),
            ("attendances", attendances),
            ("decisions", decisions),
            ("follow_ups", follow_ups),
        ):
            counts[name] += len(rows)
            rows.clear()

    with transaction.atomic():
        for done, (concertation, start, end, coordinator) in enumerate(listed, start=1):
            weekday, week = rng.randrange(5), rng.randrange(3)
            for month in _months(max(first, start or first), min(last, end or last)):
                day = month + dt.timedelta(days=(weekday - month.weekday()) % 7 + 7 * week)
                held = day < today
                cancelled = held and rng.random() < CANCELLED_SHARE
                status = MeetingStatus.CANCELLED if cancelled else MeetingStatus.HELD if held else MeetingStatus.PLANNED
                starts = dt.datetime.combine(day, dt.time(13, 30), MONTREAL)
                meetings.append(
                    (
                        meeting_id,
                        concertation,
                        "Rencontre régulière",
                        starts,
                        starts + dt.timedelta(hours=2),
                        "Salle communautaire",
                        "",
                        status,
                        rng.random() < PRIVATE_SHARE,
                        True,
                    )
                )
                if not cancelled:
                    present: list[int | None] = []
                    for seat, created, abolished, _voting, _citizen in seats.get(concertation, ()):
                        if not created <= day < abolished:
                            continue
                        holder = holdings.on(seat, day)
                        if holder is None:  # a vacant seat is not invited
                            continue
                        organization, person = holder
                        if not held:
                            state, substitute = AttendanceStatus.INVITED, ""
                        elif rng.random() < habit[seat]:
                            replaced = rng.random() < 0.1
                            state = AttendanceStatus.REPLACED if replaced else AttendanceStatus.PRESENT
                            substitute = "Personne substitut" if replaced else ""
                            present.append(organization)
                        else:
                            state = AttendanceStatus.EXCUSED if rng.random() < 0.45 else AttendanceStatus.ABSENT
                            substitute = ""
                        attendances.append((meeting_id, seat, state, organization, person, substitute))
                    for order in range(1 + rng.randrange(2)):
                        items.append((item_id, meeting_id, order, rng.choice(AGENDA), "", ""))
                        item_id += 1
                    doer = next((o for o in present if o), coordinator)
                    if held and doer and rng.random() < 0.5:
                        decisions.append(
                            (decision_id, meeting_id, item_id - 1, rng.choice(DECISIONS), DecisionMethod.CONSENSUS, 0)
                        )
                        due = day + dt.timedelta(days=rng.randrange(14, 90))
                        done_on = due if due < today and rng.random() < 0.85 else None
                        follow_ups.append((decision_id, doer, rng.choice(TASKS), due, done_on))
                        decision_id += 1
                meeting_id += 1
            if len(attendances) >= 50_000:
                flush()
            if progress is not None and (done % 200 == 0 or done == len(listed)):
                progress("meetings", done, len(listed))
        flush()
        with connection.cursor() as cursor:  # the ids were given here: the sequences must go past them
            for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting, AgendaItem, Decision]):
                cursor.execute(sql)
        registry_changed()  # plain inserts send no signal
    return dict(counts)


def meetings_clear(*, organizations: Any, people: Any, concertations: Any) -> int:
    """Remove the meetings of `concertations` and every row of other meetings that points at the
    organisations, people or concertations about to be removed. Plain deletes without history; the caller
    holds the transaction. Returns the number of meetings removed."""
    meetings = Meeting.objects.filter(concertation__in=concertations).values("pk")
    decisions = Decision.objects.filter(meeting__in=meetings).values("pk")
    seats = Seat.objects.filter(concertation__in=concertations).values("pk")
    # One delete per condition (`delete_where_any`): no OR over large subqueries on PostgreSQL.
    delete_where_any(FollowUp.objects.all(), Q(decision__in=decisions), Q(organization__in=organizations))
    AgendaItem.objects.filter(follow_up__isnull=False, meeting__in=meetings).update(follow_up=None)
    _raw_delete(Decision.objects.filter(pk__in=decisions))
    delete_where_any(Attendance.objects.all(), Q(meeting__in=meetings), Q(seat__in=seats))
    Attendance.objects.filter(organization__in=organizations).update(organization=None)
    Attendance.objects.filter(person__in=people).update(person=None)
    Attendance.objects.filter(substitute__in=people).update(substitute=None)
    FollowUp.objects.filter(person__in=people).update(person=None)
    _raw_delete(AgendaItem.objects.filter(meeting__in=meetings))
    _raw_delete(MeetingDocument.objects.filter(meeting__in=meetings))
    delete_where_any(
        Meeting.joint_with.through.objects.all(), Q(meeting__in=meetings), Q(concertation__in=concertations)
    )
    return _raw_delete(Meeting.objects.filter(pk__in=meetings))
