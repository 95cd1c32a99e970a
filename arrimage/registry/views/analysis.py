"""The « Concertation » page of a territory: the analysis of its concertation bodies as of a chosen day.

The analysis itself lives in `arrimage.analysis` and works on ids; this page keeps only the
concertations the visitor may see, runs the analysis on them, and names what it shows: concertations,
organisations and territories come from the snapshot, people from one query, each named only when the
visitor may see them (see `common.people_named`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.analysis.coverage import Matrix, parts
from arrimage.analysis.inputs import ServiceInfo, Snapshot
from arrimage.analysis.overlaps import MINIMUM_SCORE
from arrimage.analysis.participation import ConcertationCitizens
from arrimage.analysis.results import Results, territory_results
from arrimage.core import pagecache
from arrimage.jobs import downloads
from arrimage.jobs import services as jobs
from arrimage.territories.models import Territory, Urbanity
from arrimage.territories.selectors import territory_ancestors, territory_get

from ..forms_filters import AsOfForm
from . import analysis_comparison, analysis_map, attendance
from .analysis_decisions import decisions_context
from .analysis_names import Named, heat, level_label, people_by_id, url_maker, years
from .analysis_network import network_graph
from .common import Crumb

TOP = 20  # rows shown in the ranked tables (gaps, overlaps, solicitation, brokers)
LIST_LIMIT = 100  # rows shown in the long lists (landscape per level, turnover); the downloads hold them all


def territory_analysis(request: HttpRequest, public_id: str) -> HttpResponseBase:
    # The page holds no form posting back (the « as of » and comparison forms are GET): a signed-in
    # person's audience is the same in every session, so a background job can make it for them.
    compute = functools.partial(_page_context, request, public_id)
    page = pagecache.page(request, "analysis", public_id, compute=compute, forms=False)
    if not page.has("content") and (deferred := _page_later(request, public_id)) is not None:
        return deferred
    return pagecache.render_page(request, "registry/analysis/territory_analysis.html", page)


#: The territories whose analysis takes long enough, from scratch, to be made by the task queue when there
#: is one: a région's or the province's, thousands of concertations.
BACKGROUND_KINDS = ("province", "region")


def _longest_vacant(row: ConcertationCitizens) -> tuple[bool, dt.date, int, str]:
    """Order of the citizen seats' table: vacant seats first, those vacant the longest (an unknown date
    first), then the most vacant seats."""
    since = [seat.since for seat in row.vacant]
    oldest = min((day for day in since if day is not None), default=dt.date.max)
    return (not row.vacant, dt.date.min if None in since else oldest, -len(row.vacant), row.name)


def _page_later(request: HttpRequest, public_id: str) -> HttpResponseBase | None:
    """With a task queue and a cache shared between processes, the page of a région or of the province
    that is not in the cache is made by a job (`arrimage.jobs.downloads`); None otherwise."""
    if not jobs.background() or not pagecache.shared_between_processes():
        return None
    territory = territory_get(public_id)
    if territory.kind not in BACKGROUND_KINDS:
        return None
    label = _("Concertation in %(name)s: the analysis") % {"name": territory.name}
    return downloads.later(request, label=label, kind=downloads.PAGE)


def _page_context(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """What the tab shows this visitor (computed only when the page is not cached)."""
    territory = territory_get(public_id)
    as_of = AsOfForm(request.GET if "date" in request.GET else None, initial={"date": timezone.localdate()})
    on = as_of.on
    sections = analysis_context(request.user, territory, on)
    sections.update(decisions_context(request.user, territory, sections["results"], sections["overlaps"]))
    # Seats held and meetings attended: the meetings of the solicitation tables' rows (one query).
    sections.update(attendance.load_context(sections["results"], sections, top=TOP))
    sections.update(attendance.territory_participation_context(sections["results"], top=TOP))
    context: dict[str, Any] = {
        "territory": territory,
        "breadcrumb": [*territory_ancestors(territory), territory],
        "current": Crumb(_("Concertation"), request.path),
        "as_of": as_of,
        "on": on,
        "is_today": on == timezone.localdate(),
        **sections,
    }
    context.update(analysis_map.map_context(territory, context["results"]))
    context.update(analysis_comparison.comparison_context(request, territory, context["results"]))
    return context


def analysis_context(user: Any, territory: Territory, on: dt.date) -> dict[str, Any]:
    """Every section of the page, from the analysis of the territory reduced to what `user` may see."""
    return named_context(user, territory_results(user, territory, on=on))


def named_context(user: Any, results: Results) -> dict[str, Any]:
    """The sections of `results` with everything they show named and linked."""
    s = results.snapshot
    concertation_url = url_maker("registry:concertation_detail")
    organization_url = url_maker("registry:organization_detail")
    concertations = {c.id: Named(c.id, c.name, concertation_url(c.id)) for c in s.concertations}
    organizations = {o.id: Named(o.id, o.name, organization_url(o.id)) for o in s.organizations}
    themes = {t.id: t.name for t in s.themes}
    degree: Counter[int] = Counter()
    for link in results.network.links:
        degree[link.first_id] += 1
        degree[link.second_id] += 1
    result = results.landscape
    matrix = results.matrix
    gap_list = results.gaps
    citizens = results.citizens
    load = results.load
    links = results.network
    changes = results.turnover
    fairness = results.equity
    pairs = results.overlaps[:TOP]
    people = people_by_id(user, (count.id for count in load.people[:TOP]))
    # Most changes per year first (bodies without a known period last), then by name.
    turnover_rows = sorted(
        (row for row in changes.concertations if row.concertation_id in concertations),
        key=lambda r: (
            r.summary.changes_per_year is None,
            -(r.summary.changes_per_year or 0.0),
            concertations[r.concertation_id].name,
            r.concertation_id,
        ),
    )

    return {
        "results": results,
        "summary": results.summary,
        "landscape": [
            {
                "level": level_label(group.level),
                "entries": [
                    {
                        "concertation": concertations[entry.concertation_id],
                        "themes": sorted(themes.get(t, "") for t in entry.theme_ids),
                        "coordinator": organizations.get(entry.coordinating_organization_id or 0),
                        "seats": entry.seat_count,
                    }
                    for entry in group.entries[:LIST_LIMIT]
                ],
                "total": len(group.entries),
                "more": max(0, len(group.entries) - LIST_LIMIT),
            }
            for group in result.groups
        ],
        "matrix": _matrix_rows(s, matrix, themes),
        "parts": _parts(s),
        "gaps": gap_list[:TOP],
        "gap_count": len(gap_list),
        "overlaps_minimum": round(MINIMUM_SCORE * 100),
        "overlaps": [
            {
                "first": concertations[pair.first_id],
                "second": concertations[pair.second_id],
                "percent": round(pair.score * 100),
                "reasons": pair.reasons,
            }
            for pair in pairs
        ],
        "service_overlaps": [
            {
                "first": _service_named(pair.first, organizations, organization_url),
                "second": _service_named(pair.second, organizations, organization_url),
                "percent": round(pair.score * 100),
                "reasons": pair.reasons,
            }
            for pair in results.service_overlaps[:TOP]
        ],
        "service_overlap_count": len(results.service_overlaps),
        "organizations_load": [
            {
                "organization": organizations.get(count.id, Named(count.id, "")),
                "seats": count.seats,
                "tables": len(count.concertation_ids),
            }
            for count in load.organizations[:TOP]
        ],
        "people_load": [
            {"person": people.get(count.id), "seats": count.seats, "tables": len(count.concertation_ids)}
            for count in load.people[:TOP]
        ],
        "brokers": [
            {
                "concertation": concertations[ident],
                "betweenness": value,
                "links": degree[ident],
            }
            for ident, value in links.brokers[:TOP]
        ],
        "isolated": sorted((concertations[ident] for ident in links.isolated), key=lambda n: (n.name, n.id)),
        "network_graph": network_graph(results, concertations),
        "turnover": [
            {
                "concertation": concertations[row.concertation_id],
                "summary": row.summary,
                "mean_tenure_years": years(row.summary.mean_tenure_days),
            }
            for row in turnover_rows[:LIST_LIMIT]
        ],
        "turnover_more": max(0, len(turnover_rows) - LIST_LIMIT),
        "turnover_total": changes.territory,
        "turnover_total_years": years(changes.territory.mean_tenure_days),
        "citizens": [
            {
                "concertation": concertations[row.concertation_id],
                "reserved": row.reserved,
                "filled": row.filled,
                "vacant": len(row.vacant),
                "oldest": min((seat.since for seat in row.vacant if seat.since is not None), default=None),
            }
            # The bodies whose citizen seats wait longest for someone first; the download lists them all.
            for row in sorted(citizens.concertations, key=_longest_vacant)[:LIST_LIMIT]
        ],
        "citizens_more": max(0, len(citizens.concertations) - LIST_LIMIT),
        "citizens_total": {"reserved": citizens.reserved, "filled": citizens.filled, "vacant": len(citizens.vacant)},
        "equity": [
            {"label": _urbanity_label(row.key), "key": row.key or "unknown", "row": row} for row in fairness.by_urbanity
        ],
    }


def _parts(s: Snapshot) -> list[Named]:
    """The columns of the coverage matrix, each linked to its own « Concertation » page (one query)."""
    units = [territory for territory, _municipalities in parts(s)]
    codes = dict(Territory.objects.filter(pk__in=[t.id for t in units]).values_list("pk", "code"))
    return [
        Named(t.id, t.name, reverse("registry:territory_analysis", args=[f"{t.kind}:{codes[t.id]}"]))
        if t.id in codes
        else Named(t.id, t.name)
        for t in units
    ]


def _matrix_rows(s: Snapshot, matrix: Matrix, themes: dict[int, str]) -> list[dict[str, Any]]:
    rows = []
    for theme_id in matrix.theme_ids:
        cells = []
        for territory_id in matrix.territory_ids:
            cell = matrix.cell(theme_id, territory_id)
            count = len(cell.concertation_ids)
            cells.append({"count": count, "services": len(cell.service_ids), "heat": heat(count)})
        rows.append({"theme": themes.get(theme_id, ""), "cells": cells})
    return rows


def _service_named(
    service: ServiceInfo, organizations: dict[int, Named], organization_url: Callable[[int], str]
) -> dict[str, Any]:
    """A service with its organisation, linked to the organisation's page (where its services are listed)."""
    organization = organizations.get(service.organization_id)
    return {
        "name": service.name,
        "organization": organization.name if organization else "",
        "url": organization_url(service.organization_id),
    }


def _urbanity_label(key: str) -> str:
    return str(Urbanity(key).label) if key in Urbanity.values else _("Unknown")
