"""Concertations in the JSON API: list and search, one concertation, its seats with their holders, and
the writes to concertations and seats.

A private concertation is listed only to those who take part in it or edit it. A seat's holder is named
only when the policy allows it (the person consented to appear publicly, or the caller sees the
concertation's private information); otherwise `person` is null and `holder_hidden` is true.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from arrimage.access import policy
from arrimage.actors.models import Sector
from arrimage.concertation import selectors, services
from arrimage.concertation.models import (
    Concertation,
    ConcertationKind,
    Level,
    MeetingFrequency,
    Role,
    SeatType,
)
from arrimage.concertation.selectors import Holding, SeatState
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key, required_key
from .common import (
    DAY_PATTERN,
    PARTIAL_DATE_DESCRIPTION,
    PARTIAL_DATE_PATTERN,
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    RecordNumber,
    Reference,
    caller,
    concertation_from,
    not_found,
    organization_from,
    organizations_from,
    paginate,
    parse_day,
    parse_partial,
    partial_end,
    partial_start,
    partial_text,
    refuse,
    territories_from,
    territory_filter,
    themes_from,
)

router = Router(tags=["concertations"])


class ConcertationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: ConcertationKind
    level: Level
    mission: str
    themes: list[str] = Field(description="Identifiers (slugs) of the themes, see `/themes`.")
    territories: list[str] = Field(description="Identifiers of the territories covered (`mrc:31`…).")
    coordinating_organization: int | None = Field(description="Number of the coordinating or fiduciary organisation.")
    parent: int | None = Field(description="Number of the network or regional instance this one belongs to.")
    start: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)
    meeting_frequency: MeetingFrequency | None
    is_public: bool = Field(description="A private concertation is listed only to its members and editors.")
    version: int = Field(description="Send it back with a change: a change based on an older version is refused.")
    url: str = Field(description="The concertation's page.")

    @staticmethod
    def of(concertation: Concertation) -> dict[str, Any]:
        return {
            "id": concertation.pk,
            "name": concertation.name,
            "acronym": concertation.acronym,
            "kind": concertation.kind,
            "level": concertation.level,
            "mission": concertation.mission,
            "themes": [theme.slug for theme in concertation.themes.all()],
            "territories": [t.public_id for t in concertation.territories.all()],
            "coordinating_organization": concertation.coordinating_organization_id,
            "parent": concertation.parent_id,
            "start": partial_start(concertation),
            "end": partial_end(concertation),
            "meeting_frequency": concertation.meeting_frequency or None,
            "is_public": concertation.is_public,
            "version": concertation.version,
            "url": concertation.get_absolute_url(),
        }


class ConcertationListOut(ConcertationOut):
    seat_count: int = Field(description="Seats that are not abolished.")


class ConcertationDetailOut(ConcertationOut):
    funders: list[int] = Field(description="Numbers of the funding organisations.")
    children: list[int] = Field(description="Numbers of the concertations that belong to this one.")


class ConcertationPage(PageOut):
    results: list[ConcertationListOut]


class ConcertationFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the name or acronym; accents and case are ignored.")
    kind: ConcertationKind | None = Field(None, description="Only concertations of this kind.")
    level: Level | None = Field(None, description="Only concertations of this level.")
    theme: str | None = Field(None, max_length=60, description="Only concertations working on this theme (its slug).")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_ID_PATTERN,
        description="Only concertations covering this territory or a territory inside it (`region:03`).",
    )
    include_ended: bool = Field(False, description="Also list concertations that have ended.")


def _with_territories() -> Prefetch[Any]:
    return Prefetch("territories", queryset=Territory.objects.only("kind", "code").order_by("kind", "code"))


def _list_rows(rows: list[Concertation]) -> list[dict[str, Any]]:
    return [{**ConcertationOut.of(c), "seat_count": c.seat_count} for c in rows]  # type: ignore[attr-defined]


@router.get(
    "/concertations",
    response={200: ConcertationPage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="concertation_list",
)
def concertation_list(request: HttpRequest, filters: Query[ConcertationFilters]) -> dict[str, Any]:
    """Concertations the caller may see, by name: public ones, and private ones the caller takes part in
    or edits. A territory includes everything inside it. Ended concertations are left out unless
    `include_ended` is true."""
    theme = themes_from([filters.theme], "theme")[0] if filters.theme else None
    base = policy.visible_concertations(caller(request), Concertation.objects.all())
    queryset = selectors.concertation_list(
        selectors.ConcertationFilters(
            query=filters.q,
            territory=territory_filter(filters.territory),
            theme=theme,
            kind=filters.kind or "",
            level=filters.level or "",
            include_ended=filters.include_ended,
        ),
        base=base,
    ).prefetch_related(_with_territories())
    return paginate(request, queryset, filters, _list_rows)


def _get(request: HttpRequest, pk: int) -> Concertation:
    """The concertation, if the caller may see it; the same 404 otherwise, so as not to reveal it."""
    try:
        concertation = selectors.concertation_get(pk)
    except Http404:
        concertation = None
    if concertation is None or not policy.can_view_concertation(caller(request), concertation):
        raise not_found(_("No concertation has the number %(id)s.") % {"id": pk})
    return concertation


def _detail(concertation: Concertation) -> dict[str, Any]:
    return {
        **ConcertationOut.of(concertation),
        "funders": [o.pk for o in concertation.funders.all()],
        "children": [c.pk for c in concertation.children.all()],
    }


@router.get(
    "/concertations/{int:pk}",
    response={200: ConcertationDetailOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="concertation_detail",
)
def concertation_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One concertation with its themes, territories, coordinating organisation, funders, parent and
    children."""
    return _detail(_get(request, pk))


