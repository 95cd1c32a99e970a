"""The network section of the « Concertation » page as data for the graph and its table.

`network_graph` turns the analysis's network (`arrimage.analysis.network`) into a JSON-ready dict: one
node per active concertation, one edge per pair of concertations sharing members, and the themes, levels
and sectors the filters offer. The page passes it to static/js/network.js with `json_script` and renders
the same nodes as a table.

People are only counted: no name or id of a person ever reaches this dict, so the graph shows the same
thing to every visitor who may see the concertations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from arrimage.actors.models import Sector
from arrimage.analysis.results import Results
from arrimage.concertation.models import Level
from arrimage.core.text import fold

from .analysis_names import choice_label

if TYPE_CHECKING:
    from .analysis_names import Named

LIMIT = 50  # bodies drawn and listed, the most central first


def network_graph(results: Results, concertations: Mapping[int, Named], *, limit: int | None = None) -> dict[str, Any]:
    """The nodes and edges of the network of `results`, ranked by betweenness then number of links, with
    the filters' choices; `concertations` names and links each concertation by id.

    Only the first `limit` (by default `LIMIT`) bodies of the ranking and the links between them are kept
    (`total` says how many bodies the network has): a graph of thousands of bodies is neither readable nor
    light to send.
    """
    s = results.snapshot
    graph = results.network
    info = {c.id: c for c in s.concertations}
    slug_of = {t.id: t.slug for t in s.themes}
    community_of = {ident: index for index, group in enumerate(graph.communities, start=1) for ident in group}
    degree = dict.fromkeys(graph.concertation_ids, 0)
    for link in graph.links:
        degree[link.first_id] += 1
        degree[link.second_id] += 1
    nodes: list[dict[str, Any]] = []
    for ident in graph.concertation_ids:
        concertation = info[ident]
        named = concertations[ident]
        nodes.append(
            {
                "id": ident,
                "name": named.name,
                "url": named.url,
                "level": concertation.level,
                "level_label": choice_label(Level, concertation.level),
                "kind": concertation.kind,
                "themes": sorted(slug_of[t] for t in concertation.theme_ids if t in slug_of),
                "community": community_of.get(ident),
                "betweenness": round(graph.betweenness.get(ident, 0.0), 4),
                "degree": degree[ident],
                "isolated": degree[ident] == 0,
            }
        )
    nodes.sort(key=lambda n: (-n["betweenness"], -n["degree"], fold(n["name"]), n["id"]))
    kept = nodes[: LIMIT if limit is None else limit]
    kept_ids = {node["id"] for node in kept}
    sector_of = {o.id: o.sector for o in s.organizations if o.sector}
    edges: list[dict[str, Any]] = [
        {
            "source": link.first_id,
            "target": link.second_id,
            "weight": link.weight,
            "organizations": len(link.organization_ids),
            "people": len(link.person_ids),
            "sectors": _ordered({sector_of[o] for o in link.organization_ids if o in sector_of}, Sector.values),
        }
        for link in graph.links
        if link.first_id in kept_ids and link.second_id in kept_ids
    ]
    theme_slugs = {slug for node in kept for slug in node["themes"]}
    levels = {node["level"] for node in kept}
    sectors = {sector for edge in edges for sector in edge["sectors"]}
    return {
        "nodes": kept,
        "edges": edges,
        "total": len(nodes),
        "communities": len(graph.communities),
        "themes": sorted(
            ({"value": t.slug, "label": t.name} for t in s.themes if t.slug in theme_slugs),
            key=lambda t: (fold(t["label"]), t["value"]),
        ),
        "levels": [{"value": v, "label": choice_label(Level, v)} for v in _ordered(levels, Level.values)],
        "sectors": [{"value": v, "label": choice_label(Sector, v)} for v in _ordered(sectors, Sector.values)],
    }


def _ordered(values: set[str], order: list[str]) -> list[str]:
    """`values` in the order of the choices, unknown values last (alphabetically)."""
    rank = {value: position for position, value in enumerate(order)}
    return sorted(values, key=lambda v: (rank.get(v, len(rank)), v))
