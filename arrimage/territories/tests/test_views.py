"""Pages of the territories: home, one page per territory, search; their errors and their query counts."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from arrimage.core.text import search_key
from arrimage.core.versions import registry_changed
from arrimage.territories.forms import TerritorySearchForm
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db

SEARCH = "/territoires/recherche/"


def page(public_id: str) -> str:
    return f"/territoires/{public_id}/"


def html_of(response) -> str:
    """The page, with French typography's non-breaking spaces made plain for the assertions."""
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def assert_french(response) -> None:
    html = response.content.decode()
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr-CA">' in html
    # English source strings of the layout, which the French catalogue translates.
    for english in ("Skip to content", "Main menu", "Territories</a>"):
        assert english not in html, english


def table_rows(html: str, table_id: str) -> list[str]:
    match = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, f"no table {table_id}"
    return re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)


def map_layers(html: str, map_id: str = "territory-map") -> list[dict[str, str]]:
    assert re.search(rf'<div class="map" id="{map_id}" data-layers="{map_id}-layers"', html)
    match = re.search(rf'<script id="{map_id}-layers" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no map layers"
    return json.loads(match.group(1))


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


class TestHome:
    def test_home(self, client):
        response = client.get("/")
        assert response.status_code == 200
        assert_french(response)
        html = html_of(response)
        assert 'role="search"' in html
        assert f'action="{SEARCH}"' in html
        rows = table_rows(html, "regions-table")
        assert len(rows) == 17
        assert "Capitale-Nationale" in rows[2]
        layers = map_layers(html, "home-map")
        assert [layer["url"] for layer in layers] == ["/api/v1/territories/province:24/geojson?children=1"]
        assert "9 058 297" in html or "9,058,297" in html
        assert "CC BY 4.0" in html  # the sources are credited in the footer


class TestTerritoryPage:
    @pytest.mark.parametrize(
        ("public_id", "name", "breadcrumb", "children"),
        [
            ("province:24", "Québec", [], 17),
            ("region:03", "Capitale-Nationale", ["Québec"], 7),
            ("mrc:28", "Les Etchemins", ["Québec", "Chaudière-Appalaches"], 13),
            ("municipality:28005", "Saint-Zacharie", ["Québec", "Chaudière-Appalaches", "Les Etchemins"], 0),
            ("municipality:23027", "Québec", ["Québec", "Capitale-Nationale", "Québec"], 6),
            ("rss:04", "Mauricie et Centre-du-Québec", ["Québec"], None),
        ],
    )
    def test_page_of_every_kind(self, client, public_id, name, breadcrumb, children):
        response = client.get(page(public_id))
        assert response.status_code == 200
        assert_french(response)
        html = html_of(response)
        assert f"<h1>{name}</h1>" in html
        assert f"<code>{public_id}</code>" in html
        nav = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S)
        assert nav
        assert re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a></li>", nav.group(0)) == breadcrumb
        assert f'<span aria-current="page">{name}</span>' in nav.group(0)
        if children == 0:
            assert 'id="children-table"' not in html
            assert "n’est pas divisée en arrondissements" in html or "pas divisée en arrondissements" in html
        else:
            rows = table_rows(html, "children-table")
            if children is not None:
                assert len([row for row in rows if "<a href=" in row]) == children
        assert table_rows(html, "map-table")
        layers = map_layers(html)
        assert layers
        for layer in layers:
            assert layer["url"].startswith("/api/v1/territories/")
            assert layer["role"] in ("boundary", "children", "context")

    def test_rss_page_lists_the_municipalities_of_two_regions(self, client):
        html = html_of(client.get(page("rss:04")))
        rows = table_rows(html, "children-table")
        assert len(rows) > 100
        assert any("Trois-Rivières" in row for row in rows)  # Mauricie (04)
        assert any("Drummondville" in row for row in rows)  # Centre-du-Québec (17)

    def test_province_page_lists_the_health_regions(self, client):
        html = html_of(client.get(page("province:24")))
        assert len(table_rows(html, "rss-table")) == 18
        assert "Nunavik" in html

    def test_borough_page(self, client):
        response = client.get(page("borough:REQ05"))
        assert response.status_code == 200
        assert_french(response)
        html = html_of(response)
        assert "<h1>Beauport</h1>" in html
        nav = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S)
        assert nav
        assert 'href="/territoires/municipality:23027/"' in nav.group(0)
        # A borough has no subdivision: the map draws its city's point, described in the map's table.
        assert 'id="children-table"' not in html
        assert [layer["url"] for layer in map_layers(html)] == ["/api/v1/territories/municipality:23027/geojson"]
        assert len(table_rows(html, "map-table")) == 1

    def test_municipality_page_shows_its_figures(self, client):
        html = html_of(client.get(page("municipality:23027")))
        assert "549 459" in html or "549,459" in html  # population at the 2021 census
        assert 'href="/territoires/rss:03/"' in html
        assert "tag--urban" in html
        assert 'id="urbanity-table"' not in html  # only aggregates split their population
        layers = map_layers(html)
        assert [layer["role"] for layer in layers] == ["context", "boundary"]
        assert layers[0]["url"] == "/api/v1/territories/mrc:23/geojson"

    def test_mrc_page_splits_its_population(self, client):
        html = html_of(client.get(page("mrc:28")))
        assert table_rows(html, "urbanity-table")
        assert [layer["role"] for layer in map_layers(html)] == ["boundary", "children"]

    def test_custom_area(self, client):
        Territory.objects.create(
            kind="custom", code="haute-beauce", name="Haute-Beauce", search_key=search_key("Haute-Beauce")
        )
        response = client.get(page("custom:haute-beauce"))
        assert response.status_code == 200
        html = html_of(response)
        assert "<h1>Haute-Beauce</h1>" in html
        # Nothing to draw: the map's table says so, and there is no subdivision.
        assert map_layers(html) == []
        assert len(table_rows(html, "map-table")) == 1
        assert 'id="children-table"' not in html
        found = html_of(client.get(SEARCH, {"q": "haute beauce"}))
        assert 'href="/territoires/custom:haute-beauce/"' in found

    @pytest.mark.parametrize(
        "url", ["/territoires/region:99/", "/territoires/municipality:99999/", "/territoires/nope:1/"]
    )
    def test_unknown_territory_is_a_french_404_page(self, client, url):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert_french(response)
        html = response.content.decode()
        assert 'class="notice notice--error"' in html
        assert f'href="{SEARCH}"' in html
        assert "Page not found" not in html
        assert "Traceback" not in html
        assert "Http404" not in html


