"""Pages of a concertation's meetings: the list, one meeting (agenda with its minutes, documents, attendance,
decisions and follow-ups), the edit pages (each calls one service of `arrimage.meetings.services`), and the
« Open follow-ups » section the pages of a concertation and of an organisation include
(`open_follow_ups_section`, template `registry/meetings/_open_follow_ups.html`).

A meeting is seen by those who may see its host concertation (`policy.can_view_meeting`); private minutes
only by its members and editors (`policy.can_view_minutes`). Who sat on a citizen seat is never shown to
visitors: their attendance is given as counts only (`policy.attendance_as_count`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation
from arrimage.concertation.selectors import concertation_get
from arrimage.core import pagecache
from arrimage.core.dates import long_date
from arrimage.meetings import selectors, services
from arrimage.meetings.models import Attendance, AttendanceStatus, Decision, FollowUp, Meeting

from ..forms_meetings import (
    AttendanceForm,
    ConfirmForm,
    DecisionForm,
    FollowUpDoneForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
)
from .common import Crumb, paginate, people_named, prime_territories
from .edit import FormPage, _data, _form_page

# The section on the concertation's and the organisation's pages -------------------------------------


@dataclass(frozen=True)
class FollowUpRow:
    follow_up: FollowUp
    meeting_url: str
    person_named: bool
    done_url: str | None


@dataclass(frozen=True)
class OpenFollowUps:
    rows: list[FollowUpRow]
    show_concertation: bool
    meetings_url: str | None = None  # on a concertation's page: its meetings


def open_follow_ups_section(
    user: Any, *, concertation: Concertation | None = None, organization: Organization | None = None
) -> OpenFollowUps:
    """The open follow-ups of a concertation's meetings, or those an organisation committed to, that this
    user may see: one query, and the policy's few reads of the user's roles."""
    if concertation is not None:
        follow_ups = selectors.open_follow_ups_of_concertation(concertation)
    elif organization is not None:
        follow_ups = selectors.open_follow_ups_of_organization(organization)
    else:
        raise ValueError("open_follow_ups_section needs a concertation or an organisation")
    hosts = {f.decision.meeting.concertation_id: f.decision.meeting.concertation for f in follow_ups}
    prime_territories(user, hosts.values())
    # What the user may do at each host, decided once per concertation (the meeting's policy asks its host).
    allowed = {
        pk: (
            policy.can_view_concertation(user, host),
            policy.can_view_concertation_private(user, host),
            policy.can_edit_concertation(user, host),
        )
        for pk, host in hosts.items()
    }
    rows = []
    for follow_up in follow_ups:
        meeting = follow_up.decision.meeting
        can_view, private_view, can_edit = allowed[meeting.concertation_id]
        if not can_view or not policy.minutes_shown(meeting, private_view=private_view):
            continue  # a follow-up is part of its meeting's minutes, which may be private to members
        rows.append(
            FollowUpRow(
                follow_up,
                meeting.get_absolute_url(),
                policy.shows_identity(follow_up.person, private_view=private_view),
                reverse("registry:follow_up_done", args=[follow_up.pk]) if can_edit else None,
            )
        )
    meetings_url = reverse("registry:meeting_list", args=[concertation.pk]) if concertation is not None else None
    return OpenFollowUps(rows, show_concertation=concertation is None, meetings_url=meetings_url)


# The list ------------------------------------------------------------------------------------------


def _visible_concertation(request: HttpRequest, pk: int) -> Concertation:
    concertation = concertation_get(pk)
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    return concertation


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 7 and int(text) > 0 else 1


def _optional_url(name: str, *args: Any) -> str | None:
    """The address of a page another part of the site provides, when it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    query = pagecache.normalised_query([("page", request.GET.get("page", ""))])
    page = pagecache.page(request, "meetings", pk, query=query, compute=lambda: _meeting_list(request, pk))
    return pagecache.render_page(request, "registry/meetings/list.html", page)


