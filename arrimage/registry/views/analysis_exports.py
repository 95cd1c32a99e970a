"""The figures of a territory's « Concertation » page as spreadsheets (CSV and XLSX), and its charts as
SVG images.

Every file is computed from `territory_results` for the visitor, as of the page's day (`?date=`), like
the page itself: a private concertation the visitor may not see is neither named nor counted, and a
person is named only when the page would name them (`common.people_named`). Tables list every row where
the page shows the first ones only. Dates are written as ISO dates, numbers as numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrimage.actors.models import Person
from arrimage.analysis.attendance import TerritoryParticipation
from arrimage.analysis.attendance_loading import meetings_attended_by, organization_names, territory_attendance
from arrimage.analysis.coverage import parts
from arrimage.analysis.results import Results, territory_results
from arrimage.concertation.models import ConcertationKind, Level
from arrimage.core import pagecache
from arrimage.interchange.exporting import Cell, Table
from arrimage.jobs import downloads
from arrimage.jobs import services as jobs
from arrimage.territories.models import MrcTypology, Territory, TerritoryKind, Urbanity
from arrimage.territories.selectors import territory_get

from ..charts import CHARTS
from ..forms_filters import AsOfForm
from . import analysis
from .analysis_names import choice_label, years
from .common import people_named
from .exports import CSV, XLSX, spreadsheet

FORMATS = (CSV, XLSX)
SVG_TYPE = "image/svg+xml; charset=utf-8"
DECIMALS = 4  # digits kept after the decimal point: the files give the same numbers on every machine


@dataclass(frozen=True)
class Context:
    """What a figure's table is built from: the results, who asks, and the site's address for links."""

    results: Results
    user: Any
    site: str

    def address(self, path: str) -> str:
        return self.site.rstrip("/") + path

    @property
    def concertations(self) -> dict[int, str]:
        return {c.id: c.name for c in self.results.snapshot.concertations}

    @property
    def organizations(self) -> dict[int, str]:
        return {o.id: o.name for o in self.results.snapshot.organizations}


@dataclass(frozen=True)
class Figure:
    """A table of the page that can be downloaded: its file name, its sheet's title and its link's name."""

    slug: str
    title: str | Promise
    label: str | Promise  # "Download … (%(format)s)"
    table: Callable[[Context], tuple[Sequence[str | Promise], list[Sequence[Cell]]]]


def rounded(value: float | None, digits: int = DECIMALS) -> float | None:
    return round(value, digits) if value is not None else None


def iso_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def urbanity_label(key: str) -> str:
    return choice_label(Urbanity, key) if key else _("Unknown")


def _typology(key: str) -> str:
    return choice_label(MrcTypology, int(key)) if key.isdigit() else _("Unknown")


def _joined(names: Iterable[str]) -> str:
    return " ; ".join(sorted(name for name in names if name))


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# The tables -------------------------------------------------------------------------------------------


def landscape_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    themes = {t.id: t.name for t in c.results.snapshot.themes}
    organizations = c.organizations
    rows: list[Sequence[Cell]] = [
        (
            choice_label(Level, group.level),
            entry.name,
            choice_label(ConcertationKind, entry.kind),
            _joined(themes.get(t, "") for t in entry.theme_ids),
            organizations.get(entry.coordinating_organization_id or 0, ""),
            entry.seat_count,
            c.address(reverse("registry:concertation_detail", args=[entry.concertation_id])),
        )
        for group in c.results.landscape.groups
        for entry in group.entries
    ]
    headers = (
        gettext_lazy("Level"),
        gettext_lazy("Concertation"),
        gettext_lazy("Kind"),
        gettext_lazy("Themes"),
        gettext_lazy("Coordinating organisation"),
        gettext_lazy("Seats"),
        gettext_lazy("Page address"),
    )
    return headers, rows


def coverage_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    s = c.results.snapshot
    matrix = c.results.matrix
    themes = {t.id: t.name for t in s.themes}
    places = {territory.id: territory for territory, _municipalities in parts(s)}
    rows: list[Sequence[Cell]] = []
    for theme_id in matrix.theme_ids:
        for territory_id in matrix.territory_ids:
            cell = matrix.cell(theme_id, territory_id)
            place = places.get(territory_id)
            rows.append(
                (
                    themes.get(theme_id, ""),
                    place.name if place else "",
                    choice_label(TerritoryKind, place.kind) if place else "",
                    len(cell.concertation_ids),
                    len(cell.service_ids),
                )
            )
    headers = (
        gettext_lazy("Theme"),
        gettext_lazy("Place"),
        gettext_lazy("Kind of place"),
        gettext_lazy("Concertation bodies"),
        gettext_lazy("Services"),
    )
    return headers, rows


def gaps_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = [
        (
            rank,
            gap.theme_name,
            gap.territory_name,
            choice_label(TerritoryKind, gap.territory_kind),
            urbanity_label(gap.urbanity),
            gap.population,
            rounded(gap.remoteness),
            rounded(gap.score),
            gap.service_count,
            " ".join(gap.reasons),
        )
        for rank, gap in enumerate(c.results.gaps, start=1)
    ]
    headers = (
        gettext_lazy("Rank"),
        gettext_lazy("Theme"),
        gettext_lazy("Place"),
        gettext_lazy("Kind of place"),
        gettext_lazy("Setting"),
        gettext_lazy("Population"),
        gettext_lazy("Remoteness (0 to 1)"),
        gettext_lazy("Priority"),
        gettext_lazy("Services"),
        gettext_lazy("Reasons"),
    )
    return headers, rows


def overlaps_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    names = c.concertations
    rows: list[Sequence[Cell]] = [
        (
            names.get(pair.first_id, ""),
            names.get(pair.second_id, ""),
            rounded(pair.score),
            rounded(pair.theme_similarity),
            rounded(pair.population_share),
            rounded(pair.mission_similarity),
            rounded(pair.member_share),
            " ".join(pair.reasons),
        )
        for pair in c.results.overlaps
    ]
    headers = (
        gettext_lazy("First body"),
        gettext_lazy("Second body"),
        gettext_lazy("Likeness (0 to 1)"),
        gettext_lazy("Themes in common (0 to 1)"),
        gettext_lazy("Population in common (0 to 1)"),
        gettext_lazy("Missions alike (0 to 1)"),
        gettext_lazy("Members in common (0 to 1)"),
        gettext_lazy("Reasons"),
    )
    return headers, rows


def service_overlaps_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    names = c.organizations
    rows: list[Sequence[Cell]] = [
        (
            pair.first.name,
            names.get(pair.first.organization_id, ""),
            pair.second.name,
            names.get(pair.second.organization_id, ""),
            rounded(pair.score),
            rounded(pair.theme_similarity),
            rounded(pair.population_share),
            rounded(pair.description_similarity),
            " ".join(pair.reasons),
        )
        for pair in c.results.service_overlaps
    ]
    headers = (
        gettext_lazy("First service"),
        gettext_lazy("Its organisation"),
        gettext_lazy("Second service"),
        gettext_lazy("Its organisation"),
        gettext_lazy("Likeness (0 to 1)"),
        gettext_lazy("Themes in common (0 to 1)"),
        gettext_lazy("Population in common (0 to 1)"),
        gettext_lazy("Descriptions alike (0 to 1)"),
        gettext_lazy("Reasons"),
    )
    return headers, rows


def _meetings_attended(c: Context) -> tuple[dict[int, int], dict[int, int]]:
    """The page's « meetings attended (12 months) », for every organisation and person at once."""
    s = c.results.snapshot
    return meetings_attended_by([concertation.id for concertation in s.concertations], on=s.on)


