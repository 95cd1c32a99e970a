import datetime as dt
import math
from dataclasses import replace

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.inputs import ConcertationInfo, OrganizationInfo, TerritoryInfo
from arrimage.analysis.plan_inputs import (
    ADOPTED,
    CANCELLED,
    CHANGE_LEVELS,
    DIMENSIONS,
    DRAFTING,
    EVALUATED,
    EXPIRED,
    IMPLEMENTATION,
    UNIT_OF_KIND,
    ActionInfo,
    ContributionInfo,
    PlanInfo,
    PlanningSnapshot,
)
from arrimage.analysis.planning import (
    contributions,
    integration,
    is_stalled,
    percent,
    planning_load,
    planning_summary,
    plans_in_force,
    resource_equity,
)

ON = dt.date(2025, 6, 1)
MRC = TerritoryInfo(id=1000, kind="mrc", name="MRC des Collines")


def town(id, name, population, urbanity):
    return TerritoryInfo(
        id=id, kind="municipality", name=name, parent_id=1000, population=population, urbanity=urbanity
    )


MUNICIPALITIES = [
    town(10, "Village", 400, "rural"),
    town(11, "Ville", 20000, "urban"),
    town(12, "Bourg", 2000, "periurban"),
    town(13, "Hameau", 0, "rural"),
]
OUTSIDE = [town(20, "Voisine", 7600, "urban")]


def plan(id, places, stage=IMPLEMENTATION, **fields):
    fields.setdefault("accompanied_in_implementation", True)
    fields.setdefault("last_progress_on", dt.date(2025, 5, 1))
    fields.setdefault("kind", "family")
    return PlanInfo(id=id, name=f"Plan {id}", municipality_ids=frozenset(places), stage=stage, **fields)


def action(id, plan_id, dimensions=(), level="", status=""):
    return ActionInfo(
        id=id,
        plan_id=plan_id,
        objective_id=None,
        name=f"Action {id}",
        dimensions=frozenset(dimensions),
        change_level=level,
        status=status,
    )


def given_(id, action_id, plan_id, organization_id, kind, committed, delivered=0.0):
    return ContributionInfo(
        id=id,
        action_id=action_id,
        plan_id=plan_id,
        organization_id=organization_id,
        kind=kind,
        committed=committed,
        delivered=delivered,
    )


def known_snapshot():
    plans = [
        plan(1, {10}, owner_territory_id=10, start=dt.date(2023, 1, 1), end=dt.date(2027, 12, 31)),
        plan(2, {10}, ADOPTED, owner_territory_id=10, accompanied_in_implementation=False, last_progress_on=None),
        plan(3, {10}, owner_territory_id=10, last_progress_on=dt.date(2024, 1, 15)),
        plan(4, {11}, owner_territory_id=11, start=dt.date(2024, 1, 1)),
        plan(5, {11}, owner_territory_id=11, start=dt.date(2024, 1, 1)),
        plan(6, {11}, owner_territory_id=11, start=dt.date(2024, 1, 1)),
        plan(
            7,
            {10, 11, 12, 13, 20},
            owner_territory_id=1000,
            owner_concertation_id=500,
            start=dt.date(2022, 1, 1),
            accompanied_in_implementation=False,
            last_progress_on=None,
        ),
        plan(8, {12}, DRAFTING, owner_concertation_id=501),
        plan(9, {12}, ADOPTED, end=dt.date(2024, 12, 31)),
        plan(10, {12}, ADOPTED, start=dt.date(2026, 1, 1)),
    ]
    actions = [
        action(1, 1, {"social", "economic"}, "policies"),
        action(2, 1, {"social"}, "habits"),
        action(3, 7, {"environmental", "social", "economic"}, "environments"),
        action(4, 7),
        action(5, 7, {"social"}, "conditions", status=CANCELLED),
        action(6, 8, {"cultural"}, "policies"),
        action(7, 4, {"social"}, "habits"),
    ]
    organizations = [
        OrganizationInfo(id=100, name="Centraide", sector="philanthropy"),
        OrganizationInfo(id=101, name="CDC", sector="community"),
        OrganizationInfo(id=102, name="Municipalité", sector="municipal"),
        OrganizationInfo(id=103, name="Maison des jeunes", sector="community"),
    ]
    contributions_ = [
        given_(1, 1, 1, 100, "money", 10000, 5000),
        given_(2, 1, 1, 101, "staff_hours", 200, 150),
        given_(3, 3, 7, 102, "money", 40000, 40000),
        given_(4, 3, 7, 102, "premises", 6000, 0),
        given_(5, 7, 4, 103, "expertise", 50, 60),
        given_(6, 6, 8, 100, "money", 99999, 0),  # a plan in drafting: left out
        given_(7, 5, 7, 101, "in_kind", 1000, 1000),  # a cancelled action: still counted
        given_(8, 2, 1, 999, "money", 500, 0),  # an organisation the snapshot does not know
        given_(9, 2, 1, 101, "other", 7, 7),  # a kind without unit: counted, no amount
    ]
    return PlanningSnapshot(
        territory=MRC,
        on=ON,
        municipalities=list(MUNICIPALITIES),
        plans=plans,
        actions=actions,
        contributions=contributions_,
        organizations=organizations,
        concertations=[
            ConcertationInfo(id=500, name="Table des partenaires", kind="table", level="supralocal"),
            ConcertationInfo(id=501, name="Comité jeunesse", kind="committee", level="local"),
        ],
        outside_municipalities=list(OUTSIDE),
    )


