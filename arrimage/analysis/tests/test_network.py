import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.inputs import ConcertationInfo, HoldingInfo, Snapshot, TerritoryInfo
from arrimage.analysis.network import betweenness, greedy_modularity, network

ON = dt.date(2025, 6, 1)


def holding(id, concertation_id, *, person=None, organization=None, end=None):
    return HoldingInfo(
        id=id,
        seat_id=id,
        concertation_id=concertation_id,
        person_id=person,
        organization_id=organization,
        start=dt.date(2024, 1, 1),
        end=end,
    )


def snapshot(ids, holdings, ended=()):
    return Snapshot(
        territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"),
        on=ON,
        concertations=[
            ConcertationInfo(
                id=n, name=f"T{n}", kind="table", level="local", end=dt.date(2020, 1, 1) if n in ended else None
            )
            for n in ids
        ],
        holdings=list(holdings),
    )


def bridged_snapshot():
    """Tables 1-3 share organisation 10, tables 5-7 share organisation 20; table 4 bridges them through
    person 30 (on 1 and 4) and person 31 (on 4 and 5); table 8 shares nobody; table 9 has ended."""
    holdings = [holding(n, n, organization=10) for n in (1, 2, 3)]
    holdings += [holding(n, n, organization=20) for n in (5, 6, 7)]
    holdings += [holding(11, 1, person=30), holding(12, 4, person=30), holding(13, 4, person=31)]
    holdings += [holding(14, 5, person=31, organization=20), holding(15, 8, organization=40)]
    holdings += [holding(16, 9, organization=10), holding(17, 2, organization=40, end=dt.date(2025, 1, 1))]
    return snapshot(range(1, 10), holdings, ended={9})


def test_links_count_the_members_shared():
    result = network(bridged_snapshot())
    links = {(link.first_id, link.second_id): link for link in result.links}
    assert links[(1, 2)].weight == 1 and links[(1, 2)].organization_ids == (10,)
    assert links[(5, 6)].weight == 1  # organisation 20 twice on table 5: counted once
    assert links[(4, 5)].person_ids == (31,)
    assert (2, 8) not in links  # organisation 40 left table 2
    assert all(9 not in (link.first_id, link.second_id) for link in result.links)
    assert result.concertation_ids == (1, 2, 3, 4, 5, 6, 7, 8)


def test_the_bridge_table_has_the_highest_betweenness():
    result = network(bridged_snapshot())
    assert result.brokers[0][0] == 4
    # 8 tables: 21 pairs of other tables; 9 of them ({1,2,3} × {5,6,7}) go through table 4, 8 through table 1.
    assert math.isclose(result.betweenness[4], 9 / 21)
    assert math.isclose(result.betweenness[1], 8 / 21)
    assert result.betweenness[2] == 0.0


def test_an_isolated_table_is_reported_isolated():
    result = network(bridged_snapshot())
    assert result.isolated == (8,)
    assert all(8 not in group for group in result.communities)


def test_communities_separate_the_two_groups():
    communities = network(bridged_snapshot()).communities
    group_of = {node: group for group in communities for node in group}
    assert group_of[1] == group_of[2] == group_of[3]
    assert group_of[5] == group_of[6] == group_of[7]
    assert group_of[1] != group_of[5]


def test_betweenness_of_a_path():
    path = {1: {2: 1}, 2: {1: 1, 3: 1}, 3: {2: 1}}
    assert betweenness(path) == {1: 0.0, 2: 1.0, 3: 0.0}
    assert greedy_modularity({1: {}, 2: {}}) == [(1,), (2,)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.none() | st.integers(20, 25), st.none() | st.integers(30, 33))))
def test_network_properties(rows):
    holdings = [holding(n, table, organization=org, person=person) for n, (table, org, person) in enumerate(rows)]
    result = network(snapshot(range(1, 9), holdings))
    assert all(0.0 <= value <= 1.0 + 1e-9 for value in result.betweenness.values())
    linked = {node for link in result.links for node in (link.first_id, link.second_id)}
    assert set(result.isolated) == set(result.concertation_ids) - linked
    assert all(result.betweenness[node] == 0.0 for node in result.isolated)
    members = [node for group in result.communities for node in group]
    assert len(members) == len(set(members)) and set(members) <= linked
    for link in result.links:
        orgs_first = {h.organization_id for h in holdings if h.concertation_id == link.first_id}
        orgs_second = {h.organization_id for h in holdings if h.concertation_id == link.second_id}
        people_first = {h.person_id for h in holdings if h.concertation_id == link.first_id}
        people_second = {h.person_id for h in holdings if h.concertation_id == link.second_id}
        assert link.weight == len((orgs_first & orgs_second) - {None}) + len((people_first & people_second) - {None})


def test_betweenness_on_a_large_network_is_estimated_close_to_the_exact_value(monkeypatch):
    # A ring of 30 dense clusters of 20 tables, each cluster linked to the next by one bridge table pair.
    import random

    from arrimage.analysis import network as module

    rng = random.Random(7)
    neighbours: dict[int, dict[int, int]] = {node: {} for node in range(600)}

    def link(a: int, b: int) -> None:
        neighbours[a][b] = neighbours[b][a] = 1

    for cluster in range(30):
        members = range(cluster * 20, cluster * 20 + 20)
        for a in members:
            for b in members:
                if a < b and rng.random() < 0.3:
                    link(a, b)
        link(cluster * 20, ((cluster + 1) % 30) * 20 + 1)
    assert len(neighbours) > module.EXACT_UP_TO
    estimated = module.betweenness(neighbours)
    monkeypatch.setattr(module, "EXACT_UP_TO", 10_000)
    exact = module.betweenness(neighbours)
    top_exact = sorted(exact, key=lambda n: -exact[n])[:30]
    top_estimated = sorted(estimated, key=lambda n: -estimated[n])[:30]
    # The bridges are the brokers either way, and the values stay close.
    assert len(set(top_exact) & set(top_estimated)) >= 27
    assert max(abs(exact[n] - estimated[n]) for n in neighbours) < 0.05
    assert all(0.0 <= value <= 1.0 for value in estimated.values())


def test_communities_are_the_same_on_every_run_and_leave_the_process_random_alone():
    import random

    rng = random.Random(3)
    neighbours: dict[int, dict[int, int]] = {node: {} for node in range(300)}
    for cluster in range(15):  # 15 clusters of 20 tables, each linked to the next by one pair
        members = range(cluster * 20, cluster * 20 + 20)
        for a in members:
            for b in members:
                if a < b and rng.random() < 0.4:
                    neighbours[a][b] = neighbours[b][a] = rng.randint(1, 3)
        a, b = cluster * 20, ((cluster + 1) % 15) * 20 + 1
        neighbours[a][b] = neighbours[b][a] = 1
    runs = []
    for seed in (1, 2, 3):
        random.seed(seed)
        runs.append(greedy_modularity(neighbours))
        after = random.random()
        random.seed(seed)
        assert random.random() == after  # igraph drew nothing from the process's generator
    assert runs[0] == runs[1] == runs[2]
    # The clusters come out as the communities.
    assert sorted(runs[0]) == [tuple(range(c * 20, c * 20 + 20)) for c in range(15)]
