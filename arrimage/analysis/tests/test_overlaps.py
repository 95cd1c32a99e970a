import dataclasses
import datetime as dt
import gc
import math
import random

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.inputs import ConcertationInfo, HoldingInfo, ServiceInfo, Snapshot, TerritoryInfo, ThemeInfo
from arrimage.analysis.overlaps import (
    LEVELS,
    MINIMUM_SCORE,
    ScoringStats,
    _members,
    _Population,
    _score,
    candidate_pairs,
    overlap_candidates,
    service_overlap_candidates,
)
from arrimage.analysis.results import compute
from arrimage.analysis.text import cosine, mission_vectors

ON = dt.date(2025, 6, 1)
FOOD, HOUSING = 1, 2


def table(id, *, themes, municipalities, mission="", end=None):
    return ConcertationInfo(
        id=id,
        name=f"Table {id}",
        kind="table",
        level="local",
        theme_ids=frozenset(themes),
        municipality_ids=frozenset(municipalities),
        mission=mission,
        end=end,
    )


def holding(id, concertation_id, *, organization=None, person=None, start=dt.date(2024, 1, 1), end=None):
    return HoldingInfo(
        id=id,
        seat_id=id,
        concertation_id=concertation_id,
        person_id=person,
        organization_id=organization,
        start=start,
        end=end,
    )


def snapshot(concertations, holdings=(), populations=None):
    populations = populations or {}
    municipalities = sorted({m for c in concertations for m in c.municipality_ids})
    return Snapshot(
        territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"),
        on=ON,
        municipalities=[
            TerritoryInfo(id=m, kind="municipality", name=f"M{m}", population=populations.get(m, 1000))
            for m in municipalities
        ],
        concertations=list(concertations),
        holdings=list(holdings),
        themes=[
            ThemeInfo(id=FOOD, slug="food", name="food security", dimension="social"),
            ThemeInfo(id=HOUSING, slug="housing", name="housing", dimension="social"),
        ],
    )


def known_snapshot():
    concertations = [
        table(1, themes=[FOOD], municipalities=[10, 11], mission="Améliorer la sécurité alimentaire des familles"),
        table(2, themes=[FOOD], municipalities=[10], mission="La sécurité alimentaire des familles du secteur"),
        table(3, themes=[FOOD, HOUSING], municipalities=[11], mission="Logement social et transport collectif"),
        table(4, themes=[FOOD], municipalities=[12], mission="Sécurité alimentaire des familles"),
        table(5, themes=[HOUSING], municipalities=[10], mission="Sécurité alimentaire des familles"),
        table(6, themes=[FOOD], municipalities=[10], mission="Sécurité alimentaire", end=dt.date(2020, 1, 1)),
    ]
    holdings = [holding(n, 1, organization=100 + n) for n in range(1, 5)]
    holdings += [holding(10 + n, 2, organization=100 + n) for n in range(1, 4)]
    holdings += [holding(20, 2, organization=200), holding(21, 3, organization=104, end=dt.date(2024, 12, 31))]
    return snapshot(concertations, holdings, populations={10: 8000, 11: 2000, 12: 500})


def test_similar_tables_with_shared_members_are_the_top_pair():
    pairs = overlap_candidates(known_snapshot())
    top = pairs[0]
    assert (top.first_id, top.second_id) == (1, 2)
    assert top.shared_organization_ids == (101, 102, 103)
    assert top.population_share == 1.0  # all of table 2's population is inside table 1's
    assert top.theme_similarity == 1.0
    assert top.mission_similarity > 0.3
    assert top.member_share == 0.75  # 3 of the 4 members of the smaller one
    assert all(0.0 <= pair.score <= 1.0 for pair in pairs)


def test_only_pairs_sharing_a_theme_and_a_municipality_are_candidates():
    pairs = {(pair.first_id, pair.second_id) for pair in overlap_candidates(known_snapshot())}
    # 4 is elsewhere, 5 has another theme, 6 has ended; 3 meets 1 in municipality 11 on food security.
    assert pairs == {(1, 2), (1, 3)}


def test_ended_holdings_are_not_shared_members():
    pair = next(p for p in overlap_candidates(known_snapshot()) if p.second_id == 3)
    assert pair.shared_organization_ids == ()
    assert pair.member_share == 0.0


def test_pairs_judged_complementary_are_left_out():
    stats = ScoringStats()
    pairs = overlap_candidates(known_snapshot(), decisions=frozenset({frozenset({1, 2})}), stats=stats)
    assert [(p.first_id, p.second_id) for p in pairs] == [(1, 3)]
    assert stats.pairs_scored == 1