# --- Plans in force and stalls ---------------------------------------------------------------------------


def test_plans_in_force_are_adopted_or_under_way_within_their_horizon():
    assert [p.id for p in plans_in_force(known_snapshot())] == [1, 2, 3, 4, 5, 6, 7]  # 8 drafted, 9 over, 10 later


@pytest.mark.parametrize("stage", [DRAFTING, EVALUATED, EXPIRED])
def test_other_stages_are_not_in_force(stage):
    assert not plan(1, {10}, stage).in_force(ON)


def test_a_plan_without_horizon_stays_in_force_while_its_stage_says_so():
    assert plan(1, {10}, ADOPTED).in_force(ON)
    assert planning_load(known_snapshot()).without_horizon_ids == (2, 3)


def test_a_plan_stalls_after_365_days_without_progress():
    assert not is_stalled(plan(1, {10}, last_progress_on=ON - dt.timedelta(days=365)), ON)
    assert is_stalled(plan(1, {10}, last_progress_on=ON - dt.timedelta(days=366)), ON)
    assert is_stalled(plan(1, {10}, last_progress_on=None), ON)  # in implementation, never reported
    long_ago, lately = ON - dt.timedelta(days=366), ON - dt.timedelta(days=30)
    assert is_stalled(plan(1, {10}, last_progress_on=None, stage_since=long_ago), ON)
    assert not is_stalled(plan(1, {10}, last_progress_on=None, stage_since=lately), ON)  # just started
    assert not is_stalled(plan(1, {10}, ADOPTED, last_progress_on=None), ON)  # not under way yet


# --- Planning load --------------------------------------------------------------------------------------


def test_the_seed_village_carrying_three_policies_ranks_before_the_town():
    village = town(1, "Village", 400, "rural")
    city = town(2, "Ville", 20000, "urban")
    plans = [plan(i, {1}, kind=kind, owner_territory_id=1) for i, kind in enumerate(("family", "mada", "youth"), 1)]
    plans += [plan(i, {2}) for i in (4, 5, 6)]
    load = planning_load(PlanningSnapshot(territory=MRC, on=ON, municipalities=[city, village], plans=plans))
    assert [m.name for m in load.municipalities] == ["Village", "Ville"]
    assert load.municipalities[0].per_thousand == 7.5  # 3 plans, 400 inhabitants
    assert load.municipalities[1].per_thousand == pytest.approx(0.15)  # 3 plans, 20,000 inhabitants


