"""Concertations that may duplicate each other: same themes, same territory, similar missions, same members.

Candidates are *blocked*: an inverted index from each (theme, place of the territory analysed) to the
active concertations that have both, so only pairs sharing at least one theme and one place are ever
scored, never all pairs; and only bodies at the same level or at adjacent levels (local and supralocal,
supralocal and regional, regional and national) are compared, since a national network does not
duplicate a local table. Each scored pair gets four signals, each between 0 and 1:

- themes: the Jaccard index of their themes (shared / all);
- territory: the share of the population of the smaller one (the one with fewer inhabitants) that both
  cover; when the populations are unknown (zero), the share of the smaller one's municipalities;
- mission: the cosine of the TF-IDF vectors of their missions (`text`), 0 when either has none;
- members: the members (organisations and people holding a seat on the snapshot's date) they share, over
  the members of the smaller one; 0 when either has none.

The score is the weighted mean `0.3 themes + 0.3 territory + 0.2 mission + 0.2 members`, in [0, 1] and
symmetric. Pairs marked as complementary (`decisions`) are left out, and so are a body and its own
sub-body (a committee of a table, `parent_id`): a part of a table does not duplicate it.

Services of the directory are compared the same way (`service_overlap_candidates`): two active services
of two different organisations sharing a theme and a place, scored on themes, territory and the
similarity of their descriptions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext, ngettext

from .inputs import ConcertationInfo, ServiceInfo, Snapshot
from .text import cosine, mission_vectors, tfidf

THEME_WEIGHT = 0.3
TERRITORY_WEIGHT = 0.3
MISSION_WEIGHT = 0.2
MEMBER_WEIGHT = 0.2
NONE: frozenset[int] = frozenset()

# The levels in order. Bodies two levels apart or more (a local table and a national network) act at
# different scales: one does not duplicate the other, and pairing them would fill the list with every
# local table under each national body. Only bodies at the same or adjacent levels are compared.
LEVELS = ("local", "supralocal", "regional", "national")


@dataclass(frozen=True)
class OverlapPair:
    """Two concertations that may duplicate each other (`first_id` < `second_id`).

    The four signals and the score are computed for every pair; what they share and the reasons in plain
    language are worked out when first read, so that ranking a province's pairs stays cheap.
    """

    first_id: int
    second_id: int
    score: float
    theme_similarity: float
    population_share: float
    mission_similarity: float
    member_share: float
    first: ConcertationInfo = field(repr=False, compare=False)
    second: ConcertationInfo = field(repr=False, compare=False)
    organizations: tuple[frozenset[int], frozenset[int]] = field(repr=False, compare=False)
    people: tuple[frozenset[int], frozenset[int]] = field(repr=False, compare=False)
    theme_names: dict[int, str] = field(repr=False, compare=False)

    @property
    def ids(self) -> frozenset[int]:
        return frozenset((self.first_id, self.second_id))

    @cached_property
    def shared_theme_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.first.theme_ids & self.second.theme_ids))

    @cached_property
    def shared_municipality_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.first.municipality_ids & self.second.municipality_ids))

    @cached_property
    def shared_organization_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.organizations[0] & self.organizations[1]))

    @cached_property
    def shared_person_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.people[0] & self.people[1]))

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """Why the pair is a candidate, in plain language (the active language when first read)."""
        reasons = _shared_reasons(self.theme_names, self.shared_theme_ids, self.population_share)
        if self.mission_similarity > 0:
            reasons.append(gettext("Missions %(percent)s%% alike.") % {"percent": _percent(self.mission_similarity)})
        if self.shared_organization_ids:
            count = len(self.shared_organization_ids)
            reasons.append(
                ngettext("%(count)d organisation sits on both.", "%(count)d organisations sit on both.", count)
                % {"count": count}
            )
        if self.shared_person_ids:
            count = len(self.shared_person_ids)
            reasons.append(
                ngettext("%(count)d person sits on both.", "%(count)d people sit on both.", count) % {"count": count}
            )
        return tuple(reasons)


def _shared_reasons(theme_names: dict[int, str], theme_ids: tuple[int, ...], population_share: float) -> list[str]:
    """The first two reasons of any pair: the themes it shares and the population it covers in common."""
    names = sorted(theme_names.get(theme_id, str(theme_id)) for theme_id in theme_ids)
    return [
        ngettext("Same theme: %(themes)s.", "Same themes: %(themes)s.", len(names)) % {"themes": " ; ".join(names)},
        gettext("%(percent)s%% of the population in common.") % {"percent": _percent(population_share)},
    ]


@dataclass
class ScoringStats:
    """How much work the blocking left: the number of pairs actually scored."""

    pairs_scored: int = 0


def _active(s: Snapshot) -> list[ConcertationInfo]:
    return [c for c in s.concertations if c.active(s.on) and c.theme_ids and c.municipality_ids]


def candidate_pairs(s: Snapshot) -> set[tuple[int, int]]:
    """The pairs (smaller id first) of active concertations sharing at least a theme and a place of the
    territory analysed (every place when the snapshot lists none), at the same level or at two adjacent
    levels (see `LEVELS`)."""
    return _blocked(
        s,
        (
            (c.id, c.theme_ids, c.municipality_ids, LEVELS.index(c.level) if c.level in LEVELS else -1)
            for c in _active(s)
        ),
    )


def service_candidate_pairs(s: Snapshot) -> set[tuple[int, int]]:
    """The pairs (smaller id first) of active services of two different organisations sharing at least a
    theme and a place of the territory analysed."""
    services = [v for v in s.services if v.status == "active" and v.theme_ids and v.municipality_ids]
    organization_of = {v.id: v.organization_id for v in services}
    pairs = _blocked(s, ((v.id, v.theme_ids, v.municipality_ids, -1) for v in services))
    return {(a, b) for a, b in pairs if organization_of[a] != organization_of[b]}


def _blocked(s: Snapshot, entries: Iterable[tuple[int, frozenset[int], frozenset[int], int]]) -> set[tuple[int, int]]:
    """The pairs of entries `(id, themes, places, level rank)` sharing a theme and a place of the
    snapshot's territory, at the same or adjacent ranks (rank -1 meets every rank)."""
    inside = frozenset(m.id for m in s.municipalities)
    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    rank: dict[int, int] = {}
    for ident, theme_ids, place_ids, level in entries:
        rank[ident] = level
        places = place_ids & inside if inside else place_ids
        for theme_id in theme_ids:
            for place_id in places:
                index[(theme_id, place_id)].append(ident)
    # Many places share the same entries (a regional table covers them all): each distinct group is
    # paired once.
    groups = {tuple(sorted(set(ids))) for ids in index.values() if len(ids) > 1}
    pairs: set[tuple[int, int]] = set()
    for group in groups:
        by_level: dict[int, list[int]] = defaultdict(list)
        for ident in group:
            by_level[rank[ident]].append(ident)
        levels = sorted(by_level)
        for position, level in enumerate(levels):
            for other in levels[position:]:
                # The same level or the next one up; a level outside `LEVELS` (-1) meets every level.
                if other == level:
                    ids = by_level[level]
                    pairs.update((a, b) for n, a in enumerate(ids) for b in ids[n + 1 :])
                elif level == -1 or other == level + 1:
                    pairs.update((min(a, b), max(a, b)) for a in by_level[level] for b in by_level[other])
    return pairs


