"""Funding programmes in the JSON API: the list with its deadlines, and one programme with its deadlines
and the concertations and plan actions that fit it.

Programmes are public. The matches of a programme's detail are the public ones: concertations that are
public and actions of plans not carried by a private concertation, whoever calls.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from arrimage.actors.models import LegalForm, Sector
from arrimage.concertation.models import Theme
from arrimage.funding import selectors
from arrimage.funding.matching import Match
from arrimage.funding.models import Programme, ProgrammeStatus

from .auth import OPTIONAL_SECURITY, optional_key
from .common import (
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    Reference,
    not_found,
    paginate,
    territory_filter,
)

router = Router(tags=["programmes"])


class DeadlineOut(Schema):
    date: str = Field(description="`YYYY-MM-DD`.")
    time: str | None = Field(description="`HH:MM`, when a time is given.")
    label: str = Field(description="What is due on that date.")
    note: str


class ProgrammeOut(Schema):
    id: int
    name: str
    acronym: str
    funder: Reference | None = Field(description="The funder when it is in the registry.")
    funder_name: str = Field(description="The funder's name (the registry's, or as given).")
    description: str
    url: str
    status: ProgrammeStatus
    themes: list[str] = Field(description="Identifiers (slugs) of the themes, see `/themes`.")
    territories: list[str] = Field(description="Identifiers of the territories where it applies; empty: all Québec.")
    eligible_sectors: list[Sector] = Field(description="Sectors that may apply; empty: any.")
    eligible_legal_forms: list[LegalForm] = Field(description="Legal forms that may apply; empty: any.")
    requires_concertation: bool
    requires_partnership: bool
    requires_plan: bool
    amount_min: float | None = Field(description="Smallest amount, in dollars.")
    amount_max: float | None = Field(description="Largest amount, in dollars.")
    envelope: float | None = Field(description="Total envelope, in dollars.")
    deadlines: list[DeadlineOut]


class ProgrammePage(PageOut):
    results: list[ProgrammeOut]


class MatchOut(Schema):
    id: int = Field(description="The concertation's or the action's number.")
    name: str
    fits: bool = Field(description="True when nothing stands against it.")
    score: int = Field(description="Higher is better: shared themes, covered territory, conditions met.")
    reasons_for: list[str]
    reasons_against: list[str]
    plan: Reference | None = Field(None, description="For an action: its plan.")


class ProgrammeDetailOut(ProgrammeOut):
    concertations: list[MatchOut] = Field(description="Public concertations sharing a theme and the territory.")
    actions: list[MatchOut] = Field(description="Actions of public plans sharing a theme and the territory.")


class ProgrammeFiltersIn(PageParams):
    q: str = Field("", max_length=100, description="Words of the name, acronym or funder.")
    theme: str | None = Field(None, max_length=60, description="Only programmes on this theme (its slug).")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_ID_PATTERN,
        description="Only programmes offered there: naming it, a territory containing it, or all of Québec.",
    )
    open: bool = Field(False, description="Only programmes open or recurring with a deadline to come.")


def _amount(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _programme(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "name": programme.name,
        "acronym": programme.acronym,
        "funder": {"id": programme.funder.pk, "name": programme.funder.name} if programme.funder else None,
        "funder_name": programme.funder_label,
        "description": programme.description,
        "url": programme.url,
        "status": programme.status,
        "themes": [theme.slug for theme in programme.themes.all()],
        "territories": [territory.public_id for territory in programme.territories.all()],
        "eligible_sectors": list(programme.eligible_sectors or []),
        "eligible_legal_forms": list(programme.eligible_legal_forms or []),
        "requires_concertation": programme.requires_concertation,
        "requires_partnership": programme.requires_partnership,
        "requires_plan": programme.requires_plan,
        "amount_min": _amount(programme.amount_min),
        "amount_max": _amount(programme.amount_max),
        "envelope": _amount(programme.envelope),
        "deadlines": [
            {
                "date": deadline.date.isoformat(),
                "time": deadline.time.strftime("%H:%M") if deadline.time else None,
                "label": deadline.label,
                "note": deadline.note,
            }
            for deadline in programme.deadlines.all()
        ],
    }


def _match(match: Match) -> dict[str, Any]:
    candidate = match.candidate
    plan = None
    if candidate.kind == "action":
        plan = {"id": candidate.extra["plan_id"], "name": candidate.plan_name}
    return {
        "id": candidate.id,
        "name": candidate.name,
        "fits": match.fits,
        "score": match.score,
        "reasons_for": list(match.reasons_for),
        "reasons_against": list(match.reasons_against),
        "plan": plan,
    }


@router.get(
    "/programmes",
    response={200: ProgrammePage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="programme_list",
)
def programme_list(request: HttpRequest, filters: Query[ProgrammeFiltersIn]) -> dict[str, Any]:
    """Funding programmes by name, with their criteria and deadlines."""
    theme = Theme.objects.filter(slug=filters.theme).first() if filters.theme else None
    if filters.theme and theme is None:
        return paginate(request, Programme.objects.none(), filters, lambda rows: [])
    queryset = selectors.programme_list(
        selectors.ProgrammeFilters(
            query=filters.q,
            theme=theme,
            territory=territory_filter(filters.territory),
            upcoming=filters.open,
            on=timezone.localdate(),
        )
    )
    return paginate(request, queryset, filters, lambda rows: [_programme(row) for row in rows])


@router.get(
    "/programmes/{int:pk}",
    response={200: ProgrammeDetailOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="programme_detail",
)
def programme_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One programme with its deadlines, and the public concertations and plan actions matched to it, best
    first, with the reasons."""
    try:
        programme = selectors.programme_get(pk)
    except Http404:
        raise not_found(_("No programme has the number %(id)s.") % {"id": pk}) from None
    matches = selectors.programme_matches(programme, AnonymousUser(), on=timezone.localdate())
    return {
        **_programme(programme),
        "concertations": [_match(match) for match in matches.concertations],
        "actions": [_match(match) for match in matches.actions],
    }
