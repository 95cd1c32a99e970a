"""Reads of the territories, on the real reference data."""

from __future__ import annotations

import pytest
from django.http import Http404

from arrimage.territories import selectors
from arrimage.territories.models import Territory, Urbanity

pytestmark = pytest.mark.django_db


def ids(territories) -> list[str]:
    return [territory.public_id for territory in territories]


def get(public_id: str) -> Territory:
    return selectors.territory_get(public_id)


class TestSearch:
    @pytest.mark.parametrize("query", ["st-zacharie", "SAINT ZACHARIE", "saint-zacharie", "St Zacharie", "zach"])
    def test_saint_zacharie(self, query):
        results = list(selectors.territory_search(query))
        assert results[0].public_id == "municipality:28005"
        assert results[0].name == "Saint-Zacharie"

    def test_etchemins_finds_the_mrc_first(self):
        # The plural also finds the singular (French stems), the exact name first.
        assert ids(selectors.territory_search("etchemins")) == ["mrc:28", "municipality:28053"]
        # A word matches from its start: « etchemin » also finds Lac-Etchemin.
        assert ids(selectors.territory_search("etchemin")) == ["mrc:28", "municipality:28053"]

    def test_beauport_finds_the_borough_and_lac_beauport(self):
        results = list(selectors.territory_search("beauport"))
        assert results[0].public_id == "borough:REQ05"
        assert "Lac-Beauport" in [territory.name for territory in results if territory.kind == "municipality"]

    def test_iles_de_la_madeleine(self):
        results = ids(selectors.territory_search("iles de la madeleine"))
        assert "municipality:01023" in results
        assert "mrc:01" in results
        assert set(results) <= {"municipality:01023", "mrc:01", "region:11", "rss:11"}

    @pytest.mark.parametrize("query", ["Îles-de-la-Madeleine", "ILES DE LA MADELEINE", "îles–de–la–madeleine"])
    def test_accents_case_and_dashes_do_not_matter(self, query):
        assert ids(selectors.territory_search(query)) == ids(selectors.territory_search("iles de la madeleine"))

    def test_words_in_any_position_match_from_their_start(self):
        results = ids(selectors.territory_search("madeleine iles"))
        assert "municipality:01023" in results
        assert ids(selectors.territory_search("adeleine")) == []

    def test_exact_name_first_then_names_that_start_with_the_query(self):
        results = list(selectors.territory_search("sainte-marie"))
        assert results[0].name == "Sainte-Marie"
        starts = [t.search_key.startswith(" sainte marie") for t in results]
        # Every name that starts with the query comes before every name that only contains it.
        assert starts == sorted(starts, reverse=True)
        assert not all(starts)

    def test_same_name_larger_territory_first(self):
        results = list(selectors.territory_search("québec"))
        # The province, the equivalent territory (TE 23) and the city are all named « Québec ».
        assert ids(results[:3]) == ["province:24", "mrc:23", "municipality:23027"]

    def test_equal_rank_most_populous_first(self):
        results = [t for t in selectors.territory_search("lac") if t.kind == "municipality"]
        populations = [t.population or 0 for t in results if t.search_key.startswith(" lac ")]
        assert populations == sorted(populations, reverse=True)

    def test_kind_filter(self):
        results = list(selectors.territory_search("madeleine", kind="municipality"))
        assert len(results) == 4
        assert {t.kind for t in results} == {"municipality"}
        assert "region:11" in ids(selectors.territory_search("madeleine"))
        assert "region:11" not in ids(selectors.territory_search("madeleine", kind="mrc"))

    def test_territories_without_population_come_last_on_every_database(self):
        municipalities = list(selectors.territory_search("", kind="municipality"))
        assert municipalities[0].name == "Montréal"
        # The five entities known only to the ISQ have no population of the decree.
        assert [t.population for t in municipalities[-5:]] == [None] * 5
        assert all(t.population is not None for t in municipalities[:-5])

    def test_kind_alone_lists_the_whole_kind(self):
        assert selectors.territory_search("", kind="rss").count() == 18
        assert selectors.territory_search("", kind="mrc").count() == 104

    def test_parent_filter(self):
        etchemins = get("mrc:28")
        results = list(selectors.territory_search("saint", parent=etchemins))
        assert results
        assert {t.parent_id for t in results} == {etchemins.pk}
        assert "municipality:28005" in ids(results)
        assert "municipality:28053" not in ids(results)  # Lac-Etchemin: no « saint »

    def test_parent_rss_filters_the_municipalities_it_serves(self):
        rss = get("rss:04")
        results = selectors.territory_search("", parent=rss)
        assert set(ids(results)) == set(ids(selectors.territory_children(rss)))
        assert "municipality:37067" in ids(selectors.territory_search("trois-rivieres", parent=rss))

    def test_unknown_name_finds_nothing(self):
        assert not selectors.territory_search("xyzzy").exists()

    def test_one_query_with_parents(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            results = list(selectors.territory_search("saint")[:25])
            parents = [t.parent for t in results]
            names = [parent.name for parent in parents if parent is not None]
        assert len(names) == 25


class TestGet:
    def test_get_loads_ancestors_and_rss_in_one_query(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            beauport = selectors.territory_get("borough:REQ05")
            chain = selectors.territory_ancestors(beauport)
            names = [t.name for t in chain]
        assert names == ["Québec", "Capitale-Nationale", "Québec", "Québec"]
        assert ids(chain) == ["province:24", "region:03", "mrc:23", "municipality:23027"]

    def test_rss_is_loaded(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            thetford = selectors.territory_get("municipality:31084")
            assert thetford.rss is not None
            assert thetford.rss.public_id == "rss:12"

    def test_boundary_is_left_out(self):
        region = get("region:03")
        assert "boundary" in region.get_deferred_fields()

    @pytest.mark.parametrize("public_id", ["region:99", "municipality:00000", "nonsense", "custom:nothing", ""])
    def test_unknown_id(self, public_id):
        with pytest.raises(Http404):
            selectors.territory_get(public_id)


class TestAncestors:
    @pytest.mark.parametrize(
        ("public_id", "ancestors"),
        [
            ("province:24", []),
            ("region:05", ["province:24"]),
            ("rss:04", ["province:24"]),
            ("mrc:28", ["province:24", "region:12"]),
            ("municipality:28005", ["province:24", "region:12", "mrc:28"]),
            ("borough:REQ05", ["province:24", "region:03", "mrc:23", "municipality:23027"]),
        ],
    )
    def test_chain_up_to_the_province(self, public_id, ancestors):
        assert ids(selectors.territory_ancestors(get(public_id))) == ancestors


class TestChildren:
    def test_province_has_the_17_regions_by_number(self):
        children = ids(selectors.territory_children(get("province:24")))
        assert children == [f"region:{number:02}" for number in range(1, 18)]

    @pytest.mark.parametrize(("region", "mrcs"), [("05", 9), ("10", 3), ("13", 1), ("16", 13)])
    def test_region_has_its_mrcs(self, region, mrcs):
        children = list(selectors.territory_children(get(f"region:{region}")))
        assert len(children) == mrcs
        assert {t.kind for t in children} == {"mrc"}
        # By name (in the database's collation), not by code.
        assert ids(children) == ids(Territory.objects.filter(parent__code=region, kind="mrc").order_by("name"))

    def test_mrc_has_its_municipalities(self):
        children = list(selectors.territory_children(get("mrc:28")))
        assert {t.kind for t in children} == {"municipality"}
        assert "Saint-Zacharie" in [t.name for t in children]
        assert len(children) == Territory.objects.filter(kind="municipality", parent__code="28").count() > 10

    def test_rss_04_has_the_municipalities_of_regions_04_and_17(self):
        children = selectors.territory_children(get("rss:04"))
        expected = Territory.objects.filter(kind="municipality", parent__parent__code__in=["04", "17"])
        assert set(ids(children)) == set(ids(expected))
        assert set(children.values_list("parent__parent__code", flat=True)) == {"04", "17"}

    def test_rss_05_includes_three_municipalities_of_region_16(self):
        children = selectors.territory_children(get("rss:05"))
        assert children.filter(parent__parent__code="16").count() == 3

    def test_municipality_has_its_boroughs(self):
        assert len(selectors.territory_children(get("municipality:23027"))) == 6
        assert len(selectors.territory_children(get("municipality:66023"))) == 19
        assert "borough:REQ05" in ids(selectors.territory_children(get("municipality:23027")))

    @pytest.mark.parametrize("public_id", ["municipality:28005", "borough:REQ05"])
    def test_no_children(self, public_id):
        assert not selectors.territory_children(get(public_id)).exists()

    def test_rss_are_not_children_of_the_province(self):
        assert "rss" not in {t.kind for t in selectors.territory_children(get("province:24"))}
        assert ids(selectors.territory_health_regions()) == [f"rss:{number:02}" for number in range(1, 19)]


class TestUrbanity:
    @pytest.mark.parametrize("public_id", ["mrc:28", "mrc:23", "region:05", "rss:04", "province:24"])
    def test_shares_sum_to_the_population(self, public_id, django_assert_num_queries):
        territory = get(public_id)
        with django_assert_num_queries(1):
            shares = selectors.territory_urbanity_breakdown(territory)
        assert sum(share.population for share in shares) == territory.population
        assert sum(share.percent for share in shares) == pytest.approx(100)
        assert [s.urbanity for s in shares] == [u for u in Urbanity if u in {s.urbanity for s in shares}]

    def test_municipality_counts(self):
        shares = selectors.territory_urbanity_breakdown(get("mrc:28"))
        assert sum(share.municipalities for share in shares) == len(selectors.territory_children(get("mrc:28")))

    def test_a_municipality_is_one_class(self):
        quebec = get("municipality:23027")
        (share,) = selectors.territory_urbanity_breakdown(quebec)
        assert share.urbanity == Urbanity.URBAN == quebec.urbanity
        assert share.percent == 100
        assert share.population == quebec.population

    def test_a_borough_has_none(self):
        assert selectors.territory_urbanity_breakdown(get("borough:REQ05")) == []

    @pytest.mark.parametrize(
        ("zone", "urbanity"),
        [(None, None), (1, "urban"), (3, "urban"), (4, "periurban"), (5, "rural"), (7, "rural")],
    )
    def test_rule(self, zone, urbanity):
        assert Urbanity.from_zone(zone) == urbanity


class TestFeatures:
    @pytest.mark.parametrize("public_id", ["region:03", "mrc:28", "rss:04"])
    def test_polygon_of_the_territory(self, public_id):
        collection = selectors.territory_features(get(public_id))
        assert collection["type"] == "FeatureCollection"
        (feature,) = collection["features"]
        assert feature["type"] == "Feature"
        assert feature["id"] == public_id
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["url"] == f"/territoires/{public_id}/"

    def test_municipality_is_a_point_longitude_first(self):
        (feature,) = selectors.territory_features(get("municipality:23027"))["features"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [-71.20806, 46.81389]}
        assert feature["properties"]["population"] > 500_000
        assert feature["properties"]["name"] == "Québec"

    def test_borough_has_a_null_geometry(self):
        (feature,) = selectors.territory_features(get("borough:REQ05"))["features"]
        assert feature["geometry"] is None
        assert feature["properties"]["kind"] == "borough"

    def test_children_of_a_region_are_polygons(self):
        features = selectors.territory_features(get("region:05"), children=True)["features"]
        assert len(features) == 9
        assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}

    @pytest.mark.parametrize("public_id", ["mrc:28", "rss:04"])
    def test_children_of_an_mrc_or_rss_are_points(self, public_id):
        territory = get(public_id)
        features = selectors.territory_features(territory, children=True)["features"]
        assert len(features) == len(selectors.territory_children(territory))
        assert {f["geometry"]["type"] for f in features} == {"Point"}

    def test_children_of_a_city_are_boroughs_without_geometry(self):
        features = selectors.territory_features(get("municipality:23027"), children=True)["features"]
        assert len(features) == 6
        assert {f["geometry"] is None for f in features} == {True}

    def test_children_of_the_province_are_the_regions(self):
        features = selectors.territory_features(get("province:24"), children=True)["features"]
        assert [f["id"] for f in features] == [f"region:{n:02}" for n in range(1, 18)]

    def test_features_take_a_fixed_number_of_queries(self, django_assert_num_queries):
        estrie, laval = get("region:05"), get("region:13")
        with django_assert_num_queries(1):
            selectors.territory_features(estrie, children=True)
        with django_assert_num_queries(1):
            selectors.territory_features(laval, children=True)


def test_an_identifier_with_a_nul_character_names_no_territory():
    # PostgreSQL refuses NUL in a query: such an identifier must find nothing, not fail.
    assert not Territory.objects.by_code("mrc:31\x00").exists()
    with pytest.raises(Http404):
        selectors.territory_get("mrc:\x00")
