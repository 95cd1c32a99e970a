"""People in the JSON API.

A person's name, contact details and notes are personal information (Québec's Law 25). Anonymous
callers, and callers the policy does not allow to see a person, get the public view only: people who
consented to appear publicly, with their name, current positions and current seats at public
concertations; never an email, a telephone, notes or whether they sit as a citizen.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from arrimage.access import policy
from arrimage.actors import selectors, services
from arrimage.actors.models import Person, Position, Profession
from arrimage.concertation.models import Membership, Role, SeatType

from .auth import OPTIONAL_SECURITY, optional_key, required_key
from .common import (
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    Reference,
    caller,
    not_found,
    paginate,
    partial_end,
    partial_start,
    refuse,
)

router = Router(tags=["people"])


class PositionOut(Schema):
    id: int
    organization: Reference
    job_title: str
    profession: Profession
    start: str | None = Field(description="`2021`, `2021-03` or `2021-03-15`.")
    end: str | None = Field(description="`2021`, `2021-03` or `2021-03-15`; null while the job goes on.")


class SeatHeldOut(Schema):
    membership: int = Field(description="Number of the holding (`/memberships`).")
    concertation: Reference
    seat: int
    seat_label: str
    seat_type: SeatType
    role: Role
    organization: Reference | None = Field(description="The organisation the person sits for.")
    start: str | None
    end: str | None


class PersonPublicOut(Schema):
    id: int
    name: str
    given_name: str
    family_name: str
    positions: list[PositionOut] = Field(description="Current positions (all positions in the full view).")
    seats: list[SeatHeldOut] = Field(description="Seats held today at concertations the caller may see.")
    url: str


class PersonOut(PersonPublicOut):
    """The full view, for those allowed to see the person."""

    email: str
    phone: str
    is_citizen: bool
    public_consent: bool
    notes: str | None = Field(description="Private notes; null unless the caller may edit the person.")
    version: int = Field(description="Send it back with a change: a change based on an older version is refused.")


class PersonPage(PageOut):
    results: list[PersonPublicOut]


class PersonFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the name; accents and case are ignored.")


class PersonFields(Schema):
    given_name: str | None = Field(None, max_length=100)
    family_name: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    notes: str | None = Field(None, max_length=5000, description="Private notes.")
    is_citizen: bool | None = Field(None, description="Sits as a citizen rather than for an employer.")
    public_consent: bool | None = Field(
        None, description="Consents to appear publicly; without it, visitors never see the name."
    )


class PersonIn(PersonFields):
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)


class PersonPatch(PersonFields):
    version: int = Field(description="The `version` read before the change.")


def _reference(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": str(obj.name)} if obj is not None else None


def position_output(position: Position) -> dict[str, Any]:
    return {
        "id": position.pk,
        "organization": _reference(position.organization),
        "job_title": position.job_title,
        "profession": position.profession,
        "start": partial_start(position),
        "end": partial_end(position),
    }


def _seat(membership: Membership) -> dict[str, Any]:
    seat = membership.seat
    return {
        "membership": membership.pk,
        "concertation": _reference(seat.concertation),
        "seat": seat.pk,
        "seat_label": seat.label,
        "seat_type": seat.seat_type,
        "role": membership.role,
        "organization": _reference(membership.organization),
        "start": partial_start(membership),
        "end": partial_end(membership),
    }


def _public(person: Person, positions: list[Position], memberships: list[Membership]) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.full_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "positions": [position_output(p) for p in positions],
        "seats": [_seat(m) for m in memberships],
        "url": person.get_absolute_url(),
    }


def _current_public(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """People with their current positions and their current seats at public concertations, in two
    queries whatever their number."""
    today = timezone.localdate()
    return queryset.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.current(today).select_related("organization").order_by("-start_date", "pk"),
            to_attr="current_positions",
        ),
        Prefetch(
            "memberships",
            queryset=Membership.objects.current(today)
            .filter(seat__concertation__is_public=True)
            .select_related("seat__concertation", "organization")
            .order_by("seat__concertation__name", "pk"),
            to_attr="public_memberships",
        ),
    )


def _public_rows(rows: list[Person]) -> list[dict[str, Any]]:
    return [_public(p, p.current_positions, p.public_memberships) for p in rows]  # type: ignore[attr-defined]


@router.get(
    "/people",
    response={200: PersonPage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="person_list",
)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    """The public directory: people who consented to appear publicly, by name, with their current
    positions and seats. Nobody else is ever listed, whoever calls."""
    queryset = _current_public(selectors.person_search(filters.q).filter(public_consent=True))
    return paginate(request, queryset, filters, _public_rows)


def _full(user: Any, person: Person) -> dict[str, Any]:
    today = timezone.localdate()
    memberships = [
        m
        for m in Membership.objects.current(today)
        .filter(person=person)
        .select_related("seat__concertation", "organization")
        .order_by("seat__concertation__name", "pk")
        if policy.can_view_concertation(user, m.seat.concertation)
    ]
    return {
        **_public(person, selectors.person_positions(person), memberships),
        "email": person.email,
        "phone": person.phone,
        "is_citizen": person.is_citizen,
        "public_consent": person.public_consent,
        "notes": person.notes if policy.can_edit_person(user, person) else None,
        "version": person.version,
    }


def _hidden(pk: int) -> Exception:
    # The same answer for an unknown person and a private one: the API does not reveal who exists.
    return not_found(_("No person has the number %(id)s, or this person's information is private.") % {"id": pk})


@router.get(
    "/people/{int:pk}",
    response={200: PersonOut | PersonPublicOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="person_detail",
)
def person_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One person. Callers allowed to see the person (the person, administrators, and those who work with
    them on a concertation) get the full view with contact details; everyone else gets the public view,
    and only for a person who consented to appear publicly."""
    user = caller(request)
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise _hidden(pk)
    if policy.can_view_person(user, person):
        return _full(user, person)
    if not person.public_consent:
        raise _hidden(pk)
    return _public_rows(list(_current_public(Person.objects.filter(pk=pk))))[0]


def _data(values: dict[str, Any], base: services.PersonData) -> services.PersonData:
    changes = {name: (value if value is not None else getattr(base, name)) for name, value in values.items()}
    for name in ("email", "phone", "notes"):
        if name in values and values[name] is None:
            changes[name] = ""
    return dataclasses.replace(base, **changes)


@router.post(
    "/people",
    response={201: PersonOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="person_create",
)
def person_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Record a person. Needs an administrator, a territorial editor or a coordinator. The answer shows
    what was recorded, contact details included."""
    user = caller(request)
    refuse(policy.can_create_person(user))
    data = _data(payload.model_dump(exclude_unset=True), services.PersonData(given_name="", family_name=""))
    person = services.person_create(data=data, acting_user=user)
    return Status(201, {**_full(user, person), "notes": person.notes})


@router.patch(
    "/people/{int:pk}",
    response={200: PersonOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: InvalidOut, 422: InvalidOut},
    auth=required_key,
    url_name="person_update",
)
def person_update(request: HttpRequest, pk: int, payload: PersonPatch) -> dict[str, Any]:
    """Change a person: send only the fields that change, with the `version` you read. Needs the right
    to edit the person."""
    user = caller(request)
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise _hidden(pk)
    if not policy.can_edit_person(user, person):
        if not (policy.can_view_person(user, person) or person.public_consent):
            raise _hidden(pk)
        refuse(False)
    current = services.person_data(person)
    data = _data(payload.model_dump(exclude_unset=True, exclude={"version"}), current)
    updated = services.person_update(person=person, data=data, acting_user=user, expected_version=payload.version)
    return _full(user, updated)