def organizations_load_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    organizations = c.organizations
    concertations = c.concertations
    meetings, _people = _meetings_attended(c)
    rows: list[Sequence[Cell]] = [
        (
            organizations.get(count.id, ""),
            count.seats,
            len(count.concertation_ids),
            meetings.get(count.id, 0),
            _joined(concertations.get(ident, "") for ident in count.concertation_ids),
        )
        for count in c.results.load.organizations
    ]
    headers = (
        gettext_lazy("Organisation"),
        gettext_lazy("Seats"),
        gettext_lazy("Concertation bodies"),
        gettext_lazy("Meetings attended (12 months)"),
        gettext_lazy("Bodies where it sits"),
    )
    return headers, rows


def people_load_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """Every person holding a seat. Like the page, a person is named (with their id) only when the visitor
    may see them; the others are counted without anything that tells who they are."""
    counts = c.results.load.people
    people = list(
        Person.objects.filter(pk__in=[count.id for count in counts]).only(
            "id", "given_name", "family_name", "public_consent"
        )
    )
    named = people_named(c.user, people)
    names = {person.pk: str(person) for person in people if person.pk in named}
    protected = _("Person (identity protected)")
    _organizations, meetings = _meetings_attended(c)
    rows: list[Sequence[Cell]] = [
        (
            names.get(count.id, protected),
            count.id if count.id in names else None,
            count.seats,
            len(count.concertation_ids),
            meetings.get(count.id, 0),
        )
        for count in counts
    ]
    headers = (
        gettext_lazy("Person"),
        gettext_lazy("Identifier"),
        gettext_lazy("Seats"),
        gettext_lazy("Concertation bodies"),
        gettext_lazy("Meetings attended (12 months)"),
    )
    return headers, rows


