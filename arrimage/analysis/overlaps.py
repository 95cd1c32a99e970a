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

The analysis lists a pair as a *possible overlap* only when its score reaches `MINIMUM_SCORE` (0.25, a
quarter alike). Below it, two bodies share little more than a theme among several and a corner of their
territories, with different missions and no member in common: nobody would look into such a pair, and a
province has hundreds of thousands of them. The themes and the territory of a pair are computed first;
with them the score cannot exceed `0.3 themes + 0.3 territory + 0.2 + 0.2` (less 0.2 when either body has
no mission, less 0.2 when either has no member), and a pair whose bound stays under the minimum is set
aside without its mission and members being compared. The bound never sets aside a pair that would reach
the minimum (a property test holds it). Every pair found in the demonstration data scores 0.4 or more.

Services of the directory are compared the same way (`service_overlap_candidates`): two active services
of two different organisations sharing a theme and a place, scored on themes, territory and the
similarity of their descriptions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
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

# A pair scoring less than this is not a possible overlap (see the module's docstring).
MINIMUM_SCORE = 0.25
# Room for the rounding of floating-point sums when an upper bound is compared with the minimum.
_ROUNDING = 1e-9


@dataclass(frozen=True, init=False)
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

    def __init__(
        self,
        *,
        first_id: int,
        second_id: int,
        score: float,
        theme_similarity: float,
        population_share: float,
        mission_similarity: float,
        member_share: float,
        first: ConcertationInfo,
        second: ConcertationInfo,
        organizations: tuple[frozenset[int], frozenset[int]],
        people: tuple[frozenset[int], frozenset[int]],
        theme_names: dict[int, str],
    ) -> None:
        # Every field at once: a frozen dataclass's own `__init__` sets each through `object.__setattr__`,
        # and a province has 621,000 pairs (1.2 s to make them that way, 0.8 s this way).
        self.__dict__.update(
            first_id=first_id,
            second_id=second_id,
            score=score,
            theme_similarity=theme_similarity,
            population_share=population_share,
            mission_similarity=mission_similarity,
            member_share=member_share,
            first=first,
            second=second,
            organizations=organizations,
            people=people,
            theme_names=theme_names,
        )

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
    pairs_set_aside: int = 0  # bounded on their themes and territory, below the minimum score


def _active(s: Snapshot) -> list[ConcertationInfo]:
    return [c for c in s.concertations if c.active(s.on) and c.theme_ids and c.municipality_ids]


def candidate_pairs(s: Snapshot) -> set[tuple[int, int]]:
    """The pairs (smaller id first) of active concertations sharing at least a theme and a place of the
    territory analysed (every place when the snapshot lists none), at the same level or at two adjacent
    levels (see `LEVELS`)."""
    return set(_blocked(s, _entries(_active(s))))


def _entries(active: Iterable[ConcertationInfo]) -> Iterator[tuple[int, frozenset[int], frozenset[int], int]]:
    for c in active:
        yield c.id, c.theme_ids, c.municipality_ids, LEVELS.index(c.level) if c.level in LEVELS else -1


def service_candidate_pairs(s: Snapshot) -> set[tuple[int, int]]:
    """The pairs (smaller id first) of active services of two different organisations sharing at least a
    theme and a place of the territory analysed."""
    services = [v for v in s.services if v.status == "active" and v.theme_ids and v.municipality_ids]
    organization_of = {v.id: v.organization_id for v in services}
    pairs = _blocked(s, ((v.id, v.theme_ids, v.municipality_ids, -1) for v in services))
    return {(a, b) for a, b in pairs if organization_of[a] != organization_of[b]}


class _Masks:
    """Sets of small numbers (themes, places) as the bits of one integer each: two sets meet when the
    `&` of their integers is not zero, and `int.bit_count` counts them. A set met again (many bodies
    record the same coverage) is turned into bits once."""

    def __init__(self) -> None:
        self._bit: dict[int, int] = {}
        self._masks: dict[frozenset[int], int] = {}

    def of(self, ids: frozenset[int]) -> int:
        found = self._masks.get(ids)
        if found is None:
            bit = self._bit
            found = 0
            for ident in ids:
                found |= 1 << bit.setdefault(ident, len(bit))
            self._masks[ids] = found
        return found


