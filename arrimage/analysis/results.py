"""The analysis of one territory as one visitor may see it: every section computed from the snapshot
reduced to the concertations the visitor may see.

Pages, exports and the API all read the analysis through `territory_results`, so they show the same
figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.utils.translation import get_language

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.core.versions import registry_version
from arrimage.territories.models import Territory

from .coverage import Gap, Matrix, coverage_matrix, gaps
from .equity import Equity, equity
from .inputs import Snapshot
from .landscape import Landscape, landscape, summary_sentences
from .load import Load, solicitation
from .loading import snapshot
from .network import Network, network
from .overlaps import OverlapPair, overlap_candidates
from .participation import CitizenParticipation, citizen_seats
from .selectors import complementary_pairs
from .turnover import Turnover, turnover

CACHE = "analysis"  # the cache alias (settings.CACHES)
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Results:
    """Every section of the analysis of one territory, as of one date, for one visitor."""

    snapshot: Snapshot  # without the concertations the visitor may not see
    landscape: Landscape
    matrix: Matrix
    gaps: list[Gap]
    overlaps: list[OverlapPair]  # highest score first, without the pairs judged complementary
    load: Load
    network: Network
    turnover: Turnover
    citizens: CitizenParticipation
    equity: Equity
    summary: list[str]


def hidden_concertations(user: Any, s: Snapshot) -> frozenset[int]:
    """The ids of the concertations of the snapshot this user may not see (only private ones can be)."""
    return _hidden(user, [c.id for c in s.concertations if not c.is_public])


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

    The results are kept in the `analysis` cache under the registry's data version (see
    `arrimage.core.versions`), the territory, the date, the language (theme names and reasons are
    written in it) and the set of private concertations the user may not see: visitors who see the same
    concertations share one computation, and any write to the registry leaves every entry behind. The
    ids of the private concertations of the territory are kept alongside, so that a visitor whose
    results are cached costs two cache reads and, when signed in, one query for the policy.
    """
    store = caches[CACHE]
    base = f"analysis:{registry_version()}:{territory.pk}:{on.isoformat()}:{get_language()}"
    s: Snapshot | None = None
    private: list[int] | None = store.get(f"{base}:private")
    if private is None:
        s = snapshot(territory, on=on)
        private = sorted(c.id for c in s.concertations if not c.is_public)
        store.set(f"{base}:private", private, CACHE_SECONDS)
    hidden = _hidden(user, private)
    key = f"{base}:{hashlib.blake2b(repr(sorted(hidden)).encode(), digest_size=8).hexdigest()}"
    results: Results | None = store.get(key)
    if results is None:
        s = without(s if s is not None else snapshot(territory, on=on), hidden)
        results = compute(s, decisions=complementary_pairs(c.id for c in s.concertations))
        store.set(key, results, CACHE_SECONDS)
    return results


def _hidden(user: Any, private: list[int]) -> frozenset[int]:
    """Among these private concertations, those the user may not see."""
    if not private:
        return frozenset()
    if not getattr(user, "is_authenticated", False):
        return frozenset(private)
    rows = Concertation.objects.filter(pk__in=private).prefetch_related("territories")
    return frozenset(c.pk for c in rows if not policy.can_view_concertation(user, c))


def compute(s: Snapshot, *, decisions: frozenset[frozenset[int]] = frozenset()) -> Results:
    """Every section of the analysis of the snapshot `s`."""
    result = landscape(s)
    matrix = coverage_matrix(s)
    gap_list = gaps(s, matrix)
    citizens = citizen_seats(s)
    return Results(
        snapshot=s,
        landscape=result,
        matrix=matrix,
        gaps=gap_list,
        overlaps=overlap_candidates(s, decisions=decisions),
        load=solicitation(s),
        network=network(s),
        turnover=turnover(s),
        citizens=citizens,
        equity=equity(s),
        summary=summary_sentences(s, result, gap_list, citizens),
    )
