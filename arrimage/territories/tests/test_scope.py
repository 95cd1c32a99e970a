"""The territories inside and around others, as ids, in a fixed number of queries (real reference data)."""

from __future__ import annotations

import pytest

from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_around, territory_ids_within

pytestmark = pytest.mark.django_db


def pk(public_id: str) -> int:
    return Territory.objects.by_code(public_id).get().pk


def public_ids(ids: set[int]) -> set[str]:
    return {territory.public_id for territory in Territory.objects.filter(pk__in=ids).only("kind", "code")}


class TestWithin:
    def test_a_region_holds_its_mrcs_municipalities_and_boroughs(self):
        inside = public_ids(territory_ids_within({pk("region:03")}))
        assert {"region:03", "mrc:23", "municipality:23027", "borough:REQ05"} <= inside
        assert {"region:12", "mrc:28", "municipality:28005", "province:24", "rss:03"}.isdisjoint(inside)
        region = Territory.objects.get(pk=pk("region:03"))
        expected_mrcs = set(Territory.objects.filter(parent=region).values_list("pk", flat=True))
        expected_municipalities = set(Territory.objects.filter(parent__in=expected_mrcs).values_list("pk", flat=True))
        boroughs = set(Territory.objects.filter(parent__in=expected_municipalities).values_list("pk", flat=True))
        assert territory_ids_within({region.pk}) == {region.pk} | expected_mrcs | expected_municipalities | boroughs

    def test_an_rss_holds_its_municipalities_and_their_boroughs(self):
        inside = public_ids(territory_ids_within({pk("rss:03")}))
        assert {"rss:03", "municipality:23027", "borough:REQ05"} <= inside
        assert "municipality:28005" not in inside
        rss = Territory.objects.get(pk=pk("rss:03"))
        assert set(rss.rss_municipalities.values_list("pk", flat=True)) <= territory_ids_within({rss.pk})

    def test_a_municipality_holds_its_boroughs(self):
        inside = public_ids(territory_ids_within({pk("municipality:23027")}))
        assert "borough:REQ05" in inside
        assert all(public_id.startswith(("borough:", "municipality:23027")) for public_id in inside)

    def test_a_borough_holds_only_itself(self):
        assert territory_ids_within({pk("borough:REQ05")}) == {pk("borough:REQ05")}

    def test_the_province_holds_everything(self):
        assert territory_ids_within({pk("province:24")}) == set(Territory.objects.values_list("pk", flat=True))

    def test_several_at_once_and_none(self):
        both = territory_ids_within({pk("mrc:28"), pk("municipality:23027")})
        assert both == territory_ids_within({pk("mrc:28")}) | territory_ids_within({pk("municipality:23027")})
        assert territory_ids_within(set()) == set()

    @pytest.mark.parametrize("public_ids", [["region:03"], ["region:16"], ["region:03", "region:06", "rss:12"]])
    def test_a_fixed_number_of_queries(self, public_ids, django_assert_max_num_queries):
        ids = {pk(public_id) for public_id in public_ids}
        with django_assert_max_num_queries(6):
            territory_ids_within(ids)


class TestAround:
    def test_a_borough_is_inside_its_municipality_mrc_region_province_and_rss(self):
        around = public_ids(territory_ids_around({pk("borough:REQ05")}))
        assert {"borough:REQ05", "municipality:23027", "mrc:23", "region:03", "province:24", "rss:03"} <= around
        assert {"region:12", "mrc:28", "rss:12"}.isdisjoint(around)

    def test_a_municipality(self):
        assert public_ids(territory_ids_around({pk("municipality:28005")})) == {
            "municipality:28005",
            "mrc:28",
            "region:12",
            "rss:12",
            "province:24",
        }

    def test_the_province_is_only_itself(self):
        assert territory_ids_around({pk("province:24")}) == {pk("province:24")}

    @pytest.mark.parametrize("public_ids", [["borough:REQ05"], ["municipality:28005", "borough:REQ05", "mrc:01"]])
    def test_a_fixed_number_of_queries(self, public_ids, django_assert_max_num_queries):
        ids = {pk(public_id) for public_id in public_ids}
        with django_assert_max_num_queries(5):
            territory_ids_around(ids)

    def test_within_and_around_agree(self):
        """A territory is within another exactly when the other is around it."""
        region = pk("region:03")
        for ident in list(territory_ids_within({region}))[:40]:
            assert region in territory_ids_around({ident})
