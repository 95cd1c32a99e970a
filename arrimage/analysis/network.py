"""The network of concertations: two tables are linked when they share members.

Two active concertations are linked when an organisation or a person holds a seat on both on the
snapshot's date; the weight of the link is the number of members shared (organisations plus people).
From that graph:

- *brokers*: tables ranked by betweenness centrality (the share of shortest paths between two other tables
  that go through them, counting links as one step each, normalised to [0, 1];
  estimated from a fixed sample of tables on very large networks);
- *isolated* tables: those sharing no member with any other;
- *communities*: groups of tables more linked among themselves than with the rest, found by greedy
  modularity maximisation (Clauset, Newman and Moore), on link weights; ties are broken by ids, so the
  result is the same on every run.

The graph algorithms are igraph's (C code); results come out as plain ids, numbers, tuples and dicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import igraph

from .inputs import Snapshot

EXACT_UP_TO = 400  # tables: above, betweenness is estimated from SOURCES tables
SOURCES = 200


@dataclass(frozen=True)
class Link:
    """Two concertations (`first_id` < `second_id`) and the members they share."""

    first_id: int
    second_id: int
    weight: int
    organizations: frozenset[int] = field(default=frozenset(), repr=False)
    people: frozenset[int] = field(default=frozenset(), repr=False)

    @cached_property
    def organization_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.organizations))

    @cached_property
    def person_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.people))


@dataclass(frozen=True)
class Network:
    concertation_ids: tuple[int, ...]
    links: tuple[Link, ...]  # heaviest first
    betweenness: dict[int, float]  # every concertation, in [0, 1]
    brokers: tuple[tuple[int, float], ...]  # (id, betweenness) above zero, highest first
    isolated: tuple[int, ...]
    communities: tuple[tuple[int, ...], ...]  # groups of two tables or more, largest first


def network(s: Snapshot) -> Network:
    """Link the active concertations of the snapshot by their shared current members."""
    ids = sorted(c.id for c in s.concertations if c.active(s.on))
    active = set(ids)
    tables_of_organization: dict[int, set[int]] = defaultdict(set)
    tables_of_person: dict[int, set[int]] = defaultdict(set)
    for holding in s.holdings:
        if holding.concertation_id in active and holding.current(s.on):
            if holding.organization_id is not None:
                tables_of_organization[holding.organization_id].add(holding.concertation_id)
            if holding.person_id is not None:
                tables_of_person[holding.person_id].add(holding.concertation_id)
    shared_organizations = _shared(tables_of_organization)
    shared_people = _shared(tables_of_person)
    none: frozenset[int] = frozenset()
    links = []
    for pair in shared_organizations.keys() | shared_people.keys():
        organizations = frozenset(shared_organizations.get(pair, none))
        people = frozenset(shared_people.get(pair, none))
        links.append(Link(pair[0], pair[1], len(organizations) + len(people), organizations, people))
    links.sort(key=lambda link: (-link.weight, link.first_id, link.second_id))
    neighbours: dict[int, dict[int, int]] = {node: {} for node in ids}
    for link in links:
        neighbours[link.first_id][link.second_id] = link.weight
        neighbours[link.second_id][link.first_id] = link.weight
    centrality = betweenness(neighbours)
    brokers = sorted(((node, value) for node, value in centrality.items() if value > 0), key=lambda b: (-b[1], b[0]))
    return Network(
        concertation_ids=tuple(ids),
        links=tuple(links),
        betweenness=centrality,
        brokers=tuple(brokers),
        isolated=tuple(node for node in ids if not neighbours[node]),
        communities=tuple(group for group in greedy_modularity(neighbours) if len(group) > 1),
    )


def _shared(tables_of: dict[int, set[int]]) -> dict[tuple[int, int], set[int]]:
    """For each pair of tables, the members (keys of `tables_of`) sitting on both."""
    shared: dict[tuple[int, int], set[int]] = defaultdict(set)
    for member, tables in tables_of.items():
        ordered = sorted(tables)
        for position, first in enumerate(ordered):
            for second in ordered[position + 1 :]:
                shared[(first, second)].add(member)
    return shared


def _graph(neighbours: dict[int, dict[int, int]]) -> tuple[igraph.Graph, list[int]]:
    """The graph in igraph's form, its vertices numbered in the order of the sorted ids (returned)."""
    ids = sorted(neighbours)
    index = {ident: position for position, ident in enumerate(ids)}
    edges = [
        (node, other, weight) for node, links in neighbours.items() for other, weight in links.items() if node < other
    ]
    edges.sort()
    graph = igraph.Graph(n=len(ids), edges=[(index[node], index[other]) for node, other, _w in edges])
    graph.es["weight"] = [weight for _node, _other, weight in edges]
    return graph, ids


def betweenness(neighbours: dict[int, dict[int, int]]) -> dict[int, float]:
    """Normalised betweenness centrality, links counting one step each (Brandes' algorithm, in igraph).

    On a graph of more than `EXACT_UP_TO` tables, the shortest paths are counted from `SOURCES` tables
    spread evenly over the sorted ids and scaled up (the estimator of Brandes and Pich, 2007): the
    ranking of the brokers stays, the cost stops growing with the square of the network. The sources
    are fixed, so the result is the same on every run.
    """
    graph, ids = _graph(neighbours)
    n = len(ids)
    if n < 3:
        return dict.fromkeys(ids, 0.0)
    if n <= EXACT_UP_TO:
        raw = graph.betweenness(directed=False)
    else:
        step = n / SOURCES
        sources = sorted({int(position * step) for position in range(SOURCES)})
        # igraph counts each pair once on an undirected graph, from the source's end: scale up by n / k.
        raw = [value * n / len(sources) for value in graph.betweenness(directed=False, sources=sources)]
    scale = 2 / ((n - 1) * (n - 2))
    return {ident: float(value) * scale for ident, value in zip(ids, raw, strict=True)}


def greedy_modularity(neighbours: dict[int, dict[int, int]]) -> list[tuple[int, ...]]:
    """Communities by greedy modularity maximisation on link weights (Clauset–Newman–Moore, in igraph),
    listed largest first, each sorted; a table linked to no other is a group of its own."""
    graph, ids = _graph(neighbours)
    if graph.ecount() == 0:
        groups = [[position] for position in range(len(ids))]
    else:
        groups = list(graph.community_fastgreedy(weights="weight").as_clustering())
    return sorted((tuple(sorted(ids[p] for p in group)) for group in groups), key=lambda g: (-len(g), g))
