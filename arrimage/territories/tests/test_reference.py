"""Reading the shipped reference files, and the French messages that locate a problem in them."""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import translation

from arrimage.territories import reference
from arrimage.territories.reference import ReferenceDataError, read_reference


@pytest.fixture(scope="module")
def records():
    return {record.key: record for record in read_reference()}


def shipped_rows(name: str) -> list[dict[str, str]]:
    with (reference.DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def error_of(data_dir) -> ReferenceDataError:
    with pytest.raises(ReferenceDataError) as caught, translation.override("fr"):
        read_reference(data_dir)
    return caught.value


def french(error: ReferenceDataError) -> str:
    """The error's message in French, with French typography's non-breaking spaces made plain."""
    with translation.override("fr"):
        return plain_spaces(str(error))


def plain_spaces(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


class TestShippedData:
    def test_counts_per_kind(self, records):
        assert Counter(kind for kind, _code in records) == {
            "province": 1,
            "region": 17,
            "rss": 18,
            "mrc": 104,
            "municipality": 1286,
            "borough": 41,
        }

    def test_parents_come_before_their_children(self, records):
        seen = set()
        for record in records.values():
            assert record.parent is None or record.parent in seen, record.key
            if record.rss_code:
                assert ("rss", record.rss_code) in seen, record.key
            seen.add(record.key)

    def test_province_totals(self, records):
        province = records[("province", "24")].values
        assert province["population"] == 9_058_297
        assert province["population_estimate_isq"] == 9_055_991
        assert province["population_census_2021"] == 8_501_833

    @pytest.mark.parametrize(
        ("file", "code_column", "kind"),
        [
            ("mrc_qc.csv", "mrc_code", "mrc"),
            ("regions_administratives_qc.csv", "region_code", "region"),
            ("regions_sociosanitaires_qc.csv", "rss_code", "rss"),
        ],
    )
    def test_derived_populations_equal_the_shipped_summaries(self, records, file, code_column, kind):
        rows = shipped_rows(file)
        assert len(rows) == Counter(k for k, _code in records)[kind]
        for row in rows:
            values = records[(kind, row[code_column])].values
            assert values["population"] == int(row["population_mamh"]), row
            assert values["population_census_2021"] == int(row["population_recensement_2021"]), row

    def test_regions_have_the_shipped_number_of_mrcs(self, records):
        mrcs_per_region = Counter(record_key[1] for record_key in _parents(records, "mrc"))
        for row in shipped_rows("regions_administratives_qc.csv"):
            assert mrcs_per_region[row["region_code"]] == int(row["nb_mrc_te"])

    def test_mrcs_have_the_shipped_number_of_entities(self, records):
        entities = Counter(parent[1] for parent in _parents(records, "municipality"))
        for row in shipped_rows("mrc_qc.csv"):
            assert entities[row["mrc_code"]] == int(row["nb_entites"]), row["mrc_nom"]

    def test_rss_have_the_shipped_number_of_entities(self, records):
        entities = Counter(r.rss_code for r in records.values() if r.kind == "municipality")
        for row in shipped_rows("regions_sociosanitaires_qc.csv"):
            assert entities[row["rss_code"]] == int(row["nb_entites"]), row["rss_nom"]

    def test_quebec_city(self, records):
        quebec = records[("municipality", "23027")]
        assert quebec.name == "Québec"
        assert quebec.parent == ("mrc", "23")
        assert quebec.rss_code == "03"
        assert quebec.values["designation"] == "Ville"
        assert quebec.values["population_census_2021"] == 549_459
        assert records[("mrc", "23")].values["designation"] == "Territoire équivalent"
        assert records[("mrc", "23")].parent == ("region", "03")
        assert records[("region", "03")].name == "Capitale-Nationale"
        assert records[("rss", "03")].parent == ("province", "24")

    def test_saint_zacharie(self, records):
        zacharie = records[("municipality", "28005")]
        assert zacharie.name == "Saint-Zacharie"
        assert zacharie.parent == ("mrc", "28")
        etchemins = records[("mrc", "28")]
        assert etchemins.name == "Les Etchemins"
        assert etchemins.values["designation"] == "MRC"
        assert etchemins.parent == ("region", "12")
        assert records[("region", "12")].name == "Chaudière-Appalaches"

    def test_beauport_is_a_borough_of_quebec(self, records):
        beauport = records[("borough", "REQ05")]
        assert beauport.name == "Beauport"
        assert beauport.parent == ("municipality", "23027")
        assert beauport.values["designation"] == "Arrondissement"

    def test_thetford_mines(self, records):
        thetford = records[("municipality", "31084")]
        assert thetford.name == "Thetford Mines"
        assert thetford.parent == ("mrc", "31")
        assert records[("mrc", "31")].parent == ("region", "12")

    def test_montreal(self, records):
        montreal = records[("municipality", "66023")]
        assert montreal.parent == ("mrc", "66")
        assert records[("mrc", "66")].parent == ("region", "06")
        assert sum(1 for r in records.values() if r.parent == ("municipality", "66023")) == 19

    def test_values_have_their_types(self, records):
        zacharie = records[("municipality", "28005")].values
        assert isinstance(zacharie["population"], int)
        assert isinstance(zacharie["area_land_km2"], Decimal)
        assert 45 < zacharie["latitude"] < 47
        assert -71 < zacharie["longitude"] < -70
        assert zacharie["metropolitan_influence_zone"] in range(1, 8)
        assert zacharie["mrc_typology"] in range(1, 7)

    def test_mrc_typology_is_that_of_its_municipalities(self, records):
        assert (
            records[("mrc", "28")].values["mrc_typology"] == records[("municipality", "28005")].values["mrc_typology"]
        )

    def test_rss_04_covers_regions_04_and_17(self, records):
        regions = {
            records[r.parent].parent[1] for r in records.values() if r.kind == "municipality" and r.rss_code == "04"
        }
        assert regions == {"04", "17"}

    def test_boundaries_are_wgs84_polygons(self, records):
        for record in records.values():
            if record.kind in ("region", "mrc", "rss"):
                geometry = json.loads(record.values["boundary"])
                assert geometry["type"] in ("Polygon", "MultiPolygon"), record.key
                ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
                for longitude, latitude in ring:
                    assert -80 < longitude < -56 and 44 < latitude < 63, record.key
            else:
                assert not record.values.get("boundary"), record.key

    def test_checksum_changes_with_the_files(self, reference_copy):
        assert reference.checksum(reference_copy.path) == reference.checksum()
        reference_copy.set_cell("municipalites_qc.csv", "28005", "site_web", "example.org")
        assert reference.checksum(reference_copy.path) != reference.checksum()


def _parents(records, kind):
    return [record.parent for record in records.values() if record.kind == kind]


class TestProblems:
    """Each problem stops the reading with a French message naming the file, the line (or feature) and the column."""

    def test_missing_column(self, reference_copy):
        reference_copy.rename_column("municipalites_qc.csv", "population_mamh", "population")
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("municipalites_qc.csv", 1, "population_mamh")
        message = french(error)
        assert "« municipalites_qc.csv »" in message
        assert "ligne 1" in message
        assert "colonne « population_mamh »" in message
        assert "Fichier" in message

    def test_malformed_population(self, reference_copy):
        line = reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", "abc")
        assert line == 301
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("municipalites_qc.csv", 301, "population_mamh")
        message = french(error)
        assert "municipalites_qc.csv" in message
        assert "ligne 301" in message
        assert "colonne « population_mamh »" in message
        assert "« abc »" in message
        assert "nombre entier" in message

    @pytest.mark.parametrize(
        ("column", "value"),
        [
            ("superficie_terre_km2", "12,5"),
            ("superficie_totale_km2", "-3"),
            ("zim_code", "9"),
            ("latitude", "123.4"),
            ("longitude", ""),
            ("date_constitution", "2002-13-01"),
            ("code_geo", "2805"),
            ("nom", " "),
        ],
    )
    def test_malformed_values(self, reference_copy, column, value):
        line = reference_copy.set_cell("municipalites_qc.csv", "28005", column, value)
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("municipalites_qc.csv", line, column)
        message = french(error)
        assert f"ligne {line}" in message
        assert f"colonne « {column} »" in message

    def test_unknown_mrc(self, reference_copy):
        line = reference_copy.set_cell("municipalites_qc.csv", "28005", "mrc_code", "999")
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("municipalites_qc.csv", line, "mrc_code")
        message = french(error)
        assert "999" in message
        assert "mrc_qc.geojson" in message
        assert f"ligne {line}" in message

    def test_region_other_than_its_mrcs(self, reference_copy):
        line = reference_copy.set_cell("municipalites_qc.csv", "28005", "region_code", "03")
        error = error_of(reference_copy.path)
        assert (error.line, error.column) == (line, "region_code")

    def test_duplicate_code(self, reference_copy):
        line = reference_copy.add_row("municipalites_qc.csv", {"nom": "Doublon"}, like="28005")
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("municipalites_qc.csv", line, "code_geo")
        assert "28005" in french(error)

    def test_bad_borough_parent(self, reference_copy):
        line = reference_copy.set_cell("arrondissements_qc.csv", "REQ05", "ville_code_geo", "99999")
        assert line == 38
        error = error_of(reference_copy.path)
        assert (error.file, error.line, error.column) == ("arrondissements_qc.csv", 38, "ville_code_geo")
        message = french(error)
        assert "« arrondissements_qc.csv »" in message
        assert "ligne 38" in message
        assert "colonne « ville_code_geo »" in message
        assert "99999" in message

    def test_invalid_geometry(self, reference_copy):
        bowtie = {"type": "Polygon", "coordinates": [[[-71, 46], [-70, 47], [-70, 46], [-71, 47], [-71, 46]]]}
        number = reference_copy.set_feature("mrc_qc.geojson", "28", geometry=bowtie)
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.column) == ("mrc_qc.geojson", number, "geometry")
        assert error.line is None
        message = french(error)
        assert "« mrc_qc.geojson »" in message
        assert str(number) in message
        assert "colonne « geometry »" in message
        assert "feature no." not in message

    def test_unreadable_geometry(self, reference_copy):
        number = reference_copy.set_feature("regions_administratives_qc.geojson", "05", geometry={"type": "Polygon"})
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.column) == ("regions_administratives_qc.geojson", number, "geometry")

    def test_point_instead_of_polygon(self, reference_copy):
        number = reference_copy.set_feature(
            "mrc_qc.geojson", "31", geometry={"type": "Point", "coordinates": [-71, 46]}
        )
        error = error_of(reference_copy.path)
        assert (error.feature, error.column) == (number, "geometry")

    def test_missing_property(self, reference_copy):
        number = reference_copy.set_feature("mrc_qc.geojson", "28", nom="")
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.column) == ("mrc_qc.geojson", number, "nom")

    def test_mrc_of_unknown_region(self, reference_copy):
        number = reference_copy.set_feature("mrc_qc.geojson", "28", region_code="42")
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.column) == ("mrc_qc.geojson", number, "region_code")
        assert "regions_administratives_qc.geojson" in french(error)

    def test_non_utf8_csv(self, reference_copy):
        path = reference_copy.path / "municipalites_qc.csv"
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
        error = error_of(reference_copy.path)
        assert error.file == "municipalites_qc.csv"
        message = french(error)
        assert "« municipalites_qc.csv »" in message
        assert "UTF-8" in message
        assert "Fichier" in message

    def test_non_utf8_geojson(self, reference_copy):
        path = reference_copy.path / "regions_administratives_qc.geojson"
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
        error = error_of(reference_copy.path)
        assert error.file == "regions_administratives_qc.geojson"
        assert "« regions_administratives_qc.geojson »" in french(error)

    def test_not_json(self, reference_copy):
        (reference_copy.path / "mrc_qc.geojson").write_text('{"type": "FeatureCollection", ', encoding="utf-8")
        error = error_of(reference_copy.path)
        assert error.file == "mrc_qc.geojson"
        assert "JSON" in french(error)

    def test_missing_file(self, reference_copy):
        (reference_copy.path / "arrondissements_qc.csv").unlink()
        error = error_of(reference_copy.path)
        assert error.file == "arrondissements_qc.csv"
        assert "« arrondissements_qc.csv »" in french(error)

    def test_extra_value_on_a_line(self, reference_copy):
        rows = reference_copy.read_csv("arrondissements_qc.csv")
        rows[5].append("en trop")
        reference_copy.write_csv("arrondissements_qc.csv", rows)
        error = error_of(reference_copy.path)
        assert (error.file, error.line) == ("arrondissements_qc.csv", 6)
        assert "ligne 6" in french(error)

    def test_english_when_english_is_active(self, reference_copy):
        reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", "abc")
        with pytest.raises(ReferenceDataError) as caught, translation.override("en"):
            read_reference(reference_copy.path)
        with translation.override("en"):
            assert str(caught.value) == (
                "File « municipalites_qc.csv », line 301, column « population_mamh »: « abc » is not a whole number."
            )


