"""The network section of the « Concertation » page: the graph's data (nodes ranked, edges weighed, the
filters' choices, people only counted) and the section on the demonstration data."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from arrimage.actors.models import Person
from arrimage.analysis.inputs import (
    ConcertationInfo,
    HoldingInfo,
    OrganizationInfo,
    Snapshot,
    TerritoryInfo,
    ThemeInfo,
)
from arrimage.analysis.results import compute
from arrimage.registry.views.analysis_names import Named
from arrimage.registry.views.analysis_network import network_graph

ON = dt.date(2025, 6, 1)
PEOPLE = (7001, 7002, 7003)


def holding(ident, concertation_id, *, person=None, organization=None):
    return HoldingInfo(
        id=ident,
        seat_id=ident,
        concertation_id=concertation_id,
        person_id=person,
        organization_id=organization,
        start=dt.date(2024, 1, 1),
        end=None,
    )


def snapshot() -> Snapshot:
    """Tables 1 and 2 share a community organisation (10) and a person; table 3 shares a health
    organisation (20) with 2 and a person with 4; table 5 shares nobody; table 6 has ended."""
    concertations = [
        ConcertationInfo(id=1, name="Table Un", kind="table", level="local", theme_ids=frozenset({100})),
        ConcertationInfo(id=2, name="Table Deux", kind="table", level="supralocal", theme_ids=frozenset({100, 101})),
        ConcertationInfo(id=3, name="Comité Trois", kind="committee", level="regional", theme_ids=frozenset({101})),
        ConcertationInfo(id=4, name="Démarche Quatre", kind="demarche", level="local"),
        ConcertationInfo(id=5, name="Comité Cinq", kind="committee", level="local", theme_ids=frozenset({102})),
        ConcertationInfo(id=6, name="Table finie", kind="table", level="national", end=dt.date(2020, 1, 1)),
    ]
    holdings = [
        holding(1, 1, organization=10, person=PEOPLE[0]),
        holding(2, 2, organization=10, person=PEOPLE[0]),
        holding(3, 2, organization=20),
        holding(4, 3, organization=20, person=PEOPLE[1]),
        holding(5, 4, person=PEOPLE[1]),
        holding(6, 5, person=PEOPLE[2]),
        holding(7, 6, organization=10),
    ]
    return Snapshot(
        territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"),
        on=ON,
        concertations=concertations,
        holdings=holdings,
        organizations=[
            OrganizationInfo(id=10, name="Groupe communautaire", sector="community"),
            OrganizationInfo(id=20, name="CISSS", sector="health"),
        ],
        themes=[
            ThemeInfo(id=100, slug="famille", name="Family", dimension="social"),
            ThemeInfo(id=101, slug="aines-mada", name="Aînés", dimension="social"),
            ThemeInfo(id=102, slug="logement", name="Housing", dimension="social"),
            ThemeInfo(id=103, slug="transport", name="Transport", dimension="social"),
        ],
    )


def graph(**options) -> dict:
    s = snapshot()
    named = {c.id: Named(c.id, c.name, f"/concertations/{c.id}/") for c in s.concertations}
    return network_graph(compute(s), named, **options)


def test_nodes_are_the_active_bodies_ranked_by_betweenness_then_links():
    nodes = graph()["nodes"]
    # The path 1 – 2 – 3 – 4: 2 and 3 stand between others, equally, with as many links: by name. Then
    # 4 and 1 (one link each), then 5 (no link).
    assert [n["id"] for n in nodes] == [3, 2, 4, 1, 5]
    second = nodes[1]
    assert second["name"] == "Table Deux" and second["url"] == "/concertations/2/"
    assert second["level"] == "supralocal" and second["kind"] == "table"
    assert second["themes"] == ["aines-mada", "famille"]
    assert second["degree"] == 2 and second["betweenness"] == nodes[0]["betweenness"] > nodes[2]["betweenness"] == 0
    assert nodes[2]["degree"] == 1
    isolated = nodes[-1]
    assert isolated["id"] == 5 and isolated["isolated"] and isolated["degree"] == 0
    assert isolated["community"] is None
    assert all(n["community"] is not None for n in nodes[:-1])


def test_edges_weigh_the_organisations_and_people_shared_with_their_sectors():
    edges = {(e["source"], e["target"]): e for e in graph()["edges"]}
    assert set(edges) == {(1, 2), (2, 3), (3, 4)}
    assert edges[(1, 2)] == {
        "source": 1,
        "target": 2,
        "weight": 2,
        "organizations": 1,
        "people": 1,
        "sectors": ["community"],
    }
    assert edges[(2, 3)]["weight"] == 1 and edges[(2, 3)]["sectors"] == ["health"]
    assert edges[(3, 4)]["organizations"] == 0 and edges[(3, 4)]["people"] == 1 and edges[(3, 4)]["sectors"] == []


def test_people_are_only_counted():
    data = graph()
    text = json.dumps(data)
    for person in PEOPLE:
        assert str(person) not in text
    assert "person" not in text
    fields = {"source", "target", "weight", "organizations", "people", "sectors"}
    assert all(set(edge) == fields for edge in data["edges"])


def test_the_filters_offer_what_the_network_holds_in_the_active_language():
    with translation.override("fr"):
        data = graph()
    assert data["themes"] == [
        {"value": "aines-mada", "label": "Aînés"},
        {"value": "famille", "label": "Family"},
        {"value": "logement", "label": "Housing"},
    ]  # accent-insensitive order, and no theme no body has
    assert [level["value"] for level in data["levels"]] == ["local", "supralocal", "regional"]  # not the ended one
    assert data["levels"][2]["label"] == "Régional"
    assert data["sectors"] == [
        {"value": "community", "label": "Communautaire"},
        {"value": "health", "label": "Santé et services sociaux"},
    ]
    assert data["communities"] >= 1


def test_an_empty_network_has_no_node_and_no_choice():
    s = Snapshot(territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"), on=ON)
    data = network_graph(compute(s), {})
    assert data == {
        "nodes": [],
        "edges": [],
        "total": 0,
        "communities": 0,
        "themes": [],
        "levels": [],
        "sectors": [],
    }


def test_only_the_first_bodies_and_their_links_are_kept():
    data = graph(limit=2)
    assert [n["id"] for n in data["nodes"]] == [3, 2] and data["total"] == 5
    assert [(e["source"], e["target"]) for e in data["edges"]] == [(2, 3)]
    assert data["nodes"][0]["degree"] == 2  # its links to bodies left out still count
    assert [level["value"] for level in data["levels"]] == ["supralocal", "regional"]
    assert [sector["value"] for sector in data["sectors"]] == ["health"]
    assert graph()["total"] == 5


@pytest.mark.django_db
class TestTheSectionOnTheDemonstrationData:
    @pytest.fixture
    def client(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        call_command("load_demo", stdout=io.StringIO())
        return client

    def html(self, client, public_id: str) -> str:
        response = client.get(f"/territoires/{public_id}/concertation/")
        assert response.status_code == 200
        return response.content.decode()

    def data(self, html: str) -> dict:
        match = re.search(r'<script id="network-data" type="application/json">(.*?)</script>', html, re.S)
        assert match
        return json.loads(match.group(1))

    def test_the_graph_and_the_ranked_table_list_every_body(self, client):
        html = self.html(client, "region:03")
        data = self.data(html)
        assert len(data["nodes"]) > 10 and data["edges"]
        assert 'id="network-graph"' in html and 'role="img"' in html
        assert "The table below gives the same information." in html
        assert "vendor/cytoscape/cytoscape.min.js" in html and "js/network.js" in html
        ranked = re.search(r'<table[^>]*id="brokers-table".*?</table>', html, re.S)
        assert ranked
        assert ranked.group(0).count("<tr data-node=") == len(data["nodes"])
        for node in data["nodes"]:
            assert f'href="{node["url"]}"' in ranked.group(0)

    def test_no_person_reaches_the_graph_data(self, client):
        html = self.html(client, "borough:REQ05")
        text = json.dumps(self.data(html), ensure_ascii=False)
        for person in Person.objects.all():
            assert str(person) not in text
            assert person.family_name not in text

    def test_a_large_network_shows_its_most_central_bodies(self, client, monkeypatch):
        monkeypatch.setattr("arrimage.registry.views.analysis_network.LIMIT", 5)
        html = self.html(client, "region:03")
        assert len(self.data(html)["nodes"]) == 5
        assert "the graph and the table show the 5 that most link the others." in html
        ranked = re.search(r'<table[^>]*id="brokers-table".*?</table>', html, re.S)
        assert ranked and ranked.group(0).count("<tr data-node=") == 5
        assert "The 5 bodies that most link the others, of the 20 in the network" in ranked.group(0)

    def test_bodies_without_links_are_ranked_without_a_graph(self, client):
        html = self.html(client, "mrc:28")  # Les Etchemins: its two bodies share no member
        assert 'id="network-graph"' not in html and "network-data" not in html and "cytoscape.min.js" not in html
        ranked = re.search(r'<table[^>]*id="brokers-table".*?</table>', html, re.S)
        assert ranked and ranked.group(0).count("<tr data-node=") == 2
        assert 'id="isolated-table"' in html

    def test_a_territory_without_bodies_says_so(self, client):
        html = self.html(client, "mrc:30")
        assert 'id="brokers-table"' not in html and 'id="network-graph"' not in html
        assert "No body is active on that date." in html