def _blocked(s: Snapshot, entries: Iterable[tuple[int, frozenset[int], frozenset[int], int]]) -> list[tuple[int, int]]:
    """The pairs of entries `(id, themes, places, level rank)` sharing a theme and a place of the
    snapshot's territory, at the same or adjacent ranks (rank -1 meets every rank), smaller id first, in
    ascending order.

    Each entry looks for the partners with a larger id, rank by rank, in the cheaper of two ways: through
    an inverted index from each place to the entries of that rank covering it (a local table covers a few
    places), or by testing every entry of that rank (a national network covers them all, and the index
    would list the same regional tables once per place).
    """
    inside = frozenset(m.id for m in s.municipalities)
    themes, places = _Masks(), _Masks()
    rows: list[tuple[int, int, int, int, frozenset[int]]] = []
    within: dict[frozenset[int], frozenset[int]] = {}
    for ident, theme_ids, place_ids, level in entries:
        found = within.get(place_ids)
        if found is None:
            found = within[place_ids] = place_ids & inside if inside else place_ids
        if theme_ids and found:
            rows.append((ident, level, themes.of(theme_ids), places.of(found), found))
    rows.sort()
    ranks = sorted({row[1] for row in rows})
    of_rank: dict[int, list[tuple[int, int, int, int, frozenset[int]]]] = {rank: [] for rank in ranks}
    ids_of_rank: dict[int, list[int]] = {rank: [] for rank in ranks}
    index: dict[int, dict[int, list[int]]] = {rank: defaultdict(list) for rank in ranks}
    for row in rows:
        of_rank[row[1]].append(row)
        ids_of_rank[row[1]].append(row[0])
        for place in row[4]:
            index[row[1]][place].append(row[0])
    theme_mask_of = {row[0]: row[2] for row in rows}
    # For each coverage and rank, the entries of that rank meeting it, when fewer than all of them.
    meeting: dict[tuple[frozenset[int], int], frozenset[int] | None] = {}
    pairs: list[tuple[int, int]] = []
    for ident, level, theme_mask, place_mask, covered in rows:
        partners: list[int] = []
        for rank in ranks:
            # The same level or the next one; a level outside `LEVELS` (-1) meets every level.
            if level != -1 and rank != -1 and abs(rank - level) > 1:
                continue
            key = (covered, rank)
            if key in meeting:
                met = meeting[key]
            else:
                met = meeting[key] = _meeting(covered, index[rank], len(of_rank[rank]))
            if met is not None:
                partners.extend(other for other in met if other > ident and theme_mask_of[other] & theme_mask)
            else:
                start = bisect_right(ids_of_rank[rank], ident)
                partners.extend(row[0] for row in of_rank[rank][start:] if row[2] & theme_mask and row[3] & place_mask)
        partners.sort()
        pairs.extend((ident, other) for other in partners)
    return pairs


def _meeting(covered: frozenset[int], postings: dict[int, list[int]], every: int) -> frozenset[int] | None:
    """The entries listed under the places `covered` in `postings`, or None when reading the lists would
    cost more than testing all `every` entries (the same lists come back for every place of a région)."""
    lists: dict[int, list[int]] = {}
    total = 0
    for place in covered:
        found = postings.get(place)
        if found and id(found) not in lists:
            lists[id(found)] = found
            total += len(found)
            if total >= every:
                return None
    return frozenset(other for found in lists.values() for other in found)


