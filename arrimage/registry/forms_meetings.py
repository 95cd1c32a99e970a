"""Forms of the meetings' edit pages: each turns what people type into the arguments of one service of
`arrimage.meetings.services`, whose refusals land back on the field they concern."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.actors.models import Person
from arrimage.concertation.models import Concertation
from arrimage.meetings.models import AttendanceStatus, Decision, DecisionMethod, FollowUp, Meeting, MeetingStatus
from arrimage.meetings.services import AgendaItemData, DocumentData, MeetingData
from arrimage.plans.models import Action

from .forms import (
    ConcertationLookupField,
    DayField,
    LinesField,
    OrganizationLookupField,
    PersonLookupField,
    RegistryForm,
    VersionMixin,
)

# « Title — description »: an agenda line with its description after a long dash.
AGENDA_SEPARATOR = " — "


def agenda_item_of(line: str) -> AgendaItemData:
    title, _sep, description = line.partition(AGENDA_SEPARATOR)
    return AgendaItemData(title.strip(), description.strip())


def document_of(line: str) -> DocumentData:
    """« Title https://… » or a bare link. Raises ValidationError when the line has no valid link."""
    words = line.split()
    url = words[-1] if words else ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("« %(line)s »: end the line with the document's link (https://…)."), params={"line": line}
        ) from None
    title = " ".join(words[:-1]) or url
    return DocumentData(title[:300], url)


class MeetingForm(VersionMixin, RegistryForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    day = DayField(label=_("Day"))
    start_time = forms.TimeField(label=_("Starts at"), help_text=_("For example 19:00."))
    end_time = forms.TimeField(label=_("Ends at"), required=False, help_text=_("For example 21:00."))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED)
    minutes_private = forms.BooleanField(
        label=_("Minutes private to members"),
        required=False,
        initial=True,
        help_text=_("Only the concertation's members and those who may edit it read the minutes."),
    )
    joint_with = ConcertationLookupField(
        label=_("Held jointly with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Other concertations, one per line: the exact name, or the number in brackets."),
    )
    agenda = LinesField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item per line; a description may follow a long dash ( — )."),
    )
    documents = LinesField(
        label=_("Documents"),
        required=False,
        help_text=_("One per line: the title, then the link (https://…)."),
    )

    fieldsets = [
        (_("When and where"), ["title", "day", "start_time", "end_time", "place", "video_url", "status"]),
        (_("Agenda and documents"), ["agenda", "documents", "minutes_private", "joint_with"]),
    ]
    service_fields = {"starts_at": "day", "ends_at": "end_time"}

    def __init__(self, *args: Any, user: Any, host: Concertation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        field = self.fields["joint_with"]
        assert isinstance(field, ConcertationLookupField)
        field.many = True
        field.queryset = policy.visible_concertations(user, Concertation.objects.exclude(pk=host.pk))

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        return {
            "version": meeting.version,
            "title": meeting.title,
            "day": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": timezone.localtime(meeting.ends_at).time().replace(second=0) if meeting.ends_at else None,
            "place": meeting.place,
            "video_url": meeting.video_url,
            "status": meeting.status,
            "minutes_private": meeting.minutes_private,
            "joint_with": list(meeting.joint_with.all()),
            "agenda": [
                f"{item.title}{AGENDA_SEPARATOR}{item.description}" if item.description else item.title
                for item in meeting.agenda_items.all()
            ],
            "documents": [f"{d.title} {d.url}" for d in meeting.documents.all()],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        documents, errors = [], []
        for line in data.get("documents") or []:
            try:
                documents.append(document_of(line))
            except ValidationError as error:
                errors.append(error)
        if errors:
            self.add_error("documents", errors)
        else:
            data["documents"] = documents
        start, end = data.get("start_time"), data.get("end_time")
        if isinstance(start, dt.time) and isinstance(end, dt.time) and end < start:
            self.add_error("end_time", _("A meeting cannot end before it starts."))
        return data

    def to_data(self) -> MeetingData:
        data = self.cleaned_data
        day: dt.date = data["day"]
        starts_at = timezone.make_aware(dt.datetime.combine(day, data["start_time"]))
        ends_at = timezone.make_aware(dt.datetime.combine(day, data["end_time"])) if data.get("end_time") else None
        return MeetingData(
            concertation=self.host,
            starts_at=starts_at,
            ends_at=ends_at,
            title=data["title"],
            place=data["place"],
            video_url=data["video_url"],
            status=data["status"],
            minutes_private=data["minutes_private"],
            joint_with=list(data.get("joint_with") or []),
            agenda=[agenda_item_of(line) for line in data.get("agenda") or []],
            documents=data.get("documents") or [],
        )


class AttendanceForm(RegistryForm):
    """One status (and who came instead) per seat invited to the meeting; fields `seat_<id>` and
    `substitute_<id>`, as the service names its errors."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(meeting.attendances.select_related("seat", "substitute"))
        for row in self.rows:
            self.fields[f"seat_{row.seat_id}"] = forms.ChoiceField(
                label=row.seat.label, choices=AttendanceStatus.choices, initial=row.status
            )
            self.fields[f"substitute_person_{row.seat_id}"] = PersonLookupField(
                label=_("Replaced by a person of the registry (for « %(label)s »)") % {"label": row.seat.label},
                required=False,
                initial=row.substitute,
            )
            self.fields[f"substitute_{row.seat_id}"] = forms.CharField(
                label=_("Or replaced by (name, for « %(label)s »)") % {"label": row.seat.label},
                max_length=200,
                required=False,
                initial=row.substitute_name,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.rows:
            if data.get(f"substitute_person_{row.seat_id}") and data.get(f"substitute_{row.seat_id}"):
                self.add_error(
                    f"substitute_{row.seat_id}",
                    _("Choose a person of the registry or write a name, not both."),
                )
        return data

    def entries(self) -> dict[int, tuple[str, Person | str | None]]:
        return {
            row.seat_id: (
                self.cleaned_data[f"seat_{row.seat_id}"],
                self.cleaned_data.get(f"substitute_person_{row.seat_id}")
                or self.cleaned_data.get(f"substitute_{row.seat_id}")
                or None,
            )
            for row in self.rows
        }


class MinutesForm(RegistryForm):
    """The minutes of each agenda item (fields `item_<id>`)."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda_items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title, required=False, widget=forms.Textarea(attrs={"rows": 5}), initial=item.minutes
            )

    def minutes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


class DecisionForm(RegistryForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.TypedChoiceField(label=_("Agenda item"), required=False, coerce=int, empty_value=None)
    method = forms.ChoiceField(
        label=_("Taken by"), choices=DecisionMethod.choices, initial=DecisionMethod.CONSENSUS, widget=forms.RadioSelect
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=999, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=999, required=False)

    fieldsets = [
        (None, ["text", "agenda_item", "method"]),
        (_("Vote counts (a vote only)"), ["votes_for", "votes_against", "abstentions"]),
    ]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in meeting.agenda_items.all()}
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((pk, item.title) for pk, item in self.items.items())]

    @staticmethod
    def initial_from(decision: Decision) -> dict[str, Any]:
        return {
            "text": decision.text,
            "agenda_item": decision.agenda_item_id,
            "method": decision.method,
            "votes_for": decision.votes_for,
            "votes_against": decision.votes_against,
            "abstentions": decision.abstentions,
        }

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "agenda_item": self.items.get(data["agenda_item"]) if data.get("agenda_item") else None,
            "method": data["method"],
            "votes_for": data.get("votes_for"),
            "votes_against": data.get("votes_against"),
            "abstentions": data.get("abstentions"),
        }


