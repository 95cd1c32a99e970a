"""Concertations that may duplicate each other: same themes, same territory, similar missions, same members.

Candidates are *blocked*: an inverted index from each (theme, municipality) to the active concertations
that have both, so only pairs sharing at least one theme and one municipality are ever scored, never all
pairs. Each scored pair gets four signals, each between 0 and 1:

- themes: the Jaccard index of their themes (shared / all);
- territory: the share of the population of the smaller one (the one with fewer inhabitants) that both
  cover; when the populations are unknown (zero), the share of the smaller one's municipalities;
- mission: the cosine of the TF-IDF vectors of their missions (`text`), 0 when either has none;
- members: the members (organisations and people holding a seat on the snapshot's date) they share, over
  the members of the smaller one; 0 when either has none.

The score is the weighted mean `0.3 themes + 0.3 territory + 0.2 mission + 0.2 members`, in [0, 1] and
symmetric. Pairs marked as complementary (`decisions`) are left out, and so are a body and its own
sub-body (a committee of a table, `parent_id`): a part of a table does not duplicate it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from .inputs import ConcertationInfo, Snapshot
from .text import cosine, mission_vectors

THEME_WEIGHT = 0.3
TERRITORY_WEIGHT = 0.3
MISSION_WEIGHT = 0.2
MEMBER_WEIGHT = 0.2


@dataclass(frozen=True)
class OverlapPair:
    """Two concertations that may duplicate each other (`first_id` < `second_id`)."""

    first_id: int
    second_id: int
    score: float
    theme_similarity: float
    population_share: float
    mission_similarity: float
    member_share: float
    shared_theme_ids: tuple[int, ...]
    shared_municipality_ids: tuple[int, ...]
    shared_organization_ids: tuple[int, ...]
    shared_person_ids: tuple[int, ...]
    reasons: tuple[str, ...]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset((self.first_id, self.second_id))


@dataclass
class ScoringStats:
    """How much work the blocking left: the number of pairs actually scored."""

    pairs_scored: int = 0


def _active(s: Snapshot) -> list[ConcertationInfo]:
    return [c for c in s.concertations if c.active(s.on) and c.theme_ids and c.municipality_ids]


def candidate_pairs(s: Snapshot) -> set[tuple[int, int]]:
    """The pairs (smaller id first) of active concertations sharing at least a theme and a municipality."""
    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    for concertation in _active(s):
        for theme_id in concertation.theme_ids:
            for municipality_id in concertation.municipality_ids:
                index[(theme_id, municipality_id)].append(concertation.id)
    pairs: set[tuple[int, int]] = set()
    for ids in index.values():
        ordered = sorted(set(ids))
        for position, first in enumerate(ordered):
            for second in ordered[position + 1 :]:
                pairs.add((first, second))
    return pairs


def _members(s: Snapshot) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    organizations: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    for holding in s.holdings:
        if holding.current(s.on):
            if holding.organization_id is not None:
                organizations[holding.concertation_id].add(holding.organization_id)
            if holding.person_id is not None:
                people[holding.concertation_id].add(holding.person_id)
    return organizations, people


def _percent(value: float) -> int:
    return round(value * 100)


def overlap_candidates(
    s: Snapshot,
    *,
    decisions: frozenset[frozenset[int]] = frozenset(),
    stats: ScoringStats | None = None,
) -> list[OverlapPair]:
    """Pairs of active concertations that may duplicate each other, highest score first.

    `decisions` holds the pairs (as frozensets of two ids) already judged complementary: they are skipped,
    as are the pairs of a body and its sub-body.
    `stats`, when given, counts the pairs scored.
    """
    by_id = {c.id: c for c in _active(s)}
    population = {m.id: m.population for m in s.municipalities}
    theme_names = {t.id: t.name for t in s.themes}
    vectors = mission_vectors(s, by_id)
    organizations, people = _members(s)
    pairs: list[OverlapPair] = []
    for first_id, second_id in sorted(candidate_pairs(s)):
        if frozenset((first_id, second_id)) in decisions:
            continue
        first, second = by_id[first_id], by_id[second_id]
        if first.parent_id == second_id or second.parent_id == first_id:
            continue
        if stats is not None:
            stats.pairs_scored += 1
        pairs.append(
            _score(
                first,
                second,
                population=population,
                theme_names=theme_names,
                mission=cosine(vectors[first_id], vectors[second_id]),
                organizations=(organizations.get(first_id, set()), organizations.get(second_id, set())),
                people=(people.get(first_id, set()), people.get(second_id, set())),
            )
        )
    pairs.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return pairs


def _population_share(first: frozenset[int], second: frozenset[int], population: dict[int, int]) -> float:
    common = first & second
    first_population = sum(population.get(m, 0) for m in first)
    second_population = sum(population.get(m, 0) for m in second)
    smaller = min(first_population, second_population)
    if smaller > 0:
        return min(1.0, sum(population.get(m, 0) for m in common) / smaller)
    return len(common) / min(len(first), len(second))


def _score(
    first: ConcertationInfo,
    second: ConcertationInfo,
    *,
    population: dict[int, int],
    theme_names: dict[int, str],
    mission: float,
    organizations: tuple[set[int], set[int]],
    people: tuple[set[int], set[int]],
) -> OverlapPair:
    shared_themes = first.theme_ids & second.theme_ids
    themes = len(shared_themes) / len(first.theme_ids | second.theme_ids)
    territory = _population_share(first.municipality_ids, second.municipality_ids, population)
    shared_organizations = organizations[0] & organizations[1]
    shared_people = people[0] & people[1]
    smaller_membership = min(len(organizations[0]) + len(people[0]), len(organizations[1]) + len(people[1]))
    members = (len(shared_organizations) + len(shared_people)) / smaller_membership if smaller_membership else 0.0
    score = THEME_WEIGHT * themes + TERRITORY_WEIGHT * territory + MISSION_WEIGHT * mission + MEMBER_WEIGHT * members
    names = sorted(theme_names.get(theme_id, str(theme_id)) for theme_id in shared_themes)
    reasons = [
        ngettext("Same theme: %(themes)s.", "Same themes: %(themes)s.", len(names)) % {"themes": " ; ".join(names)},
        gettext("%(percent)s%% of the population in common.") % {"percent": _percent(territory)},
    ]
    if mission > 0:
        reasons.append(gettext("Missions %(percent)s%% alike.") % {"percent": _percent(mission)})
    if shared_organizations:
        count = len(shared_organizations)
        reasons.append(
            ngettext("%(count)d organisation sits on both.", "%(count)d organisations sit on both.", count)
            % {"count": count}
        )
    if shared_people:
        count = len(shared_people)
        reasons.append(
            ngettext("%(count)d person sits on both.", "%(count)d people sit on both.", count) % {"count": count}
        )
    return OverlapPair(
        first_id=first.id,
        second_id=second.id,
        score=min(1.0, max(0.0, score)),
        theme_similarity=themes,
        population_share=territory,
        mission_similarity=mission,
        member_share=members,
        shared_theme_ids=tuple(sorted(shared_themes)),
        shared_municipality_ids=tuple(sorted(first.municipality_ids & second.municipality_ids)),
        shared_organization_ids=tuple(sorted(shared_organizations)),
        shared_person_ids=tuple(sorted(shared_people)),
        reasons=tuple(reasons),
    )
