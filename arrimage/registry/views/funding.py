"""Pages of the funding programmes: the list with its filters, one page per programme with the
concertations and plan actions that fit it (and why), the calendar of deadlines and its iCalendar feed,
the regional view of which programmes reach which démarches, and the edit forms for editors.

Programmes are public; the concertations and actions they are matched to are only those the visitor may
see (`arrimage.funding.selectors`)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Sector
from arrimage.core import ical
from arrimage.funding import selectors, services
from arrimage.funding.models import Programme, ProgrammeDeadline
from arrimage.territories.selectors import territory_ancestors, territory_get

from ..forms_funding import ConfirmForm, DeadlineForm, ProgrammeFilterForm, ProgrammeForm
from .common import Crumb, paginate
from .edit import FormPage, _back, _data, _form_page

# How far the calendar page looks ahead; the feed holds also the deadlines of the last months.
CALENDAR_DAYS = 400
FEED_PAST_DAYS = 92


def _list_crumb() -> Crumb:
    return Crumb(_("Funding programmes"), reverse("registry:programme_list"))


def programme_list(request: HttpRequest) -> HttpResponse:
    form = ProgrammeFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "results": None, "can_create": policy.can_create_programme(request.user)}
    status = 200
    if form.is_valid():
        context["results"] = paginate(selectors.programme_list(form.filters()), form.page_number)
        context["query_string"] = form.query_string()
    else:
        status = 422
    template = "registry/funding/list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context, status=status)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(pk)
    today = timezone.localdate()
    deadlines = list(programme.deadlines.all())
    context = {
        "programme": programme,
        "breadcrumb": [_list_crumb()],
        "themes": list(programme.themes.all()),
        "territories": list(programme.territories.all()),
        "sectors": _labels(programme.eligible_sectors, "sector"),
        "legal_forms": _labels(programme.eligible_legal_forms, "legal_form"),
        "upcoming": [d for d in deadlines if d.date >= today],
        "past": [d for d in deadlines if d.date < today],
        "matches": selectors.programme_matches(programme, request.user, on=today),
        "can_edit": policy.can_edit_programme(request.user, programme),
    }
    return render(request, "registry/funding/detail.html", context)


def _labels(values: list[str], kind: str) -> list[str]:
    choices = dict(Sector.choices if kind == "sector" else LegalForm.choices)
    return [str(choices.get(value, value)) for value in values or []]


# The calendar of deadlines -------------------------------------------------------------------------


def deadline_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    deadlines = list(selectors.upcoming_deadlines(today, until=today + dt.timedelta(days=CALENDAR_DAYS)))
    months = [
        (dt.date(year, month, 1), list(rows))
        for (year, month), rows in groupby(deadlines, key=lambda d: (d.date.year, d.date.month))
    ]
    context = {
        "months": months,
        "today": today,
        "breadcrumb": [_list_crumb()],
        "feed_url": request.build_absolute_uri(reverse("registry:deadline_feed")),
    }
    return render(request, "registry/funding/calendar.html", context)


def deadline_feed(request: HttpRequest) -> HttpResponse:
    """The deadlines as an iCalendar feed, for a calendar application to subscribe to."""
    today = timezone.localdate()
    host = request.get_host().split(":")[0] or "arrimage"
    events = []
    for deadline in selectors.all_deadlines(today - dt.timedelta(days=FEED_PAST_DAYS)):
        programme = deadline.programme
        description = deadline.note
        if deadline.time is not None:
            hour = formats.time_format(deadline.time, "TIME_FORMAT")
            description = (_("Due at %(time)s.") % {"time": hour}) + (f"\n{description}" if description else "")
        events.append(
            ical.Event(
                uid=f"programme-deadline-{deadline.pk}@{host}",
                day=deadline.date,
                summary=f"{programme.name} — {deadline.label}",
                description=description,
                url=request.build_absolute_uri(programme.get_absolute_url()),
            )
        )
    text = ical.calendar(events, name=_("Deadlines of funding programmes"), stamp=timezone.now())
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echeances.ics"'
    return response


# The regional view ---------------------------------------------------------------------------------


def territory_programmes(request: HttpRequest, public_id: str) -> HttpResponse:
    territory = territory_get(public_id)
    view = selectors.regional_view(territory, request.user, on=timezone.localdate())
    context = {
        "territory": territory,
        "breadcrumb": [*territory_ancestors(territory), territory],
        "current": Crumb(_("Funding programmes"), request.path),
        "view": view,
        "rows": [(demarche, view.row(demarche)) for demarche in view.demarches],
        "totals": [(programme, view.fitting(programme)) for programme in view.programmes],
    }
    return render(request, "registry/funding/territory.html", context)


# Edit pages ----------------------------------------------------------------------------------------


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(_data(request), user=request.user)
    return _form_page(
        request,
        form,
        allowed=policy.can_create_programme(request.user),
        save=lambda: services.programme_create(data=form.to_data(), acting_user=request.user),
        success=_("The programme was created. Add its deadlines now."),
        page=FormPage(
            title=_("New funding programme"),
            submit=_("Create the programme"),
            cancel_url=_back(request, "registry:programme_list"),
            intro=_("A programme of a ministry, a fund or a foundation, with its criteria and amounts."),
        ),
    )


def _programme(pk: int) -> Programme:
    return get_object_or_404(
        Programme.objects.select_related("funder").prefetch_related("territories", "themes"), pk=pk
    )


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = ProgrammeForm(_data(request), initial=ProgrammeForm.initial_from(programme), user=request.user)

    def save() -> Any:
        return services.programme_update(
            programme=programme, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        )

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_programme(request.user, programme),
        save=save,
        success=_("The programme was saved."),
        page=FormPage(
            title=_("Edit the programme"),
            submit=_("Save"),
            cancel_url=programme.get_absolute_url(),
            context_label=programme.name,
        ),
    )


class _Listed:
    """Where a deletion leads: the list of programmes."""

    def get_absolute_url(self) -> str:
        return reverse("registry:programme_list")


@login_required
def programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = ConfirmForm(_data(request))

    def save() -> Any:
        services.programme_delete(programme=programme, acting_user=request.user)
        return _Listed()

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_programme(request.user, programme),
        save=save,
        success=_("The programme was deleted."),
        page=FormPage(
            title=_("Delete « %(name)s »") % {"name": programme.name},
            submit=_("Delete the programme"),
            cancel_url=programme.get_absolute_url(),
            context_label=programme.name,
            intro=_("The programme and its deadlines are removed from the lists and the calendar."),
        ),
    )


@login_required
def deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = DeadlineForm(_data(request))

    def save() -> Any:
        data = form.cleaned_data
        return services.deadline_add(
            programme=programme,
            date=data["date"],
            label=data["label"],
            time=data["time"],
            note=data["note"],
            acting_user=request.user,
        )

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_programme(request.user, programme),
        save=save,
        success=_("The deadline was added."),
        page=FormPage(
            title=_("Add a deadline"),
            submit=_("Add the deadline"),
            cancel_url=programme.get_absolute_url(),
            context_label=programme.name,
        ),
    )


@login_required
def deadline_remove(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = get_object_or_404(ProgrammeDeadline.objects.select_related("programme"), pk=pk)
    programme = _programme(deadline.programme_id)
    form = ConfirmForm(_data(request))

    def save() -> Any:
        services.deadline_remove(deadline=deadline, acting_user=request.user)
        return programme

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_programme(request.user, programme),
        save=save,
        success=_("The deadline was removed."),
        page=FormPage(
            title=_("Remove the deadline « %(label)s »") % {"label": deadline.label},
            submit=_("Remove the deadline"),
            cancel_url=programme.get_absolute_url(),
            context_label=programme.name,
        ),
    )
