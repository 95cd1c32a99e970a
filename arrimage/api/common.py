"""What every registry endpoint shares: pages of results, partial dates, references to other records,
the caller, refusals and the shapes of errors."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Theme
from arrimage.core.dates import PartialDate
from arrimage.territories import selectors as territory_selectors
from arrimage.territories.models import Territory

from .errors import ErrorOut, InvalidOut

T = TypeVar("T")

__all__ = ["ErrorOut", "InvalidOut"]

TERRITORY_ID_PATTERN = r"^(province|region|mrc|municipality|borough|rss|custom):[A-Za-z0-9_-]+$"
# Years from 1000, months 01-12, days 01-31; a day that does not exist in its month (2021-02-30) is still a
# 422, on its field.
PARTIAL_DATE_PATTERN = r"^[1-9]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DAY_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
#: The number of a record (`id`): from 1 to what the database holds, so that a larger number is a 422 on its
#: parameter rather than an error of the database.
RecordNumber = Annotated[int, Field(ge=1, le=2**63 - 1)]
PARTIAL_DATE_DESCRIPTION = "A date known to the year (`2021`), the month (`2021-03`) or the day (`2021-03-15`)."


class Reference(Schema):
    id: int
    name: str


# Pages -------------------------------------------------------------------------------------------


MAX_PAGE_SIZE = 200


class PageParams(Schema):
    """The page asked for. A `page_size` above the maximum is refused (422) rather than cut silently, so
    that a caller never believes it has every result when it has not."""

    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1; a page past the end is empty.")
    page_size: int = Field(
        50, ge=1, le=MAX_PAGE_SIZE, description=f"Results per page, 50 by default, at most {MAX_PAGE_SIZE}."
    )


class PageOut(Schema):
    """One page of a list; a list's page schema adds `results`."""

    count: int = Field(description="How many results there are in all.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="Results per page.")
    pages: int = Field(description="How many pages there are (0 when there is no result).")
    next: str | None = Field(description="Address of the next page, with the same parameters; null on the last.")
    previous: str | None = Field(
        description="Address of the previous page, with the same parameters; null on the first."
    )


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    params: PageParams,
    convert: Callable[[list[Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """One page of `queryset` in the API's page shape, with links that keep the other parameters.

    `convert` turns the page's rows into output dictionaries all at once, so that it can load what the
    rows need in a fixed number of queries. A page past the end is empty.
    """
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size]) if start < count else []
    pages = math.ceil(count / params.page_size)

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(min(params.page - 1, pages)) if params.page > 1 and pages else None,
        "results": convert(rows),
    }


# Dates -------------------------------------------------------------------------------------------


def partial_start(row: Any) -> str | None:
    """A row's start date at its precision: `"2021"`, `"2021-03"` or `"2021-03-15"`."""
    start: PartialDate | None = row.start
    return start.isoformat() if start else None


def partial_end(row: Any) -> str | None:
    end: PartialDate | None = row.end
    return end.isoformat() if end else None


def partial_text(value: PartialDate | None) -> str | None:
    return value.isoformat() if value else None


def parse_partial(value: str | None, field: str) -> PartialDate | None:
    """Read a partial date sent by the caller; an impossible date is refused on its field."""
    if value is None or value == "":
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise ValidationError({field: _("This date does not exist.")}) from None


def parse_day(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: _("This date does not exist.")}) from None


# Caller and refusals -----------------------------------------------------------------------------


def caller(request: HttpRequest) -> Any:
    """The user behind the request (an anonymous user when there is none)."""
    return getattr(request, "auth", None)


def signed_in(request: HttpRequest) -> Any:
    user = caller(request)
    if user is None or not user.is_authenticated:
        raise AuthenticationError(
            401, _("This request needs an API key: send the header « Authorization: Bearer arr_… ».")
        )
    return user


def refuse(allowed: bool) -> None:
    """Raise the API's « forbidden » answer unless `allowed`."""
    if not allowed:
        raise HttpError(403, _("Your account is not allowed to do this. Ask an administrator for the role you need."))


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


# References sent by the caller -------------------------------------------------------------------


def territories_from(public_ids: Iterable[str], field: str) -> list[Territory]:
    territories = []
    for public_id in public_ids:
        try:
            territories.append(territory_selectors.territory_identity(public_id))
        except Http404:
            raise ValidationError(
                {field: _("No territory has the identifier « %(id)s ».") % {"id": public_id}}
            ) from None
    return territories


def territory_filter(public_id: str | None) -> Territory | None:
    """The territory of a `territory=` filter; an unknown one is a 422 on that parameter."""
    if not public_id:
        return None
    return territories_from([public_id], "territory")[0]


def organization_from(pk: int | None, field: str) -> Organization | None:
    if pk is None:
        return None
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise ValidationError({field: _("No organisation has the number %(id)s.") % {"id": pk}})
    return organization


def organizations_from(pks: Iterable[int], field: str) -> list[Organization]:
    wanted = list(dict.fromkeys(pks))
    found = {o.pk: o for o in Organization.objects.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({field: _("No organisation has the number %(id)s.") % {"id": missing[0]}})
    return [found[pk] for pk in wanted]


def person_from(pk: int | None, field: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("No person has the number %(id)s.") % {"id": pk}})
    return person


def concertation_from(pk: int | None, field: str) -> Concertation | None:
    if pk is None:
        return None
    concertation = Concertation.objects.filter(pk=pk).first()
    if concertation is None:
        raise ValidationError({field: _("No concertation has the number %(id)s.") % {"id": pk}})
    return concertation


def themes_from(slugs: Iterable[str], field: str) -> list[Theme]:
    wanted = list(dict.fromkeys(slugs))
    found = {t.slug: t for t in Theme.objects.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise ValidationError({field: _("No theme has the identifier « %(id)s ».") % {"id": missing[0]}})
    return [found[slug] for slug in wanted]
