"""The « What changed » section of a territory's « Concertation » page: the concertation bodies that began
or ended between an earlier date (`depuis`) and the page's date, the seats created or abolished, and the
seats whose holders changed.

Both dates are seen as the visitor may see them (`visible_snapshot`; the page's own analysis gives the
later one), so a private body is neither named nor counted for those outside it, and `compare` does the
work; this module only names what it found. Without `depuis` the
section shows its form and computes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from arrimage.analysis.comparison import Comparison, Holder, compare
from arrimage.analysis.inputs import Snapshot
from arrimage.analysis.results import Results, visible_snapshot
from arrimage.concertation.models import Seat
from arrimage.core.dates import long_date
from arrimage.territories.models import Territory

from ..forms_filters import AsOfForm

# The page's module imports this one: its helpers are read from the module when the section is built.
from .analysis_names import Named, level_label, people_by_id, url_maker

# The earliest and latest days a date field of this page accepts (as in `AsOfForm`).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class ComparisonForm(forms.Form):
    """The earlier date the page's date is compared with, from `?depuis=YYYY-MM-DD`; it may not come after
    the page's date."""

    depuis = forms.DateField(
        label=_("Compare with"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages=AsOfForm.base_fields["date"].error_messages,
    )

    def __init__(self, *args: Any, until: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.until = until
        self.fields["depuis"].widget.attrs.update({"min": FIRST_DAY.isoformat(), "max": until.isoformat()})
        self.fields["depuis"].help_text = _("A date before the one shown on this page.")

    def clean_depuis(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("depuis")
        if value is None:
            return None
        if not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(_("Choose a date between 1900 and 2100."))
        if value > self.until:
            raise forms.ValidationError(
                _("Choose a date on or before %(day)s, the date shown on this page.") % {"day": long_date(self.until)}
            )
        return value

    @property
    def since(self) -> dt.date | None:
        """The date to compare with, or None when none was given or it is wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("depuis")
        return None


@dataclass(frozen=True)
class HolderShown:
    """One holder of a seat as the page shows it: `person` is None when there is no person or when the
    visitor may not see them (then `protected` is True)."""

    person: Named | None
    protected: bool
    organization: Named | None


@dataclass(frozen=True)
class BodyShown:
    """A concertation body that began or ended, with its level and the day it began or ended."""

    concertation: Named
    level: str
    day: dt.date | None


@dataclass(frozen=True)
class SeatShown:
    id: int
    label: str
    concertation: Named


def comparison_context(request: HttpRequest, territory: Territory, results: Results) -> dict[str, Any]:
    """The form of the « What changed » section and, when it gives an earlier date, the comparison with
    the page's date (the date of `results`, the page's analysis)."""
    form = ComparisonForm(request.GET if "depuis" in request.GET else None, until=results.snapshot.on)
    since = form.since
    return {
        "comparison_form": form,
        "comparison": comparison_named(request.user, territory, since, results.snapshot) if since else None,
    }


def comparison_named(user: Any, territory: Territory, since: dt.date, after: Snapshot) -> dict[str, Any]:
    """What changed in `territory` between `since` and the date of `after` (the page's snapshot, as `user`
    may see it), with everything named: the snapshot of `since` as `user` may see it, then one query for
    the seats' labels and one for the people."""
    before = visible_snapshot(user, territory, on=since)
    until = after.on
    result = compare(before, after)

    concertation_url = url_maker("registry:concertation_detail")
    organization_url = url_maker("registry:organization_detail")
    concertations = {
        c.id: Named(c.id, c.name, concertation_url(c.id)) for s in (before, after) for c in s.concertations
    }
    organizations = {
        o.id: Named(o.id, o.name, organization_url(o.id)) for s in (before, after) for o in s.organizations
    }
    seat_of = {seat.id: seat.concertation_id for s in (before, after) for seat in s.seats}
    seat_ids = {*result.new_seats, *result.abolished_seats, *(c.seat_id for c in result.holder_changes)}
    labels = dict(Seat.objects.filter(pk__in=seat_ids).values_list("pk", "label"))
    holders = [h for c in result.holder_changes for h in (*c.before, *c.after)]
    people = people_by_id(user, {person for person, _organization in holders if person is not None})

    def seat(seat_id: int) -> SeatShown:
        concertation_id = seat_of[seat_id]
        return SeatShown(seat_id, labels.get(seat_id, ""), concertations[concertation_id])

    def shown(group: Iterable[Holder]) -> list[HolderShown]:
        rows = [
            HolderShown(
                person=people.get(person) if person is not None else None,
                protected=person is not None and people.get(person) is None,
                organization=organizations.get(organization) if organization is not None else None,
            )
            for person, organization in group
        ]
        return sorted(
            rows, key=lambda h: (h.person.name if h.person else "", h.organization.name if h.organization else "")
        )

    infos = {c.id: c for s in (before, after) for c in s.concertations}

    def bodies(ids: Iterable[int], *, began: bool) -> list[BodyShown]:
        rows = [
            BodyShown(concertations[i], level_label(infos[i].level), infos[i].start if began else infos[i].end)
            for i in ids
        ]
        return sorted(rows, key=lambda b: (b.concertation.name, b.concertation.id))

    def seats(ids: Iterable[int]) -> list[SeatShown]:
        return sorted((seat(i) for i in ids), key=lambda s: (s.concertation.name, s.label, s.id))

    return {
        "result": result,
        "since": since,
        "until": until,
        "counts": _counts(result),
        "new_concertations": bodies(result.new_concertations, began=True),
        "ended_concertations": bodies(result.ended_concertations, began=False),
        "new_seats": seats(result.new_seats),
        "abolished_seats": seats(result.abolished_seats),
        "holder_changes": sorted(
            (
                {"seat": seat(c.seat_id), "before": shown(c.before), "after": shown(c.after)}
                for c in result.holder_changes
            ),
            key=lambda row: (row["seat"].concertation.name, row["seat"].label, row["seat"].id),
        ),
    }


def _counts(result: Comparison) -> list[dict[str, Any]]:
    """The rows of the table of counts: what it counts, on the first date, on the second, and the difference."""
    return [
        {
            "label": _("Concertation bodies active"),
            "before": result.concertations_before,
            "after": result.concertations_after,
            "difference": result.concertations_after - result.concertations_before,
        },
        {
            "label": _("Seats open"),
            "before": result.seats_before,
            "after": result.seats_after,
            "difference": result.seats_after - result.seats_before,
        },
    ]
