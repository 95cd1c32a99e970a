"""Meetings of a concertation: who was invited and who came, the minutes of each agenda item, the decisions,
and the follow-ups that come out of them.

A meeting belongs to one concertation, its host, and may be held jointly with others. Its invited seats each
have one attendance row: present, excused, absent, or replaced by someone else; the organisation holding
the seat on the day is kept on the row, so that participation can be counted per organisation without
reading the holdings again. A decision is taken on an agenda item, by consensus or by a vote with its
counts; its follow-ups say which organisation (and, optionally, which person) does what by when, and may be
an action of a plan. A follow-up is open until it is marked done.

Minutes may be private to the concertation's members (`minutes_private`): the policy module
(`arrimage.access.policy`) decides who reads them. Every write goes through `arrimage.meetings.services`.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Seat
from arrimage.core.models import TimeStampedModel
from arrimage.plans.models import Action


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_concertation(self, concertation: Concertation) -> MeetingQuerySet:
        """Meetings the concertation hosts or joins (each once, without a join that would read every meeting)."""
        joined = Meeting.joint_with.through.objects.filter(concertation=concertation).values("meeting_id")
        return self.filter(Q(concertation=concertation) | Q(pk__in=joined))

    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.HELD)

    def between(self, start: dt.datetime, end: dt.datetime) -> MeetingQuerySet:
        return self.filter(starts_at__gte=start, starts_at__lt=end)


class Meeting(TimeStampedModel):
    """A meeting of a concertation (its host), possibly held jointly with other concertations."""

    concertation = models.ForeignKey(
        Concertation, verbose_name=_("concertation"), on_delete=models.CASCADE, related_name="meetings"
    )
    joint_with = models.ManyToManyField(
        Concertation,
        verbose_name=_("held jointly with"),
        blank=True,
        related_name="joint_meetings",
        help_text=_("Other concertations that hold this meeting together with the host."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes_private = models.BooleanField(
        _("minutes private to members"),
        default=True,
        help_text=_("Only the concertation's members and those who may edit it read the minutes."),
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["concertation", "starts_at"], name="meeting_concertation_start")]

    def __str__(self) -> str:
        return self.title or str(_("Meeting"))

    def get_absolute_url(self) -> str:
        return reverse("registry:meeting_detail", args=[self.pk])

    @property
    def day(self) -> dt.date:
        """The day of the meeting in the installation's time zone (an evening meeting stays on its day)."""
        return timezone.localdate(self.starts_at) if timezone.is_aware(self.starts_at) else self.starts_at.date()


class AgendaItem(models.Model):
    """An item of a meeting's agenda, with the minutes of what was said about it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    follow_up = models.ForeignKey(
        "FollowUp",
        verbose_name=_("follow-up reviewed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text=_("The open follow-up this item reviews, when the agenda started from it."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="agenda_item_title_not_empty",
                violation_error_message=_("Give the agenda item a title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    """A document of a meeting, by its link: the invitation, a presentation, a report."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    REPLACED = "replaced", _("Replaced")

    @classmethod
    def attended(cls) -> set[str]:
        """The statuses that count as the seat being at the table."""
        return {cls.PRESENT, cls.REPLACED}


class Attendance(models.Model):
    """A seat invited to a meeting, and whether it was there.

    `organization` is the organisation that held the seat on the meeting's day (none for a citizen seat or
    a seat held by a person alone); `person` the person who held it. When the seat was replaced, `substitute`
    is who came instead (a person of the registry) or `substitute_name` (someone who is not).
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutions",
    )
    substitute_name = models.CharField(_("replaced by (name)"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "seat"],
                name="attendance_one_per_seat",
                violation_error_message=_("This seat is already invited to the meeting."),
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.REPLACED) | (Q(substitute__isnull=True) & Q(substitute_name="")),
                name="attendance_substitute_needs_replaced",
                violation_error_message=_("Only a replaced seat names who came instead."),
            ),
        ]
        indexes = [
            models.Index(fields=["seat", "status"], name="attendance_seat_status"),
            models.Index(fields=["organization", "status"], name="attendance_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.seat} — {self.get_status_display()}"


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    VOTE = "vote", _("Vote")


class Decision(models.Model):
    """A decision taken at a meeting, on one of its agenda items."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    method = models.CharField(
        _("taken by"), max_length=10, choices=DecisionMethod.choices, default=DecisionMethod.CONSENSUS
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="decision_text_not_empty",
                violation_error_message=_("Write the decision."),
            ),
            models.CheckConstraint(
                condition=Q(method=DecisionMethod.VOTE)
                | (Q(votes_for__isnull=True) & Q(votes_against__isnull=True) & Q(abstentions__isnull=True)),
                name="decision_counts_need_vote",
                violation_error_message=_("Only a vote has counts."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_on__isnull=True)


class FollowUp(TimeStampedModel):
    """What an organisation (and, optionally, one of its people) committed to do by a date, after a
    decision; possibly an action of a plan. Open until `done_on` is set."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    task = models.CharField(_("what"), max_length=500)
    due_on = models.DateField(_("due on"))
    action = models.ForeignKey(
        Action,
        verbose_name=_("plan action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(task=""),
                name="follow_up_task_not_empty",
                violation_error_message=_("Say what is to be done."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "done_on"], name="follow_up_org_open"),
            models.Index(fields=["decision", "done_on"], name="follow_up_decision_open"),
        ]

    def __str__(self) -> str:
        return self.task

    @property
    def is_open(self) -> bool:
        return self.done_on is None