def test_reasons_speak_plainly():
    top = overlap_candidates(known_snapshot())[0]
    with translation.override("en"):
        assert top.reasons[0] == "Same theme: food security."
        assert top.reasons[1] == "100% of the population in common."
        assert top.reasons[2].startswith("Missions ")
        assert top.reasons[3] == "3 organisations sit on both."


def test_reasons_are_written_in_the_language_active_when_first_read():
    first, second = overlap_candidates(known_snapshot())[:1] * 2
    with translation.override("fr"):
        assert first.reasons[3] == "3 organismes siègent aux deux."
    assert second.reasons is first.reasons  # worked out once


def test_population_share_uses_the_smaller_population():
    s = snapshot(
        [table(1, themes=[FOOD], municipalities=[10, 11]), table(2, themes=[FOOD], municipalities=[11, 12])],
        populations={10: 100, 11: 800, 12: 1200},
    )
    # Table 1 has 900 inhabitants, table 2 has 2,000; they share 800: 800 / 900.
    assert round(overlap_candidates(s)[0].population_share, 4) == round(800 / 900, 4)


def test_unknown_populations_fall_back_to_municipalities():
    s = snapshot(
        [table(1, themes=[FOOD], municipalities=[10, 11]), table(2, themes=[FOOD], municipalities=[11, 12, 13])],
        populations={10: 0, 11: 0, 12: 0, 13: 0},
    )
    assert overlap_candidates(s)[0].population_share == 0.5


def test_blocking_scores_few_pairs_on_a_large_territory():
    rng = random.Random(7)
    concertations = [
        table(
            n,
            themes=rng.sample(range(1, 31), rng.randint(1, 2)),
            municipalities=rng.sample(range(1, 201), rng.randint(1, 3)),
            mission=" ".join(rng.sample(["sécurité", "alimentaire", "logement", "jeunes", "aînés", "transport"], 3)),
        )
        for n in range(1, 501)
    ]
    stats = ScoringStats()
    pairs = overlap_candidates(snapshot(concertations), stats=stats)
    assert stats.pairs_scored == len(pairs)
    assert stats.pairs_scored < 500 * 499 / 2 / 100


@st.composite
def random_snapshots(draw):
    count = draw(st.integers(min_value=0, max_value=8))
    concertations = [
        table(
            n,
            themes=draw(st.frozensets(st.integers(1, 4), max_size=3)),
            municipalities=draw(st.frozensets(st.integers(10, 15), max_size=3)),
            mission=draw(st.sampled_from(["", "sécurité alimentaire", "logement social", "jeunes et familles"])),
        )
        for n in range(1, count + 1)
    ]
    holdings = [
        holding(n, draw(st.integers(1, count)), organization=draw(st.integers(100, 104)))
        for n in range(draw(st.integers(0, 12)) if count else 0)
    ]
    populations = {m: draw(st.integers(0, 5000)) for m in range(10, 16)}
    return snapshot(concertations, holdings, populations)


@settings(max_examples=80, deadline=None)
@given(random_snapshots())
def test_blocking_never_misses_a_pair_sharing_a_theme_and_a_municipality(s):
    brute = {
        (a.id, b.id)
        for a in s.concertations
        for b in s.concertations
        if a.id < b.id and a.theme_ids & b.theme_ids and a.municipality_ids & b.municipality_ids
    }
    assert candidate_pairs(s) == brute
    assert {(p.first_id, p.second_id) for p in overlap_candidates(s)} == brute


@settings(max_examples=80, deadline=None)
@given(random_snapshots())
def test_score_is_symmetric_and_between_zero_and_one(s):
    population = _Population({m.id: m.population for m in s.municipalities})
    by_id = {c.id: c for c in s.concertations}
    for pair in overlap_candidates(s):
        assert 0.0 <= pair.score <= 1.0
        first, second = by_id[pair.first_id], by_id[pair.second_id]
        members = (frozenset({101}), frozenset({101, 102}))
        forward = _score(
            first,
            second,
            population=population,
            theme_names={},
            mission=0.5,
            organizations=members,
            people=(frozenset(), frozenset()),
        )
        backward = _score(
            second,
            first,
            population=population,
            theme_names={},
            mission=0.5,
            organizations=members[::-1],
            people=(frozenset(), frozenset()),
        )
        assert math.isclose(forward.score, backward.score)


