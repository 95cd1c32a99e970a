"""The territorial analysis in the JSON API: landscape, coverage and gaps, overlaps, load, network,
turnover, citizen seats and equity of one territory, as of one date.

Each endpoint builds the territory's snapshot (a fixed number of queries) and runs one pure analysis on
it. Private concertations are left out unless the caller may see them. A person is identified (number and
name) only to callers allowed to see them, or when they consented to appear publicly; anyone else reads
`id: null, name: null, hidden: true` (Québec's Law 25).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from arrimage.access import policy
from arrimage.actors.models import Person
from arrimage.analysis import coverage, equity, turnover
from arrimage.analysis.comparison import Holder, compare
from arrimage.analysis.inputs import ServiceInfo, Snapshot
from arrimage.analysis.results import Results, territory_results, visible_snapshot
from arrimage.concertation.models import Seat
from arrimage.territories import selectors
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key
from .common import DAY_PATTERN, TERRITORY_ID_PATTERN, ErrorOut, InvalidOut, caller, parse_day

router = Router(tags=["analysis"])

PUBLIC_ID = Path(
    ..., pattern=TERRITORY_ID_PATTERN, description="Identifier of the territory: `region:03`, `borough:REQ05`…"
)


# Shapes ------------------------------------------------------------------------------------------


class AsOf(Schema):
    date: str | None = Field(
        None, pattern=DAY_PATTERN, description="The date analysed (`YYYY-MM-DD`); today by default."
    )


class TerritoryRef(Schema):
    id: str = Field(description="Identifier `kind:code`.")
    name: str
    kind: str


class ConcertationRef(Schema):
    id: int
    name: str


class OrganizationRef(Schema):
    id: int
    name: str


class AnalysisPerson(Schema):
    id: int | None = Field(description="Null when the caller may not see this person.")
    name: str | None = Field(description="Null when the caller may not see this person.")
    hidden: bool = Field(description="True when the person is not identified to the caller.")


class ThemeRef(Schema):
    id: str = Field(description="The theme's identifier (slug).")
    name: str


class AnalysisOut(Schema):
    territory: TerritoryRef
    date: str = Field(description="The date analysed, `YYYY-MM-DD`.")


class LandscapeEntryOut(Schema):
    concertation: ConcertationRef
    kind: str
    level: str
    themes: list[str] = Field(description="Identifiers (slugs) of its themes.")
    coordinating_organization: int | None = Field(description="Number of the coordinating organisation.")
    seat_count: int = Field(description="Seats open on the date.")


class LandscapeGroupOut(Schema):
    level: str
    entries: list[LandscapeEntryOut]


class LandscapeOut(AnalysisOut):
    total: int
    groups: list[LandscapeGroupOut] = Field(description="Local, supralocal, regional then national bodies.")
    summary: list[str] = Field(description="Plain sentences summing up the analysis.")


class CellOut(Schema):
    theme: str = Field(description="The theme's identifier (slug).")
    part: str = Field(description="Identifier of the part of the territory.")
    concertations: list[int]
    services: list[int]


class GapOut(Schema):
    theme: ThemeRef
    part: TerritoryRef
    urbanity: str
    population: int
    remoteness: float = Field(description="From 0 (in a metropolitan area) to 1 (very remote).")
    score: float = Field(description="Priority: higher first.")
    service_count: int
    reasons: list[str]


class CoverageOut(AnalysisOut):
    themes: list[ThemeRef]
    parts: list[TerritoryRef] = Field(description="The parts of the territory (its subterritories, or itself).")
    cells: list[CellOut] = Field(description="One cell per theme and part.")
    gaps: list[GapOut] = Field(description="The cells without any concertation, highest priority first.")


class OverlapOut(Schema):
    first: ConcertationRef
    second: ConcertationRef
    score: float = Field(description="From 0 to 1.")
    theme_similarity: float
    population_share: float
    mission_similarity: float
    member_share: float
    shared_themes: list[str]
    shared_territories: list[str] = Field(description="Identifiers of the municipalities both cover.")
    shared_organizations: list[OrganizationRef]
    shared_people: list[AnalysisPerson]
    reasons: list[str]


class ServiceRef(Schema):
    id: int
    name: str
    organization: OrganizationRef


class ServiceOverlapOut(Schema):
    first: ServiceRef
    second: ServiceRef
    score: float = Field(description="0.35 themes + 0.35 territory + 0.3 description, in [0, 1].")
    theme_similarity: float
    population_share: float
    description_similarity: float
    shared_themes: list[str]
    reasons: list[str]


class OverlapsOut(AnalysisOut):
    pairs: list[OverlapOut] = Field(description="Pairs at least 25 % alike (a score of 0.25), highest score first.")
    service_pairs: list[ServiceOverlapOut] = Field(
        description="Services of two different organisations that may duplicate each other, highest score first."
    )


class PersonLoadOut(Schema):
    person: AnalysisPerson
    seats: int
    concertations: list[int]


class OrganizationLoadOut(Schema):
    organization: OrganizationRef
    seats: int
    concertations: list[int]


class MunicipalityLoadOut(Schema):
    municipality: TerritoryRef
    population: int
    seats: int
    organizations: int
    per_thousand: float | None = Field(description="Seats per 1,000 inhabitants; null if the population is unknown.")


class LoadOut(AnalysisOut):
    people: list[PersonLoadOut] = Field(description="Most seats first.")
    organizations: list[OrganizationLoadOut] = Field(description="Most seats first.")
    municipalities: list[MunicipalityLoadOut] = Field(description="Most seats per 1,000 inhabitants first.")


class NodeOut(Schema):
    concertation: ConcertationRef
    betweenness: float = Field(description="From 0 to 1.")


class LinkOut(Schema):
    first: int
    second: int
    weight: int = Field(description="Members shared (organisations plus people).")
    organizations: list[OrganizationRef]
    people: list[AnalysisPerson]


class NetworkOut(AnalysisOut):
    concertations: list[NodeOut]
    links: list[LinkOut] = Field(description="Heaviest first.")
    brokers: list[NodeOut] = Field(description="Betweenness above zero, highest first.")
    isolated: list[ConcertationRef] = Field(description="Tables sharing no member with any other.")
    communities: list[list[int]] = Field(description="Groups of two tables or more, largest first.")


class SummaryOut(Schema):
    seats: int
    vacant_seats: int
    holder_changes: int
    changes_per_year: float | None
    mean_tenure_days: float | None
    mean_current_tenure_days: float | None
    mean_vacant_days: float | None


class SeatTurnoverOut(Schema):
    seat: int
    holdings: int
    holder_changes: int
    years: float | None
    changes_per_year: float | None
    mean_tenure_days: float | None
    current_tenure_days: int | None
    vacant: bool
    vacant_since: str | None
    vacant_days: int | None


class ConcertationTurnoverOut(Schema):
    concertation: ConcertationRef
    summary: SummaryOut
    seats: list[SeatTurnoverOut]


class TurnoverOut(AnalysisOut):
    summary: SummaryOut = Field(description="Over every seat of the territory.")
    concertations: list[ConcertationTurnoverOut] = Field(description="Most changes per year first.")


class VacantSeatOut(Schema):
    seat: int
    seat_type: str
    since: str | None = Field(description="Vacant since this day, `YYYY-MM-DD`; null if unknown.")


class ConcertationCitizensOut(Schema):
    concertation: ConcertationRef
    reserved: int
    filled: int
    vacant: list[VacantSeatOut]


class CitizenSeatsOut(AnalysisOut):
    reserved: int = Field(description="Seats reserved for citizens and people with lived experience.")
    filled: int
    vacant: int
    concertations: list[ConcertationCitizensOut]
    without_citizen_seat: list[ConcertationRef]


class EquityRowOut(Schema):
    key: str = Field(description="urban, periurban, rural, or the MRC typology 1 to 6; empty if unknown.")
    municipalities: int
    population: int
    concertations: int
    seats: int
    concertations_per_1000: float | None
    seats_per_1000: float | None


class EquityOut(AnalysisOut):
    by_urbanity: list[EquityRowOut]
    by_typology: list[EquityRowOut]


class ComparisonParams(Schema):
    # `from` is a keyword of Python: the field takes another name and reads the parameter by its alias.
    since: str = Field(alias="from", description="The earlier date (`YYYY-MM-DD`).")
    to: str | None = Field(None, description="The later date (`YYYY-MM-DD`); today by default.")


class ComparisonCountsOut(Schema):
    concertations_before: int = Field(description="Concertation bodies active on the earlier date.")
    concertations_after: int = Field(description="Concertation bodies active on the later date.")
    seats_before: int = Field(description="Seats open on the earlier date, in an active body.")
    seats_after: int = Field(description="Seats open on the later date, in an active body.")
    new_concertations: int
    ended_concertations: int
    new_seats: int
    abolished_seats: int
    holder_changes: int


class ComparisonSeatOut(Schema):
    id: int
    label: str
    concertation: ConcertationRef


class ComparisonHolderOut(Schema):
    person: AnalysisPerson | None = Field(description="Null when the seat is held by an organisation alone.")
    organization: OrganizationRef | None


class HolderChangeOut(Schema):
    seat: ComparisonSeatOut
    before: list[ComparisonHolderOut] = Field(description="Holders on the earlier date; empty when vacant.")
    after: list[ComparisonHolderOut] = Field(description="Holders on the later date; empty when vacant.")


class ComparisonOut(Schema):
    territory: TerritoryRef
    from_date: str = Field(description="The earlier date, `YYYY-MM-DD`.")
    to_date: str = Field(description="The later date, `YYYY-MM-DD`.")
    counts: ComparisonCountsOut
    new_concertations: list[ConcertationRef] = Field(description="Bodies active on the later date only.")
    ended_concertations: list[ConcertationRef] = Field(description="Bodies active on the earlier date only.")
    new_seats: list[ComparisonSeatOut] = Field(description="Seats open on the later date only.")
    abolished_seats: list[ComparisonSeatOut] = Field(
        description="Seats open on the earlier date only (their body may have ended)."
    )
    holder_changes: list[HolderChangeOut] = Field(
        description="Seats open on both dates whose holders (person, organisation) differ."
    )


# What every endpoint shares ----------------------------------------------------------------------


@dataclasses.dataclass
class _Context:
    """The caller's view of one territory's snapshot, with what the outputs need to name things."""

    results: Results
    territory: Territory
    public_ids: dict[int, str]
    user: Any
    identified: dict[int, Person] | None = None  # given, or read from the snapshot's holders when needed

    @property
    def snapshot(self) -> Snapshot:
        return self.results.snapshot

    @functools.cached_property
    def people(self) -> dict[int, Person]:
        """The people the caller may identify, read only by the endpoints that name people."""
        if self.identified is not None:
            return self.identified
        return _identified(self.user, {h.person_id for h in self.snapshot.holdings if h.person_id is not None})

    def territory_ref(self, territory_id: int, name: str, kind: str) -> dict[str, Any]:
        return {"id": self.public_ids.get(territory_id, ""), "name": name, "kind": kind}

    def person(self, person_id: int) -> dict[str, Any]:
        person = self.people.get(person_id)
        if person is None:
            return {"id": None, "name": None, "hidden": True}
        return {"id": person.pk, "name": person.full_name, "hidden": False}

    @functools.cached_property
    def _names(self) -> dict[int, str]:
        return {c.id: c.name for c in self.snapshot.concertations}

    def concertation(self, concertation_id: int) -> dict[str, Any]:
        return {"id": concertation_id, "name": self._names.get(concertation_id, "")}

    def header(self) -> dict[str, Any]:
        s = self.snapshot
        return {
            "territory": {"id": self.territory.public_id, "name": s.territory.name, "kind": s.territory.kind},
            "date": s.on.isoformat(),
        }


def _territory(public_id: str) -> Territory:
    try:
        return selectors.territory_get(public_id)
    except Http404:
        raise HttpError(404, _("No territory has the identifier « %(id)s ».") % {"id": public_id}) from None


def _identified(user: Any, person_ids: set[int]) -> dict[int, Person]:
    """The people the caller may identify: those who consented, and those the policy lets them see."""
    people = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))
    if getattr(user, "is_authenticated", False):
        policy.prime_people(user, people)  # what the policy reads of each person, loaded at once
    return {p.pk: p for p in people if p.public_consent or policy.can_view_person(user, p)}


def _context(request: HttpRequest, public_id: str, params: AsOf) -> _Context:
    territory = _territory(public_id)
    on = parse_day(params.date, "date") or timezone.localdate()
    user = caller(request)
    results = territory_results(user, territory, on=on)
    s = results.snapshot
    territory_ids = {t.id for t in s.subterritories} | {m.id for m in s.municipalities} | {territory.pk}
    public_ids = {
        pk: f"{kind}:{code}"
        for pk, kind, code in Territory.objects.filter(pk__in=territory_ids).values_list("pk", "kind", "code")
    }
    return _Context(results, territory, public_ids, user)


def _organizations(ctx: _Context, ids: tuple[int, ...] | list[int]) -> list[dict[str, Any]]:
    names = {o.id: o.name for o in ctx.snapshot.organizations}
    return [{"id": ident, "name": names.get(ident, "")} for ident in ids]


def _route(path: str, response: type[Schema], name: str) -> Any:
    return router.get(
        f"/territories/{{public_id}}/analysis/{path}",
        response={200: response, 404: ErrorOut, 422: InvalidOut},
        url_name=name,
        auth=optional_key,
        openapi_extra=OPTIONAL_SECURITY,
    )


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# Endpoints ---------------------------------------------------------------------------------------


@_route("landscape", LandscapeOut, "analysis_landscape")
def analysis_landscape(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """The concertation bodies of the territory by level, with a plain summary."""
    ctx = _context(request, public_id, params)
    s = ctx.snapshot
    result = ctx.results.landscape
    slugs = {t.id: t.slug for t in s.themes}
    return {
        **ctx.header(),
        "total": result.total,
        "groups": [
            {
                "level": group.level,
                "entries": [
                    {
                        "concertation": {"id": e.concertation_id, "name": e.name},
                        "kind": e.kind,
                        "level": e.level,
                        "themes": sorted(slugs[t] for t in e.theme_ids if t in slugs),
                        "coordinating_organization": e.coordinating_organization_id,
                        "seat_count": e.seat_count,
                    }
                    for e in group.entries
                ],
            }
            for group in result.groups
        ],
        "summary": ctx.results.summary,
    }


@_route("coverage", CoverageOut, "analysis_coverage")
def analysis_coverage(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """The theme × part-of-territory matrix, and its empty cells (gaps) by priority."""
    ctx = _context(request, public_id, params)
    s = ctx.snapshot
    matrix = ctx.results.matrix
    themes = {t.id: t for t in s.themes}
    parts = [territory for territory, _m in coverage.parts(s)]
    return {
        **ctx.header(),
        "themes": [{"id": t.slug, "name": t.name} for t in s.themes],
        "parts": [ctx.territory_ref(t.id, t.name, t.kind) for t in parts],
        "cells": [
            {
                "theme": themes[theme_id].slug,
                "part": ctx.public_ids.get(territory_id, ""),
                "concertations": sorted(cell.concertation_ids),
                "services": sorted(cell.service_ids),
            }
            for (theme_id, territory_id), cell in matrix.cells.items()
        ],
        "gaps": [
            {
                "theme": {"id": themes[g.theme_id].slug, "name": g.theme_name},
                "part": ctx.territory_ref(g.territory_id, g.territory_name, g.territory_kind),
                "urbanity": g.urbanity,
                "population": g.population,
                "remoteness": g.remoteness,
                "score": g.score,
                "service_count": g.service_count,
                "reasons": list(g.reasons),
            }
            for g in ctx.results.gaps
        ],
    }


@_route("overlaps", OverlapsOut, "analysis_overlaps")
def analysis_overlaps(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """Pairs of concertations that may duplicate each other, with their signals and reasons. Pairs that
    people responsible for them judged complementary are left out."""
    ctx = _context(request, public_id, params)
    s = ctx.snapshot
    slugs = {t.id: t.slug for t in s.themes}
    public_ids = dict(ctx.public_ids)
    return {
        **ctx.header(),
        "pairs": [
            {
                "first": ctx.concertation(p.first_id),
                "second": ctx.concertation(p.second_id),
                "score": p.score,
                "theme_similarity": p.theme_similarity,
                "population_share": p.population_share,
                "mission_similarity": p.mission_similarity,
                "member_share": p.member_share,
                "shared_themes": [slugs[t] for t in p.shared_theme_ids if t in slugs],
                "shared_territories": [public_ids[m] for m in p.shared_municipality_ids if m in public_ids],
                "shared_organizations": _organizations(ctx, p.shared_organization_ids),
                "shared_people": [ctx.person(person_id) for person_id in p.shared_person_ids],
                "reasons": list(p.reasons),
            }
            for p in ctx.results.overlaps
        ],
        "service_pairs": [
            {
                "first": _service(ctx, p.first),
                "second": _service(ctx, p.second),
                "score": p.score,
                "theme_similarity": p.theme_similarity,
                "population_share": p.population_share,
                "description_similarity": p.description_similarity,
                "shared_themes": [slugs[t] for t in p.shared_theme_ids if t in slugs],
                "reasons": list(p.reasons),
            }
            for p in ctx.results.service_overlaps
        ],
    }


def _service(ctx: _Context, service: ServiceInfo) -> dict[str, Any]:
    return {"id": service.id, "name": service.name, "organization": _organizations(ctx, [service.organization_id])[0]}


@_route("load", LoadOut, "analysis_load")
def analysis_load(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """Who carries the concertation: people and organisations by seats held, municipalities by seats
    per 1,000 inhabitants."""
    ctx = _context(request, public_id, params)
    s = ctx.snapshot
    result = ctx.results.load
    names = {o.id: o.name for o in s.organizations}
    municipalities = {m.id: m for m in s.municipalities}
    return {
        **ctx.header(),
        "people": [
            {"person": ctx.person(p.id), "seats": p.seats, "concertations": list(p.concertation_ids)}
            for p in result.people
        ],
        "organizations": [
            {
                "organization": {"id": o.id, "name": names.get(o.id, "")},
                "seats": o.seats,
                "concertations": list(o.concertation_ids),
            }
            for o in result.organizations
        ],
        "municipalities": [
            {
                "municipality": ctx.territory_ref(
                    m.municipality_id, municipalities[m.municipality_id].name, "municipality"
                ),
                "population": m.population,
                "seats": m.seats,
                "organizations": m.organizations,
                "per_thousand": m.per_thousand,
            }
            for m in result.municipalities
        ],
    }


@_route("network", NetworkOut, "analysis_network")
def analysis_network(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """The tables linked by the members they share: brokers, isolated tables and communities."""
    ctx = _context(request, public_id, params)
    result = ctx.results.network
    return {
        **ctx.header(),
        "concertations": [
            {"concertation": ctx.concertation(c), "betweenness": result.betweenness.get(c, 0.0)}
            for c in result.concertation_ids
        ],
        "links": [
            {
                "first": link.first_id,
                "second": link.second_id,
                "weight": link.weight,
                "organizations": _organizations(ctx, link.organization_ids),
                "people": [ctx.person(p) for p in link.person_ids],
            }
            for link in result.links
        ],
        "brokers": [{"concertation": ctx.concertation(c), "betweenness": value} for c, value in result.brokers],
        "isolated": [ctx.concertation(c) for c in result.isolated],
        "communities": [list(group) for group in result.communities],
    }


def _summary(summary: turnover.Summary) -> dict[str, Any]:
    return dataclasses.asdict(summary)


@_route("turnover", TurnoverOut, "analysis_turnover")
def analysis_turnover(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """How often seats change hands, how long holders stay, which seats stand empty."""
    ctx = _context(request, public_id, params)
    result = ctx.results.turnover
    return {
        **ctx.header(),
        "summary": _summary(result.territory),
        "concertations": [
            {
                "concertation": ctx.concertation(c.concertation_id),
                "summary": _summary(c.summary),
                "seats": [
                    {
                        "seat": seat.seat_id,
                        "holdings": seat.holdings,
                        "holder_changes": seat.holder_changes,
                        "years": seat.years,
                        "changes_per_year": seat.changes_per_year,
                        "mean_tenure_days": seat.mean_tenure_days,
                        "current_tenure_days": seat.current_tenure_days,
                        "vacant": seat.vacant,
                        "vacant_since": _day(seat.vacant_since),
                        "vacant_days": seat.vacant_days,
                    }
                    for seat in c.seats
                ],
            }
            for c in result.concertations
        ],
    }


@_route("citizen-seats", CitizenSeatsOut, "analysis_citizen_seats")
def analysis_citizen_seats(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """Seats reserved for citizens and people with lived experience: filled, and vacant since when."""
    ctx = _context(request, public_id, params)
    result = ctx.results.citizens
    return {
        **ctx.header(),
        "reserved": result.reserved,
        "filled": result.filled,
        "vacant": len(result.vacant),
        "concertations": [
            {
                "concertation": {"id": c.concertation_id, "name": c.name},
                "reserved": c.reserved,
                "filled": c.filled,
                "vacant": [{"seat": v.seat_id, "seat_type": v.seat_type, "since": _day(v.since)} for v in c.vacant],
            }
            for c in result.concertations
        ],
        "without_citizen_seat": [ctx.concertation(c) for c in result.without_citizen_seat],
    }


def _equity_rows(rows: tuple[equity.EquityRow, ...]) -> list[dict[str, Any]]:
    return [
        {
            "key": row.key,
            "municipalities": row.municipalities,
            "population": row.population,
            "concertations": row.concertations,
            "seats": row.seats,
            "concertations_per_1000": row.concertations_per_1000,
            "seats_per_1000": row.seats_per_1000,
        }
        for row in rows
    ]


@_route("equity", EquityOut, "analysis_equity")
def analysis_equity(request: HttpRequest, params: Query[AsOf], public_id: str = PUBLIC_ID) -> dict[str, Any]:
    """Concertations and seats per 1,000 inhabitants by urbanity and by MRC typology."""
    ctx = _context(request, public_id, params)
    result = ctx.results.equity
    return {
        **ctx.header(),
        "by_urbanity": _equity_rows(result.by_urbanity),
        "by_typology": _equity_rows(result.by_typology),
    }


def _comparison_dates(params: ComparisonParams) -> tuple[dt.date, dt.date] | dict[str, Any]:
    """The two dates asked for, or the body of a refusal naming the faulty parameters."""
    errors = []
    days: dict[str, dt.date] = {}
    for name, value in (("from", params.since), ("to", params.to)):
        if value is None:
            days[name] = timezone.localdate()
            continue
        try:
            if not re.fullmatch(DAY_PATTERN, value):
                raise ValueError(value)
            days[name] = dt.date.fromisoformat(value)
        except ValueError:
            message = _("the date does not exist or is not written as YYYY-MM-DD (such as 2024-03-15).")
            errors.append({"field": name, "parameter": name, "message": message})
    if not errors and days["from"] > days["to"]:
        message = _("it comes after the date « to »: give the earlier date first.")
        errors.append({"field": "from", "parameter": "from", "message": message})
    if errors:
        summary = "; ".join(
            _("parameter « %(name)s »: %(message)s") % {"name": e["parameter"], "message": e["message"]} for e in errors
        )
        return {"detail": _("Invalid request. %(summary)s") % {"summary": summary}, "errors": errors}
    return days["from"], days["to"]


@router.get(
    "/territories/{public_id}/analysis/comparison",
    response={200: ComparisonOut, 400: InvalidOut, 404: ErrorOut, 422: InvalidOut},
    url_name="analysis_comparison",
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
)
def analysis_comparison(request: HttpRequest, params: Query[ComparisonParams], public_id: str = PUBLIC_ID) -> Any:
    """What changed between two dates: concertation bodies that began or ended, seats created or abolished,
    and seats whose holders changed. A 400 names the faulty date when one does not exist or when `from`
    comes after `to`."""
    territory = _territory(public_id)
    dates = _comparison_dates(params)
    if isinstance(dates, dict):
        return Status(400, dates)
    since, until = dates
    user = caller(request)
    before = visible_snapshot(user, territory, on=since)
    results = territory_results(user, territory, on=until)
    after = results.snapshot
    result = compare(before, after)

    names = {c.id: c.name for s in (before, after) for c in s.concertations}
    organizations = {o.id: o.name for s in (before, after) for o in s.organizations}
    seat_of = {seat.id: seat.concertation_id for s in (before, after) for seat in s.seats}
    seat_ids = {*result.new_seats, *result.abolished_seats, *(c.seat_id for c in result.holder_changes)}
    labels = dict(Seat.objects.filter(pk__in=seat_ids).values_list("pk", "label"))
    holders = [h for c in result.holder_changes for h in (*c.before, *c.after)]
    ctx = _Context(results, territory, {}, user, _identified(user, {p for p, _o in holders if p is not None}))

    def concertation(concertation_id: int) -> dict[str, Any]:
        return {"id": concertation_id, "name": names.get(concertation_id, "")}

    def seat(seat_id: int) -> dict[str, Any]:
        return {"id": seat_id, "label": labels.get(seat_id, ""), "concertation": concertation(seat_of[seat_id])}

    def holder(h: Holder) -> dict[str, Any]:
        person, organization = h
        return {
            "person": ctx.person(person) if person is not None else None,
            "organization": {"id": organization, "name": organizations.get(organization, "")}
            if organization is not None
            else None,
        }

    def ordered(group: frozenset[Holder]) -> list[dict[str, Any]]:
        return [holder(h) for h in sorted(group, key=lambda h: (h[0] or 0, h[1] or 0))]

    return {
        "territory": {"id": territory.public_id, "name": after.territory.name, "kind": after.territory.kind},
        "from_date": since.isoformat(),
        "to_date": until.isoformat(),
        "counts": {
            "concertations_before": result.concertations_before,
            "concertations_after": result.concertations_after,
            "seats_before": result.seats_before,
            "seats_after": result.seats_after,
            "new_concertations": len(result.new_concertations),
            "ended_concertations": len(result.ended_concertations),
            "new_seats": len(result.new_seats),
            "abolished_seats": len(result.abolished_seats),
            "holder_changes": len(result.holder_changes),
        },
        "new_concertations": [concertation(c) for c in result.new_concertations],
        "ended_concertations": [concertation(c) for c in result.ended_concertations],
        "new_seats": [seat(s) for s in result.new_seats],
        "abolished_seats": [seat(s) for s in result.abolished_seats],
        "holder_changes": [
            {"seat": seat(c.seat_id), "before": ordered(c.before), "after": ordered(c.after)}
            for c in result.holder_changes
        ],
    }