# Seats -------------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class HolderOut(Schema):
    membership: int = Field(description="Number of the holding (`/memberships/{id}`).")
    person: PersonRef | None = Field(description="The person holding the seat, when the caller may know who.")
    holder_hidden: bool = Field(description="True when a person holds the seat but their identity is private.")
    organization: Reference | None = Field(description="The organisation holding the seat or sat for.")
    role: Role
    start: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)


class SeatOut(Schema):
    id: int
    label: str
    seat_type: SeatType
    reserved_sector: Sector | None
    is_voting: bool
    order: int
    created_on: str | None = Field(description="`YYYY-MM-DD`.")
    abolished_on: str | None = Field(description="`YYYY-MM-DD`.")
    is_vacant: bool
    vacant_since: str | None = Field(description="`YYYY-MM-DD`, when known.")
    turnover: int = Field(description="How many times the seat changed hands up to the date asked.")
    holders: list[HolderOut] = Field(description="Holders on the date asked; two only around a handover.")


def holder_out(
    *, membership_id: int, person: Any, hidden: bool, organization: Any, role: str, start: Any, end: Any, private: bool
) -> dict[str, Any]:
    """A holding as the API shows it: the person only when the policy allows it."""
    shown = not hidden and policy.shows_identity(person, private_view=private)
    return {
        "membership": membership_id,
        "person": {"id": person.pk, "name": person.full_name} if shown else None,
        "holder_hidden": hidden or (person is not None and not shown),
        "organization": {"id": organization.pk, "name": organization.name} if organization is not None else None,
        "role": role,
        "start": partial_text(start),
        "end": partial_text(end),
    }


def _holding(holding: Holding, *, private: bool) -> dict[str, Any]:
    return holder_out(
        membership_id=holding.membership_id,
        person=holding.person,
        hidden=holding.hidden,
        organization=holding.organization,
        role=holding.role,
        start=holding.start,
        end=holding.end,
        private=private,
    )


def _seat(state: SeatState, *, private: bool) -> dict[str, Any]:
    seat = state.seat
    return {
        "id": seat.pk,
        "label": seat.label,
        "seat_type": seat.seat_type,
        "reserved_sector": seat.reserved_sector or None,
        "is_voting": seat.is_voting,
        "order": seat.order,
        "created_on": seat.created_on.isoformat() if seat.created_on else None,
        "abolished_on": seat.abolished_on.isoformat() if seat.abolished_on else None,
        "is_vacant": state.is_vacant,
        "vacant_since": state.vacant_since.isoformat() if state.vacant_since else None,
        "turnover": state.turnover,
        "holders": [_holding(h, private=private) for h in state.holders],
    }


class SeatParams(Schema):
    on: str | None = Field(None, pattern=DAY_PATTERN, description="The date (`YYYY-MM-DD`); today by default.")