def test_load_counts_the_plans_covering_each_municipality():
    load = planning_load(known_snapshot())
    assert [m.municipality_id for m in load.municipalities] == [10, 12, 11, 13]
    village, bourg, ville, hameau = load.municipalities
    assert village.plan_ids == (1, 2, 3, 7) and village.per_thousand == 10.0
    assert village.owned_ids == (1, 2, 3)  # plan 7 belongs to the MRC
    assert village.unaccompanied_ids == (2, 7) and village.stalled_ids == (3, 7)
    assert bourg.plan_ids == (7,) and bourg.per_thousand == 0.5
    assert ville.plans == 4 and ville.per_thousand == 0.2
    assert hameau.plans == 1 and hameau.per_thousand is None  # no population: last
    assert load.plan_ids == (1, 2, 3, 4, 5, 6, 7)
    assert load.unaccompanied_ids == (2, 7) and load.stalled_ids == (3, 7)


def test_no_plans_gives_an_empty_load_for_every_municipality():
    load = planning_load(PlanningSnapshot(territory=MRC, on=ON, municipalities=list(MUNICIPALITIES)))
    assert load.plan_ids == ()
    assert [m.plans for m in load.municipalities] == [0, 0, 0, 0]
    assert [m.per_thousand for m in load.municipalities] == [0.0, 0.0, 0.0, None]


# --- Integration ----------------------------------------------------------------------------------------


def test_integration_counts_actions_of_plans_in_force_by_dimension_and_level():
    territory = integration(known_snapshot()).territory
    assert territory.actions == 5  # actions 1, 2, 3, 4, 7: 5 is cancelled, 6 belongs to a plan in drafting
    assert [(r.key, r.count) for r in territory.by_dimension] == [
        ("social", 4),
        ("economic", 2),
        ("environmental", 1),
        ("cultural", 0),
        ("", 1),
    ]
    assert territory.dimension("social").share == 0.8
    assert territory.multidimensional.count == 2 and territory.multidimensional.share == 0.4
    assert [(r.key, r.count) for r in territory.by_level] == [
        ("habits", 2),
        ("environments", 1),
        ("conditions", 0),
        ("policies", 1),
        ("", 1),
    ]
    assert territory.level("policies").share == 0.2


def test_integration_per_owner_concertation():
    report = integration(known_snapshot())
    assert [c.concertation_id for c in report.concertations] == [500]  # 501 owns only a plan in drafting
    table = report.concertations[0]
    assert table.actions == 2 and table.dimension("environmental").share == 0.5
    assert table.level("policies").count == 0


def test_integration_per_owner_territory():
    report = integration(known_snapshot())
    assert report.territory.territory_id == 1000 and report.territory.concertation_id is None
    # By name: « MRC des Collines » (plan 7), « Village » (plans 1 to 3), « Ville » (plans 4 to 6).
    assert [(t.territory_id, t.actions) for t in report.territories] == [(1000, 2), (10, 2), (11, 1)]
    assert report.territories[1].level("policies").share == 0.5


def test_integration_sentences():
    with translation.override("en"):
        report = integration(known_snapshot())
    assert report.territory.sentences == (
        "20 % of the actions aim at public policies.",
        "40 % of the actions join at least two dimensions of development.",
        "The cultural dimension is the least present: 0 % of the actions.",
    )


def test_one_action_in_thirty_aiming_at_policies_reads_three_percent():
    actions = [action(i, 1, {"social"}, "policies" if i == 0 else "habits") for i in range(30)]
    s = PlanningSnapshot(territory=MRC, on=ON, plans=[plan(1, {10})], actions=actions)
    with translation.override("en"):
        assert integration(s).territory.sentences[0] == "3 % of the actions aim at public policies."


def test_no_actions_has_no_shares_and_says_so():
    s = PlanningSnapshot(territory=MRC, on=ON, plans=[plan(1, {10}, owner_concertation_id=500)])
    with translation.override("en"):
        report = integration(s)
    assert report.territory.actions == 0
    assert all(row.share is None for row in report.territory.by_dimension + report.territory.by_level)
    assert report.territory.sentences == ("No action is recorded in the plans in force.",)
    assert report.concertations[0].actions == 0  # a concertation with a plan in force but no action is listed
    assert report.territories == ()  # the plan has no owner territory


