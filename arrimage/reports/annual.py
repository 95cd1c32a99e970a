"""The annual report of a concertation: who sat on it during the year, the arrivals, departures and
vacancies of that year, the progress of the plans it owns and what each organisation committed to them and
delivered. People are named as the concertation's page names them (see `concertation_seats`).

The platform does not record meetings yet: the report says so rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.concertation.selectors import Holding, seat_states
from arrimage.plans.models import Contribution, ContributionUnit, Plan, contribution_unit
from arrimage.registry.views.concertations import HolderView, holder_view

from .selectors import PlanRow, plans_with_progress

FIRST_YEAR = 1900


class YearForm(forms.Form):
    """The year of the report, from `?annee=YYYY`: the last complete year when none is given."""

    annee = forms.IntegerField(
        label=_("Year"),
        required=False,
        error_messages={"invalid": _("Write the year with four digits, for example 2025.")},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["annee"].widget.attrs.update({"min": FIRST_YEAR, "max": today.year, "inputmode": "numeric"})

    def clean_annee(self) -> int | None:
        value: int | None = self.cleaned_data.get("annee")
        if value is not None and not FIRST_YEAR <= value <= self.today.year:
            raise forms.ValidationError(
                _("Choose a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": self.today.year}
            )
        return value

    @property
    def year(self) -> int:
        """The year asked for, or the last complete year when none (or a wrong one) is given."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("annee"):
            return int(self.cleaned_data["annee"])
        return self.today.year - 1


@dataclass(frozen=True)
class SeatYear:
    """A seat during the year: who held it, who arrived and left, and how long it stood vacant."""

    seat: Seat
    holders: list[HolderView]
    arrivals: list[HolderView]
    departures: list[HolderView]
    vacant_days: int
    vacant_at_end: bool


@dataclass(frozen=True)
class Amounts:
    """What an organisation committed and delivered, dollars and hours apart."""

    committed_dollars: Decimal = Decimal(0)
    delivered_dollars: Decimal = Decimal(0)
    committed_hours: Decimal = Decimal(0)
    delivered_hours: Decimal = Decimal(0)

    def plus(self, contribution: Contribution, *, until: dt.date) -> Amounts:
        committed = contribution.committed or Decimal(0)
        delivered = contribution.delivered or Decimal(0)
        if contribution.committed_on is not None and contribution.committed_on > until:
            committed = Decimal(0)
        if contribution.delivered_on is not None and contribution.delivered_on > until:
            delivered = Decimal(0)
        if contribution_unit(contribution.kind) == ContributionUnit.HOURS:
            return Amounts(
                self.committed_dollars,
                self.delivered_dollars,
                self.committed_hours + committed,
                self.delivered_hours + delivered,
            )
        return Amounts(
            self.committed_dollars + committed,
            self.delivered_dollars + delivered,
            self.committed_hours,
            self.delivered_hours,
        )


@dataclass(frozen=True)
class OrganizationAmounts:
    organization: Organization
    amounts: Amounts


@dataclass
class AnnualReport:
    concertation: Concertation
    year: int
    start: dt.date
    end: dt.date
    private_view: bool
    seats: list[SeatYear] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    contributions: list[OrganizationAmounts] = field(default_factory=list)
    total: Amounts = Amounts()

    @property
    def has_members(self) -> bool:
        return any(seat.holders for seat in self.seats)

    @property
    def arrivals(self) -> int:
        return sum(len(seat.arrivals) for seat in self.seats)

    @property
    def departures(self) -> int:
        return sum(len(seat.departures) for seat in self.seats)

    @property
    def vacancies(self) -> int:
        """Seats that stood vacant at least one day of the year."""
        return sum(1 for seat in self.seats if seat.vacant_days)

    @property
    def vacant_at_end(self) -> int:
        return sum(1 for seat in self.seats if seat.vacant_at_end)


def _in_year(first: dt.date | None, last: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return (first is None or first <= end) and (last is None or last >= start)


def _seat_year(
    memberships: list[Membership], seat: Seat, *, start: dt.date, end: dt.date, private_view: bool
) -> SeatYear:
    last_day = min(end, seat.abolished_on - dt.timedelta(days=1)) if seat.abolished_on else end
    state = seat_states(memberships, seat, on=last_day, private_view=private_view)

    def bounds(holding: Holding) -> tuple[dt.date | None, dt.date | None]:
        return (holding.start.first_day() if holding.start else None, holding.end.last_day() if holding.end else None)

    holdings = [h for h in state.succession if _in_year(*bounds(h), start, end)]
    arrivals = [h for h in holdings if (first := bounds(h)[0]) is not None and start <= first <= end]
    departures = [h for h in holdings if (last := bounds(h)[1]) is not None and start <= last <= end]
    vacant_days = 0
    for vacancy in state.vacancies:
        last = min(vacancy.end or last_day, last_day)
        first = max(vacancy.start, start)
        if first <= last:
            vacant_days += (last - first).days + 1

    def view(holding: Holding) -> HolderView:
        return holder_view(holding, seat, current=False)

    return SeatYear(
        seat=seat,
        holders=[view(h) for h in holdings],
        arrivals=[view(h) for h in arrivals],
        departures=[view(h) for h in departures],
        vacant_days=vacant_days,
        vacant_at_end=state.is_vacant and last_day == end,
    )


def annual_report(user: Any, concertation: Concertation, *, year: int) -> AnnualReport:
    """The report of `concertation` for `year`, as `user` may see it. A fixed number of queries: the
    seats open during the year and their holders (two), the plans it owns with their progress and
    contributions (five)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    until = min(end, timezone.localdate())
    private_view = policy.can_view_concertation_private(user, concertation)
    # The seats open on at least one day of the year.
    seats = list(
        Seat.objects.filter(concertation=concertation)
        .filter(Q(created_on__isnull=True) | Q(created_on__lte=end))
        .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=start))
        .order_by("order", "label", "pk")
    )
    by_seat: dict[int, list[Membership]] = {seat.pk: [] for seat in seats}
    for membership in Membership.objects.filter(seat__in=seats).select_related("person", "organization").order_by():
        by_seat[membership.seat_id].append(membership)
    rows = [_seat_year(by_seat[seat.pk], seat, start=start, end=end, private_view=private_view) for seat in seats]
    organizations = {
        m.organization.pk: m.organization
        for seat in seats
        for m in by_seat[seat.pk]
        if m.organization is not None and _in_year(m.start_date, m.end_date, start, end)
    }
    plans = plans_with_progress(Plan.objects.filter(owner_concertation=concertation), user, on=until)
    per_organization: dict[int, Amounts] = defaultdict(Amounts)
    names: dict[int, Organization] = {}
    total = Amounts()
    for row in plans:
        for objective in row.plan.objectives.all():
            for action in objective.actions.all():
                for contribution in action.contributions.all():
                    per_organization[contribution.organization_id] = per_organization[
                        contribution.organization_id
                    ].plus(contribution, until=until)
                    total = total.plus(contribution, until=until)
                    names[contribution.organization_id] = contribution.organization
    return AnnualReport(
        concertation=concertation,
        year=year,
        start=start,
        end=end,
        private_view=private_view,
        seats=rows,
        organizations=sorted(organizations.values(), key=lambda o: (o.name, o.pk)),
        plans=plans,
        contributions=sorted(
            (OrganizationAmounts(names[ident], amounts) for ident, amounts in per_organization.items()),
            key=lambda row: (row.organization.name, row.organization.pk),
        ),
        total=total,
    )
