"""The analysis of one territory as one visitor may see it: every section computed from the snapshot
reduced to the concertations the visitor may see.

Pages, exports and the API all read the analysis through `territory_results`, so they show the same
figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.core.memory import collection_paused
from arrimage.core.versions import registry_version
from arrimage.territories.models import Territory

from .coverage import Gap, Matrix, coverage_matrix, gaps
from .equity import Equity, equity
from .inputs import Snapshot
from .landscape import Landscape, landscape, summary_sentences
from .load import Load, solicitation
from .loading import snapshot
from .network import Network, network
from .overlaps import MINIMUM_SCORE, OverlapPair, ServiceOverlapPair, overlap_candidates, service_overlap_candidates
from .participation import CitizenParticipation, citizen_seats
from .selectors import complementary_pairs
from .turnover import Turnover, turnover


class Memory:
    """The results last computed in this process, the most recently used kept while they hold at most
    `rows` rows in all (memberships, seats, bodies, links and pairs: a province's results weigh hundreds
    of thousands, an MRC's a few thousand).

    Kept as objects, not pickled: a région's results hold tens of thousands of rows, which a pickling
    cache would rebuild on every read. The keys name the registry's data version, which lives in the
    database, so every process drops what a write changed. The results are read, never changed.
    """

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key][0]

    def set(self, key: str, value: Any, weight: int = 1) -> None:
        with self._lock:
            if key in self._items:
                self._held -= self._items.pop(key)[1]
            self._items[key] = (value, weight)
            self._held += weight
            while self._held > self.rows and len(self._items) > 1:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._held -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0


MEMORY_ROWS = 1_000_000
MEMORY = Memory(MEMORY_ROWS)


def _weight(results: Results) -> int:
    s = results.snapshot
    return (
        len(s.holdings)
        + len(s.seats)
        + len(s.concertations)
        + len(results.network.links)
        + len(results.overlaps)
        + len(results.service_overlaps)
    )


def forget() -> None:
    """Drop every result kept in this process (the tests start each case with none)."""
    MEMORY.clear()


@dataclass(frozen=True)
class Results:
    """Every section of the analysis of one territory, as of one date, for one visitor."""

    snapshot: Snapshot  # without the concertations the visitor may not see
    landscape: Landscape
    matrix: Matrix
    gaps: list[Gap]
    overlaps: list[OverlapPair]  # highest score first, without the pairs judged complementary
    service_overlaps: list[ServiceOverlapPair]  # highest score first
    load: Load
    network: Network
    turnover: Turnover
    citizens: CitizenParticipation
    equity: Equity
    summary: list[str]


def hidden_concertations(user: Any, s: Snapshot) -> frozenset[int]:
    """The ids of the concertations of the snapshot this user may not see (only private ones can be)."""
    return hidden_ids(user, [c.id for c in s.concertations if not c.is_public])


def without(s: Snapshot, hidden: frozenset[int]) -> Snapshot:
    """The snapshot without these concertations, their seats and their holdings: a private body is
    neither named nor counted for those outside it."""
    if not hidden:
        return s
    return dataclasses.replace(
        s,
        concertations=[c for c in s.concertations if c.id not in hidden],
        seats=[seat for seat in s.seats if seat.concertation_id not in hidden],
        holdings=[h for h in s.holdings if h.concertation_id not in hidden],
    )


def visible_snapshot(user: Any, territory: Territory, *, on: dt.date) -> Snapshot:
    """The snapshot of `territory` as of `on`, reduced to what `user` may see."""
    s = snapshot(territory, on=on)
    return without(s, hidden_concertations(user, s))


def territory_results(user: Any, territory: Territory, *, on: dt.date) -> Results:
    """Every section of the analysis of `territory` as of `on`, as `user` may see it.

    The results are kept in this process's memory under the registry's data version (see
    `arrimage.core.versions`), the territory, the date, the language (theme names and reasons are
    written in it) and the set of private concertations the user may not see: visitors who see the same
    concertations share one computation, and any write to the registry leaves every entry behind. The
    ids of the private concertations of the territory are kept alongside, so that a visitor whose
    results are cached costs two cache reads and, when signed in, one query for the policy.
    """
    store = MEMORY
    base = f"analysis:{registry_version()}:{territory.pk}:{on.isoformat()}:{get_language()}"
    s: Snapshot | None = None
    private: list[int] | None = store.get(f"{base}:private")
    if private is None:
        s = snapshot(territory, on=on)
        private = sorted(c.id for c in s.concertations if not c.is_public)
        store.set(f"{base}:private", private)
    hidden = hidden_ids(user, private)
    key = f"{base}:{hashlib.blake2b(repr(sorted(hidden)).encode(), digest_size=8).hexdigest()}"
    results: Results | None = store.get(key)
    if results is None:
        s = without(s if s is not None else snapshot(territory, on=on), hidden)
        results = compute(s, decisions=complementary_pairs(c.id for c in s.concertations))
        store.set(key, results, _weight(results))
    return results


def hidden_ids(user: Any, private: list[int]) -> frozenset[int]:
    """Among these private concertations, those the user may not see."""
    if not private:
        return frozenset()
    if not getattr(user, "is_authenticated", False):
        return frozenset(private)
    rows = Concertation.objects.filter(pk__in=private).prefetch_related("territories")
    return frozenset(c.pk for c in rows if not policy.can_view_concertation(user, c))


def compute(s: Snapshot, *, decisions: frozenset[frozenset[int]] = frozenset()) -> Results:
    """Every section of the analysis of the snapshot `s` (pairs less alike than `MINIMUM_SCORE` are not
    possible overlaps)."""
    with collection_paused():
        return _compute(s, decisions)


def _compute(s: Snapshot, decisions: frozenset[frozenset[int]]) -> Results:
    result = landscape(s)
    matrix = coverage_matrix(s)
    gap_list = gaps(s, matrix)
    citizens = citizen_seats(s)
    pairs = overlap_candidates(s, decisions=decisions, minimum=MINIMUM_SCORE)
    return Results(
        snapshot=s,
        landscape=result,
        matrix=matrix,
        gaps=gap_list,
        overlaps=pairs,
        service_overlaps=service_overlap_candidates(s),
        load=solicitation(s),
        network=network(s),
        turnover=turnover(s),
        citizens=citizens,
        equity=equity(s),
        summary=summary_sentences(s, result, gap_list, citizens, [pair.score for pair in pairs]),
    )
