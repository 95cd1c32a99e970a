"""Pages of the concertations: the list with its filters, and one page per concertation with its seats on
a chosen day, their succession of holders and the history of changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.concertation import selectors
from arrimage.concertation.models import Concertation, Seat
from arrimage.concertation.selectors import Holding, SeatState
from arrimage.core import pagecache
from arrimage.core.audit import history_entries
from arrimage.core.dates import PartialDate, long_date
from arrimage.funding.selectors import matches_for_concertation
from arrimage.plans import selectors as plan_selectors
from arrimage.plans.models import Plan
from arrimage.territories.models import Territory, TerritoryKind

from ..forms_filters import AsOfForm, ConcertationFilterForm
from .attendance import participation_context
from .common import Crumb, paginate, visible
from .practice import related_notes


def concertation_list(request: HttpRequest) -> HttpResponse:
    page = pagecache.page(request, "concertations", compute=lambda: _concertation_list_context(request))
    template = "registry/concertation_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return pagecache.render_page(request, template, page)


def _concertation_list_context(request: HttpRequest) -> dict[str, Any]:
    """The filters and the page of results (computed only when the page is not cached)."""
    form = ConcertationFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "results": None}
    status = 200
    if form.is_valid():
        base = policy.visible_concertations(request.user, Concertation.objects.all())
        context["results"] = paginate(selectors.concertation_list(form.filters(), base=base), form.page_number)
        context["query_string"] = form.query_string()
    else:
        status = 422
    context["status"] = status
    return context


def concertation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    as_of = AsOfForm(request.GET if "date" in request.GET else None, initial={"date": timezone.localdate()})
    query = pagecache.normalised_query([("date", request.GET.get("date", ""))])
    page = pagecache.page(request, "concertation", pk, query=query, compute=lambda: _detail(request, pk, as_of))
    return render(request, "registry/concertation_detail.html", {"cached_page": page})


def _detail(request: HttpRequest, pk: int, as_of: AsOfForm) -> dict[str, Any]:
    """What the concertation's page shows this visitor (computed only when the page is not cached)."""
    concertation = selectors.concertation_get(pk)
    user = request.user
    # A private concertation does not exist for those who may not see it.
    if not policy.can_view_concertation(user, concertation):
        raise Http404(pk)
    private_view = policy.can_view_concertation_private(user, concertation)
    on = as_of.on
    states = selectors.concertation_seats(concertation, on=on, private_view=private_view)
    rows = [_seat_row(state, on=on) for state in states]
    territories = list(concertation.territories.all())
    parent = next(iter(visible(user, [concertation.parent])), None) if concertation.parent else None
    return {
        "concertation": concertation,
        "breadcrumb": [Crumb(_("Concertations"), reverse("registry:concertation_list"))]
        + ([Crumb(parent.name, parent.get_absolute_url())] if parent else []),
        "parent": parent,
        "children": visible(user, concertation.children.all()),
        "themes": list(concertation.themes.all()),
        "funders": list(concertation.funders.all()),
        "territories": territories,
        "map_layers": _map_layers(territories),
        "as_of": as_of,
        "on": on,
        "is_today": on == timezone.localdate(),
        "rows": rows,
        "summary": selectors.seat_summary(states),
        "timeline": _timeline(rows, concertation, on=on),
        "private_view": private_view,
        "can_edit": policy.can_edit_concertation(user, concertation),
        "history": history_entries(concertation) if private_view else None,
        # The plans it carries (arrimage.plans), with their progress.
        "plans": _plans(concertation),
        "can_add_plan": policy.can_create_plan(user) and policy.can_edit_concertation(user, concertation),
        # The funding programmes that fit it (arrimage.funding), in a fixed number of queries.
        "fitting_programmes": matches_for_concertation(concertation, on=on),
        "practice_notes": related_notes(user, concertation=concertation),
        # Attendance at its meetings over the twelve months up to the day shown (one query).
        "participation": participation_context(concertation.pk, on=on, private_view=private_view),
    }


def _plans(concertation: Concertation) -> list[tuple[Plan, float]]:
    """The plans the concertation owns and the progress of each, in three queries whatever their number."""
    plans = plan_selectors.concertation_plans(concertation.pk)
    progress = plan_selectors.plans_progress(plan.pk for plan in plans)
    return [(plan, progress[plan.pk]) for plan in plans]


def _map_layers(territories: list[Territory]) -> list[dict[str, str]]:
    """One layer per territory covered, from the GeoJSON API, as on the territory pages. A borough has
    no boundary of its own in the reference data: its municipality stands in for it."""
    borough_parents = {t.parent_id for t in territories if t.kind == TerritoryKind.BOROUGH and t.parent_id}
    parents = {t.pk: t for t in Territory.objects.without_geometry().filter(pk__in=borough_parents)}
    drawn = [parents.get(t.parent_id, t) if t.kind == TerritoryKind.BOROUGH else t for t in territories]  # type: ignore[arg-type]
    unique = list({t.pk: t for t in drawn}.values())
    return [
        {
            "url": reverse("api-1:territory_geojson", kwargs={"public_id": territory.public_id}),
            "role": "boundary",
            "label": territory.name,
        }
        for territory in unique
    ]


# Seats, as the page shows them ---------------------------------------------------------------------


@dataclass(frozen=True)
class HolderView:
    """Who holds (or held) a seat, in the words a page may show this visitor."""

    label: str
    url: str
    on_behalf: Organization | None
    role_label: str
    start: PartialDate | None
    end: PartialDate | None
    end_reason_label: str
    protected: bool