def test_only_pairs_meeting_inside_the_territory_are_candidates():
    # The territory is the place 10 alone; two tables touching it meet only in the place 20, outside.
    s = snapshot(
        [
            table(1, themes=[FOOD], municipalities=[10, 20]),
            table(2, themes=[FOOD], municipalities=[20, 30]),
            table(3, themes=[FOOD], municipalities=[10]),
        ]
    )
    s.municipalities = [m for m in s.municipalities if m.id == 10]
    assert candidate_pairs(s) == {(1, 3)}
    # Scored on their whole coverage: table 1 covers 10 and 20, table 3 the place 10 (unknown populations).
    [pair] = overlap_candidates(s)
    assert pair.population_share == 1.0


def test_bodies_two_levels_apart_or_more_are_not_compared():
    def at(ident, level):
        return dataclasses.replace(table(ident, themes=[FOOD], municipalities=[10]), level=level)

    s = snapshot([at(1, "local"), at(2, "supralocal"), at(3, "regional"), at(4, "national"), at(5, "local")])
    assert candidate_pairs(s) == {(1, 5), (1, 2), (2, 5), (2, 3), (3, 4)}
    # A level the analysis does not know is compared with every level.
    s = snapshot([at(1, "local"), at(4, "national"), at(6, "")])
    assert candidate_pairs(s) == {(1, 6), (4, 6)}


def _service(ident, organization, *, themes, municipalities, description="", status="active"):
    return ServiceInfo(
        id=ident,
        organization_id=organization,
        name=f"Service {ident}",
        description=description,
        theme_ids=frozenset(themes),
        municipality_ids=frozenset(municipalities),
        status=status,
    )


def test_services_of_two_organisations_on_the_same_theme_and_place_are_candidates():
    s = snapshot([table(1, themes=[FOOD], municipalities=[10, 11])])
    s.services = [
        _service(1, 100, themes=[FOOD], municipalities=[10], description="Dépannage alimentaire hebdomadaire"),
        _service(2, 200, themes=[FOOD], municipalities=[10], description="Dépannage alimentaire chaque semaine"),
        _service(3, 100, themes=[FOOD], municipalities=[10], description="Cuisines collectives"),  # same org as 1
        _service(4, 300, themes=[HOUSING], municipalities=[10]),  # another theme
        _service(5, 400, themes=[FOOD], municipalities=[11], description="Dépannage alimentaire"),  # elsewhere
        _service(6, 500, themes=[FOOD], municipalities=[10], status="inactive"),
    ]
    stats = ScoringStats()
    pairs = service_overlap_candidates(s, stats=stats)
    assert (pairs[0].first_id, pairs[0].second_id) == (1, 2)
    assert {(p.first_id, p.second_id) for p in pairs} == {(1, 2), (2, 3)}
    assert stats.pairs_scored == 2
    top = pairs[0]
    assert top.theme_similarity == 1.0 and top.population_share == 1.0
    assert 0 < top.description_similarity < 1
    assert pairs[0].score > pairs[1].score  # the descriptions tell them apart
    with translation.override("en"):
        assert top.reasons[0] == "Same theme: food security."
        assert top.reasons[2].startswith("Descriptions ")


LEVEL_NAMES = ("local", "supralocal", "regional", "national", "")


@st.composite
def leveled_snapshots(draw):
    """Bodies at every level (and one the analysis does not know), some covering many places, with
    missions, members and a territory that may leave some places out."""
    count = draw(st.integers(min_value=0, max_value=12))
    missions = [
        "",
        "sécurité alimentaire des familles",
        "logement social",
        "jeunes et familles",
        "sécurité alimentaire",
    ]
    concertations = [
        dataclasses.replace(
            table(
                n,
                themes=draw(st.frozensets(st.integers(1, 5), min_size=1, max_size=4)),
                municipalities=draw(st.frozensets(st.integers(10, 19), min_size=1, max_size=8)),
                mission=draw(st.sampled_from(missions)),
            ),
            level=draw(st.sampled_from(LEVEL_NAMES)),
            parent_id=draw(st.none() | st.integers(1, count)),
        )
        for n in range(1, count + 1)
    ]
    holdings = [
        holding(
            n,
            draw(st.integers(1, count)),
            organization=draw(st.none() | st.integers(100, 104)),
            person=draw(st.none() | st.integers(200, 204)),
        )
        for n in range(draw(st.integers(0, 20)) if count else 0)
    ]
    s = snapshot(concertations, holdings, {m: draw(st.integers(0, 5000)) for m in range(10, 20)})
    inside = draw(st.frozensets(st.integers(10, 19)))
    s.municipalities = [m for m in s.municipalities if not inside or m.id in inside]
    return s


def _brute_candidates(s):
    inside = {m.id for m in s.municipalities}

    def rank(c):
        return LEVELS.index(c.level) if c.level in LEVELS else -1

    return {
        (a.id, b.id)
        for a in s.concertations
        for b in s.concertations
        if a.id < b.id
        and a.theme_ids & b.theme_ids
        and (a.municipality_ids & b.municipality_ids & inside if inside else a.municipality_ids & b.municipality_ids)
        and (rank(a) == -1 or rank(b) == -1 or abs(rank(a) - rank(b)) <= 1)
    }


