"""The map of a territory's « Concertation » page: the JSON given to the map matches the coverage matrix,
its table gives the same figures, and the layers to draw suit each kind of territory."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from arrimage.analysis.results import territory_results
from arrimage.registry.views.analysis_map import map_context
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, UserFactory, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def map_data(html: str) -> dict:
    match = re.search(r'<script id="analysis-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def bodies():
    """On the Capitale-Nationale: a regional network on two themes, a housing table of the MRC de
    Québec, a food table of Beauport, a table without theme in Portneuf, and a private committee."""
    region = territory("region:03")
    made = []
    for name, where, themes, public in (
        ("Réseau régional", region, ["logement", "securite-alimentaire"], True),
        ("Table logement de Québec", territory("mrc:23"), ["logement"], True),
        ("Comité alimentaire de Beauport", territory("borough:REQ05"), ["securite-alimentaire"], True),
        ("Table sans thème de Portneuf", territory("mrc:34"), [], True),
        ("Comité restreint", territory("mrc:34"), ["logement"], False),
    ):
        concertation = ConcertationFactory.create(name=name, is_public=public)
        concertation.territories.add(where)
        concertation.themes.add(*(theme(slug) for slug in themes))
        made.append(concertation)
    return made


def test_the_map_data_matches_the_matrix(client, bodies):
    region = territory("region:03")
    html = client.get("/territoires/region:03/concertation/").content.decode()
    data = map_data(html)
    results = territory_results(AnonymousUser(), region, on=dt.date.today())
    matrix = results.matrix
    codes = dict(Territory.objects.filter(pk__in=matrix.territory_ids).values_list("pk", "code"))
    assert [part["id"] for part in data["parts"]] == [f"mrc:{codes[pk]}" for pk in matrix.territory_ids]
    themes = {t.id: t.name for t in results.snapshot.themes}
    assert data["themes"] == [themes[theme_id] for theme_id in matrix.theme_ids]
    for part, territory_id in zip(data["parts"], matrix.territory_ids, strict=True):
        assert part["themes"] == [len(matrix.cell(t, territory_id).concertation_ids) for t in matrix.theme_ids]
        assert part["url"] == f"/territoires/{part['id']}/concertation/"
    by_id = {part["id"]: part for part in data["parts"]}
    logement = data["themes"].index(theme("logement").name_en)
    # The regional network everywhere; the housing table of the MRC de Québec there only.
    assert by_id["mrc:23"]["themes"][logement] == 2 and by_id["mrc:16"]["themes"][logement] == 1
    # Every body covering the part, a body without theme included; the private one left out.
    assert by_id["mrc:23"]["bodies"] == 3 and by_id["mrc:34"]["bodies"] == 2 and by_id["mrc:16"]["bodies"] == 1
    assert data["counts"]["1"] == "1 concertation body" and data["counts"]["2"] == "2 concertation bodies"
    assert data["layers"] == [{"url": "/api/v1/territories/region:03/geojson?children=1", "role": "parts"}]


def test_an_administrator_sees_the_private_body_counted(client, bodies):
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    data = map_data(client.get("/territoires/region:03/concertation/").content.decode())
    assert {part["id"]: part["bodies"] for part in data["parts"]}["mrc:34"] == 3


def test_the_table_gives_the_same_figures(client, bodies):
    html = client.get("/territoires/region:03/concertation/").content.decode().replace("\xa0", " ")
    data = map_data(html)
    table = re.search(r'<table[^>]*id="map-table".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S)  # type: ignore[union-attr]
    assert len(rows) == len(data["parts"])
    for row, part in zip(rows, data["parts"], strict=True):
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        assert part["name"].replace("'", "&#x27;") in row and f'href="{part["url"]}"' in row
        assert int(cells[1]) == part["bodies"]
        assert int(cells[2]) == sum(1 for count in part["themes"] if count == 0)
    assert 'href="#map-title"' in html  # in the table of contents
    assert "how many of the 32 themes have none" in table


def test_the_layers_suit_each_kind_of_territory(bodies):
    def layers(public_id: str) -> list[dict[str, str]]:
        place = territory(public_id)
        return map_context(place, territory_results(AnonymousUser(), place, on=dt.date.today()))["map_data"]["layers"]

    # An MRC: the points of its municipalities, shaded.
    assert layers("mrc:23") == [{"url": "/api/v1/territories/mrc:23/geojson?children=1", "role": "parts"}]
    # A municipality without boroughs: itself.
    assert layers("municipality:22040") == [{"url": "/api/v1/territories/municipality:22040/geojson", "role": "parts"}]
    # A borough has no shape: the municipality it is in frames it.
    assert layers("borough:REQ05") == [
        {"url": "/api/v1/territories/municipality:23027/geojson", "role": "context"},
        {"url": "/api/v1/territories/borough:REQ05/geojson", "role": "parts"},
    ]
    # A municipality whose boroughs have no shape: its own outline, plainly; the table gives the figures.
    own = "/api/v1/territories/municipality:23027/geojson"
    assert layers("municipality:23027") == [{"url": own, "role": "context"}]


def test_parts_without_shape_are_said_so(client, bodies):
    html = client.get("/territoires/municipality:23027/concertation/").content.decode()
    assert "have no shape on the map" in html
    assert "have no shape on the map" not in client.get("/territoires/mrc:23/concertation/").content.decode()


def test_a_municipality_alone_is_its_only_part(client, bodies):
    data = map_data(client.get("/territoires/municipality:22040/concertation/").content.decode())
    assert [part["id"] for part in data["parts"]] == ["municipality:22040"]
    assert data["parts"][0]["bodies"] == 1  # the regional network
