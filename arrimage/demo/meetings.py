"""Meetings of the demonstration: for a few demonstration tables, a held meeting (attendance, minutes,
decisions by consensus and by a vote, follow-ups of the organisations at the table, one already done) and a
planned one whose agenda starts from the open follow-ups.

Loaded after the rest of the demonstration (`meetings_demo_load`), written through
`arrimage.meetings.services` like any meeting; removed by `meetings_demo_delete` before the demonstration's
organisations (a follow-up holds on to its organisation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from arrimage.concertation.models import Concertation
from arrimage.meetings import services
from arrimage.meetings.models import Attendance, AttendanceStatus, DecisionMethod, FollowUp, Meeting, MeetingStatus
from arrimage.meetings.services import AgendaItemData, DocumentData, MeetingData

from . import data

# The tables that get meetings, by their key in `data.CONCERTATIONS`.
TABLES = ("tdlb", "famille_beauport", "tdc_appalaches", "tds_etchemins")

HELD_AGENDA = [
    AgendaItemData("Mot de bienvenue et adoption de l'ordre du jour"),
    AgendaItemData("Suivi du plan d'action", "Où en sont les actions de l'année?"),
    AgendaItemData("Fête de quartier", "Date, lieu et partage des tâches."),
    AgendaItemData("Tour de table des partenaires"),
]
MINUTES = [
    "L'ordre du jour est adopté tel que présenté.",
    "La coordination présente l'avancement : deux actions sur trois ont commencé. Les partenaires "
    "soulignent le manque de bénévoles pour l'action sur le transport.",
    "La fête aura lieu au parc en juin. Chaque organisme apporte une activité pour les familles.",
    "Les partenaires partagent leurs nouvelles : embauches, nouveaux services, activités à venir.",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def meetings_demo_load(*, acting_user: Any = None) -> list[Meeting]:
    """Write the demonstration's meetings; nothing when they are there."""
    if Meeting.objects.filter(is_demo=True).exists():
        return []
    names = {row.key: row.name for row in data.CONCERTATIONS}
    wanted = [names[key] for key in TABLES if key in names]
    tables = {c.name: c for c in Concertation.objects.filter(is_demo=True, name__in=wanted)}
    today = timezone.localdate()
    written: list[Meeting] = []
    with transaction.atomic():
        for number, name in enumerate(wanted):
            table = tables.get(name)
            if table is not None:
                written.extend(_table_meetings(table, today=today, shift=number, acting_user=acting_user))
    return written


def _table_meetings(table: Concertation, *, today: dt.date, shift: int, acting_user: Any) -> list[Meeting]:
    held_day = today - dt.timedelta(days=45 + 7 * shift)
    held = services.meeting_create(
        data=MeetingData(
            concertation=table,
            starts_at=_at(held_day, 13),
            ends_at=_at(held_day, 16),
            title="Assemblée régulière",
            place="Centre communautaire, grande salle",
            status=MeetingStatus.HELD,
            minutes_private=shift % 2 == 1,
            agenda=HELD_AGENDA,
            documents=[DocumentData("Convocation et ordre du jour", "https://exemple.demo/convocation.pdf")],
        ),
        acting_user=acting_user,
        is_demo=True,
    )
    items = list(held.agenda_items.all())
    services.agenda_item_minutes(
        meeting=held,
        minutes={item.pk: text for item, text in zip(items, MINUTES, strict=False)},
        acting_user=acting_user,
    )
    rows = list(held.attendances.select_related("seat"))
    entries: dict[int, tuple[str, Any]] = {}
    for index, row in enumerate(rows):
        status = AttendanceStatus.PRESENT
        if index % 5 == 3:
            status = AttendanceStatus.EXCUSED
        elif index % 7 == 5:
            status = AttendanceStatus.ABSENT
        entries[row.seat_id] = (status, None)
    if len(rows) > 2:
        entries[rows[1].seat_id] = (AttendanceStatus.REPLACED, "Personne déléguée")
    services.attendance_record(meeting=held, entries=entries, acting_user=acting_user)
    voting = Attendance.objects.filter(meeting=held, seat__is_voting=True).count()
    services.decision_create(
        meeting=held, text="Le plan d'action est reconduit pour un an.", agenda_item=items[1], acting_user=acting_user
    )
    party = services.decision_create(
        meeting=held,
        text="La Table organise une fête de quartier en juin et y consacre 1 500 $.",
        agenda_item=items[2],
        method=DecisionMethod.VOTE if voting >= 3 else DecisionMethod.CONSENSUS,
        votes_for=voting - 2 if voting >= 3 else None,
        votes_against=1 if voting >= 3 else None,
        abstentions=1 if voting >= 3 else None,
        acting_user=acting_user,
    )
    organizations = [row.organization for row in held.attendances.select_related("organization") if row.organization]
    tasks = ["Réserver le parc auprès de la Ville", "Trouver les bénévoles de l'accueil", "Préparer l'affiche"]
    follow_ups: list[FollowUp] = []
    for index, (organization, task) in enumerate(zip(organizations, tasks, strict=False)):
        follow_ups.append(
            services.follow_up_create(
                decision=party,
                organization=organization,
                task=task,
                due_on=held_day + dt.timedelta(days=20 + 10 * index),
                acting_user=acting_user,
            )
        )
    if follow_ups:
        services.follow_up_done(
            follow_up=follow_ups[0], done_on=held_day + dt.timedelta(days=15), acting_user=acting_user
        )
    next_day = today + dt.timedelta(days=21 + 7 * shift)
    planned = services.meeting_create(
        data=MeetingData(
            concertation=table,
            starts_at=_at(next_day, 13),
            ends_at=_at(next_day, 15),
            title="Assemblée régulière",
            place="Centre communautaire, grande salle",
            video_url="https://exemple.demo/visio",
            agenda=[AgendaItemData("Mot de bienvenue et adoption de l'ordre du jour")],
        ),
        acting_user=acting_user,
        is_demo=True,
    )
    services.agenda_from_open_follow_ups(meeting=planned, acting_user=acting_user)
    return [held, planned]


def meetings_demo_delete() -> int:
    """Remove the demonstration's meetings (with their agenda, attendance, decisions and follow-ups); returns
    how many meetings were removed."""
    return Meeting.objects.filter(is_demo=True).delete()[1].get("meetings.Meeting", 0)