@settings(max_examples=100, deadline=None)
@given(leveled_snapshots())
def test_blocking_at_every_level_equals_a_brute_force_search(s):
    # Small and large coverages alike: through the index of places or by testing every body of a level.
    assert candidate_pairs(s) == _brute_candidates(s)


def _reference(s):
    """Every candidate pair scored by `_score`, the plain computation, without any minimum."""
    population = _Population({m.id: m.population for m in s.municipalities})
    by_id = {c.id: c for c in s.concertations}
    vectors = mission_vectors(s, by_id)
    organizations, people = _members(s)
    none: frozenset[int] = frozenset()
    return [
        _score(
            by_id[a],
            by_id[b],
            population=population,
            theme_names={},
            mission=cosine(vectors[a], vectors[b]),
            organizations=(organizations.get(a, none), organizations.get(b, none)),
            people=(people.get(a, none), people.get(b, none)),
        )
        for a, b in sorted(candidate_pairs(s))
        if by_id[a].parent_id != b and by_id[b].parent_id != a
    ]


def _signals(pair):
    return (
        pair.first_id,
        pair.second_id,
        pair.score,
        pair.theme_similarity,
        pair.population_share,
        pair.mission_similarity,
        pair.member_share,
    )


@settings(max_examples=100, deadline=None)
@given(leveled_snapshots())
def test_every_pair_is_scored_as_the_plain_computation_scores_it(s):
    found = {(p.first_id, p.second_id): p for p in overlap_candidates(s)}
    reference = _reference(s)
    assert set(found) == {(p.first_id, p.second_id) for p in reference}
    for expected in reference:
        pair = found[(expected.first_id, expected.second_id)]
        assert all(map(math.isclose, _signals(pair), _signals(expected)))
        assert pair.shared_organization_ids == expected.shared_organization_ids
        assert pair.shared_person_ids == expected.shared_person_ids


@settings(max_examples=100, deadline=None)
@given(leveled_snapshots(), st.floats(0, 1) | st.sampled_from([MINIMUM_SCORE, 0.3, 0.5, 0.6]))
def test_the_bound_never_sets_aside_a_pair_reaching_the_minimum(s, minimum):
    every = overlap_candidates(s)
    stats = ScoringStats()
    kept = overlap_candidates(s, minimum=minimum, stats=stats)
    # Exactly the pairs of the full list reaching the minimum, in the same order, with the same scores.
    assert [_signals(p) for p in kept] == [_signals(p) for p in every if p.score >= minimum]
    assert stats.pairs_scored + stats.pairs_set_aside == len(every)


def test_the_pairs_of_the_known_cases_reach_the_minimum():
    # The minimum keeps every pair these tests and the demonstration data list (the lowest here: 0.45).
    assert all(pair.score >= MINIMUM_SCORE for pair in overlap_candidates(known_snapshot()))


def test_a_pair_alike_in_little_more_than_a_place_is_not_a_possible_overlap():
    # One theme out of five, one inhabitant in ten shared, no mission, no member: under a quarter alike.
    s = snapshot(
        [
            table(1, themes=[1, 2, 3], municipalities=[10, 11]),
            table(2, themes=[1, 4, 5], municipalities=[11, 12]),
            table(3, themes=[1], municipalities=[10], mission="Sécurité alimentaire"),
            table(4, themes=[1], municipalities=[10], mission="Sécurité alimentaire des familles"),
        ],
        populations={10: 9000, 11: 1000, 12: 9000},
    )
    stats = ScoringStats()
    pairs = overlap_candidates(s, minimum=MINIMUM_SCORE, stats=stats)
    every = {(p.first_id, p.second_id): p.score for p in overlap_candidates(s)}
    assert every[(1, 2)] < MINIMUM_SCORE
    assert (1, 2) not in {(p.first_id, p.second_id) for p in pairs}
    assert stats.pairs_set_aside == 1  # never fully scored: its themes and territory could not get there
    assert (3, 4) in {(p.first_id, p.second_id) for p in pairs}
    assert [p.ids for p in compute(s).overlaps] == [p.ids for p in pairs]


def test_the_analysis_leaves_the_garbage_collector_as_it_found_it():
    s = known_snapshot()
    assert gc.isenabled()
    compute(s)
    assert gc.isenabled()
    gc.disable()
    try:
        compute(s)
        assert not gc.isenabled()
    finally:
        gc.enable()