def _meeting_list(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the list of a concertation's meetings shows this visitor (computed only when not cached)."""
    concertation = _visible_concertation(request, pk)
    return {
        "concertation": concertation,
        "results": paginate(selectors.meetings_of_concertation(concertation), _page_number(request), size=25),
        "can_edit": policy.can_edit_concertation(request.user, concertation),
        "ical_url": _optional_url("registry:concertation_meetings_ical", concertation.pk),
        "breadcrumb": [
            Crumb(_("Concertations"), reverse("registry:concertation_list")),
            Crumb(concertation.name, concertation.get_absolute_url()),
        ],
    }


# One meeting ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    attendance: Attendance
    person_named: bool
    substitute_named: bool


@dataclass(frozen=True)
class CountRow:
    """The citizen seats of a meeting, as counts per status (visitors never see who sat on them)."""

    status: str
    count: int


def _attendance(user: Any, meeting: Meeting, *, private_view: bool) -> tuple[list[AttendanceRow], list[CountRow]]:
    rows: list[AttendanceRow] = []
    counts: Counter[str] = Counter()
    attendances = list(meeting.attendances.all())
    named = people_named(
        user, [p for a in attendances for p in (a.person, a.substitute) if p is not None and not a.seat.is_citizen]
    )
    for attendance in attendances:
        if policy.attendance_as_count(attendance.seat, private_view=private_view):
            counts[attendance.get_status_display()] += 1
            continue
        rows.append(
            AttendanceRow(
                attendance,
                person_named=private_view or attendance.person_id in named,
                substitute_named=private_view or attendance.substitute_id in named,
            )
        )
    return rows, [CountRow(status, count) for status, count in sorted(counts.items())]


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = pagecache.page(request, "meeting", pk, query="", compute=lambda: _meeting_detail(request, pk))
    return pagecache.render_page(request, "registry/meetings/detail.html", page)


def _meeting_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What a meeting's page shows this visitor (computed only when not cached)."""
    meeting = selectors.meeting_get(pk)
    user = request.user
    # A meeting of a private concertation does not exist for those who may not see it.
    if not policy.can_view_meeting(user, meeting):
        raise Http404(pk)
    private_view = policy.can_view_meeting_private(user, meeting)
    rows, citizen_counts = _attendance(user, meeting, private_view=private_view)
    decisions = list(meeting.decisions.all())
    follow_up_people = [f.person for d in decisions for f in d.follow_ups.all() if f.person is not None]
    named = people_named(user, follow_up_people) if not private_view else {p.pk for p in follow_up_people}
    concertation = meeting.concertation
    return {
        "meeting": meeting,
        "meeting_crumb": Crumb(str(meeting), meeting.get_absolute_url()),
        "concertation": concertation,
        "joint_with": [c for c in meeting.joint_with.all() if policy.can_view_concertation(user, c)],
        "agenda": list(meeting.agenda_items.all()),
        "documents": list(meeting.documents.all()),
        "show_minutes": policy.can_view_minutes(user, meeting),
        "attendance": rows,
        "citizen_counts": citizen_counts,
        "decisions": decisions,
        "named": named,
        "private_view": private_view,
        "can_edit": policy.can_edit_meeting(user, meeting),
        "attended": AttendanceStatus.attended(),
        "minutes_url": _optional_url("registry:meeting_minutes", meeting.pk),
        "minutes_pdf_url": _optional_url("registry:meeting_minutes_pdf", meeting.pk),
        "breadcrumb": [
            Crumb(_("Concertations"), reverse("registry:concertation_list")),
            Crumb(concertation.name, concertation.get_absolute_url()),
            Crumb(_("Meetings"), reverse("registry:meeting_list", args=[concertation.pk])),
        ],
    }


# Edit pages ----------------------------------------------------------------------------------------


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("concertation"), pk=pk)


def _editable(request: HttpRequest, meeting: Meeting) -> bool:
    """Whether the user may edit the meeting; a meeting they may not even see does not exist for them."""
    if not policy.can_view_meeting(request.user, meeting):
        raise Http404(meeting.pk)
    return policy.can_edit_meeting(request.user, meeting)


def _meeting_page(meeting: Meeting, title: str, submit: str, intro: str = "") -> FormPage:
    return FormPage(
        title=title,
        submit=submit,
        cancel_url=meeting.get_absolute_url(),
        intro=intro,
        context_label=f"{meeting.concertation.name} — {_meeting_name(meeting)}",
    )


def _meeting_name(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date()
    return f"{meeting} ({long_date(day)})"


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    concertation = _visible_concertation(request, pk)
    form = MeetingForm(_data(request), user=request.user, host=concertation)

    def save() -> Model:
        return services.meeting_create(data=form.to_data(), acting_user=request.user)

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_concertation(request.user, concertation),
        save=save,
        success=_("The meeting was created and the seats open on its day were invited."),
        page=FormPage(
            title=_("New meeting"),
            submit=_("Create the meeting"),
            cancel_url=reverse("registry:meeting_list", args=[concertation.pk]),
            context_label=concertation.name,
        ),
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    allowed = _editable(request, meeting)
    form = MeetingForm(
        _data(request), initial=MeetingForm.initial_from(meeting), user=request.user, host=meeting.concertation
    )

    def save() -> Model:
        return services.meeting_update(
            meeting=meeting, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        )

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The changes were saved."),
        page=_meeting_page(meeting, _("Edit the meeting"), _("Save the changes")),
    )


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    allowed = _editable(request, meeting)
    form = AttendanceForm(_data(request), meeting=meeting)

    def save() -> Model:
        services.attendance_record(meeting=meeting, entries=dict(form.entries()), acting_user=request.user)
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The attendance was recorded."),
        page=_meeting_page(
            meeting,
            _("Attendance"),
            _("Record the attendance"),
            _("For a replaced seat, choose who came instead among the people of the registry, or write their name."),
        ),
    )


@login_required
def meeting_minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    allowed = _editable(request, meeting)
    form = MinutesForm(_data(request), meeting=meeting)

    def save() -> Model:
        return services.agenda_item_minutes(meeting=meeting, minutes=form.minutes(), acting_user=request.user)

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The minutes were saved."),
        page=_meeting_page(meeting, _("Minutes"), _("Save the minutes"), _("What was said on each agenda item.")),
    )


