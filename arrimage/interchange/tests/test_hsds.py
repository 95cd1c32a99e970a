"""HSDS 3.0.1: the export validates against the standard's schemas and never carries a person's contact;
the import (JSON or CSV tables) links organisations, creates or updates services, refuses a bad file
whole, and creates nothing new the second time."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.utils import translation
from jsonschema import Draft202012Validator, FormatChecker

from arrimage.actors.models import Organization
from arrimage.concertation.models import Theme
from arrimage.directory.models import Location, Service
from arrimage.directory.services import LocationData, ServiceData, location_create, service_create
from arrimage.interchange.hsds import (
    HsdsImportError,
    hsds_export,
    hsds_id,
    hsds_import,
    hsds_import_files,
    read_tables,
    schema_registry,
    validator,
)
from arrimage.interchange.models import ImportChange, ImportRun
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory.create(is_superuser=True, is_staff=True)


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def directory():
    """Two organisations with services, a place, themes and service areas; a person with contact details."""
    food_bank = OrganizationFactory.create(
        name="Moisson Beauce",
        acronym="MB",
        mission="Nourrir la Beauce.",
        neq="1143456789",
        website="https://mb.example.org",
    )
    PositionFactory.create(
        organization=food_bank, person=PersonFactory.create(email="secret.personne@example.org", phone="418-555-0199")
    )
    place = location_create(
        organization=food_bank,
        data=LocationData(
            name="Entrepôt",
            address="100, rue Principale",
            city="Thetford Mines",
            postal_code="G6G 1A1",
            territory=territory("municipality:31084"),
            latitude=46.09,
            longitude=-71.3,
        ),
        acting_user=None,
    )
    meals = service_create(
        organization=food_bank,
        data=ServiceData(
            name="Repas communautaires",
            email="repas@mb.example.org",
            eligibility="Toute personne à faible revenu.",
            themes=[Theme.objects.get(slug="agriculture-alimentation")],
            service_areas=[territory("mrc:31"), territory("municipality:31084")],
            locations=[place],
        ),
        acting_user=None,
    )
    youth = OrganizationFactory.create(name="Maison des jeunes de Thetford")
    drop_in = service_create(
        organization=youth, data=ServiceData(name="Local des jeunes", status="temporarily closed"), acting_user=None
    )
    OrganizationFactory.create(name="Organisme sans service")
    return {"food_bank": food_bank, "youth": youth, "meals": meals, "drop_in": drop_in, "place": place}


def strict(name: str) -> Draft202012Validator:
    """The schema of `name` with no property beyond those it lists (as the standard's own checks do)."""

    def close(node: Any) -> Any:
        if isinstance(node, dict):
            node = {key: close(value) for key, value in node.items()}
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
        elif isinstance(node, list):
            node = [close(value) for value in node]
        return node

    schema = close(copy.deepcopy(schema_registry().contents(f"{name}.json")))
    return Draft202012Validator(schema, registry=schema_registry(), format_checker=FormatChecker())


def assert_valid(name: str, instance: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(instance)]
    assert errors == []


# Export --------------------------------------------------------------------------------------------


def test_export_validates_against_the_hsds_schemas(directory) -> None:
    document = hsds_export()
    assert document["hsds_version"] == "3.0.1"
    assert [o["name"] for o in document["organizations"]] == ["Moisson Beauce", "Maison des jeunes de Thetford"]
    for organization in document["organizations"]:
        bare = {k: v for k, v in organization.items() if k != "services"}
        assert list(strict("organization").iter_errors(bare)) == []
        for service in organization["services"]:
            assert list(strict("service").iter_errors(service)) == []
        for location in organization["locations"]:
            assert_valid("location", location)
    for term in document["taxonomy_terms"]:
        assert list(strict("taxonomy_term").iter_errors(term)) == []
    for taxonomy in document["taxonomies"]:
        assert list(strict("taxonomy").iter_errors(taxonomy)) == []


def test_export_shape(directory) -> None:
    document = hsds_export()
    food_bank = document["organizations"][0]
    assert food_bank["id"] == hsds_id("organization", directory["food_bank"].pk)
    assert food_bank["alternate_name"] == "MB"
    assert food_bank["organization_identifiers"][0]["identifier"] == "1143456789"
    (service,) = food_bank["services"]
    assert service["organization_id"] == food_bank["id"]
    assert service["email"] == "repas@mb.example.org"
    assert service["eligibility_description"] == "Toute personne à faible revenu."
    assert [a["uri"] for a in service["service_areas"]] == [
        "urn:arrimage:territory:mrc:31",
        "urn:arrimage:territory:municipality:31084",
    ]
    assert service["service_at_locations"][0]["location_id"] == food_bank["locations"][0]["id"]
    term = service["attributes"][0]["taxonomy_term"]
    assert (term["code"], term["taxonomy"], term["language"]) == ("agriculture-alimentation", "arrimage-themes", "fr")
    assert {(t["code"], t["language"], t["name"]) for t in document["taxonomy_terms"]} == {
        ("agriculture-alimentation", "fr", "Agriculture et systèmes alimentaires"),
        ("agriculture-alimentation", "en", "Agriculture and food systems"),
    }
    assert food_bank["locations"][0]["addresses"][0]["postal_code"] == "G6G 1A1"
    assert document["organizations"][1]["services"][0]["status"] == "temporarily closed"


def test_export_never_carries_a_person_and_its_ids_are_stable(directory) -> None:
    first = json.dumps(hsds_export(), sort_keys=True)
    assert "secret.personne" not in first and "555-0199" not in first
    assert all(
        not o["contacts"] and all(not s["contacts"] for s in o["services"]) for o in json.loads(first)["organizations"]
    )
    assert json.dumps(hsds_export(), sort_keys=True) == first


def test_export_queries_do_not_grow_with_the_data(directory, django_assert_max_num_queries) -> None:
    for number in range(5):
        service_create(organization=directory["youth"], data=ServiceData(name=f"Atelier {number}"), acting_user=None)
    with django_assert_max_num_queries(8):
        hsds_export()


# Import (JSON) ---------------------------------------------------------------------------------------


def foreign_document() -> dict[str, Any]:
    """A file from another HSDS directory: its own ids, names of territories and of themes."""
    org, service, place = (
        "0b7c3d4e-1111-4a5b-8c9d-000000000001",
        "0b7c3d4e-1111-4a5b-8c9d-000000000002",
        "0b7c3d4e-1111-4a5b-8c9d-000000000003",
    )
    return {
        "organizations": [
            {
                "id": org,
                "name": "Centre d'entraide de Lévis",
                "description": "Entraide et sécurité alimentaire.",
                "website": "https://entraide.example.org",
                "locations": [
                    {
                        "id": place,
                        "location_type": "physical",
                        "name": "Comptoir",
                        "latitude": 46.8,
                        "longitude": -71.18,
                        "addresses": [
                            {
                                "id": "0b7c3d4e-1111-4a5b-8c9d-000000000004",
                                "address_1": "5, rue du Quai",
                                "city": "Lévis",
                                "state_province": "QC",
                                "postal_code": "g6v1a1",
                                "country": "CA",
                                "address_type": "physical",
                            }
                        ],
                    }
                ],
                "services": [
                    {
                        "id": service,
                        "name": "Comptoir vestimentaire",
                        "status": "active",
                        "email": "comptoir@entraide.example.org",
                        "service_areas": [
                            {"id": "0b7c3d4e-1111-4a5b-8c9d-000000000005", "name": "Les Appalaches"},
                            {"id": "0b7c3d4e-1111-4a5b-8c9d-000000000006", "name": "Région", "uri": "region:03"},
                        ],
                        "service_at_locations": [{"id": "0b7c3d4e-1111-4a5b-8c9d-000000000007", "location_id": place}],
                        "attributes": [
                            {
                                "id": "0b7c3d4e-1111-4a5b-8c9d-000000000008",
                                "taxonomy_term": {
                                    "id": "0b7c3d4e-1111-4a5b-8c9d-000000000009",
                                    "name": "Culture",
                                    "description": "…",
                                },
                            },
                            {
                                "id": "0b7c3d4e-1111-4a5b-8c9d-00000000000a",
                                "taxonomy_term": {
                                    "id": "0b7c3d4e-1111-4a5b-8c9d-00000000000b",
                                    "name": "Clothing",
                                    "description": "Open Eligibility",
                                },
                            },
                        ],
                    }
                ],
            }
        ]
    }


def test_import_creates_then_recognises_everything(admin) -> None:
    result = hsds_import(document=foreign_document(), acting_user=admin)
    assert result.counts == {"organizations_created": 1, "locations_created": 1, "services_created": 1}
    organization = Organization.objects.get(name="Centre d'entraide de Lévis")
    assert organization.mission == "Entraide et sécurité alimentaire."
    service = Service.objects.get()
    assert service.organization == organization
    assert sorted(t.public_id for t in service.service_areas.all()) == ["mrc:31", "region:03"]
    assert [t.slug for t in service.themes.all()] == ["culture"]
    assert [place.postal_code for place in service.locations.all()] == ["G6V 1A1"]
    run = result.run
    assert (run.kind, run.status, run.user) == ("hsds", "committed", admin)
    assert sorted(run.changes.values_list("model", "action")) == [
        ("actors.organization", "created"),
        ("directory.location", "created"),
        ("directory.service", "created"),
    ]

    again = hsds_import(document=foreign_document(), acting_user=admin)
    assert again.counts == {"organizations_linked": 1, "locations_unchanged": 1, "services_unchanged": 1}
    assert (Organization.objects.count(), Service.objects.count(), Location.objects.count()) == (1, 1, 1)
    assert not again.run.changes.exists()


def test_import_updates_a_service_found_by_its_name(admin) -> None:
    hsds_import(document=foreign_document(), acting_user=admin)
    document = foreign_document()
    service = document["organizations"][0]["services"][0]
    service["id"] = "0b7c3d4e-1111-4a5b-8c9d-0000000000ff"  # another file, other ids
    service["name"] = "COMPTOIR  vestimentaire"
    service["status"] = "inactive"
    result = hsds_import(document=document, acting_user=admin)
    assert result.counts["services_updated"] == 1
    stored = Service.objects.get()
    assert (stored.status, stored.version) == ("inactive", 2)
    change = ImportChange.objects.get(run=result.run, model="directory.service")
    assert change.before["status"] == "active"


def test_reimporting_an_export_creates_nothing(directory, admin) -> None:
    before = (Organization.objects.count(), Service.objects.count(), Location.objects.count())
    result = hsds_import(document=json.loads(json.dumps(hsds_export())), acting_user=admin)
    assert result.counts == {"organizations_linked": 2, "locations_unchanged": 1, "services_unchanged": 2}
    assert (Organization.objects.count(), Service.objects.count(), Location.objects.count()) == before


def test_an_organisation_list_or_a_single_organisation_is_read_too(admin) -> None:
    document = foreign_document()["organizations"]
    assert hsds_import(document=document, acting_user=admin).counts["services_created"] == 1
    assert hsds_import(document=document[0], acting_user=admin).counts["services_unchanged"] == 1


def refused(document: Any, user: Any) -> list[tuple[str, str]]:
    with pytest.raises(HsdsImportError) as error:
        hsds_import(document=document, acting_user=user)
    assert (ImportRun.objects.count(), Service.objects.count(), Location.objects.count()) == (0, 0, 0)
    return [(e.path, e.message) for e in error.value.errors]


def test_schema_errors_name_their_path(admin) -> None:
    document = foreign_document()
    document["organizations"][0]["services"][0]["status"] = "open"
    del document["organizations"][0]["services"][0]["name"]
    document["organizations"][0]["locations"][0]["latitude"] = "north"
    assert refused(document, admin) == [
        ("organizations[0].locations[0].latitude", "The value must be of type « number »."),
        ("organizations[0].services[0]", "The field « name » is required."),
        (
            "organizations[0].services[0].status",
            "The value must be one of: « active », « inactive », « defunct », « temporarily closed ».",
        ),
    ]


def test_an_organisation_needs_a_name(admin) -> None:
    document = foreign_document()
    document["organizations"].append({"id": "0b7c3d4e-1111-4a5b-8c9d-0000000000aa", "name": " ", "description": ""})
    assert refused(document, admin) == [("organizations[1].name", "Give the organisation a name.")]
    assert Organization.objects.count() == 0


def test_an_unknown_or_ambiguous_territory_is_refused(admin) -> None:
    document = foreign_document()
    areas = document["organizations"][0]["services"][0]["service_areas"]
    areas[0]["name"] = "Atlantide"
    areas[1] = {"id": "0b7c3d4e-1111-4a5b-8c9d-0000000000bb", "name": "Québec"}
    errors = refused(document, admin)
    assert errors[0] == (
        "organizations[0].services[0].service_areas[0]",
        "No territory of Québec is called « Atlantide ».",
    )
    assert errors[1][0] == "organizations[0].services[0].service_areas[1]"
    assert "province:24" in errors[1][1] and "municipality:23027" in errors[1][1]


def test_an_ambiguous_organisation_must_be_resolved(admin) -> None:
    OrganizationFactory.create(name="Centre d'entraide de Lévis")
    OrganizationFactory.create(name="Centre d'entraide de Lévis")
    ((path, message),) = refused(foreign_document(), admin)
    assert path == "organizations[0].name"
    assert message.startswith("« Centre d'entraide de Lévis » may be one of these organisations:")
    assert Organization.objects.count() == 2


def test_an_organisation_already_known_is_linked(admin) -> None:
    known = OrganizationFactory.create(name="Centre d’entraide de LÉVIS")
    result = hsds_import(document=foreign_document(), acting_user=admin)
    assert result.counts["organizations_linked"] == 1
    assert Service.objects.get().organization == known


def test_a_user_without_rights_imports_nothing() -> None:
    errors = refused(foreign_document(), UserFactory.create())
    assert errors == [("", "You may not create organisations.")]


def test_a_nul_character_is_refused_before_anything_is_written(admin) -> None:
    # PostgreSQL stores no NUL character: the import must refuse it, not fail.
    document = foreign_document()
    document["organizations"][0]["locations"][0]["name"] = "Comptoir\x00"
    errors = refused(document, admin)
    assert errors and "organizations[0].locations[0].name" in errors[0][1]


def test_a_table_that_is_not_utf8_or_not_csv_is_refused() -> None:
    for content in ("id,name\n1,Café\n".encode("cp1252"), b'id,name\n"' + b"x" * 200_000 + b'"\n'):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("organizations.csv", content)
        with pytest.raises(HsdsImportError) as error:
            hsds_import_files(files={"hsds.zip": buffer.getvalue()}, acting_user=None)
        assert "organizations.csv" in str(error.value)


def test_a_damaged_zip_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", "id,name\n1,Un organisme\n" * 20)
    data = bytearray(buffer.getvalue())
    data[data.index(b"PK\x01\x02") + 6] = 84  # a zip version that zipfile does not read
    damaged = bytearray(buffer.getvalue())
    damaged[40] ^= 0xFF  # the compressed data of the table
    for content in (bytes(data), bytes(damaged)):
        with pytest.raises(HsdsImportError):
            hsds_import_files(files={"hsds.zip": content}, acting_user=None)


def test_a_file_that_is_not_hsds() -> None:
    assert refused({"people": []}, None)[0][0] == ""
    with pytest.raises(HsdsImportError):
        hsds_import_files(files={"x.json": b"{not json"}, acting_user=None)


# Import (CSV tables) ---------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables() -> dict[str, bytes]:
    org, service, place = (
        "9a000000-0000-4000-8000-000000000001",
        "9a000000-0000-4000-8000-000000000002",
        "9a000000-0000-4000-8000-000000000003",
    )
    return {
        "organizations.csv": table(
            [{"id": org, "name": "Coop de solidarité du Lac", "description": "Épicerie coopérative"}]
        ),
        "services.csv": table(
            [
                {
                    "id": service,
                    "organization_id": org,
                    "name": "Épicerie solidaire",
                    "status": "active",
                    "minimum_age": "",
                },
                {
                    "id": "9a000000-0000-4000-8000-000000000009",
                    "organization_id": org,
                    "name": "Livraison",
                    "status": "defunct",
                },
            ]
        ),
        "service_areas.csv": table(
            [{"id": "9a000000-0000-4000-8000-000000000004", "service_id": service, "name": "Les Appalaches"}]
        ),
        "locations.csv": table(
            [
                {
                    "id": place,
                    "organization_id": org,
                    "location_type": "physical",
                    "name": "Magasin",
                    "latitude": "46,1",
                    "longitude": "-71.3",
                }
            ]
        ),
        "addresses.csv": table(
            [
                {
                    "id": "9a000000-0000-4000-8000-000000000005",
                    "location_id": place,
                    "address_1": "1, rue du Lac",
                    "city": "Thetford Mines",
                    "state_province": "QC",
                    "postal_code": "G6G 2B2",
                    "country": "CA",
                    "address_type": "physical",
                }
            ]
        ),
        "service_at_location.csv": table(
            [{"id": "9a000000-0000-4000-8000-000000000006", "service_id": service, "location_id": place}]
        ),
        "attributes.csv": table(
            [
                {
                    "id": "9a000000-0000-4000-8000-000000000007",
                    "link_id": service,
                    "taxonomy_term_id": "9a000000-0000-4000-8000-000000000008",
                    "link_type": "theme",
                    "link_entity": "service",
                }
            ]
        ),
        "taxonomy_terms.csv": table(
            [
                {
                    "id": "9a000000-0000-4000-8000-000000000008",
                    "code": "agriculture-alimentation",
                    "name": "Alimentation",
                    "description": "",
                    "taxonomy": "arrimage-themes",
                }
            ]
        ),
        "contacts.csv": table(
            [{"id": "9a000000-0000-4000-8000-0000000000cc", "name": "Une personne", "email": "p@example.org"}]
        ),
    }


def test_csv_tables_become_the_nested_document() -> None:
    document = read_tables(tables())
    (organization,) = document["organizations"]
    assert [s["name"] for s in organization["services"]] == ["Épicerie solidaire", "Livraison"]
    assert organization["locations"][0]["latitude"] == 46.1
    assert "minimum_age" not in organization["services"][0]
    assert "contacts" not in organization


def test_csv_import_as_files_and_as_zip(admin) -> None:
    result = hsds_import_files(files=tables(), acting_user=admin)
    assert result.counts == {"organizations_created": 1, "locations_created": 1, "services_created": 2}
    grocery = Service.objects.get(name="Épicerie solidaire")
    assert [t.public_id for t in grocery.service_areas.all()] == ["mrc:31"]
    assert [t.slug for t in grocery.themes.all()] == ["agriculture-alimentation"]
    assert grocery.locations.get().city == "Thetford Mines"
    assert Service.objects.get(name="Livraison").status == "defunct"

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, content in tables().items():
            zipped.writestr(f"hsds/{name}", content)
    again = hsds_import_files(files={"annuaire.zip": archive.getvalue()}, acting_user=admin)
    assert again.counts == {"organizations_linked": 1, "locations_unchanged": 1, "services_unchanged": 2}
    assert again.run.filename == "annuaire.zip"


def test_csv_errors_are_refused_whole(admin) -> None:
    files = tables()
    files["locations.csv"] = files["locations.csv"].replace(b"46,1", b"nord")
    with pytest.raises(HsdsImportError) as error:
        hsds_import_files(files=files, acting_user=admin)
    assert str(error.value.errors[0]) == "locations.csv, line 2, column latitude : A number is expected."
    files = tables()
    files["service_areas.csv"] = files["service_areas.csv"].replace(b"Les Appalaches", b"Nulle part")
    with pytest.raises(HsdsImportError) as error:
        hsds_import_files(files=files, acting_user=admin)
    assert error.value.errors[0].path == "organizations[0].services[0].service_areas[0]"
    assert Organization.objects.count() == 0 and ImportRun.objects.count() == 0