class FollowUpForm(VersionMixin, RegistryForm):
    organization = OrganizationLookupField(label=_("Organisation"))
    person = PersonLookupField(label=_("Person"), required=False)
    task = forms.CharField(label=_("What is to be done"), max_length=500)
    due_on = DayField(label=_("Due on"))
    action = forms.TypedChoiceField(
        label=_("Plan action"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The action of one of the concertation's plans this follow-up carries out, if any."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"due_on": meeting.day})
        super().__init__(*args, **kwargs)
        # The actions of the plans the host concertation owns, grouped by plan: one query.
        actions = (
            Action.objects.filter(objective__plan__owner_concertation_id=meeting.concertation_id)
            .select_related("objective__plan")
            .order_by("objective__plan__name", "objective__plan_id", "objective__order", "order", "pk")
        )
        self.actions = {action.pk: action for action in actions}
        groups: dict[str, list[tuple[int, str]]] = {}
        for action in self.actions.values():
            groups.setdefault(action.objective.plan.name, []).append((action.pk, action.title))
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *groups.items()]

    @staticmethod
    def initial_from(follow_up: FollowUp) -> dict[str, Any]:
        return {
            "version": follow_up.version,
            "organization": follow_up.organization,
            "person": follow_up.person,
            "task": follow_up.task,
            "due_on": follow_up.due_on,
            "action": follow_up.action_id,
        }

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {k: data.get(k) for k in ("organization", "person", "task", "due_on")}
        arguments["action"] = self.actions.get(data["action"]) if data.get("action") else None
        return arguments


class FollowUpDoneForm(VersionMixin, RegistryForm):
    done_on = DayField(label=_("Done on"))


class ConfirmForm(RegistryForm):
    """A confirmation with nothing to fill."""