def municipalities_load_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    names = {m.id: m.name for m in c.results.snapshot.municipalities}
    rows: list[Sequence[Cell]] = [
        (names.get(m.municipality_id, ""), m.population, m.seats, m.organizations, rounded(m.per_thousand))
        for m in c.results.load.municipalities
    ]
    headers = (
        gettext_lazy("Municipality"),
        gettext_lazy("Population"),
        gettext_lazy("Seats"),
        gettext_lazy("Organisations"),
        gettext_lazy("Seats per 1,000 inhabitants"),
    )
    return headers, rows


def links_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """The links between bodies. People in common are counted, never named."""
    names = c.concertations
    organizations = c.organizations
    rows: list[Sequence[Cell]] = [
        (
            names.get(link.first_id, ""),
            names.get(link.second_id, ""),
            link.weight,
            len(link.organization_ids),
            len(link.person_ids),
            _joined(organizations.get(ident, "") for ident in link.organization_ids),
        )
        for link in c.results.network.links
    ]
    headers = (
        gettext_lazy("First body"),
        gettext_lazy("Second body"),
        gettext_lazy("Members in common"),
        gettext_lazy("Organisations in common"),
        gettext_lazy("People in common"),
        gettext_lazy("Names of the organisations in common"),
    )
    return headers, rows


def brokers_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """Every active body of the network: its betweenness, its links, whether it is isolated."""
    names = c.concertations
    network = c.results.network
    linked: dict[int, int] = {}
    for link in network.links:
        for ident in (link.first_id, link.second_id):
            linked[ident] = linked.get(ident, 0) + 1
    isolated = set(network.isolated)
    order = sorted(network.concertation_ids, key=lambda i: (-network.betweenness.get(i, 0.0), names.get(i, ""), i))
    rows: list[Sequence[Cell]] = [
        (
            names.get(ident, ""),
            rounded(network.betweenness.get(ident, 0.0)),
            linked.get(ident, 0),
            yes_no(ident in isolated),
        )
        for ident in order
        if ident in names
    ]
    headers = (
        gettext_lazy("Concertation"),
        gettext_lazy("Betweenness (0 to 1)"),
        gettext_lazy("Bodies linked"),
        gettext_lazy("Isolated"),
    )
    return headers, rows


def turnover_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    names = c.concertations
    rows: list[Sequence[Cell]] = [
        (
            names[row.concertation_id],
            row.summary.seats,
            row.summary.vacant_seats,
            row.summary.holder_changes,
            rounded(row.summary.changes_per_year),
            rounded(years(row.summary.mean_tenure_days)),
            rounded(row.summary.mean_vacant_days, 1),
        )
        for row in sorted(
            c.results.turnover.concertations, key=lambda r: (names.get(r.concertation_id, ""), r.concertation_id)
        )
        if row.concertation_id in names
    ]
    headers = (
        gettext_lazy("Concertation"),
        gettext_lazy("Seats"),
        gettext_lazy("Vacant seats"),
        gettext_lazy("Changes of holder"),
        gettext_lazy("Changes per year"),
        gettext_lazy("Mean stay (years)"),
        gettext_lazy("Mean vacancy (days)"),
    )
    return headers, rows


def citizens_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    names = c.concertations
    rows: list[Sequence[Cell]] = [
        (
            names.get(row.concertation_id, row.name),
            row.reserved,
            row.filled,
            len(row.vacant),
            iso_date(min((seat.since for seat in row.vacant if seat.since is not None), default=None)),
        )
        for row in c.results.citizens.concertations
    ]
    headers = (
        gettext_lazy("Concertation"),
        gettext_lazy("Reserved"),
        gettext_lazy("Filled"),
        gettext_lazy("Vacant"),
        gettext_lazy("Vacant since"),
    )
    return headers, rows


def _attendance(c: Context) -> TerritoryParticipation:
    s = c.results.snapshot
    return territory_attendance([concertation.id for concertation in s.concertations], on=s.on)