def test_percent_never_rounds_something_to_nothing():
    assert percent(0.0) == 0 and percent(1 / 300) == 1 and percent(0.999) == 99 and percent(1.0) == 100
    assert percent(1.2) == 120
    # A cent committed and millions delivered still reads as a number, however absurd the ratio.
    assert percent(4.49e307) == percent(float("inf")) == 1_000_000


# --- Contributions --------------------------------------------------------------------------------------


def test_contributions_by_organisation():
    result = contributions(known_snapshot())
    rows = {r.organization_id: r for r in result.by_organization}
    assert [r.organization_id for r in result.by_organization] == [102, 100, 101, 999, 103]
    assert rows[102].amounts.dollars_committed == 46000 and rows[102].amounts.dollars_delivered == 40000
    assert rows[100].amounts.dollars_rate == 0.5
    assert rows[101].contributions == 3 and rows[101].action_ids == (1, 2, 5)
    assert rows[101].amounts.hours_committed == 200 and rows[101].amounts.hours_rate == 0.75
    assert rows[103].amounts.hours_rate == 1.2  # more delivered than promised
    assert rows[103].amounts.dollars_rate is None  # nothing committed in dollars
    assert rows[999].name == "" and rows[999].sector == "" and rows[999].amounts.dollars_rate == 0.0


def test_contributions_by_sector_and_in_total():
    result = contributions(known_snapshot())
    assert [(r.sector, r.organizations, r.contributions) for r in result.by_sector] == [
        ("municipal", 1, 2),
        ("philanthropy", 1, 1),
        ("community", 2, 4),
        ("", 1, 1),
    ]
    community = result.by_sector[2].amounts
    assert (community.dollars_committed, community.hours_committed, community.hours_delivered) == (1000, 250, 210)
    assert result.contributions == 8
    assert result.total.dollars_committed == 57500 and result.total.dollars_delivered == 46000
    assert result.total.dollars_rate == 0.8
    assert (result.total.hours_committed, result.total.hours_delivered) == (250, 210)


# --- Equity of resources --------------------------------------------------------------------------------


def test_resources_split_by_population_over_the_places_a_plan_covers():
    s = known_snapshot()
    s.plans.append(plan(11, set(), ADOPTED))
    s.contributions.append(given_(10, 8, 11, 100, "money", 300))
    result = resource_equity(s)
    rows = {r.urbanity: r for r in result.rows}
    assert [r.urbanity for r in result.rows] == ["urban", "periurban", "rural"]
    # Plan 7 (47,000 $) covers 30,000 people, 7,600 of them outside; plan 1 (10,500 $, 200 h) the village.
    assert rows["urban"].dollars == pytest.approx(47000 * 20000 / 30000)
    assert rows["urban"].hours == 50 and rows["urban"].hours_per_1000 == 2.5
    assert rows["periurban"].dollars_per_1000 == pytest.approx(rows["urban"].dollars_per_1000)
    assert rows["rural"].municipalities == 2 and rows["rural"].population == 400
    assert rows["rural"].dollars == pytest.approx(10500 + 47000 * 400 / 30000)
    assert rows["rural"].hours_per_1000 == 500
    assert result.outside_dollars == pytest.approx(47000 * 7600 / 30000)
    assert result.unplaced_dollars == 300 and result.unplaced_hours == 0


def test_places_without_population_share_evenly():
    places = [town(1, "A", 0, "rural"), town(2, "B", 0, "urban")]
    s = PlanningSnapshot(
        territory=MRC,
        on=ON,
        municipalities=places,
        plans=[plan(1, {1, 2})],
        contributions=[given_(1, 1, 1, 100, "money", 1000)],
    )
    rows = {r.urbanity: r for r in resource_equity(s).rows}
    assert rows["rural"].dollars == 500 and rows["urban"].dollars == 500
    assert rows["rural"].dollars_per_1000 is None  # no population


