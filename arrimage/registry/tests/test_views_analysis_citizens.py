"""The citizen seats' table of the « Concertation » tab: the bodies whose seats wait longest first, and
at most `LIST_LIMIT` of them (the download lists them all)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from arrimage.analysis.participation import ConcertationCitizens, VacantSeat
from arrimage.registry.views import analysis

from .test_views_analysis import demo, get, rows, table

__all__ = ["demo"]  # fixture


def body(name: str, *since: dt.date | None, filled: int = 0) -> ConcertationCitizens:
    vacant = tuple(VacantSeat(n, 1, "citizen", day) for n, day in enumerate(since))
    return ConcertationCitizens(1, name, len(vacant) + filled, filled, vacant)


def test_the_bodies_whose_seats_wait_longest_come_first() -> None:
    bodies = [
        body("Comblé", filled=2),
        body("Récent", dt.date(2025, 6, 1)),
        body("Ancien", dt.date(2019, 1, 1)),
        body("Inconnu", None),
        body("Deux places", dt.date(2025, 6, 1), dt.date(2025, 6, 1)),
    ]
    ordered = [row.name for row in sorted(bodies, key=analysis._longest_vacant)]
    assert ordered == ["Inconnu", "Ancien", "Deux places", "Récent", "Comblé"]


@pytest.mark.django_db
def test_the_table_stops_at_the_limit_and_says_how_many_more(client, demo, monkeypatch) -> None:
    monkeypatch.setattr(analysis, "LIST_LIMIT", 1)
    html = get(client, "mrc:31")
    assert len(rows(html, "citizens-table")) == 1
    more = re.search(r"Et (\d+) autres? instances? avec des sièges citoyens", html)
    assert more and int(more.group(1)) >= 1
    total = re.search(r"<tfoot>(.*?)</tfoot>", table(html, "citizens-table"), re.S)
    assert total and re.findall(r'<td class="num">(\d+)</td>', total.group(1)) == ["6", "4", "2"]  # all bodies
