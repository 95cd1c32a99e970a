"""The figures of a territory's « Plans » page as spreadsheets (CSV and XLSX).

Every file is computed from `planning_results` for the visitor, as of the page's day (`?date=`), like the
page itself: a plan the visitor may not see is neither named nor counted. Tables list every row where the
page shows the first ones only. Figures are declared as on the « Concertation » page
(`analysis_exports.py`), whose helpers they reuse: dates as ISO dates, numbers as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrimage.analysis.planning import Integration, ShareRow
from arrimage.analysis.planning_results import PlanningResults, planning_results
from arrimage.core import pagecache
from arrimage.interchange.exporting import Cell, Table
from arrimage.plans.models import PlanKind, PlanStage
from arrimage.plans.selectors import plans_progress
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_get

from .analysis_exports import FORMATS, as_of_date, iso_date, rounded, urbanity_label, yes_no
from .analysis_names import Named, choice_label
from .exports import CSV, XLSX, spreadsheet
from .planning_names import (
    DIMENSION_LABELS,
    GROUP_TITLES,
    LEVEL_LABELS,
    group_of,
    plan_url_maker,
    sector_label,
    territories_named,
)

Headed = tuple[Sequence[str | Promise], list[Sequence[Cell]]]


@dataclass
class Context:
    """What a figure's table is built from: the results and the site's address for links."""

    results: PlanningResults
    site: str

    def address(self, path: str) -> str:
        return self.site.rstrip("/") + path

    @cached_property
    def territories(self) -> dict[int, Named]:
        """The municipalities and the owner territories, named (one query)."""
        s = self.results.snapshot
        owners = [plan.owner_territory_id for plan in s.plans if plan.owner_territory_id is not None]
        return territories_named([m.id for m in s.municipalities] + owners)

    @cached_property
    def concertations(self) -> dict[int, str]:
        return {c.id: c.name for c in self.results.snapshot.concertations}

    def territory_name(self, ident: int | None) -> str:
        named = self.territories.get(ident or 0)
        return named.name if named else ""


@dataclass(frozen=True)
class Figure:
    """A table of the page that can be downloaded: its file name, its sheet's title and its link's name."""

    slug: str
    title: str | Promise
    label: str | Promise  # "Download … (%(format)s)"
    table: Callable[[Context], Headed]


# The tables -------------------------------------------------------------------------------------------


def plans_table(c: Context) -> Headed:
    s = c.results.snapshot
    unaccompanied = set(c.results.load.unaccompanied_ids)
    stalled = set(c.results.load.stalled_ids)
    plans = sorted(s.plans, key=lambda p: (p.name, p.id))
    progress = plans_progress([plan.id for plan in plans], on=s.on)
    plan_url = plan_url_maker()
    rows: list[Sequence[Cell]] = []
    for plan in plans:
        in_force = plan.in_force(s.on)
        rows.append(
            (
                plan.name,
                choice_label(PlanKind, plan.kind),
                c.territory_name(plan.owner_territory_id),
                c.concertations.get(plan.owner_concertation_id or 0, ""),
                str(GROUP_TITLES[group_of(plan, s.on)]),
                choice_label(PlanStage, plan.stage),
                iso_date(plan.stage_since),
                iso_date(plan.start),
                iso_date(plan.end),
                yes_no(plan.id in unaccompanied) if in_force else "",
                yes_no(plan.id in stalled) if in_force else "",
                rounded(progress.get(plan.id), 1),
                c.address(plan_url(plan.id)),
            )
        )
    headers = (
        gettext_lazy("Plan or policy"),
        gettext_lazy("Kind"),
        gettext_lazy("Owner territory"),
        gettext_lazy("Owner concertation"),
        gettext_lazy("Listed with"),
        gettext_lazy("Stage"),
        gettext_lazy("In this stage since"),
        gettext_lazy("Horizon start"),
        gettext_lazy("Horizon end"),
        gettext_lazy("Nobody accompanies it"),
        gettext_lazy("No progress for 12 months"),
        gettext_lazy("Progress (%)"),
        gettext_lazy("Page address"),
    )
    return headers, rows


def load_table(c: Context) -> Headed:
    rows: list[Sequence[Cell]] = [
        (
            rank,
            c.territory_name(row.municipality_id) or row.name,
            urbanity_label(row.urbanity),
            row.population,
            row.plans,
            len(row.owned_ids),
            rounded(row.per_thousand),
            len(row.unaccompanied_ids),
            len(row.stalled_ids),
        )
        for rank, row in enumerate(c.results.load.municipalities, start=1)
    ]
    headers = (
        gettext_lazy("Rank"),
        gettext_lazy("Municipality"),
        gettext_lazy("Setting"),
        gettext_lazy("Population"),
        gettext_lazy("Plans in force"),
        gettext_lazy("Of which its own"),
        gettext_lazy("Plans per 1,000 inhabitants"),
        gettext_lazy("Nobody accompanies them"),
        gettext_lazy("No progress for 12 months"),
    )
    return headers, rows


def _scopes(c: Context) -> list[tuple[str, str, Integration]]:
    """The territory, then each owner territory and each owner concertation of plans in force."""
    report = c.results.integration
    return [
        (_("Territory"), c.results.snapshot.territory.name, report.territory),
        *((_("Owner territory"), c.territory_name(item.territory_id), item) for item in report.territories),
        *(
            (_("Owner concertation"), c.concertations.get(item.concertation_id or 0, ""), item)
            for item in report.concertations
        ),
    ]


def _share_rows(
    c: Context, rows_of: Callable[[Integration], Sequence[ShareRow]], labels: dict[str, Any]
) -> list[Sequence[Cell]]:
    """One row per scope and per key (dimension or level): its count of actions and their share."""
    return [
        (scope, name, item.actions, str(labels.get(row.key, row.key)), row.count, rounded(row.share))
        for scope, name, item in _scopes(c)
        for row in rows_of(item)
    ]


def dimensions_table(c: Context) -> Headed:
    multidimensional = {"2+": gettext_lazy("Two dimensions or more")}
    rows = _share_rows(
        c, lambda item: (*item.by_dimension, item.multidimensional), {**DIMENSION_LABELS, **multidimensional}
    )
    headers = (
        gettext_lazy("Scope"),
        gettext_lazy("Name"),
        gettext_lazy("Actions"),
        gettext_lazy("Dimension"),
        gettext_lazy("Actions on this dimension"),
        gettext_lazy("Share of the actions (0 to 1)"),
    )
    return headers, rows


def levels_table(c: Context) -> Headed:
    rows = _share_rows(c, lambda item: item.by_level, LEVEL_LABELS)
    headers = (
        gettext_lazy("Scope"),
        gettext_lazy("Name"),
        gettext_lazy("Actions"),
        gettext_lazy("Level of change"),
        gettext_lazy("Actions aiming at this level"),
        gettext_lazy("Share of the actions (0 to 1)"),
    )
    return headers, rows


AMOUNT_HEADERS = (
    gettext_lazy("Dollars committed"),
    gettext_lazy("Dollars delivered"),
    gettext_lazy("Hours committed"),
    gettext_lazy("Hours delivered"),
)


def sectors_table(c: Context) -> Headed:
    rows: list[Sequence[Cell]] = [
        (
            sector_label(row.sector),
            row.organizations,
            row.contributions,
            rounded(row.amounts.dollars_committed, 2),
            rounded(row.amounts.dollars_delivered, 2),
            rounded(row.amounts.hours_committed, 2),
            rounded(row.amounts.hours_delivered, 2),
        )
        for row in c.results.contributions.by_sector
    ]
    headers = (gettext_lazy("Sector"), gettext_lazy("Organisations"), gettext_lazy("Contributions"), *AMOUNT_HEADERS)
    return headers, rows


def organizations_table(c: Context) -> Headed:
    rows: list[Sequence[Cell]] = [
        (
            row.name,
            sector_label(row.sector),
            row.contributions,
            len(row.action_ids),
            rounded(row.amounts.dollars_committed, 2),
            rounded(row.amounts.dollars_delivered, 2),
            rounded(row.amounts.hours_committed, 2),
            rounded(row.amounts.hours_delivered, 2),
            c.address(reverse("registry:organization_detail", args=[row.organization_id])),
        )
        for row in c.results.contributions.by_organization
    ]
    headers = (
        gettext_lazy("Organisation"),
        gettext_lazy("Sector"),
        gettext_lazy("Contributions"),
        gettext_lazy("Actions"),
        *AMOUNT_HEADERS,
        gettext_lazy("Page address"),
    )
    return headers, rows


def equity_table(c: Context) -> Headed:
    """The kinds of places, then what lands outside the territory and what no known municipality holds."""
    fairness = c.results.equity
    rows: list[Sequence[Cell]] = [
        (
            urbanity_label(row.urbanity),
            row.municipalities,
            row.population,
            rounded(row.dollars, 2),
            rounded(row.dollars_per_1000, 2),
            rounded(row.hours, 2),
            rounded(row.hours_per_1000, 2),
        )
        for row in fairness.rows
    ]
    for label, dollars, hours in (
        (_("Outside the territory"), fairness.outside_dollars, fairness.outside_hours),
        (_("No known municipality"), fairness.unplaced_dollars, fairness.unplaced_hours),
    ):
        rows.append((label, None, None, rounded(dollars, 2), None, rounded(hours, 2), None))
    headers = (
        gettext_lazy("Setting"),
        gettext_lazy("Municipalities"),
        gettext_lazy("Population"),
        gettext_lazy("Dollars committed"),
        gettext_lazy("Dollars per 1,000 inhabitants"),
        gettext_lazy("Hours committed"),
        gettext_lazy("Hours per 1,000 inhabitants"),
    )
    return headers, rows


FIGURES: dict[str, Figure] = {
    figure.slug: figure
    for figure in (
        Figure("plans", gettext_lazy("Plans"), gettext_lazy("Download the plans (%(format)s)"), plans_table),
        Figure(
            "charge",
            gettext_lazy("Planning load"),
            gettext_lazy("Download the planning load by municipality (%(format)s)"),
            load_table,
        ),
        Figure(
            "dimensions",
            gettext_lazy("Dimensions"),
            gettext_lazy("Download the actions by dimension (%(format)s)"),
            dimensions_table,
        ),
        Figure(
            "niveaux",
            gettext_lazy("Levels of change"),
            gettext_lazy("Download the actions by level of change (%(format)s)"),
            levels_table,
        ),
        Figure(
            "contributions-secteurs",
            gettext_lazy("Sectors"),
            gettext_lazy("Download the contributions by sector (%(format)s)"),
            sectors_table,
        ),
        Figure(
            "contributions-organismes",
            gettext_lazy("Organisations"),
            gettext_lazy("Download the contributions by organisation (%(format)s)"),
            organizations_table,
        ),
        Figure(
            "equite",
            gettext_lazy("Resources"),
            gettext_lazy("Download the resources by kind of place (%(format)s)"),
            equity_table,
        ),
    )
}
# The downloads each section of the page offers.
SECTION_FIGURES = {
    "plans": ("plans",),
    "load": ("charge",),
    "integration": ("dimensions", "niveaux"),
    "contributions": ("contributions-secteurs", "contributions-organismes"),
    "equity": ("equite",),
}


def figure_table(figure: str, results: PlanningResults, *, site: str = "") -> Table:
    """The table of `figure` (one of `FIGURES`) for these results."""
    spec = FIGURES[figure]
    headers, rows = spec.table(Context(results=results, site=site))
    return Table(spec.title, headers, rows)


def file_name(territory: Territory, name: str, on: dt.date) -> str:
    """`plans-mrc-28-charge-2026-11-26`: the territory, the figure and the day, without extension."""
    return f"plans-{slugify(f'{territory.kind}-{territory.code}')}-{name}-{on.isoformat()}"


def download_links(territory: Territory, on: dt.date, *, is_today: bool) -> dict[str, list[dict[str, str]]]:
    """For each section of the page, the links of its figures in both formats, for the page's day."""
    query = "" if is_today else "?" + urlencode({"date": on.isoformat()})
    links: dict[str, list[dict[str, str]]] = {}
    for section, slugs in SECTION_FIGURES.items():
        links[section] = [
            {
                fmt: reverse("registry:territory_plans_figure", args=[territory.public_id, slug, fmt]) + query
                for fmt in (CSV, XLSX)
            }
            | {
                "csv_label": str(FIGURES[slug].label) % {"format": "CSV"},
                "xlsx_label": str(FIGURES[slug].label) % {"format": "XLSX"},
            }
            for slug in slugs
        ]
    return links


# The view -------------------------------------------------------------------------------------------


def figure_export(request: HttpRequest, public_id: str, figure: str, fmt: str) -> HttpResponseBase:
    """A figure of the page as a CSV or XLSX file, for the page's day (`?date=`)."""
    if figure not in FIGURES or fmt not in FORMATS:
        raise Http404(figure)
    return pagecache.response(
        request,
        "planning-figure",
        public_id,
        figure,
        fmt,
        build=lambda: _figure_export(request, public_id, figure, fmt),
    )


def _figure_export(request: HttpRequest, public_id: str, figure: str, fmt: str) -> HttpResponseBase:
    territory = territory_get(public_id)
    on = as_of_date(request)
    results = planning_results(request.user, territory, on=on)
    table = figure_table(figure, results, site=request.build_absolute_uri("/"))
    return spreadsheet(table, fmt, filename=file_name(territory, figure, on))