@dataclass(frozen=True)
class Period:
    """A stretch of a seat's life: a holding, or a vacancy when `holder` is None."""

    holder: HolderView | None
    start: str
    end: str  # empty: still running on the day shown
    end_reason: str
    days: int | None
    first_day: dt.date | None
    last_day: dt.date


@dataclass
class SeatRow:
    seat: Seat
    state: SeatState
    holders: list[HolderView]
    vacant_since: dt.date | None
    vacant_days: int | None
    periods: list[Period] = field(default_factory=list)

    @property
    def is_vacant(self) -> bool:
        return not self.holders

    @property
    def turnover(self) -> int:
        return self.state.turnover


def holder_view(holding: Holding, seat: Seat, *, current: bool) -> HolderView:
    """A holder as this visitor may see them: the person's name only when the selector gave it; otherwise
    « citizen seat (held) », the organisation, or « person (identity protected) »."""
    label, url, on_behalf = "", "", holding.organization
    if holding.person is not None:
        label, url = holding.person.full_name, holding.person.get_absolute_url()
    elif holding.hidden and seat.is_citizen:
        label, on_behalf = (_("Citizen seat (held)") if current else _("Person (identity protected)")), None
    elif holding.hidden and current and holding.organization is not None:
        label, url, on_behalf = str(holding.organization), holding.organization.get_absolute_url(), None
    elif holding.hidden:
        label = _("Person (identity protected)")
    elif holding.organization is not None:
        label, url, on_behalf = str(holding.organization), holding.organization.get_absolute_url(), None
    return HolderView(
        label=label,
        url=url,
        on_behalf=on_behalf,
        role_label=holding.role_label,
        start=holding.start,
        end=holding.end,
        end_reason_label=holding.end_reason_label,
        protected=holding.hidden,
    )


def _day(value: dt.date) -> str:
    return long_date(value)


def _seat_row(state: SeatState, *, on: dt.date) -> SeatRow:
    """The seat's holders on `on` and its periods up to `on`, with lengths counted up to that day."""
    seat = state.seat
    periods: list[Period] = []
    for holding in state.succession:
        first = holding.start.first_day() if holding.start else None
        ended = holding.end.last_day() if holding.end else None
        running = ended is None or ended >= on
        last = ended if ended is not None and ended < on else on
        periods.append(
            Period(
                holder=holder_view(holding, seat, current=False),
                start=str(holding.start) if holding.start else "",
                end="" if running else str(holding.end),
                end_reason="" if running else holding.end_reason_label,
                days=(last - first).days if first is not None else None,
                first_day=first,
                last_day=last,
            )
        )
    for vacancy in state.vacancies:
        running = vacancy.end is None or vacancy.end >= on
        last = vacancy.end if vacancy.end is not None and vacancy.end < on else on
        periods.append(
            Period(
                holder=None,
                start=_day(vacancy.start),
                end="" if running else _day(last),
                end_reason="",
                days=max(0, (last - vacancy.start).days),
                first_day=vacancy.start,
                last_day=last,
            )
        )
    periods.sort(key=lambda period: (period.first_day or dt.date.min, period.holder is not None))
    vacant_since = state.vacant_since if state.is_vacant else None
    return SeatRow(
        seat=seat,
        state=state,
        holders=[holder_view(holding, seat, current=True) for holding in state.holders],
        vacant_since=vacant_since,
        vacant_days=max(0, (on - vacant_since).days) if vacant_since else None,
        periods=periods,
    )


# Timeline -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    left: float  # percent of the timeline's width
    width: float
    vacant: bool
    text: str  # what the segment says to a screen reader and in its tooltip


@dataclass(frozen=True)
class TimelineRow:
    seat: Seat
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    left: float
    year: int


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    end: dt.date
    rows: list[TimelineRow]
    ticks: list[Tick]


def _timeline(rows: list[SeatRow], concertation: Concertation, *, on: dt.date) -> Timeline | None:
    """Where each holding and vacancy sits between the earliest known date and `on`, in percent.

    None when no date is known: there is nothing to draw.
    """
    known = [period.first_day for row in rows for period in row.periods if period.first_day is not None]
    known += [row.seat.created_on for row in rows if row.seat.created_on is not None]
    if concertation.start_date is not None:
        known.append(concertation.start_date)
    known = [day for day in known if day < on]
    if not known:
        return None
    start = min(known)
    total = max(1, (on - start).days + 1)

    def place(first: dt.date | None, last: dt.date) -> tuple[float, float]:
        first = max(first or start, start)
        last = min(last, on)
        left = 100 * (first - start).days / total
        width = max(0.6, 100 * ((last - first).days + 1) / total)
        return round(left, 2), round(min(width, 100 - left), 2)

    timeline_rows = []
    for row in rows:
        segments = []
        for period in row.periods:
            if period.last_day < start:
                continue
            left, width = place(period.first_day, period.last_day)
            if period.holder is None:
                text = _("Vacant from %(start)s to %(end)s") % {"start": period.start, "end": period.end or _day(on)}
            else:
                text = _("%(holder)s, from %(start)s to %(end)s") % {
                    "holder": period.holder.label,
                    "start": period.start or _("an unknown date"),
                    "end": period.end or _day(on),
                }
            segments.append(Segment(left, width, vacant=period.holder is None, text=text))
        timeline_rows.append(TimelineRow(row.seat, segments))
    years = list(range(start.year + 1, on.year + 1))
    step = max(1, len(years) // 10 + (1 if len(years) % 10 else 0))
    ticks = [Tick(round(100 * (dt.date(year, 1, 1) - start).days / total, 2), year) for year in years[::step]]
    return Timeline(start=start, end=on, rows=timeline_rows, ticks=ticks)
