"""Positions (a person's jobs) in the JSON API: recorded and ended through the same services as the forms.

They are read with their person (`/people/{id}`): the public view lists the current positions of people
who consented to appear publicly, the full view all of them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from arrimage.access import policy
from arrimage.actors import services
from arrimage.actors.models import Person, Position, Profession

from .auth import required_key
from .common import (
    PARTIAL_DATE_DESCRIPTION,
    PARTIAL_DATE_PATTERN,
    ErrorOut,
    InvalidOut,
    RecordNumber,
    caller,
    not_found,
    organization_from,
    parse_partial,
    refuse,
)
from .people import PositionOut, position_output

router = Router(tags=["people"])


class PositionIn(Schema):
    organization: RecordNumber = Field(description="Number of the organisation (`/organizations`).")
    job_title: str = Field("", max_length=200)
    profession: Profession = Field(Profession.OTHER)
    start: str | None = Field(None, pattern=PARTIAL_DATE_PATTERN, description=PARTIAL_DATE_DESCRIPTION)
    end: str | None = Field(
        None, pattern=PARTIAL_DATE_PATTERN, description=f"{PARTIAL_DATE_DESCRIPTION} Only for a past job."
    )


class PositionEndIn(Schema):
    end: str = Field(pattern=PARTIAL_DATE_PATTERN, description=PARTIAL_DATE_DESCRIPTION)


def _person(user: Any, pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None or not (policy.can_view_person(user, person) or person.public_consent):
        # The same answer for an unknown person and a private one.
        raise not_found(_("No person has the number %(id)s, or this person's information is private.") % {"id": pk})
    return person


@router.post(
    "/people/{int:pk}/positions",
    response={201: PositionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="position_create",
)
def position_create(request: HttpRequest, pk: int, payload: PositionIn) -> Status[dict[str, Any]]:
    """Record that a person works (or worked) for an organisation. Needs the right to edit the person."""
    user = caller(request)
    person = _person(user, pk)
    refuse(policy.can_edit_person(user, person))
    organization = organization_from(payload.organization, "organization")
    position = services.position_start(
        person=person,
        organization=organization,  # type: ignore[arg-type]  # never None: the number is required
        profession=payload.profession,
        job_title=payload.job_title,
        start=parse_partial(payload.start, "start"),
        end=parse_partial(payload.end, "end"),
        acting_user=user,
    )
    return Status(201, position_output(position))


@router.post(
    "/positions/{int:pk}/end",
    response={200: PositionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    auth=required_key,
    url_name="position_end",
)
def position_end(request: HttpRequest, pk: int, payload: PositionEndIn) -> dict[str, Any]:
    """Record that a person left a job. Needs the right to edit the person."""
    user = caller(request)
    position = Position.objects.select_related("person", "organization").filter(pk=pk).first()
    if position is None or not (policy.can_view_person(user, position.person) or position.person.public_consent):
        raise not_found(_("No position has the number %(id)s.") % {"id": pk})
    refuse(policy.can_edit_person(user, position.person))
    end = parse_partial(payload.end, "end")
    if end is None:
        raise ValidationError({"end": _("Give the date the job ended.")})
    return position_output(services.position_end(position=position, end=end, acting_user=user))
