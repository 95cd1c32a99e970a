"""Reads of meetings: one meeting with everything its page shows, the meetings of a concertation, and the
open follow-ups of a concertation or an organisation. Each reads in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation

from .models import AgendaItem, Attendance, Decision, FollowUp, FollowUpQuerySet, Meeting, MeetingQuerySet


def meeting_get(pk: int) -> Meeting:
    """A meeting with its host, joint concertations, agenda, documents, attendance, decisions and their
    follow-ups: eight queries, whatever their number (404 when unknown)."""
    queryset = Meeting.objects.select_related("concertation").prefetch_related(
        "joint_with",
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("follow_up__organization")),
        "documents",
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("seat", "organization", "person", "substitute").order_by(
                "seat__concertation_id", "seat__order", "seat__label", "pk"
            ),
        ),
        Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item")),
        Prefetch(
            "decisions__follow_ups",
            queryset=FollowUp.objects.select_related("organization", "person", "action__objective__plan"),
        ),
    )
    return get_object_or_404(queryset, pk=pk)


def meetings_of_concertation(concertation: Concertation) -> MeetingQuerySet:
    """The meetings the concertation hosts or joins, the latest first, with their host (to be paged)."""
    return Meeting.objects.of_concertation(concertation).select_related("concertation").order_by("-starts_at", "-pk")


def _open_follow_ups() -> FollowUpQuerySet:
    return (
        FollowUp.objects.open()
        .select_related("organization", "person", "decision__meeting__concertation")
        .order_by("due_on", "pk")
    )


def open_follow_ups_of_concertation(concertation: Concertation) -> list[FollowUp]:
    """The open follow-ups decided at the meetings the concertation hosts, soonest due first: one query."""
    return list(_open_follow_ups().filter(decision__meeting__concertation=concertation))


def open_follow_ups_of_organization(organization: Organization) -> list[FollowUp]:
    """The open follow-ups the organisation committed to, soonest due first: one query."""
    return list(_open_follow_ups().filter(organization=organization))