def test_every_rss_has_a_drawn_boundary(records):
    rss = [record for record in records.values() if record.kind == "rss"]
    assert len(rss) == 18
    assert all(record.values.get("boundary") for record in rss)


class TestMalformedGeoJSON:
    @pytest.mark.parametrize("feature", [42, None, "Feature", {"type": "Feature", "properties": ["code", "01"]}])
    def test_feature_that_is_not_a_feature(self, reference_copy, feature):
        collection = reference_copy.features("regions_administratives_qc.geojson")
        collection["features"][2] = feature
        reference_copy.write_features("regions_administratives_qc.geojson", collection)
        error = error_of(reference_copy.path)
        assert (error.file, error.feature) == ("regions_administratives_qc.geojson", 3)
        assert "« regions_administratives_qc.geojson »" in french(error)

    def test_feature_without_properties(self, reference_copy):
        number = reference_copy.set_feature("mrc_qc.geojson", "28")
        collection = reference_copy.features("mrc_qc.geojson")
        collection["features"][number - 1]["properties"] = None
        reference_copy.write_features("mrc_qc.geojson", collection)
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.column) == ("mrc_qc.geojson", number, "code")

    def test_features_that_are_not_a_list(self, reference_copy):
        (reference_copy.path / "mrc_qc.geojson").write_text('{"type": "FeatureCollection", "features": 5}')
        error = error_of(reference_copy.path)
        assert (error.file, error.feature, error.line) == ("mrc_qc.geojson", None, None)