@login_required
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    allowed = _editable(request, meeting)
    form = DecisionForm(_data(request), meeting=meeting)

    def save() -> Model:
        services.decision_create(meeting=meeting, acting_user=request.user, **form.arguments())
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The decision was recorded."),
        page=_meeting_page(meeting, _("New decision"), _("Record the decision")),
    )


@login_required
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__concertation"), pk=pk)
    meeting = decision.meeting
    allowed = _editable(request, meeting)
    form = FollowUpForm(_data(request), meeting=meeting)

    def save() -> Model:
        services.follow_up_create(decision=decision, acting_user=request.user, **form.arguments())
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The follow-up was recorded."),
        page=_meeting_page(meeting, _("New follow-up"), _("Record the follow-up"), decision.text),
    )


@login_required
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.select_related("decision__meeting__concertation"), pk=pk)
    meeting = follow_up.decision.meeting
    allowed = _editable(request, meeting)
    form = FollowUpDoneForm(_data(request), initial={"version": follow_up.version, "done_on": timezone.localdate()})

    def save() -> Model:
        services.follow_up_done(
            follow_up=follow_up,
            done_on=form.cleaned_data["done_on"],
            acting_user=request.user,
            expected_version=form.expected_version,
        )
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The follow-up is marked done."),
        page=_meeting_page(meeting, _("Mark « %(task)s » done") % {"task": follow_up.task}, _("Mark done")),
    )


def _confirm(
    request: HttpRequest,
    meeting: Meeting,
    *,
    act: Callable[[], Model],
    success: str,
    title: str,
    intro: str,
    submit: str = "",
) -> HttpResponse:
    """A page asking the meeting's editors to confirm an action, which `act` carries out once confirmed;
    `act` gives the object whose page comes next."""
    return _form_page(
        request,
        ConfirmForm(_data(request)),
        allowed=_editable(request, meeting),
        save=act,
        success=success,
        page=_meeting_page(meeting, title, submit or title, intro),
    )


@login_required
def meeting_agenda_from_follow_ups(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def act() -> Model:
        services.agenda_from_open_follow_ups(meeting=meeting, acting_user=request.user)
        return meeting

    return _confirm(
        request,
        meeting,
        act=act,
        success=_("The open follow-ups were added to the agenda."),
        title=_("Add the open follow-ups to the agenda"),
        submit=_("Add them"),
        intro=_("One agenda item per open follow-up of the concertation, decided at an earlier meeting."),
    )


# Changing and deleting decisions, follow-ups and meetings --------------------------------------------


def _decision(pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("meeting__concertation"), pk=pk)


def _follow_up(pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.select_related("decision__meeting__concertation", "organization", "person"), pk=pk
    )


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(pk)
    meeting = decision.meeting
    allowed = _editable(request, meeting)
    form = DecisionForm(_data(request), initial=DecisionForm.initial_from(decision), meeting=meeting)

    def save() -> Model:
        services.decision_update(decision=decision, acting_user=request.user, **form.arguments())
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The changes were saved."),
        page=_meeting_page(meeting, _("Edit the decision"), _("Save the changes")),
    )


@login_required
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(pk)
    return _confirm(
        request,
        decision.meeting,
        act=lambda: services.decision_delete(decision=decision, acting_user=request.user),
        success=_("The decision was deleted."),
        title=_("Delete the decision"),
        intro=_("« %(text)s » and its follow-ups not yet done will be deleted.") % {"text": decision.text},
    )


@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(pk)
    meeting = follow_up.decision.meeting
    allowed = _editable(request, meeting)
    form = FollowUpForm(_data(request), initial=FollowUpForm.initial_from(follow_up), meeting=meeting)

    def save() -> Model:
        services.follow_up_update(
            follow_up=follow_up,
            acting_user=request.user,
            expected_version=form.expected_version,
            **form.arguments(),
        )
        return meeting

    return _form_page(
        request,
        form,
        allowed=allowed,
        save=save,
        success=_("The changes were saved."),
        page=_meeting_page(meeting, _("Edit the follow-up"), _("Save the changes"), follow_up.decision.text),
    )


@login_required
def follow_up_delete(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(pk)
    return _confirm(
        request,
        follow_up.decision.meeting,
        act=lambda: services.follow_up_delete(follow_up=follow_up, acting_user=request.user),
        success=_("The follow-up was deleted."),
        title=_("Delete the follow-up"),
        intro=_("« %(task)s » will be deleted.") % {"task": follow_up.task},
    )


@login_required
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def act() -> Model:
        concertation = services.meeting_delete(meeting=meeting, acting_user=request.user)
        return cast(Model, _Away(reverse("registry:meeting_list", args=[concertation.pk])))

    return _confirm(
        request,
        meeting,
        act=act,
        success=_("The meeting was deleted."),
        title=_("Delete the meeting"),
        intro=_("The meeting will be deleted with its agenda, its minutes, its documents and its attendance."),
    )


@dataclass(frozen=True)
class _Away:
    """Where a deleted meeting's page sends people (`_form_page` goes to the saved object's address)."""

    url: str

    def get_absolute_url(self) -> str:
        return self.url
