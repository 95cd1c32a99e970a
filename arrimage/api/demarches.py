"""A network of démarches in the JSON API: its member démarches side by side, the themes they work on,
the territory they cover and leave uncovered, and the members they share.

The figures are those of the page `/concertations/<id>/demarches/` (`arrimage.analysis.demarches`),
computed on the sub-concertations the caller may see. People are only counted, never identified.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from arrimage.access import policy
from arrimage.analysis.demarches_loading import network_overview
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory

from .analysis import AsOf
from .auth import OPTIONAL_SECURITY, optional_key
from .common import ErrorOut, InvalidOut, caller, parse_day
from .concertations import _get

router = Router(tags=["analysis"])


class DemarcheNetworkRef(Schema):
    id: int
    name: str


class DemarcheThemeRef(Schema):
    id: str = Field(description="The theme's identifier (slug).")
    name: str


class DemarchePlaceOut(Schema):
    id: str = Field(description="Identifier `kind:code` of the municipality or borough.")
    name: str
    population: int = Field(description="0 when unknown (a borough has no population of its own).")


class DemarcheOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    themes: list[str] = Field(description="Identifiers (slugs) of its themes.")
    territories: list[str] = Field(description="Identifiers of the territories recorded.")
    municipalities: list[str] = Field(description="Identifiers of the municipalities covered in full.")
    boroughs: list[str] = Field(
        description="Identifiers of the boroughs covered, in a municipality not covered in full."
    )
    population: int = Field(description="Population of the municipalities and boroughs covered, when known.")
    population_complete: bool = Field(description="False when a borough covered has no population of its own.")
    seats: int = Field(description="Seats open on the date.")
    filled: int = Field(description="Open seats held on the date.")
    coordinating_organization: int | None = Field(description="Number of the coordinating organisation.")
    organizations: list[int] = Field(description="Numbers of the organisations sitting on it.")
    people: int = Field(description="How many people sit on it.")
    represented: bool = Field(description="True when one of the people sitting on it holds a seat of the network.")


class DemarcheThemeOut(Schema):
    theme: DemarcheThemeRef
    demarches: list[int] = Field(description="Numbers of the démarches working on the theme.")


class DemarcheSharedOut(Schema):
    first: int
    second: int
    organizations: list[int] = Field(description="Numbers of the organisations sitting on both.")
    people: int = Field(description="How many people sit on both.")


class DemarcheOverlapOut(Schema):
    place: DemarchePlaceOut
    demarches: list[int]


class DemarchesOut(Schema):
    network: DemarcheNetworkRef
    date: str = Field(description="The date analysed, `YYYY-MM-DD`.")
    summary: list[str] = Field(description="Plain sentences summing up the network.")
    demarches: list[DemarcheOut] = Field(description="The member démarches (sub-concertations), by name.")
    themes: list[DemarcheThemeOut] = Field(description="Themes worked on by at least one démarche, most first.")
    uncovered_themes: list[DemarcheThemeRef] = Field(description="Themes no démarche works on.")
    network_theme_gaps: list[DemarcheThemeRef] = Field(description="Themes of the network no démarche works on.")
    shared: list[DemarcheSharedOut] = Field(description="Pairs of démarches sharing members, most shared first.")
    population: int = Field(description="Population of the network's territory.")
    covered_population: int = Field(description="Living in municipalities covered in full.")
    partial_population: int = Field(description="Living in municipalities of which only some boroughs are covered.")
    uncovered_population: int = Field(description="Living in municipalities no démarche covers.")
    covered: list[DemarchePlaceOut] = Field(description="Municipalities covered in full.")
    partial: list[DemarchePlaceOut] = Field(description="Municipalities covered through some of their boroughs.")
    uncovered: list[DemarchePlaceOut] = Field(description="Municipalities no démarche covers.")
    overlaps: list[DemarcheOverlapOut] = Field(description="Places covered by two démarches or more.")


@router.get(
    "/concertations/{int:pk}/demarches",
    response={200: DemarchesOut, 404: ErrorOut, 422: InvalidOut},
    url_name="concertation_demarches",
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
)
def concertation_demarches(request: HttpRequest, pk: int, params: Query[AsOf]) -> dict[str, Any]:
    """The member démarches of a network side by side: themes, coverage and shared members."""
    network = _get(request, pk)
    on = parse_day(params.date, "date") or timezone.localdate()
    user = caller(request)

    def visible(rows: list[Concertation]) -> list[Concertation]:
        return [c for c in rows if policy.can_view_concertation(user, c)]

    data, result = network_overview(network, on=on, visible=visible)
    territories = {t.id: t for t in data.territories}
    public_ids = {
        ident: f"{kind}:{code}"
        for ident, kind, code in Territory.objects.filter(pk__in=territories).values_list("pk", "kind", "code")
    }
    themes = {t.id: t for t in data.themes}

    def ids(values: tuple[int, ...]) -> list[str]:
        return [public_ids[v] for v in values if v in public_ids]

    def place(ident: int) -> dict[str, Any]:
        territory = territories[ident]
        return {"id": public_ids.get(ident, ""), "name": territory.name, "population": territory.population}

    def theme(ident: int) -> dict[str, Any]:
        return {"id": themes[ident].slug, "name": themes[ident].name}

    return {
        "network": {"id": network.pk, "name": network.name},
        "date": on.isoformat(),
        "summary": list(result.summary),
        "demarches": [
            {
                "id": d.concertation_id,
                "name": d.name,
                "kind": d.kind,
                "level": d.level,
                "themes": [themes[t].slug for t in d.theme_ids if t in themes],
                "territories": ids(d.territory_ids),
                "municipalities": ids(d.municipality_ids),
                "boroughs": ids(d.borough_ids),
                "population": d.population,
                "population_complete": d.population_complete,
                "seats": d.seats,
                "filled": d.filled,
                "coordinating_organization": d.coordinating_organization_id,
                "organizations": list(d.organization_ids),
                "people": len(d.person_ids),
                "represented": d.represented,
            }
            for d in result.demarches
        ],
        "themes": [
            {"theme": theme(row.theme_id), "demarches": list(row.concertation_ids)}
            for row in result.themes
            if row.theme_id in themes
        ],
        "uncovered_themes": [theme(t) for t in result.uncovered_theme_ids if t in themes],
        "network_theme_gaps": [theme(t) for t in result.network_theme_gaps if t in themes],
        "shared": [
            {
                "first": pair.first_id,
                "second": pair.second_id,
                "organizations": list(pair.organization_ids),
                "people": pair.people,
            }
            for pair in result.shared
        ],
        "population": result.population,
        "covered_population": result.covered_population,
        "partial_population": result.partial_population,
        "uncovered_population": result.uncovered_population,
        "covered": [place(m) for m in result.covered_ids],
        "partial": [place(m) for m in result.partial_ids],
        "uncovered": [place(m) for m in result.uncovered_ids],
        "overlaps": [{"place": place(o.territory_id), "demarches": list(o.concertation_ids)} for o in result.overlaps],
    }
