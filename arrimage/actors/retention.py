"""Retention of contact details: a person's email and telephone are kept only while they are useful.

Québec's Law 25 asks that personal information be kept no longer than its purpose needs. A person who has
held no seat, no job and accompanied no plan for `ARRIMAGE_RETENTION_YEARS` years (3 by default), and
whose record nobody changed in that time, no longer needs to be reached through Arrimage: their email and
telephone are emptied, on the record and in its history. Their name, positions and seats stay, so that
the history of the concertations stays true.

Holdings of seats and plan accompaniments belong to higher apps; they are read here through the person's
reverse relations (`memberships`, `accompaniments`), by name only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arrimage.core.audit import audited_save

from .models import Person

DEFAULT_RETENTION_YEARS = 3


def retention_years() -> int:
    return int(getattr(settings, "ARRIMAGE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def retention_cutoff(*, today: dt.date, years: int) -> dt.date:
    """The same day `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _active_since(relation: str, cutoff: dt.date) -> Q:
    """People with a row of `relation` still open or ended on or after `cutoff`."""
    return Q(**{f"{relation}__end_date__isnull": True}, **{f"{relation}__pk__isnull": False}) | Q(
        **{f"{relation}__end_date__gte": cutoff}
    )


def retention_due(*, today: dt.date, years: int) -> Any:
    """People whose contact details are due to be emptied: they have an email or a telephone, their record
    has not changed for `years` years, and they held no job, no seat and accompanied no plan since then."""
    cutoff = retention_cutoff(today=today, years=years)
    cutoff_moment = dt.datetime.combine(cutoff, dt.time.min, tzinfo=timezone.get_current_timezone())
    people = Person.objects.filter(~Q(email="") | ~Q(phone=""), updated_at__lt=cutoff_moment)
    for relation in ("positions", "memberships", "accompaniments"):
        active = Person.objects.filter(_active_since(relation, cutoff)).values("pk")
        people = people.exclude(pk__in=active)
    return people.order_by("pk")


@dataclass(frozen=True)
class RetentionReport:
    cutoff: dt.date
    years: int
    count: int
    applied: bool


def retention_apply(
    *, acting_user: Any = None, today: dt.date | None = None, years: int | None = None, dry_run: bool = False
) -> RetentionReport:
    """Empty the email and telephone of the people `retention_due` finds, each in an audited save
    (reason « retention »), and remove them from the record's earlier versions too. With `dry_run`,
    only count them."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    due = retention_due(today=today, years=years)
    cutoff = retention_cutoff(today=today, years=years)
    if dry_run:
        return RetentionReport(cutoff=cutoff, years=years, count=due.count(), applied=False)
    count = 0
    historical = Person.history.model
    for person in due.iterator(chunk_size=500):
        with transaction.atomic():
            person.email = ""
            person.phone = ""
            person.version += 1
            audited_save(person, acting_user=acting_user, reason=f"retention: inactive for {years} years")
            historical.objects.filter(id=person.pk).update(email="", phone="")
        count += 1
    return RetentionReport(cutoff=cutoff, years=years, count=count, applied=True)