# --- Summary --------------------------------------------------------------------------------------------


def test_summary_of_the_known_territory():
    with translation.override("en"):
        sentences = planning_summary(known_snapshot())
    assert sentences == [
        "7 plans and policies are in force on this territory.",
        "Village carries the heaviest planning load: 4 plans and policies in force for 400 inhabitants.",
        "2 plans in force have nobody to accompany them.",
        "2 plans in force have had no progress update for 12 months.",
    ]


def test_summary_when_plans_are_followed():
    s = PlanningSnapshot(
        territory=MRC,
        on=ON,
        municipalities=[town(1, "Seule", 500, "rural")],
        plans=[plan(1, {1})],
        actions=[action(1, 1, {"social"}, "policies")],
        contributions=[given_(1, 1, 1, 100, "money", 1000, 250)],
    )
    with translation.override("en"):
        assert planning_summary(s) == [
            "1 plan or policy is in force on this territory.",
            "Every plan in force has someone to accompany it.",
            "100 % of the actions aim at public policies.",
            "Partners have delivered 25 % of the dollars they committed.",
        ]


def test_summary_without_plans():
    s = PlanningSnapshot(territory=MRC, on=ON, municipalities=list(MUNICIPALITIES))
    with translation.override("en"):
        assert planning_summary(s) == [
            "No plan or policy is in force on this territory on this date.",
            "No plan or policy is being drafted either.",
        ]
    s.plans = [plan(1, {10}, DRAFTING), plan(2, {11}, ADOPTED, end=dt.date(2024, 12, 31))]
    with translation.override("en"):
        assert planning_summary(s)[1] == "1 plan or policy is being drafted."


def test_summary_in_french_reads_whole_sentences():
    with translation.override("fr"):
        sentences = planning_summary(known_snapshot())
    assert 2 <= len(sentences) <= 4 and all(sentence.endswith(".") for sentence in sentences)


# --- Properties -----------------------------------------------------------------------------------------

dates = st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31))
plan_rows = st.lists(
    st.tuples(
        st.sampled_from([DRAFTING, ADOPTED, IMPLEMENTATION, EVALUATED, EXPIRED]),
        st.frozensets(st.sampled_from([10, 11, 12, 13, 20])),
        dates,
        dates,
        st.booleans(),
        dates,
        st.none() | st.sampled_from([500, 501]),
    ),
    max_size=12,
)
action_rows = st.lists(
    st.tuples(
        st.integers(0, 11),
        st.frozensets(st.sampled_from(DIMENSIONS)),
        st.sampled_from([*CHANGE_LEVELS, ""]),
        st.sampled_from(["", "ongoing", CANCELLED]),
    ),
    max_size=25,
)
contribution_rows = st.lists(
    st.tuples(
        st.integers(0, 11),
        st.sampled_from([100, 101, 102, 999]),
        st.sampled_from([*UNIT_OF_KIND, "other"]),
        st.floats(0, 1e6),
        st.floats(0, 1e6),
    ),
    max_size=25,
)
populations = st.tuples(*[st.integers(0, 30000) for _ in range(5)])


def random_snapshot(plans, actions, given, people):
    places = [replace(m, population=p) for m, p in zip([*MUNICIPALITIES, *OUTSIDE], people, strict=True)]
    return PlanningSnapshot(
        territory=MRC,
        on=ON,
        municipalities=places[:4],
        outside_municipalities=places[4:],
        plans=[
            plan(
                i,
                covered,
                stage,
                start=start,
                end=end,
                accompanied_in_implementation=accompanied,
                last_progress_on=progress,
                owner_concertation_id=owner,
            )
            for i, (stage, covered, start, end, accompanied, progress, owner) in enumerate(plans)
        ],
        actions=[
            action(i, plan_id, dimensions, level, status)
            for i, (plan_id, dimensions, level, status) in enumerate(actions)
        ],
        contributions=[
            given_(i, 0, plan_id, organization, kind, committed, delivered)
            for i, (plan_id, organization, kind, committed, delivered) in enumerate(given)
        ],
        organizations=[
            OrganizationInfo(id=100, name="A", sector="community"),
            OrganizationInfo(id=101, name="B", sector="community"),
            OrganizationInfo(id=102, name="C", sector="municipal"),
        ],
    )