def attendance_bodies_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """Every body whose seats were invited to a meeting over twelve months, lowest rate first; citizen
    seats only as counts."""
    names = c.concertations
    rows: list[Sequence[Cell]] = [
        (
            names.get(row.concertation_id, ""),
            row.meetings,
            row.seats.invited,
            row.seats.attended,
            rounded(row.seats.rate),
            row.never_attended,
            row.citizen_seats,
            row.citizens.invited,
            row.citizens.attended,
            rounded(row.citizens.rate),
            c.address(reverse("registry:concertation_detail", args=[row.concertation_id])),
        )
        for row in _attendance(c).bodies
    ]
    headers = (
        gettext_lazy("Concertation"),
        gettext_lazy("Meetings"),
        gettext_lazy("Invitations"),
        gettext_lazy("Attendances"),
        gettext_lazy("Attendance rate"),
        gettext_lazy("Seats that never attended"),
        gettext_lazy("Citizen seats"),
        gettext_lazy("Invitations of citizen seats"),
        gettext_lazy("Attendances of citizen seats"),
        gettext_lazy("Attendance rate, citizen seats"),
        gettext_lazy("Page address"),
    )
    return headers, rows


def attendance_organizations_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """Every organisation invited to a meeting over twelve months, lowest rate first (citizen seats left out)."""
    result = _attendance(c)
    names = organization_names([row.organization_id for row in result.organizations])
    rows: list[Sequence[Cell]] = [
        (
            names.get(row.organization_id, ""),
            row.tally.invited,
            row.tally.attended,
            rounded(row.tally.rate),
            c.address(reverse("registry:organization_detail", args=[row.organization_id])),
        )
        for row in result.organizations
    ]
    headers = (
        gettext_lazy("Organisation"),
        gettext_lazy("Meetings invited"),
        gettext_lazy("Meetings attended"),
        gettext_lazy("Attendance rate"),
        gettext_lazy("Page address"),
    )
    return headers, rows


def equity_table(c: Context) -> tuple[Sequence[str | Promise], list[Sequence[Cell]]]:
    """Both groupings in one table: by setting (urban, periurban, rural), then by MRC typology."""
    fairness = c.results.equity
    groups = [
        (_("Setting"), urbanity_label, fairness.by_urbanity),
        (_("MRC typology"), _typology, fairness.by_typology),
    ]
    rows: list[Sequence[Cell]] = [
        (
            grouping,
            label(row.key),
            row.municipalities,
            row.population,
            row.concertations,
            row.seats,
            rounded(row.concertations_per_1000),
            rounded(row.seats_per_1000),
        )
        for grouping, label, equity_rows in groups
        for row in equity_rows
    ]
    headers = (
        gettext_lazy("Grouping"),
        gettext_lazy("Class"),
        gettext_lazy("Municipalities"),
        gettext_lazy("Population"),
        gettext_lazy("Concertation bodies"),
        gettext_lazy("Seats"),
        gettext_lazy("Bodies per 1,000 inhabitants"),
        gettext_lazy("Seats per 1,000 inhabitants"),
    )
    return headers, rows