def _members(s: Snapshot) -> tuple[dict[int, frozenset[int]], dict[int, frozenset[int]]]:
    organizations: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    for holding in s.holdings:
        if holding.current(s.on):
            if holding.organization_id is not None:
                organizations[holding.concertation_id].add(holding.organization_id)
            if holding.person_id is not None:
                people[holding.concertation_id].add(holding.person_id)
    return (
        {ident: frozenset(ids) for ident, ids in organizations.items()},
        {ident: frozenset(ids) for ident, ids in people.items()},
    )


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
    population = _Population({m.id: m.population for m in s.municipalities})
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
                organizations=(organizations.get(first_id, NONE), organizations.get(second_id, NONE)),
                people=(people.get(first_id, NONE), people.get(second_id, NONE)),
            )
        )
    pairs.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return pairs


class _Population:
    """The population of sets of places, each sum computed once per distinct set: coverages repeat (every
    regional table of a région covers the same places)."""

    def __init__(self, of_place: dict[int, int]) -> None:
        self.of_place = of_place
        self._sums: dict[frozenset[int], int] = {}

    def of(self, places: frozenset[int]) -> int:
        found = self._sums.get(places)
        if found is None:
            get = self.of_place.get
            found = self._sums[places] = sum(get(m, 0) for m in places)
        return found


