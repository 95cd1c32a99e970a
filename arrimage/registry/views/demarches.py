"""The page of a network of démarches: its member démarches side by side, the themes they work on, the
territory they cover and leave uncovered, and the members they share.

The figures come from `arrimage.analysis.demarches`, computed on the sub-concertations the visitor may
see (`common.visible`): a private démarche is neither named nor counted for those outside it. Shared
members are given as counts only, so no person is named on this page.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.analysis.demarches import NetworkData, Overview
from arrimage.analysis.demarches_loading import network_overview
from arrimage.concertation import selectors
from arrimage.territories.models import Territory

from ..forms_filters import AsOfForm
from .analysis_names import Named, heat
from .common import Crumb, visible
from .concertations import _map_layers

TOP_PAIRS = 10  # pairs of démarches listed with what they share


def concertation_demarches(request: HttpRequest, pk: int) -> HttpResponse:
    network = selectors.concertation_get(pk)
    user = request.user
    if not policy.can_view_concertation(user, network):
        raise Http404(pk)
    as_of = AsOfForm(request.GET if "date" in request.GET else None, initial={"date": timezone.localdate()})
    on = as_of.on
    data, result = network_overview(network, on=on, visible=functools.partial(visible, user))
    current = Crumb(_("Démarches"), request.path)
    context: dict[str, Any] = {
        "network": network,
        "breadcrumb": [Crumb(_("Concertations"), reverse("registry:concertation_list")), network],
        "current": current,
        "as_of": as_of,
        "on": on,
        "is_today": on == timezone.localdate(),
        **demarches_context(data, result),
    }
    return render(request, "registry/analysis/demarches.html", context)


def demarches_context(data: NetworkData, result: Overview) -> dict[str, Any]:
    """What the page shows, named and linked."""
    territories = {t.id: t for t in data.territories}
    themes = {t.id: t.name for t in data.themes}
    organizations = {
        o.id: Named(o.id, o.name, reverse("registry:organization_detail", args=[o.id])) for o in data.organizations
    }
    demarches = [
        Named(d.concertation_id, d.name, reverse("registry:concertation_detail", args=[d.concertation_id]))
        for d in result.demarches
    ]
    by_id = {named.id: named for named in demarches}
    links = _territory_links(
        {*result.uncovered_ids, *result.partial_ids, *(o.territory_id for o in result.overlaps)}
        | {t for d in result.demarches for t in d.territory_ids}
    )

    def place(territory_id: int) -> Named:
        territory = territories[territory_id]
        return Named(territory_id, territory.name, links.get(territory_id, ""))

    def shared_cell(first: int, second: int) -> dict[str, Any]:
        if first == second:
            return {"self": True}
        pair = result.shared_between(first, second)
        total = pair.total if pair else 0
        return {
            "self": False,
            "total": total,
            "organizations": pair.organizations if pair else 0,
            "people": pair.people if pair else 0,
            "heat": heat(total),
        }

    return {
        "summary": result.summary,
        "result": result,
        "demarches": [
            {
                "number": number,
                "demarche": by_id[d.concertation_id],
                "places": [place(t) for t in d.territory_ids if t in territories],
                "population": d.population,
                "population_complete": d.population_complete,
                "cities": ", ".join(
                    sorted(
                        {territories[p].name for b in d.borough_ids if (p := territories[b].parent_id) in territories}
                    )
                ),
                "themes": [themes.get(t, "") for t in d.theme_ids],
                "coordinator": organizations.get(d.coordinating_organization_id or 0),
                "seats": d.seats,
                "filled": d.filled,
                "represented": d.represented,
                "is_public": d.is_public,
            }
            for number, d in enumerate(result.demarches, start=1)
        ],
        "columns": [{"number": number, "demarche": named} for number, named in enumerate(demarches, start=1)],
        "theme_rows": [
            {
                "theme": themes.get(row.theme_id, ""),
                "count": len(row.concertation_ids),
                "cells": [named.id in row.concertation_ids for named in demarches],
            }
            for row in result.themes
        ],
        "uncovered_themes": [themes.get(t, "") for t in result.uncovered_theme_ids],
        "network_theme_gaps": [themes.get(t, "") for t in result.network_theme_gaps],
        "shared_rows": [
            {
                "number": number,
                "demarche": named,
                "cells": [shared_cell(named.id, other.id) for other in demarches],
            }
            for number, named in enumerate(demarches, start=1)
        ],
        "top_pairs": [
            {
                "first": by_id[pair.first_id],
                "second": by_id[pair.second_id],
                "organizations": pair.organizations,
                "people": pair.people,
            }
            for pair in result.shared[:TOP_PAIRS]
        ],
        "uncovered": [{"place": place(m), "population": territories[m].population} for m in result.uncovered_ids],
        "partial": [
            {
                "place": place(m),
                "population": territories[m].population,
                "boroughs": [
                    place(b) for d in result.demarches for b in d.borough_ids if territories[b].parent_id == m
                ],
            }
            for m in result.partial_ids
        ],
        "overlaps": [
            {"place": place(o.territory_id), "demarches": [by_id[c] for c in o.concertation_ids]}
            for o in result.overlaps
        ],
        "map_layers": _map(data, result),
    }


def _territory_links(ids: set[int]) -> dict[int, str]:
    """The page of each of these territories (one query)."""
    rows = Territory.objects.filter(pk__in=ids).values_list("pk", "kind", "code")
    return {pk: reverse("territories:detail", args=[f"{kind}:{code}"]) for pk, kind, code in rows}


def _map(data: NetworkData, result: Overview) -> list[dict[str, str]]:
    """The network's territory as a backdrop, and the territory of each démarche over it (one query)."""
    wanted = set(data.network.territory_ids) | {t for d in result.demarches for t in d.territory_ids}
    if not result.demarches:
        return []
    rows = {t.pk: t for t in Territory.objects.without_geometry().filter(pk__in=wanted)}
    backdrop = [rows[t] for t in sorted(data.network.territory_ids) if t in rows]
    covered = [rows[t] for d in result.demarches for t in d.territory_ids if t in rows]
    return [
        *({**layer, "role": "context"} for layer in _map_layers(backdrop)),
        *({**layer, "role": "children"} for layer in _map_layers(covered)),
    ]