FIGURES: dict[str, Figure] = {
    figure.slug: figure
    for figure in (
        Figure(
            "paysage",
            gettext_lazy("Landscape"),
            gettext_lazy("Download the landscape (%(format)s)"),
            landscape_table,
        ),
        Figure(
            "couverture",
            gettext_lazy("Themes covered"),
            gettext_lazy("Download the themes covered (%(format)s)"),
            coverage_table,
        ),
        Figure("lacunes", gettext_lazy("Gaps"), gettext_lazy("Download the gaps (%(format)s)"), gaps_table),
        Figure(
            "recouvrements",
            gettext_lazy("Possible overlaps"),
            gettext_lazy("Download the possible overlaps (%(format)s)"),
            overlaps_table,
        ),
        Figure(
            "recouvrements-services",
            gettext_lazy("Services that may overlap"),
            gettext_lazy("Download the services that may overlap (%(format)s)"),
            service_overlaps_table,
        ),
        Figure(
            "sollicitation-organismes",
            gettext_lazy("Organisations"),
            gettext_lazy("Download the seats held by organisations (%(format)s)"),
            organizations_load_table,
        ),
        Figure(
            "sollicitation-personnes",
            gettext_lazy("People"),
            gettext_lazy("Download the seats held by people (%(format)s)"),
            people_load_table,
        ),
        Figure(
            "sollicitation-municipalites",
            gettext_lazy("Municipalities"),
            gettext_lazy("Download the seats by municipality (%(format)s)"),
            municipalities_load_table,
        ),
        Figure(
            "participation-instances",
            gettext_lazy("Attendance per body"),
            gettext_lazy("Download the attendance per body (%(format)s)"),
            attendance_bodies_table,
        ),
        Figure(
            "participation-organismes",
            gettext_lazy("Attendance per organisation"),
            gettext_lazy("Download the attendance per organisation (%(format)s)"),
            attendance_organizations_table,
        ),
        Figure(
            "reseau-liens",
            gettext_lazy("Links"),
            gettext_lazy("Download the links between bodies (%(format)s)"),
            links_table,
        ),
        Figure(
            "reseau-intermediaires",
            gettext_lazy("Brokers"),
            gettext_lazy("Download the brokers and isolated bodies (%(format)s)"),
            brokers_table,
        ),
        Figure(
            "roulement", gettext_lazy("Turnover"), gettext_lazy("Download the turnover (%(format)s)"), turnover_table
        ),
        Figure(
            "sieges-citoyens",
            gettext_lazy("Citizen seats"),
            gettext_lazy("Download the citizen seats (%(format)s)"),
            citizens_table,
        ),
        Figure(
            "equite", gettext_lazy("Equity"), gettext_lazy("Download the equity figures (%(format)s)"), equity_table
        ),
    )
}


def figure_table(figure: str, results: Results, *, user: Any, site: str = "") -> Table:
    """The table of `figure` (one of `FIGURES`) for these results, as `user` may see it."""
    spec = FIGURES[figure]
    headers, rows = spec.table(Context(results=results, user=user, site=site))
    return Table(spec.title, headers, rows)


def file_name(territory: Territory, name: str, on: dt.date) -> str:
    """`concertation-mrc-28-lacunes-2026-11-26`: the territory, the figure and the day, without extension."""
    return f"concertation-{slugify(f'{territory.kind}-{territory.code}')}-{name}-{on.isoformat()}"


def as_of_date(request: HttpRequest) -> dt.date:
    return AsOfForm(request.GET if "date" in request.GET else None).on


# The views ------------------------------------------------------------------------------------------


def figure_export(request: HttpRequest, public_id: str, figure: str, fmt: str) -> HttpResponseBase:
    """A figure of the page as a CSV or XLSX file, for the page's day (`?date=`)."""
    if figure not in FIGURES or fmt not in FORMATS:
        raise Http404(figure)
    return pagecache.response(
        request,
        "analysis-figure",
        public_id,
        figure,
        fmt,
        build=lambda: _figure_export(request, public_id, figure, fmt),
        later=lambda: _figure_later(request, public_id, figure, fmt),
    )


def _figure_later(request: HttpRequest, public_id: str, figure: str, fmt: str) -> HttpResponseBase | None:
    if not jobs.background():
        return None
    territory = territory_get(public_id)
    if territory.kind not in analysis.BACKGROUND_KINDS:
        return None
    label = _("Analysis of %(territory)s: %(figure)s (%(format)s)") % {
        "territory": territory.name,
        "figure": FIGURES[figure].title,
        "format": fmt.upper(),
    }
    return downloads.later(request, label=label)


def _figure_export(request: HttpRequest, public_id: str, figure: str, fmt: str) -> HttpResponseBase:
    territory = territory_get(public_id)
    on = as_of_date(request)
    results = territory_results(request.user, territory, on=on)
    table = figure_table(figure, results, user=request.user, site=request.build_absolute_uri("/"))
    return spreadsheet(table, fmt, filename=file_name(territory, figure, on))


def chart_svg(request: HttpRequest, public_id: str, chart: str) -> HttpResponseBase:
    """A chart of the page as an SVG image, for the page's day (`?date=`)."""
    if chart not in CHARTS:
        raise Http404(chart)
    build = functools.partial(_chart_svg, request, public_id, chart)
    return pagecache.response(request, "analysis-chart", public_id, chart, build=build)


def _chart_svg(request: HttpRequest, public_id: str, chart: str) -> HttpResponse:
    territory = territory_get(public_id)
    on = as_of_date(request)
    results = territory_results(request.user, territory, on=on)
    response = HttpResponse(CHARTS[chart].draw(results, place=territory.name), content_type=SVG_TYPE)
    response["Content-Disposition"] = f'inline; filename="{file_name(territory, chart, on)}.svg"'
    # Opened on its own, the image runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
