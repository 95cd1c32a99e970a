"""Memberships (holdings of seats) in the JSON API: who held which seat when, and the writes that start,
end and hand over a holding.

A holder is named only when the policy allows it: the person consented to appear publicly, or the
caller sees the concertation's private information. Otherwise `person` is null and `holder_hidden` is
true. Notes are never shown here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from arrimage.access import policy
from arrimage.actors.models import Person
from arrimage.concertation import services
from arrimage.concertation.models import (
    Concertation,
    EndReason,
    Membership,
    MembershipQuerySet,
    Role,
    Seat,
    SeatType,
)
from arrimage.core.services import locked_for_update
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key, required_key
from .common import (
    DAY_PATTERN,
    PARTIAL_DATE_DESCRIPTION,
    PARTIAL_DATE_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    RecordNumber,
    Reference,
    caller,
    not_found,
    organization_from,
    paginate,
    parse_day,
    parse_partial,
    person_from,
    refuse,
    signed_in,
)
from .concertations import PersonRef, holder_out

router = Router(tags=["memberships"])


class SeatRef(Schema):
    id: int
    label: str
    seat_type: SeatType


class MembershipOut(Schema):
    id: int
    concertation: Reference
    seat: SeatRef
    person: PersonRef | None = Field(description="The person holding the seat, when the caller may know who.")
    holder_hidden: bool = Field(description="True when a person holds the seat but their identity is private.")
    organization: Reference | None = Field(description="The organisation holding the seat or sat for.")
    role: Role
    start: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(description=PARTIAL_DATE_DESCRIPTION)
    end_reason: EndReason | None
    version: int = Field(description="Send it back with a change: a change based on an older version is refused.")


class MembershipPage(PageOut):
    results: list[MembershipOut]


class MembershipFilters(PageParams):
    on: str | None = Field(
        None, pattern=DAY_PATTERN, description="Only the holdings that cover this day (`YYYY-MM-DD`)."
    )
    concertation: RecordNumber | None = Field(None, description="Only the holdings of this concertation's seats.")
    organization: RecordNumber | None = Field(
        None, description="Only the holdings by or on behalf of this organisation."
    )
    person: RecordNumber | None = Field(
        None, description="Only this person's holdings; for callers allowed to see the person (with an API key)."
    )


class _Privacy:
    """Whether the caller sees each concertation's private information, worked out once per concertation."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.seen: dict[int, bool] = {}

    def __call__(self, concertation: Concertation) -> bool:
        if concertation.pk not in self.seen:
            self.seen[concertation.pk] = policy.can_view_concertation_private(self.user, concertation)
        return self.seen[concertation.pk]


def _out(membership: Membership, *, private: bool) -> dict[str, Any]:
    seat = membership.seat
    holder = holder_out(
        membership_id=membership.pk,
        person=membership.person,
        hidden=False,
        organization=membership.organization,
        role=membership.role,
        start=membership.start,
        end=membership.end,
        private=private,
    )
    del holder["membership"]
    return {
        "id": membership.pk,
        "concertation": {"id": seat.concertation.pk, "name": seat.concertation.name},
        "seat": {"id": seat.pk, "label": seat.label, "seat_type": seat.seat_type},
        **holder,
        "end_reason": membership.end_reason or None,
        "version": membership.version,
    }


def _loaded(queryset: MembershipQuerySet) -> MembershipQuerySet:
    """With what the output and the policy need, in a fixed number of queries."""
    return queryset.select_related("seat__concertation", "person", "organization").prefetch_related(
        Prefetch("seat__concertation__territories", queryset=Territory.objects.only("pk"))
    )