@settings(max_examples=80, deadline=None)
@given(plan_rows, populations)
def test_load_equals_a_recount(plans, people):
    s = random_snapshot(plans, [], [], people)
    load = planning_load(s)
    in_force = [p for p in s.plans if p.in_force(ON)]
    for row in load.municipalities:
        assert row.plan_ids == tuple(p.id for p in in_force if row.municipality_id in p.municipality_ids)
        assert set(row.unaccompanied_ids) <= set(row.plan_ids) and set(row.stalled_ids) <= set(row.plan_ids)
        if row.population:
            assert row.per_thousand == pytest.approx(row.plans * 1000 / row.population)
    known = [row.per_thousand for row in load.municipalities if row.per_thousand is not None]
    assert known == sorted(known, reverse=True)
    assert [row.per_thousand is None for row in load.municipalities] == sorted(
        row.per_thousand is None for row in load.municipalities
    )


@settings(max_examples=80, deadline=None)
@given(plan_rows, action_rows)
def test_integration_counts_add_up(plans, actions):
    report = integration(random_snapshot(plans, actions, [], (1, 1, 1, 1, 1)))
    for part in (report.territory, *report.concertations):
        assert sum(row.count for row in part.by_level) == part.actions
        assert all(row.count <= part.actions for row in part.by_dimension)
        assert part.multidimensional.count <= part.actions - part.dimension("").count
        for row in (*part.by_dimension, *part.by_level):
            assert (row.share is None) == (part.actions == 0)
            assert row.share is None or 0 <= row.share <= 1
        assert len(part.sentences) == (3 if part.actions else 1)
    assert sum(c.actions for c in report.concertations) <= report.territory.actions
    assert sum(t.actions for t in report.territories) <= report.territory.actions


@settings(max_examples=80, deadline=None)
@given(plan_rows, contribution_rows, populations)
def test_resources_are_neither_lost_nor_invented(plans, given, people):
    s = random_snapshot(plans, [], given, people)
    result = contributions(s)
    for unit in ("dollars_committed", "dollars_delivered", "hours_committed", "hours_delivered"):
        total = getattr(result.total, unit)
        assert math.isclose(sum(getattr(r.amounts, unit) for r in result.by_sector), total, abs_tol=1e-3)
        assert math.isclose(sum(getattr(r.amounts, unit) for r in result.by_organization), total, abs_tol=1e-3)
    equity = resource_equity(s)
    placed = sum(r.dollars for r in equity.rows) + equity.outside_dollars + equity.unplaced_dollars
    assert math.isclose(placed, result.total.dollars_committed, rel_tol=1e-9, abs_tol=1e-3)
    placed = sum(r.hours for r in equity.rows) + equity.outside_hours + equity.unplaced_hours
    assert math.isclose(placed, result.total.hours_committed, rel_tol=1e-9, abs_tol=1e-3)
    assert sum(r.municipalities for r in equity.rows) == len(s.municipalities)


@settings(max_examples=50, deadline=None)
@given(plan_rows, action_rows, contribution_rows, populations)
def test_summary_says_two_to_four_sentences(plans, actions, given, people):
    with translation.override("en"):
        sentences = planning_summary(random_snapshot(plans, actions, given, people))
    assert 2 <= len(sentences) <= 4
    assert all(sentence and sentence.endswith(".") for sentence in sentences)


@given(st.floats(0.0001, 0.9999), st.floats(0.0001, 0.9999))
def test_percent_is_monotone_and_strict(first, second):
    low, high = sorted((first, second))
    assert 1 <= percent(low) <= percent(high) <= 99