def _population_share(first: frozenset[int], second: frozenset[int], population: _Population) -> float:
    smaller_set, larger_set = (first, second) if len(first) <= len(second) else (second, first)
    common = smaller_set if smaller_set <= larger_set else first & second
    smaller = min(population.of(first), population.of(second))
    if smaller > 0:
        return min(1.0, population.of(common) / smaller)
    return len(common) / min(len(first), len(second))


def _score(
    first: ConcertationInfo,
    second: ConcertationInfo,
    *,
    population: _Population,
    theme_names: dict[int, str],
    mission: float,
    organizations: tuple[frozenset[int], frozenset[int]],
    people: tuple[frozenset[int], frozenset[int]],
) -> OverlapPair:
    themes = len(first.theme_ids & second.theme_ids) / len(first.theme_ids | second.theme_ids)
    territory = _population_share(first.municipality_ids, second.municipality_ids, population)
    smaller_membership = min(len(organizations[0]) + len(people[0]), len(organizations[1]) + len(people[1]))
    shared_members = len(organizations[0] & organizations[1]) + len(people[0] & people[1])
    members = shared_members / smaller_membership if smaller_membership else 0.0
    score = THEME_WEIGHT * themes + TERRITORY_WEIGHT * territory + MISSION_WEIGHT * mission + MEMBER_WEIGHT * members
    return OverlapPair(
        first_id=first.id,
        second_id=second.id,
        score=min(1.0, max(0.0, score)),
        theme_similarity=themes,
        population_share=territory,
        mission_similarity=mission,
        member_share=members,
        first=first,
        second=second,
        organizations=organizations,
        people=people,
        theme_names=theme_names,
    )


SERVICE_THEME_WEIGHT = 0.35
SERVICE_TERRITORY_WEIGHT = 0.35
SERVICE_DESCRIPTION_WEIGHT = 0.3


@dataclass(frozen=True)
class ServiceOverlapPair:
    """Two services of two organisations that may duplicate each other (`first_id` < `second_id`).

    The score is `0.35 themes + 0.35 territory + 0.3 description`, the signals computed as for
    concertations (the descriptions stand for the missions; services have no members).
    """

    first_id: int
    second_id: int
    score: float
    theme_similarity: float
    population_share: float
    description_similarity: float
    first: ServiceInfo = field(repr=False, compare=False)
    second: ServiceInfo = field(repr=False, compare=False)
    theme_names: dict[int, str] = field(repr=False, compare=False)

    @cached_property
    def shared_theme_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.first.theme_ids & self.second.theme_ids))

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """Why the pair is a candidate, in plain language (the active language when first read)."""
        reasons = _shared_reasons(self.theme_names, self.shared_theme_ids, self.population_share)
        if self.description_similarity > 0:
            reasons.append(
                gettext("Descriptions %(percent)s%% alike.") % {"percent": _percent(self.description_similarity)}
            )
        return tuple(reasons)


def service_overlap_candidates(s: Snapshot, *, stats: ScoringStats | None = None) -> list[ServiceOverlapPair]:
    """Pairs of active services of two organisations that may duplicate each other, highest score first."""
    by_id = {v.id: v for v in s.services}
    population = _Population({m.id: m.population for m in s.municipalities})
    theme_names = {t.id: t.name for t in s.themes}
    pairs = sorted(service_candidate_pairs(s))
    vectors = tfidf({ident: by_id[ident].description for ident in {i for pair in pairs for i in pair}})
    found = []
    for first_id, second_id in pairs:
        if stats is not None:
            stats.pairs_scored += 1
        first, second = by_id[first_id], by_id[second_id]
        themes = len(first.theme_ids & second.theme_ids) / len(first.theme_ids | second.theme_ids)
        territory = _population_share(first.municipality_ids, second.municipality_ids, population)
        description = cosine(vectors[first_id], vectors[second_id])
        score = (
            SERVICE_THEME_WEIGHT * themes
            + SERVICE_TERRITORY_WEIGHT * territory
            + SERVICE_DESCRIPTION_WEIGHT * description
        )
        found.append(
            ServiceOverlapPair(
                first_id=first_id,
                second_id=second_id,
                score=min(1.0, max(0.0, score)),
                theme_similarity=themes,
                population_share=territory,
                description_similarity=description,
                first=first,
                second=second,
                theme_names=theme_names,
            )
        )
    found.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return found
