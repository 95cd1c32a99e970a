"""Attendance at meetings, as the concertation's page and the territory's « Concertation » tab show it.

The figures come from `arrimage.analysis.attendance` (pure), fed by `arrimage.analysis.attendance_loading`
in one query per page. Who may not see the concertation's members sees its citizen seats only as counts
and rates, never seat by seat.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arrimage.analysis.attendance import NEVER_MINIMUM, participation, seats_and_meetings
from arrimage.analysis.attendance_loading import (
    actors_attendance,
    concertation_attendance,
    organization_names,
    territory_attendance,
)
from arrimage.analysis.results import Results
from arrimage.concertation.models import SeatType

from .analysis_names import Named, url_maker


def participation_context(concertation_id: int, *, on: dt.date, private_view: bool) -> dict[str, Any]:
    """The « Attendance at meetings » section of a concertation's page (one query)."""
    data = concertation_attendance(concertation_id, on=on)
    result = participation(data.rows, on=on, citizens_by_seat=private_view)
    organization_url = url_maker("registry:organization_detail")
    types = dict(SeatType.choices)
    return {
        "result": result,
        "seats": [
            {
                "label": data.seat_labels[seat.seat_id],
                "type": types.get(seat.seat_type, seat.seat_type),
                "tally": seat.tally,
            }
            for seat in result.seats
        ],
        "organizations": [
            {
                "organization": Named(
                    row.organization_id,
                    data.organization_names.get(row.organization_id, ""),
                    organization_url(row.organization_id),
                ),
                "tally": row.tally,
            }
            for row in result.organizations
        ],
        "never": sorted(data.seat_labels[seat_id] for seat_id in result.never_attended),
        "never_minimum": NEVER_MINIMUM,
        "citizens_by_seat": private_view,
    }


def load_context(results: Results, context: dict[str, Any], *, top: int) -> dict[str, Any]:
    """The tab's solicitation tables (`organizations_load`, `people_load` of `context`) with the meetings
    each organisation and person attended over the twelve months up to the day shown (one query)."""
    s = results.snapshot
    load = results.load
    organization_ids = [count.id for count in load.organizations[:top]]
    person_ids = [count.id for count in load.people[:top]]
    rows = actors_attendance(organization_ids=organization_ids, person_ids=person_ids, on=s.on)
    carried = seats_and_meetings(
        load, rows, on=s.on, concertation_ids=frozenset(c.id for c in s.concertations), top=top
    )
    return {
        "organizations_load": [
            {**row, "meetings": count.meetings}
            for row, count in zip(context["organizations_load"], carried.organizations, strict=True)
        ],
        "people_load": [
            {**row, "meetings": count.meetings}
            for row, count in zip(context["people_load"], carried.people, strict=True)
        ],
    }


def territory_participation_context(results: Results, *, top: int) -> dict[str, Any]:
    """The tab's « Attendance at meetings » section: per body, lowest rate first, and the organisations
    invited at least `NEVER_MINIMUM` times that came least (the first `top` of each; two queries).
    Citizen seats are counted only, never listed; a concertation the visitor may not see is not counted."""
    s = results.snapshot
    result = territory_attendance([c.id for c in s.concertations], on=s.on)
    names = {c.id: c.name for c in s.concertations}
    concertation_url = url_maker("registry:concertation_detail")
    organization_url = url_maker("registry:organization_detail")
    regular = [row for row in result.organizations if row.tally.invited >= NEVER_MINIMUM][:top]
    organizations = organization_names([row.organization_id for row in regular])
    return {
        "participation": {
            "result": result,
            "bodies": [
                {
                    "concertation": Named(
                        row.concertation_id, names.get(row.concertation_id, ""), concertation_url(row.concertation_id)
                    ),
                    "row": row,
                }
                for row in result.bodies[:top]
            ],
            "bodies_more": max(0, len(result.bodies) - top),
            "organizations": [
                {
                    "organization": Named(
                        row.organization_id,
                        organizations.get(row.organization_id, ""),
                        organization_url(row.organization_id),
                    ),
                    "tally": row.tally,
                }
                for row in regular
            ],
            "never_minimum": NEVER_MINIMUM,
        }
    }