class TestSearch:
    def test_results(self, client):
        response = client.get(SEARCH, {"q": "st-zacharie"})
        assert response.status_code == 200
        assert_french(response)
        html = html_of(response)
        names = re.findall(r'class="result__name" href="([^"]+)">([^<]+)<', html)
        assert names[0] == ("/territoires/municipality:28005/", "Saint-Zacharie")
        assert 'value="st-zacharie"' in html

    def test_beauport(self, client):
        html = html_of(client.get(SEARCH, {"q": "beauport"}))
        names = re.findall(r'class="result__name" href="[^"]+">([^<]+)<', html)
        assert names[0] == "Beauport"
        assert "Lac-Beauport" in names

    def test_kind_filter(self, client):
        html = html_of(client.get(SEARCH, {"q": "madeleine", "kind": "mrc"}))
        assert re.findall(r'class="result__name" href="([^"]+)"', html) == ["/territoires/mrc:01/"]

    def test_pages(self, client):
        first = html_of(client.get(SEARCH, {"q": "saint"}))
        second = html_of(client.get(SEARCH, {"q": "saint", "page": 2}))
        assert len(re.findall('class="result"', first)) == 25
        assert '<ol class="result-list" start="26">' in second
        assert 'rel="next"' in first and 'rel="prev"' in second

    def test_page_past_the_end_is_empty(self, client):
        response = client.get(SEARCH, {"q": "saint", "page": 999})
        assert response.status_code == 200
        html = html_of(response)
        assert 'class="result"' not in html
        assert 'id="search-results"' in html
        assert 'href="?q=saint&amp;kind=">' in html  # back to the first page

    def test_nothing_found(self, client):
        response = client.get(SEARCH, {"q": "xyzzy"})
        assert response.status_code == 200
        assert 'class="result"' not in response.content.decode()

    def test_empty_search_page(self, client):
        response = client.get(SEARCH)
        assert response.status_code == 200
        assert 'class="result"' not in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"q": "saint", "page": "abc"}, "page"),
            ({"q": "x" * 101}, "q"),
            ({"kind": "foo"}, "kind"),
            ({"page": "0"}, "page"),
        ],
    )
    def test_malformed_parameters_are_a_422_page(self, client, params, field):
        response = client.get(SEARCH, params)
        assert response.status_code == 422
        assert response["Content-Type"].startswith("text/html")
        assert_french(response)
        html = html_of(response)
        assert 'role="alert"' in html
        assert "Traceback" not in html
        assert 'class="result"' not in html
        # The error names the field by its French label.
        with translation.override("fr"):
            label = escape(str(TerritorySearchForm.base_fields[field].label))
        assert re.search(rf'role="alert">\s*<p>[^<]+</p>\s*<ul><li>{re.escape(label)} — [^<]+</li></ul>', html)
        assert "Enter a whole number" not in html
        assert "Ensure this value" not in html

    def test_search_field(self, client):
        html = client.get(SEARCH, {"q": "lac"}).content.decode()
        field = re.search(r'<input[^>]*name="q"[^>]*>', html)
        assert field
        assert re.findall(r'type="([^"]+)"', field.group(0)) == ["search"]
        assert 'value="lac"' in field.group(0)
        assert 'maxlength="100"' in field.group(0)

    def test_hundred_characters_are_accepted(self, client):
        assert client.get(SEARCH, {"q": "x" * 100}).status_code == 200

    def test_htmx_request_gets_only_the_results(self, client):
        response = client.get(SEARCH, {"q": "beauport"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode().strip()
        assert html.startswith('<section id="search-results"')
        assert html.endswith("</section>")
        assert "<html" not in html
        assert "<form" not in html
        assert "Lac-Beauport" in html


class TestQueryCounts:
    """A page's number of queries does not grow with the number of territories it shows."""

    @pytest.fixture(autouse=True)
    def warm(self, client):
        client.get("/")

    @pytest.mark.parametrize(
        "urls",
        [
            # Régions with 9 (Estrie), 3 (Nord-du-Québec), 1 (Laval) and 13 (Montérégie) MRCs.
            [page("region:05"), page("region:10"), page("region:13"), page("region:16")],
            # MRCs with 28 (Matawinie), 13 (Les Etchemins) and 1 (Lévis) geographic entities.
            [page("mrc:62"), page("mrc:28"), page("mrc:251")],
            # Municipalities with 19, 6 and no boroughs.
            [page("municipality:66023"), page("municipality:23027"), page("municipality:28005")],
            # Health regions of every size.
            [page("rss:04"), page("rss:06"), page("rss:13")],
            # Search with hundreds of results, a few, one.
            [f"{SEARCH}?q=saint", f"{SEARCH}?q=saint&page=3", f"{SEARCH}?q=madeleine", f"{SEARCH}?q=zacharie"],
            # The API: a long page and a short one.
            ["/api/v1/territories?page_size=200", "/api/v1/territories?page_size=5", "/api/v1/territories?q=zacharie"],
            ["/api/v1/territories?parent=region:05", "/api/v1/territories?parent=region:13"],
        ],
        ids=["region", "mrc", "municipality", "rss", "search", "api-list", "api-list-parent"],
    )
    def test_same_count_whatever_the_number_of_children(self, client, urls):
        counts = {url: query_count(client, url) for url in urls}
        assert len(set(counts.values())) == 1, counts

    def test_region_pages_exact_count(self, client, django_assert_num_queries):
        expected = query_count(client, page("region:05"))
        for public_id in ("region:10", "region:13"):
            with django_assert_num_queries(expected):
                client.get(page(public_id))

    def test_home_and_province(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            client.get("/")
        with django_assert_max_num_queries(6):
            client.get(page("province:24"))

    @pytest.mark.parametrize("url", ["/", page("region:05"), page("municipality:23027"), f"{SEARCH}?q=saint"])
    def test_a_cached_page_only_checks_the_data_version(self, client, url, django_assert_max_num_queries):
        def without_csrf_token(content: bytes) -> str:
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())

        first = without_csrf_token(client.get(url).content)
        with django_assert_max_num_queries(1):  # the data version; a territory's identity is kept with it
            again = without_csrf_token(client.get(url).content)
        assert again == first

    def test_a_renamed_territory_shows_its_new_name_at_once(self, client):
        url = page("municipality:28005")
        client.get(url)
        territory = Territory.objects.get(kind="municipality", code="28005")
        territory.name = "Nouveau nom de la municipalité"
        territory.save()  # raises the data version
        assert "<title>Nouveau nom de la municipalité" in client.get(url).content.decode()

    def test_a_data_change_refreshes_the_cached_page(self, client):
        url = page("municipality:28005")
        assert "1 694" in client.get(url).content.decode().replace("\xa0", " ")
        Territory.objects.filter(kind="municipality", code="28005").update(population=1700, updated_at=timezone.now())
        assert "1 694" in client.get(url).content.decode().replace("\xa0", " ")  # an update that sends no signal…
        registry_changed()  # …says so itself, as the territories' loading does
        assert "1 700" in client.get(url).content.decode().replace("\xa0", " ")