@router.get(
    "/memberships",
    response={200: MembershipPage, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="membership_list",
)
def membership_list(request: HttpRequest, filters: Query[MembershipFilters]) -> dict[str, Any]:
    """Holdings of seats at the concertations the caller may see, by concertation and seat, newest first:
    all of them, or with `on` those that cover that day (the holders on a date)."""
    user = caller(request)
    queryset = Membership.objects.filter(
        seat__concertation__in=policy.visible_concertations(user, Concertation.objects.all()).values("pk")
    )
    if filters.person is not None:
        signed_in(request)
        person = Person.objects.filter(pk=filters.person).first()
        refuse(person is not None and policy.can_view_person(user, person))
        queryset = queryset.filter(person_id=filters.person)
    on = parse_day(filters.on, "on")
    if on is not None:
        queryset = queryset.current(on)
    if filters.concertation is not None:
        queryset = queryset.filter(seat__concertation_id=filters.concertation)
    if filters.organization is not None:
        queryset = queryset.filter(organization_id=filters.organization)
    queryset = _loaded(queryset).order_by(
        "seat__concertation__name", "seat__concertation_id", "seat__order", "seat__label", "-start_date", "pk"
    )
    private = _Privacy(user)
    return paginate(
        request, queryset, filters, lambda rows: [_out(m, private=private(m.seat.concertation)) for m in rows]
    )


# Writes ------------------------------------------------------------------------------------------


class MembershipIn(Schema):
    seat: RecordNumber = Field(description="Number of the seat (`/concertations/{id}/seats`).")
    person: RecordNumber | None = Field(None, description="Number of the person holding the seat.")
    organization: RecordNumber | None = Field(
        None, description="Number of the organisation holding the seat or sat for."
    )
    role: Role = Role.MEMBER
    start: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(
        None, pattern=PARTIAL_DATE_PATTERN, description=f"For a past holding. {PARTIAL_DATE_DESCRIPTION}"
    )
    end_reason: EndReason | None = Field(None, description="Why a past holding ended.")
    notes: str = Field("", max_length=5000, description="Private notes.")


class MembershipEndIn(Schema):
    end: str = Field(pattern=PARTIAL_DATE_PATTERN, description=f"Last day of the holding. {PARTIAL_DATE_DESCRIPTION}")
    reason: EndReason = Field(EndReason.MANDATE_OVER, description="Why the holding ended.")
    version: int | None = Field(None, description="The `version` read before the change.")


class MembershipReplaceIn(Schema):
    on: str = Field(
        pattern=PARTIAL_DATE_PATTERN, description=f"First day of the new holder. {PARTIAL_DATE_DESCRIPTION}"
    )
    person: RecordNumber | None = Field(None, description="Number of the new holder.")
    organization: RecordNumber | None = Field(None, description="Number of the organisation the new holder sits for.")
    role: Role = Role.MEMBER
    version: int | None = Field(None, description="The `version` of the current holding read before the change.")


def _editable_seat(request: HttpRequest, pk: int) -> Seat:
    seat = Seat.objects.select_related("concertation").filter(pk=pk).first()
    if seat is None or not policy.can_view_concertation(caller(request), seat.concertation):
        raise ValidationError({"seat": _("No seat has the number %(id)s.") % {"id": pk}})
    refuse(policy.can_edit_concertation(caller(request), seat.concertation))
    return seat


def _editable_membership(request: HttpRequest, pk: int) -> Membership:
    membership = Membership.objects.select_related("seat__concertation").filter(pk=pk).first()
    if membership is None or not policy.can_view_concertation(caller(request), membership.seat.concertation):
        raise not_found(_("No membership has the number %(id)s.") % {"id": pk})
    refuse(policy.can_edit_concertation(caller(request), membership.seat.concertation))
    return membership


def _answer(request: HttpRequest, pk: int) -> dict[str, Any]:
    membership = _loaded(Membership.objects.filter(pk=pk)).get()
    return _out(membership, private=policy.can_view_concertation_private(caller(request), membership.seat.concertation))


@router.post(
    "/memberships",
    response={201: MembershipOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="membership_start",
)
def membership_start(request: HttpRequest, payload: MembershipIn) -> Status[dict[str, Any]]:
    """Record that a person (on behalf of an organisation) or an organisation holds a seat from `start`;
    a past holding can be recorded with its `end` and `end_reason`. Needs the right to edit the
    concertation."""
    seat = _editable_seat(request, payload.seat)
    membership = services.membership_start(
        seat=seat,
        person=person_from(payload.person, "person"),
        organization=organization_from(payload.organization, "organization"),
        role=payload.role,
        start=parse_partial(payload.start, "start"),
        end=parse_partial(payload.end, "end"),
        end_reason=payload.end_reason or "",
        notes=payload.notes,
        acting_user=caller(request),
    )
    return Status(201, _answer(request, membership.pk))


@router.post(
    "/memberships/{int:pk}/end",
    response={200: MembershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: InvalidOut, 422: InvalidOut},
    auth=required_key,
    url_name="membership_end",
)
def membership_end(request: HttpRequest, pk: int, payload: MembershipEndIn) -> dict[str, Any]:
    """Record that a holding ended, and why. Needs the right to edit the concertation."""
    membership = _editable_membership(request, pk)
    services.membership_end(
        membership=membership,
        end=parse_partial(payload.end, "end"),  # type: ignore[arg-type]  # required by the schema
        reason=payload.reason,
        acting_user=caller(request),
        expected_version=payload.version,
    )
    return _answer(request, pk)


@router.post(
    "/memberships/{int:pk}/replace",
    response={201: MembershipOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: InvalidOut, 422: InvalidOut},
    auth=required_key,
    url_name="membership_replace",
)
def membership_replace(request: HttpRequest, pk: int, payload: MembershipReplaceIn) -> Status[dict[str, Any]]:
    """Hand a seat over on `on`: the holding ends (« replaced ») the day before, or within the same month
    or year when only that is known, and the new holder starts on `on`. Answers with the new holding."""
    membership = _editable_membership(request, pk)
    on = parse_partial(payload.on, "on")
    person = person_from(payload.person, "person")
    organization = organization_from(payload.organization, "organization")
    with transaction.atomic():
        locked_for_update(membership, expected_version=payload.version)
        new = services.membership_replace(
            membership=membership,
            on=on,  # type: ignore[arg-type]  # required by the schema
            person=person,
            organization=organization,
            role=payload.role,
            acting_user=caller(request),
        )
    return Status(201, _answer(request, new.pk))