def _members(s: Snapshot) -> tuple[dict[int, frozenset[int]], dict[int, frozenset[int]]]:
    organizations: dict[int, set[int]] = defaultdict(set)
    people: dict[int, set[int]] = defaultdict(set)
    on = s.on
    for holding in s.holdings:
        if (holding.start is None or holding.start <= on) and (holding.end is None or holding.end >= on):
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
    minimum: float = 0.0,
) -> list[OverlapPair]:
    """Pairs of active concertations that may duplicate each other, highest score first (then by ids).

    `decisions` holds the pairs (as frozensets of two ids) already judged complementary: they are skipped,
    as are the pairs of a body and its sub-body. Only pairs scoring at least `minimum` are listed: a pair
    whose themes and territory alone cannot bring it there, even with the same mission and the same
    members, is never fully scored (see `MINIMUM_SCORE`).
    `stats`, when given, counts the pairs scored and those set aside on their themes and territory.
    """
    active = _active(s)
    by_id = {c.id: c for c in active}
    population = _Population({m.id: m.population for m in s.municipalities})
    theme_names = {t.id: t.name for t in s.themes}
    vectors = mission_vectors(s, by_id)
    organizations, people = _members(s)
    # Everything a pair's score reads, once per body: bodies recording the same themes, coverage or mission
    # share the work (many regional tables of a région cover the same places).
    themes = _Masks()
    coverage: dict[frozenset[int], int] = {}
    mission_of: dict[str, int] = {}
    facts = {}
    for c in active:
        theme_mask = themes.of(c.theme_ids)
        own_organizations = organizations.get(c.id, NONE)
        own_people = people.get(c.id, NONE)
        facts[c.id] = (
            c,
            theme_mask,
            coverage.setdefault(c.municipality_ids, len(coverage)),
            mission_of.setdefault(c.mission, len(mission_of)) if vectors[c.id] else -1,
            vectors[c.id],
            own_organizations,
            own_people,
            len(own_organizations) + len(own_people),
        )
    shares: dict[tuple[int, int], float] = {}
    alike: dict[int, float] = {}
    # What the mission and the members can add at most to a pair's themes and territory.
    reach = MISSION_WEIGHT + MEMBER_WEIGHT
    pairs: list[OverlapPair] = []
    for first_id, second_id in _blocked(s, _entries(active)):
        if decisions and frozenset((first_id, second_id)) in decisions:
            continue
        first, first_themes, first_cover, first_text, first_vector, first_orgs, first_people, first_size = facts[
            first_id
        ]
        second, second_themes, second_cover, second_text, second_vector, second_orgs, second_people, second_size = (
            facts[second_id]
        )
        if first.parent_id == second_id or second.parent_id == first_id:
            continue
        theme = (first_themes & second_themes).bit_count() / (first_themes | second_themes).bit_count()
        if first_cover == second_cover:
            territory = 1.0  # the same places: all of the smaller one's population is shared
        else:
            key = (first_cover, second_cover) if first_cover < second_cover else (second_cover, first_cover)
            territory = shares.get(key, -1.0)
            if territory < 0:
                territory = shares[key] = _population_share(first.municipality_ids, second.municipality_ids, population)
        if minimum > 0:
            # An upper bound of the score from what is known: the mission adds nothing when either has
            # none, the members nothing when either has none.
            bound = THEME_WEIGHT * theme + TERRITORY_WEIGHT * territory + reach
            if first_text < 0 or second_text < 0:
                bound -= MISSION_WEIGHT
            if not first_size or not second_size:
                bound -= MEMBER_WEIGHT
            if bound < minimum - _ROUNDING:
                if stats is not None:
                    stats.pairs_set_aside += 1
                continue
        if first_text < 0 or second_text < 0:
            mission = 0.0
        elif first_text == second_text:
            mission = alike.get(first_text, -1.0)
            if mission < 0:
                mission = alike[first_text] = cosine(first_vector, second_vector)
        else:
            mission = cosine(first_vector, second_vector)
        smaller = first_size if first_size < second_size else second_size
        if smaller:
            shared = len(first_orgs & second_orgs) + len(first_people & second_people)
            members = shared / smaller
        else:
            members = 0.0
        if stats is not None:
            stats.pairs_scored += 1
        score = THEME_WEIGHT * theme + TERRITORY_WEIGHT * territory + MISSION_WEIGHT * mission + MEMBER_WEIGHT * members
        score = min(1.0, max(0.0, score))
        if score < minimum:
            continue
        pairs.append(
            OverlapPair(
                first_id=first_id,
                second_id=second_id,
                score=score,
                theme_similarity=theme,
                population_share=territory,
                mission_similarity=mission,
                member_share=members,
                first=first,
                second=second,
                organizations=(first_orgs, second_orgs),
                people=(first_people, second_people),
                theme_names=theme_names,
            )
        )
    # The pairs come in order of ids: a stable sort on the score alone keeps that order among equal scores.
    pairs.sort(key=_score_of, reverse=True)
    return pairs


def _score_of(pair: OverlapPair | ServiceOverlapPair) -> float:
    return pair.score


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
    """One pair, fully scored (the reference the fast loop of `overlap_candidates` is tested against)."""
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
    found.sort(key=_score_of, reverse=True)  # the pairs come in order of ids, kept among equal scores
    return found
