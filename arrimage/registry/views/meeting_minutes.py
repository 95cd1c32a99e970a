"""The printable minutes of a meeting (a page, and the same page as a PDF) and the iCalendar feed of a
concertation's meetings.

Who reads what is the policy's decision: the minutes exist only for those who see the host concertation
(404 otherwise); minutes private to its members are refused to the others with a French page (403). The
feed exists for those who see the concertation, and names no one: each meeting's title, time, place,
status and the titles of its agenda items, never its minutes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.core import ical, pagecache
from arrimage.core.pdf import pdf_response
from arrimage.core.versions import registry_version
from arrimage.meetings.minutes import feed_meetings, meeting_get, meeting_minutes
from arrimage.meetings.models import Meeting, MeetingStatus

from .common import Crumb

# How far back the feed reaches: the meetings of the last twelve months, and all those to come.
FEED_PAST_DAYS = 365


def _title(meeting: Meeting) -> str:
    day = formats.date_format(timezone.localtime(meeting.starts_at).date(), "DATE_FORMAT")
    return _("Minutes of the meeting of %(day)s") % {"day": day}


# What a visitor may do with a meeting's minutes (`_access`).
HIDDEN, PRIVATE, OPEN = "hidden", "private", "open"


def _access(request: HttpRequest, pk: int, version: int) -> tuple[str, bool, Meeting | None]:
    """Whether this visitor sees the minutes of meeting `pk` (`OPEN`), is refused them (`PRIVATE`: minutes
    private to the members) or does not see the meeting at all (`HIDDEN`), and whether they see its host's
    private information; with the meeting when it had to be read. The policy's answer is kept under the
    page's key, as the page is: the same data version and audience give the same answer, and a role
    granted or withdrawn raises the version."""
    key = pagecache.key(request, "meeting-minutes-access", pk, query="", forms=False, version=version)
    kept = cache.get(key)
    if kept is not None:
        return kept[0], kept[1], None
    meeting = meeting_get(pk)
    concertation = meeting.concertation
    if not policy.can_view_concertation(request.user, concertation):
        kind = HIDDEN
    elif not policy.can_view_minutes(request.user, meeting):
        kind = PRIVATE
    else:
        kind = OPEN
    private_view = kind == OPEN and policy.can_view_concertation_private(request.user, concertation)
    cache.set(key, (kind, private_view), pagecache.TIMEOUT)
    return kind, private_view, meeting


def _context(request: HttpRequest, meeting: Meeting, *, private_view: bool, frame: str) -> dict[str, Any]:
    """The minutes' page (or, with the print frame, the PDF's) for a visitor who may read them."""
    return {
        "minutes": meeting_minutes(meeting, private_view=private_view),
        "report_title": _title(meeting),
        "breadcrumb": [Crumb(_("Concertations"), reverse("registry:concertation_list")), meeting.concertation],
        "crumb": Crumb(_("Minutes"), request.path),
        "page_url": reverse("registry:meeting_minutes", args=[meeting.pk]),
        "pdf_url": reverse("registry:meeting_minutes_pdf", args=[meeting.pk]),
        "frame": frame,
    }


def _drawn(request: HttpRequest, meeting: Meeting, *, private_view: bool) -> HttpResponseBase:
    concertation = meeting.concertation
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    context = _context(request, meeting, private_view=private_view, frame="registry/minutes/print.html")
    filename = f"proces-verbal-{concertation.acronym or concertation.name}-{day}"
    return pdf_response(request, "registry/minutes/minutes.html", context, filename=filename)


def _minutes(request: HttpRequest, pk: int, *, pdf: bool) -> HttpResponseBase:
    version = registry_version()  # read once, for the answer kept and for the page kept
    kind, private_view, read = _access(request, pk, version)
    if kind == HIDDEN:
        raise Http404(pk)
    if kind == PRIVATE:
        return render(request, "registry/minutes/private.html", {"meeting": read or meeting_get(pk)}, status=403)
    # The meeting is read only when the page or the PDF is made, not when they come from the cache.
    screen = "registry/minutes/screen.html"

    def drawn() -> HttpResponseBase:
        return _drawn(request, read or meeting_get(pk), private_view=private_view)

    def compute() -> dict[str, Any]:
        return _context(request, read or meeting_get(pk), private_view=private_view, frame=screen)

    if pdf:  # the drawing is kept for this audience until the registry changes
        return pagecache.response(request, "meeting-minutes-pdf", pk, build=drawn, version=version)
    page = pagecache.page(request, "meeting-minutes", pk, query="", compute=compute, version=version)
    return pagecache.render_page(request, "registry/minutes/minutes.html", page, extra={"frame": screen})


def meeting_minutes_page(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _minutes(request, pk, pdf=False)


def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _minutes(request, pk, pdf=True)


def _description(meeting: Meeting) -> str:
    titles = [item.title for item in meeting.agenda_items.all()]
    if not titles:
        return ""
    lines = [f"{number}. {title}" for number, title in enumerate(titles, start=1)]
    return "\n".join([_("Agenda:"), *lines])


def concertation_meetings_ical(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The concertation's meetings (hosted or joined) as an iCalendar feed to subscribe to, kept for this
    audience until the registry changes."""
    concertation = get_object_or_404(Concertation, pk=pk)
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    return pagecache.response(request, "meetings-ical", pk, build=lambda: _feed(request, concertation))


def _feed(request: HttpRequest, concertation: Concertation) -> HttpResponse:
    host = request.get_host().split(":")[0] or "arrimage"
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    events = [
        ical.Event(
            uid=f"meeting-{meeting.pk}@{host}",
            summary=meeting.title or _("Meeting of %(name)s") % {"name": concertation.name},
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location=meeting.place,
            description=_description(meeting),
            url=request.build_absolute_uri(meeting.get_absolute_url()),
            status=ical.CANCELLED if meeting.status == MeetingStatus.CANCELLED else ical.CONFIRMED,
            sequence=meeting.version,
        )
        for meeting in feed_meetings(concertation, since=since)
    ]
    name = _("Meetings of %(name)s") % {"name": concertation.name}
    text = ical.calendar(events, name=name, stamp=timezone.now())
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="reunions-{concertation.pk}.ics"'
    return response
