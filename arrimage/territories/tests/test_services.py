"""Loading the reference territories: idempotent, in place, and all or nothing.

The session's test database already holds the shipped data (see the root conftest.py); every test here
runs inside a transaction that is rolled back afterwards, so its reloads do not leak into other tests.
"""

from __future__ import annotations

import time

import pytest

from arrimage.territories import reference
from arrimage.territories.models import ReferenceDataLoad, Territory
from arrimage.territories.reference import ReferenceDataError
from arrimage.territories.services import reference_territories_load

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {"province": 1, "region": 17, "rss": 18, "mrc": 104, "municipality": 1286, "borough": 41}
TOTAL = sum(EXPECTED_COUNTS.values())
SAMPLE = ["province:24", "region:12", "rss:12", "mrc:28", "municipality:28005", "municipality:23027", "borough:REQ05"]


def get(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def population(public_id: str) -> int:
    value = get(public_id).population
    assert value is not None
    return value


def snapshot() -> dict[str, tuple]:
    """What a failed load must leave as it was: ids, names, parents and figures of a sample."""
    return {
        public_id: (t.pk, t.name, t.parent_id, t.rss_id, t.population, t.population_census_2021, t.area_land_km2)
        for public_id in SAMPLE
        for t in [get(public_id)]
    }


def counts() -> dict[str, int]:
    return {kind: Territory.objects.filter(kind=kind).count() for kind in EXPECTED_COUNTS}


def test_the_session_load_holds_every_reference_territory():
    assert counts() == EXPECTED_COUNTS
    assert Territory.objects.count() == TOTAL
    load = ReferenceDataLoad.objects.latest()
    assert load.checksum == reference.checksum()
    assert load.loaded_by == "tests"


def test_second_load_is_skipped_without_reading_the_files(monkeypatch, django_assert_max_num_queries):
    def must_not_read(*args, **kwargs):
        raise AssertionError("the files were read again")

    monkeypatch.setattr(reference, "read_reference", must_not_read)
    loads = ReferenceDataLoad.objects.count()
    start = time.perf_counter()
    with django_assert_max_num_queries(3):
        report = reference_territories_load()
    assert time.perf_counter() - start < 1
    assert report.skipped
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert report.counts_by_kind == EXPECTED_COUNTS
    assert ReferenceDataLoad.objects.count() == loads


def test_forced_load_finds_everything_unchanged():
    before = snapshot()
    loads = ReferenceDataLoad.objects.count()
    report = reference_territories_load(force=True, acting_user="alice")
    assert not report.skipped
    assert (report.created, report.updated, report.unchanged) == (0, 0, TOTAL)
    assert report.counts_by_kind == EXPECTED_COUNTS
    assert snapshot() == before
    assert ReferenceDataLoad.objects.count() == loads + 1
    load = ReferenceDataLoad.objects.latest()
    assert (load.created, load.updated, load.unchanged, load.loaded_by) == (0, 0, TOTAL, "alice")


def test_changed_website_updates_one_territory(reference_copy):
    reference_copy.set_cell("municipalites_qc.csv", "28005", "site_web", "www.st-zacharie.example")
    report = reference_territories_load(data_dir=reference_copy.path)
    assert (report.created, report.updated, report.unchanged) == (0, 1, TOTAL - 1)
    assert get("municipality:28005").website == "www.st-zacharie.example"


def test_changed_population_updates_the_municipality_and_the_sums_above_it(reference_copy):
    zacharie = population("municipality:28005")
    above = {public_id: population(public_id) for public_id in ("mrc:28", "region:12", "rss:12", "province:24")}
    reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", str(zacharie + 1000))

    report = reference_territories_load(data_dir=reference_copy.path)

    # The municipality, and its MRC, region, RSS and province whose populations are its sums.
    assert (report.created, report.updated, report.unchanged) == (0, 5, TOTAL - 5)
    assert population("municipality:28005") == zacharie + 1000
    for public_id, before in above.items():
        assert population(public_id) == before + 1000, public_id


def test_a_new_municipality_is_created_under_its_parents(reference_copy):
    reference_copy.add_row("municipalites_qc.csv", {"code_geo": "28999", "nom": "Saint-Nouveau"}, like="28005")
    report = reference_territories_load(data_dir=reference_copy.path)
    assert report.created == 1
    assert report.counts_by_kind["municipality"] == 1287
    new = get("municipality:28999")
    assert new.name == "Saint-Nouveau"
    assert new.search_key == " saint nouveau "
    assert new.parent == get("mrc:28")
    assert new.rss == get("rss:12")


def test_ids_are_kept_across_reloads(reference_copy):
    keys = {(kind, code): pk for pk, kind, code in Territory.objects.values_list("pk", "kind", "code")}
    reference_copy.set_cell("municipalites_qc.csv", "23027", "population_mamh", "600000")
    reference_copy.set_cell("arrondissements_qc.csv", "REQ05", "arrondissement_nom", "Beauport (nouveau nom)")
    changed = reference_territories_load(data_dir=reference_copy.path)
    assert changed.updated > 0
    assert get("borough:REQ05").name == "Beauport (nouveau nom)"
    reference_territories_load(force=True)
    assert len(keys) == TOTAL
    assert {(kind, code): pk for pk, kind, code in Territory.objects.values_list("pk", "kind", "code")} == keys
    assert get("borough:REQ05").name == "Beauport"


def test_a_broken_file_leaves_the_database_as_it_was(reference_copy):
    reference_copy.set_cell("municipalites_qc.csv", "01023", "population_mamh", "1")
    reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", "abc")
    before, loads = snapshot(), ReferenceDataLoad.objects.count()
    islands = get("municipality:01023").population

    with pytest.raises(ReferenceDataError) as caught:
        reference_territories_load(data_dir=reference_copy.path)

    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "municipalites_qc.csv",
        301,
        "population_mamh",
    )
    assert counts() == EXPECTED_COUNTS
    assert snapshot() == before
    assert get("municipality:01023").population == islands
    assert ReferenceDataLoad.objects.count() == loads


def test_a_failure_while_writing_rolls_everything_back(reference_copy, monkeypatch):
    reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", "1")
    reference_copy.add_row("municipalites_qc.csv", {"code_geo": "28999", "nom": "Saint-Nouveau"}, like="28005")
    before, loads = snapshot(), ReferenceDataLoad.objects.count()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    # The last write of a load: every territory has been written when it fails.
    monkeypatch.setattr(ReferenceDataLoad.objects, "create", fail)
    with pytest.raises(RuntimeError):
        reference_territories_load(data_dir=reference_copy.path)

    assert counts() == EXPECTED_COUNTS
    assert not Territory.objects.by_code("municipality:28999").exists()
    assert snapshot() == before
    assert ReferenceDataLoad.objects.count() == loads


def test_load_into_an_empty_database_creates_everything():
    Territory.objects.filter(kind="borough").delete()
    Territory.objects.update(parent=None, rss=None)
    Territory.objects.all().delete()
    report = reference_territories_load()
    assert (report.created, report.updated, report.unchanged) == (TOTAL, 0, 0)
    assert report.counts_by_kind == EXPECTED_COUNTS
    assert get("borough:REQ05").parent == get("municipality:23027")
    assert Territory.objects.filter(parent__parent__parent=get("province:24"), code="23027").exists()