@router.get(
    "/concertations/{int:pk}/seats",
    response={200: list[SeatOut], 404: ErrorOut, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="concertation_seats",
)
def concertation_seats(request: HttpRequest, pk: int, params: Query[SeatParams]) -> list[dict[str, Any]]:
    """The seats of a concertation that exist on a date, with who holds them then. A holder is named only
    if they consented to appear publicly or the caller sees the concertation's private information;
    otherwise `person` is null and `holder_hidden` is true."""
    on = parse_day(params.on, "on")
    concertation = _get(request, pk)
    private = policy.can_view_concertation_private(caller(request), concertation)
    states = selectors.concertation_seats(concertation, on=on, private_view=private)
    return [_seat(state, private=private) for state in states]


class SeatIn(Schema):
    label: str = Field(min_length=1, max_length=200)
    seat_type: SeatType = SeatType.ORGANISATIONAL
    reserved_sector: Sector | None = Field(None, description="The sector the seat is reserved for.")
    is_voting: bool = True
    order: int = Field(0, ge=0, le=32767, description="Position of the seat in lists.")
    created_on: str | None = Field(None, pattern=DAY_PATTERN, description="`YYYY-MM-DD`.")


@router.post(
    "/concertations/{int:pk}/seats",
    response={201: SeatOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="seat_create",
)
def seat_create(request: HttpRequest, pk: int, payload: SeatIn) -> Status[dict[str, Any]]:
    """Add a seat to a concertation; it is vacant until someone holds it. Needs the right to edit the
    concertation."""
    user = caller(request)
    concertation = _get(request, pk)
    refuse(policy.can_edit_concertation(user, concertation))
    data = services.SeatData(
        label=payload.label,
        seat_type=payload.seat_type,
        reserved_sector=payload.reserved_sector or "",
        is_voting=payload.is_voting,
        order=payload.order,
        created_on=parse_day(payload.created_on, "created_on"),
    )
    seat = services.seat_create(concertation=concertation, data=data, acting_user=user)
    state = selectors.seat_states([], seat, on=timezone.localdate(), private_view=True)
    return Status(201, _seat(state, private=True))


# Writes to concertations -------------------------------------------------------------------------


class ConcertationFields(Schema):
    name: str | None = Field(None, min_length=1, max_length=250)
    kind: ConcertationKind | None = None
    level: Level | None = None
    acronym: str | None = Field(None, max_length=40)
    mission: str | None = Field(None, max_length=5000)
    parent: RecordNumber | None = Field(None, description="Number of the network or regional instance it belongs to.")
    coordinating_organization: RecordNumber | None = Field(None, description="Number of the coordinating organisation.")
    start: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=PARTIAL_DATE_DESCRIPTION)
    meeting_frequency: MeetingFrequency | None = None
    is_public: bool | None = Field(None, description="False: listed only to its members and editors.")
    territories: list[str] | None = Field(None, description="Identifiers of the territories covered.")
    themes: list[str] | None = Field(None, description="Slugs of the themes.")
    funders: list[RecordNumber] | None = Field(None, description="Numbers of the funding organisations.")


class ConcertationIn(ConcertationFields):
    name: str = Field(min_length=1, max_length=250)
    kind: ConcertationKind
    level: Level


class ConcertationPatch(ConcertationFields):
    version: int = Field(description="The `version` read before the change.")


def _data(request: HttpRequest, values: dict[str, Any], base: services.ConcertationData) -> services.ConcertationData:
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("name", "kind", "level", "acronym", "mission", "meeting_frequency"):
            changes[name] = value or ""
        elif name == "is_public":
            changes[name] = base.is_public if value is None else value
        elif name == "parent":
            parent = concertation_from(value, "parent")
            if parent is not None and not policy.can_view_concertation(caller(request), parent):
                raise ValidationError({"parent": _("No concertation has the number %(id)s.") % {"id": value}})
            changes[name] = parent
        elif name == "coordinating_organization":
            changes[name] = organization_from(value, name)
        elif name in ("start", "end"):
            changes[name] = parse_partial(value, name)
        elif name == "territories":
            changes[name] = territories_from(value or [], name)
        elif name == "themes":
            changes[name] = themes_from(value or [], name)
        elif name == "funders":
            changes[name] = organizations_from(value or [], name)
    return dataclasses.replace(base, **changes)


@router.post(
    "/concertations",
    response={201: ConcertationDetailOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="concertation_create",
)
def concertation_create(request: HttpRequest, payload: ConcertationIn) -> Status[dict[str, Any]]:
    """Create a concertation. Needs an administrator or a territorial editor; an editor's concertation
    must cover territories within theirs."""
    user = caller(request)
    refuse(policy.can_create_concertation(user))
    base = services.ConcertationData(name=payload.name, kind=payload.kind, level=payload.level)
    data = _data(request, payload.model_dump(exclude_unset=True), base)
    refuse(policy.can_place_concertation(user, {t.pk for t in data.territories}))
    concertation = services.concertation_create(data=data, acting_user=user)
    return Status(201, _detail(selectors.concertation_get(concertation.pk)))


@router.patch(
    "/concertations/{int:pk}",
    response={
        200: ConcertationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: InvalidOut,
        422: InvalidOut,
    },
    auth=required_key,
    url_name="concertation_update",
)
def concertation_update(request: HttpRequest, pk: int, payload: ConcertationPatch) -> dict[str, Any]:
    """Change a concertation: send only the fields that change, with the `version` you read. Needs the
    right to edit it; a new coverage must lie within the caller's territories."""
    user = caller(request)
    concertation = _get(request, pk)
    refuse(policy.can_edit_concertation(user, concertation))
    current = services.ConcertationData(
        name=concertation.name,
        kind=concertation.kind,
        level=concertation.level,
        acronym=concertation.acronym,
        mission=concertation.mission,
        parent=concertation.parent,
        coordinating_organization=concertation.coordinating_organization,
        start=concertation.start,
        end=concertation.end,
        meeting_frequency=concertation.meeting_frequency,
        is_public=concertation.is_public,
        territories=list(concertation.territories.all()),
        themes=list(concertation.themes.all()),
        funders=list(concertation.funders.all()),
    )
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    data = _data(request, values, current)
    if "territories" in values:
        refuse(policy.can_place_concertation(user, {t.pk for t in data.territories}))
    services.concertation_update(
        concertation=concertation, data=data, acting_user=user, expected_version=payload.version
    )
    return _detail(selectors.concertation_get(pk))
