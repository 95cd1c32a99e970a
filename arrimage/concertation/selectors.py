"""Reads of concertations, seats and memberships, in the domain's words.

Each page-level selector runs a fixed number of queries whatever the number of seats, holders or
territories involved; tests assert the counts. Holders' identities are hidden here, not in templates:
a selector asked for the public view never returns a private person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from arrimage.actors.models import Organization, Person
from arrimage.actors.selectors import CURRENT_FIRST
from arrimage.core.dates import PartialDate
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import Concertation, ConcertationQuerySet, Membership, Seat, SeatType, Theme


def concertation_get(pk: int) -> Concertation:
    """One concertation with what its page shows around it, in three queries. Http404 when unknown."""
    concertation = (
        Concertation.objects.select_related("coordinating_organization", "parent")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.without_geometry().order_by("kind", "name")),
            "themes",
            "funders",
            Prefetch("children", queryset=Concertation.objects.order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )
    if concertation is None:
        raise Http404(pk)
    return concertation


@dataclass(frozen=True)
class Holding:
    """One holding of a seat, as a page may show it."""

    membership_id: int
    person: Person | None  # None when the holder is an organisation alone, or when the person is hidden
    organization: Organization | None
    role: str
    role_label: str
    start: PartialDate | None
    end: PartialDate | None
    end_reason_label: str
    hidden: bool  # a person holds it, but this viewer may not see who

    @property
    def days(self) -> int | None:
        if self.start is None:
            return None
        end = self.end.last_day() if self.end else timezone.localdate()
        return max(0, (end - self.start.first_day()).days)


@dataclass(frozen=True)
class Vacancy:
    """Days a seat had no holder: from `start` to `end`, both included."""

    start: dt.date
    end: dt.date | None  # None: still vacant
    as_of: dt.date | None = None  # the day a vacancy still running is counted to (today when not given)

    @property
    def days(self) -> int:
        """How many days the seat was vacant, counting the first and the last."""
        last = self.end or self.as_of or timezone.localdate()
        return max(0, (last - self.start).days + 1)


@dataclass
class SeatState:
    """A seat on a given date: who holds it then, since when or how long it has been vacant, and its
    whole succession of holders with the vacancies between them."""

    seat: Seat
    holders: list[Holding]  # usually one; two only around a handover known to the month or year
    vacant_since: dt.date | None
    succession: list[Holding] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)

    @property
    def is_vacant(self) -> bool:
        return not self.holders

    @property
    def is_citizen(self) -> bool:
        return self.seat.is_citizen

    @property
    def turnover(self) -> int:
        """How many times the seat changed hands."""
        return max(0, len(self.succession) - 1)

    @property
    def vacant_days(self) -> int:
        return sum(vacancy.days for vacancy in self.vacancies)


def _holding(membership: Membership, *, private_view: bool) -> Holding:
    person = membership.person
    hidden = person is not None and not (private_view or person.public_consent)
    return Holding(
        membership_id=membership.pk,
        person=None if hidden else person,
        organization=membership.organization,
        role=membership.role,
        role_label=membership.get_role_display(),
        start=membership.start,
        end=membership.end,
        end_reason_label=membership.get_end_reason_display() if membership.end_reason else "",
        hidden=hidden,
    )


def seat_states(memberships: list[Membership], seat: Seat, *, on: dt.date, private_view: bool) -> SeatState:
    """The state of `seat` on `on`, from its memberships (oldest first). Pure: no query."""
    ordered = sorted(memberships, key=lambda m: (m.start_date or dt.date.min, m.pk))
    holders = [_holding(m, private_view=private_view) for m in ordered if m.is_current(on)]
    succession = [_holding(m, private_view=private_view) for m in ordered if m.start_date is None or m.start_date <= on]
    vacancies: list[Vacancy] = []
    cursor = seat.created_on
    for membership in ordered:
        if membership.start_date is not None and membership.start_date > on:
            break
        if cursor is not None and membership.start_date is not None and membership.start_date > cursor:
            vacancies.append(Vacancy(cursor, membership.start_date - dt.timedelta(days=1)))
        if membership.end_date is None:
            cursor = None
            break
        next_day = membership.end_date + dt.timedelta(days=1)
        cursor = next_day if cursor is None else max(cursor, next_day)
    vacant_since = None
    if not holders and cursor is not None and cursor <= on:
        # Still vacant on `on`: what happens after that day is not part of the state on that day.
        vacancies.append(Vacancy(cursor, None, as_of=on))
        vacant_since = cursor
    elif not holders and not ordered:
        vacant_since = seat.created_on
    return SeatState(seat=seat, holders=holders, vacant_since=vacant_since, succession=succession, vacancies=vacancies)


def concertation_seats(concertation: Concertation, *, on: dt.date | None = None, private_view: bool) -> list[SeatState]:
    """Every seat of the concertation that exists on `on` (today by default), with its holders then and
    its history up to then. Two queries, whatever the number of seats and holders."""
    on = on or timezone.localdate()
    seats = list(Seat.objects.filter(concertation=concertation).open_on(on).order_by("order", "label", "pk"))
    by_seat: dict[int, list[Membership]] = {seat.pk: [] for seat in seats}
    # No ordering in SQL (the default one joins the seat and the concertation): `seat_states` sorts.
    memberships = Membership.objects.filter(seat__in=seats).select_related("person", "organization").order_by()
    for membership in memberships:
        by_seat[membership.seat_id].append(membership)
    return [seat_states(by_seat[seat.pk], seat, on=on, private_view=private_view) for seat in seats]


@dataclass(frozen=True)
class SeatSummary:
    seats: int
    held: int
    vacant: int
    citizen_seats: int
    citizen_held: int
    voting: int


def seat_summary(states: list[SeatState]) -> SeatSummary:
    """Counts for the top of a concertation page. Pure."""
    citizen = [s for s in states if s.is_citizen]
    return SeatSummary(
        seats=len(states),
        held=sum(1 for s in states if not s.is_vacant),
        vacant=sum(1 for s in states if s.is_vacant),
        citizen_seats=len(citizen),
        citizen_held=sum(1 for s in citizen if not s.is_vacant),
        voting=sum(1 for s in states if s.seat.is_voting),
    )


# Lists --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcertationFilters:
    query: str = ""
    territory: Territory | None = None
    theme: Theme | None = None
    kind: str = ""
    level: str = ""
    include_ended: bool = False


def concertation_list(
    filters: ConcertationFilters, *, base: ConcertationQuerySet | None = None
) -> QuerySet[Concertation]:
    """Concertations matching the filters, with their themes, coordinating organisation and seat count.

    `territory` includes everything inside it: a région's list shows the tables of its MRCs and
    municipalities. Ordered by name. A fixed number of queries per page of results.
    """
    queryset = base if base is not None else Concertation.objects.all()
    if filters.query:
        queryset = queryset.matching(filters.query)
    if filters.territory is not None and filters.territory.kind != "province":
        queryset = queryset.filter(territories__in=territory_ids_within({filters.territory.pk}))
    if filters.theme is not None:
        queryset = queryset.filter(themes=filters.theme)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if not filters.include_ended:
        queryset = queryset.active(timezone.localdate())
    ids = queryset.values("pk")
    return (
        Concertation.objects.filter(pk__in=ids)
        .select_related("coordinating_organization")
        .prefetch_related("themes")
        # A correlated count, computed for the rows of the page only, not a join grouped over every seat.
        .annotate(seat_count=_open_seat_count())
        .order_by("name", "pk")
    )


def _open_seat_count() -> Coalesce:
    seats = (
        Seat.objects.filter(concertation=OuterRef("pk"), abolished_on__isnull=True)
        .order_by()
        .values("concertation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(seats, output_field=IntegerField()), 0)


def themes_all() -> QuerySet[Theme]:
    return Theme.objects.order_by("name_fr")


def memberships_on(on: dt.date, *, concertation: Concertation | None = None) -> QuerySet[Membership]:
    """Holdings that cover the day `on`, with their seat, concertation, person and organisation."""
    queryset = Membership.objects.current(on).select_related("seat__concertation", "person", "organization")
    if concertation is not None:
        queryset = queryset.filter(seat__concertation=concertation)
    return queryset.order_by("seat__concertation__name", "seat__order", "seat__label", "pk")


def citizen_seat_types() -> set[str]:
    return SeatType.citizen_types()


def person_concertation_ids(person: Person) -> set[int]:
    return set(Membership.objects.filter(person=person).values_list("seat__concertation_id", flat=True))


_UNSHOWN_COLUMNS = (
    "notes",
    "created_at",
    "updated_at",
    "seat__created_at",
    "seat__updated_at",
    "seat__concertation__mission",
    "seat__concertation__search_key",
    "seat__concertation__search_stems",
    "seat__concertation__created_at",
    "seat__concertation__updated_at",
    "person__notes",
    "person__search_key",
    "person__search_stems",
    "person__created_at",
    "person__updated_at",
)


def organization_memberships(organization: Organization) -> list[Membership]:
    """Every seat the organisation holds or held (directly or through its people), newest first."""
    return list(
        Membership.objects.filter(organization=organization)
        .select_related("seat__concertation", "person")
        # Long texts and bookkeeping columns the page never shows, read for hundreds of rows otherwise.
        .defer(*_UNSHOWN_COLUMNS)
        .order_by(CURRENT_FIRST, "-start_date", "pk")
    )


def person_memberships(person: Person) -> list[Membership]:
    return list(
        Membership.objects.filter(person=person)
        .select_related("seat__concertation", "organization")
        .order_by(CURRENT_FIRST, "-start_date", "pk")
    )


def concertations_coordinated_by(organization: Organization) -> list[Concertation]:
    return list(Concertation.objects.filter(coordinating_organization=organization).order_by("name"))


def as_of_date(value: Any) -> dt.date:
    """The date of an « as of » selector, today when absent or unreadable."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return timezone.localdate()
