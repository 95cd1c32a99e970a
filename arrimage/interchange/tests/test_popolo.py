"""The registry as a Popolo bundle: valid against the Popolo schemas, private information protected, and
imported back into an empty registry through the domain services, the same way twice."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from arrimage.actors.models import Organization, Person, Position, Sector
from arrimage.concertation.models import Concertation, EndReason, Level, Membership, Role, Seat, SeatType
from arrimage.interchange import popolo
from arrimage.interchange.models import ImportChange, ImportKind, ImportRun
from arrimage.interchange.services import import_undo
from arrimage.territories.models import Territory
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RoleGrantFactory,
    SeatFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db

SECRET = "Zorglub-Confidentiel"


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


@pytest.fixture
def admin():
    return UserFactory.create(is_superuser=True, is_staff=True)


@pytest.fixture
def registry():
    """A small registry with every kind of record the bundle carries."""
    cisss = OrganizationFactory.create(
        name="CIUSSS de la Capitale-Nationale",
        acronym="CIUSSS-CN",
        sector=Sector.HEALTH,
        neq="1234567890",
        website="https://www.ciusss-capitalenationale.gouv.qc.ca",
        other_names=["Centre intégré de la Capitale"],
        start_date=dt.date(2015, 1, 1),
        start_precision="year",
    )
    cisss.territories_served.add(territory("region:03"))
    cdc = OrganizationFactory.create(name="CDC de Beauport", mission="Soutenir les organismes.", parent=None)
    cdc.territories_served.add(territory("municipality:23027"))
    branch = OrganizationFactory.create(name="Point de service Giffard", parent=cdc)
    network = ConcertationFactory.create(name="Réseau des démarches", level=Level.REGIONAL)
    network.territories.add(territory("region:03"))
    table = ConcertationFactory.create(
        name="Table de Beauport",
        acronym="TDB",
        parent=network,
        coordinating_organization=cdc,
        start_date=dt.date(2012, 3, 1),
        start_precision="month",
        meeting_frequency="monthly",
    )
    table.territories.add(territory("municipality:23027"), territory("mrc:23"), territory("province:24"))
    table.themes.add(theme("securite-alimentaire"))
    table.funders.add(cisss)
    named = PersonFactory.create(given_name="Publique", family_name="Nommée", public_consent=True, phone="418 555")
    hidden = PersonFactory.create(given_name=SECRET, family_name="Caché", notes=f"Note {SECRET}")
    citizen = PersonFactory.create(given_name="Citoyenne", family_name="Engagée", is_citizen=True, public_consent=True)
    seat = SeatFactory.create(concertation=table, label="Santé", order=1, created_on=dt.date(2012, 3, 1))
    MembershipFactory.create(
        seat=seat,
        person=hidden,
        organization=cisss,
        start_date=dt.date(2015, 1, 1),
        start_precision="year",
        end_date=dt.date(2019, 6, 30),
        end_precision="month",
        end_reason=EndReason.LEFT_ORGANIZATION,
    )
    MembershipFactory.create(
        seat=seat, person=named, organization=cisss, role=Role.CO_CHAIR, start_date=dt.date(2019, 7, 1)
    )
    community = SeatFactory.create(concertation=table, label="Communautaire", order=2)
    MembershipFactory.create(seat=community, person=None, organization=cdc, start_date=dt.date(2020, 1, 1))
    citizen_seat = SeatFactory.create(
        concertation=table, label="Citoyen", order=3, seat_type=SeatType.CITIZEN, is_voting=False
    )
    MembershipFactory.create(
        seat=citizen_seat, person=citizen, organization=None, start_date=dt.date(2021, 5, 1), start_precision="month"
    )
    old = SeatFactory.create(
        concertation=table,
        label="Ancien siège",
        order=4,
        created_on=dt.date(2012, 3, 1),
        abolished_on=dt.date(2018, 12, 31),
    )
    MembershipFactory.create(
        seat=old,
        person=None,
        organization=branch,
        start_date=dt.date(2013, 1, 1),
        end_date=dt.date(2018, 12, 31),
        end_reason=EndReason.SEAT_ABOLISHED,
    )
    regional_seat = SeatFactory.create(concertation=network, label="Beauport")
    MembershipFactory.create(seat=regional_seat, person=hidden, organization=cdc, start_date=dt.date(2020, 1, 1))
    ConcertationFactory.create(name=f"Table privée {SECRET}", is_public=False)
    return {"table": table, "network": network, "hidden": hidden, "cisss": cisss}


def assert_valid(bundle: dict) -> None:
    assert popolo.popolo_errors(bundle, limit=1000) == []
    for collection, name in popolo.COLLECTIONS.items():
        validator = popolo.popolo_validator(name)
        for item in bundle[collection]:
            validator.validate(item)


class TestValidator:
    def test_schemas_resolve_one_another(self):
        validator = popolo.popolo_validator("membership")
        errors = list(validator.iter_errors({"id": "m", "person": {"name": 3}, "start_date": "2021-3"}))
        assert len(errors) == 2
        person = popolo.popolo_validator("person")
        assert list(person.iter_errors({"id": "p", "contact_details": [{"type": "email"}]}))
        assert list(person.iter_errors({"id": "p", "email": "not an email"}))

    def test_errors_say_where(self):
        errors = popolo.popolo_errors({"persons": [{"id": "p", "name": 3}], "areas": "no"})
        assert errors[0].startswith("persons[0].name:")
        assert "areas" in errors[1]
        assert popolo.popolo_errors([]) and popolo.popolo_errors({"posts": [{"label": "x"}]})


class TestExport:
    def test_valid_for_an_administrator_and_a_visitor(self, registry, admin):
        assert_valid(popolo.popolo_bundle(user=admin))
        assert_valid(popolo.popolo_bundle(user=None))

    def test_shape(self, registry, admin):
        bundle = popolo.popolo_bundle(user=admin)
        table = registry["table"]
        by_id = {o["id"]: o for o in bundle["organizations"]}
        concertation = by_id[f"arrimage:concertation:{table.pk}"]
        assert concertation["classification"] == "concertation"
        assert concertation["parent_id"] == f"arrimage:concertation:{registry['network'].pk}"
        assert concertation["founding_date"] == "2012-03"
        assert concertation["arrimage"]["themes"] == ["securite-alimentaire"]
        assert set(concertation["arrimage"]["area_ids"]) == {
            "ocd-division/country:ca/csd:2423027",
            "arrimage:mrc:23",
            "ocd-division/country:ca/province:qc",
        }
        cisss = by_id[f"arrimage:organization:{registry['cisss'].pk}"]
        assert cisss["classification"] == "health"
        assert {"scheme": "NEQ", "identifier": "1234567890"} in cisss["identifiers"]
        assert {"name": "CIUSSS-CN", "note": "acronym"} in cisss["other_names"]
        assert cisss["founding_date"] == "2015"
        areas = {a["id"]: a for a in bundle["areas"]}
        assert areas["ocd-division/country:ca/csd:2423027"]["identifier"] == "municipality:23027"
        assert areas["ocd-division/country:ca/csd:2423027"]["parent_id"] == "arrimage:mrc:23"
        assert areas["arrimage:region:03"]["parent_id"] == "ocd-division/country:ca/province:qc"
        memberships = [m for m in bundle["memberships"] if m["organization_id"] == concertation["id"]]
        ended = next(m for m in memberships if m.get("end_date") == "2019-06")
        assert ended["start_date"] == "2015" and ended["arrimage"]["end_reason"] == "left_organization"
        assert ended["on_behalf_of_id"] == cisss["id"]
        assert ended["post_id"].startswith("arrimage:seat:")
        alone = next(m for m in memberships if "person_id" not in m and m.get("start_date") == "2020-01-01")
        assert alone["member"] == {"@type": "Organization", "id": alone["on_behalf_of_id"]}

    def test_never_contact_details_nor_notes(self, registry, admin):
        text = json.dumps(popolo.popolo_bundle(user=admin), ensure_ascii=False)
        assert "@example.org" not in text and "418 555" not in text and "Note" not in text
        assert "email" not in text and "contact_details" not in text

    def test_visitors_see_protected_persons(self, registry):
        bundle = popolo.popolo_bundle(user=None)
        text = json.dumps(bundle, ensure_ascii=False)
        assert SECRET not in text and "@example.org" not in text
        protected = [p for p in bundle["persons"] if p["id"].startswith(popolo.PROTECTED_PERSON)]
        assert len(protected) == 2  # the same person, on two concertations: two unrelated pseudonyms
        assert {p["name"] for p in protected} == {"Personne (identité protégée)"}
        assert set(protected[0]) == {"id", "name"}
        again = popolo.popolo_bundle(user=None)
        assert [p["id"] for p in again["persons"]] == [p["id"] for p in bundle["persons"]]
        assert {p["name"] for p in bundle["persons"]} >= {"Publique Nommée", "Citoyenne Engagée"}

    def test_queries_do_not_grow_with_records(self, registry, admin, django_assert_max_num_queries):
        popolo.popolo_bundle(user=admin)
        for n in range(10):
            MembershipFactory.create(
                seat=SeatFactory.create(concertation=ConcertationFactory.create()), start_date=dt.date(2020, 1, n + 1)
            )
        with django_assert_max_num_queries(12):
            popolo.popolo_bundle(user=admin)

    def test_api(self, client, registry):
        response = client.get("/api/v1/export/popolo")
        assert response.status_code == 200
        bundle = json.loads(response.content)
        assert_valid(bundle)
        assert SECRET not in response.content.decode()


def empty_registry() -> None:
    Membership.objects.all().delete()
    Seat.objects.all().delete()
    while Concertation.objects.exists():
        Concertation.objects.filter(children__isnull=True).delete()
    Position.objects.all().delete()
    Person.objects.all().delete()
    while Organization.objects.exists():
        Organization.objects.filter(children__isnull=True).delete()


def canonical(bundle: dict) -> dict:
    """The bundle with every identifier of a record replaced by what the record is, so that two exports of
    the same registry with different database numbers compare equal."""
    names: dict[str, str] = {}
    for o in bundle["organizations"]:
        names[o["id"]] = f"{o['classification']}:{o['name']}"
    for p in bundle["persons"]:
        names[p["id"]] = f"person:{p['name']}"
    for s in bundle["posts"]:
        names[s["id"]] = f"seat:{names[s['organization_id']]}:{s['label']}"
    for m in bundle["memberships"]:
        names[m["id"]] = f"membership:{names[m['post_id']]}:{m.get('start_date')}"

    def swap(value):
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    swapped = swap(bundle)
    return {key: sorted(swapped[key], key=lambda item: json.dumps(item, sort_keys=True)) for key in swapped}


class TestImport:
    def test_round_trip_and_idempotence(self, registry, admin):
        before = popolo.popolo_bundle(user=admin)
        empty_registry()
        assert not Organization.objects.exists() and not Person.objects.exists()

        report = popolo.popolo_import(before, acting_user=admin, filename="registre.json")
        assert report.created == {
            "organizations": 3,
            "concertations": 3,
            "posts": 5,
            "persons": 3,
            "memberships": 6,
        }
        assert report.skipped == []
        run = report.run
        assert run.kind == ImportKind.POPOLO and run.user == admin and run.status == "committed"
        # 20 records, and the consents to appear publicly given with the 2 people who had one.
        assert run.changes.exclude(model="actors.consent").count() == 20
        assert run.changes.filter(model="actors.consent").count() == 2
        after = popolo.popolo_bundle(user=admin)
        assert canonical(after) == canonical(before)

        counts = (
            Organization.objects.count(),
            Person.objects.count(),
            Membership.objects.count(),
            Seat.objects.count(),
        )
        second = popolo.popolo_import(before, acting_user=admin)
        assert second.created_total == 0
        assert sum(second.linked.values()) == 20
        assert (
            Organization.objects.count(),
            Person.objects.count(),
            Membership.objects.count(),
            Seat.objects.count(),
        ) == counts
        assert ImportChange.objects.filter(run=second.run).count() == 0

    def test_an_import_can_be_undone(self, registry, admin):
        bundle = popolo.popolo_bundle(user=admin)
        empty_registry()
        report = popolo.popolo_import(bundle, acting_user=admin)
        # Parents were created before their children, with them: nothing was changed after its creation.
        branch = Organization.objects.get(name="Point de service Giffard")
        assert branch.parent is not None and branch.version == 1
        assert Concertation.objects.get(name="Table de Beauport").parent is not None
        import_undo(run=report.run, acting_user=admin)
        assert not Organization.objects.exists() and not Concertation.objects.exists()
        assert not Membership.objects.exists() and not Seat.objects.exists() and not Person.objects.exists()
        # The next import of the same bundle creates everything again.
        assert popolo.popolo_import(bundle, acting_user=admin).created_total == 20

    def test_something_that_is_not_a_bundle(self, admin):
        bundles: list[Any] = [{"people": []}, [], "texte"]
        for bundle in bundles:
            with pytest.raises(ValidationError):
                popolo.popolo_import(bundle, acting_user=admin)
        assert not ImportRun.objects.exists()

    def test_a_nul_character_is_refused_before_anything_is_written(self, registry, admin):
        # PostgreSQL stores no NUL character, in text or in JSON: the import must refuse it, not fail.
        bundle = popolo.popolo_bundle(user=admin)
        bundle["organizations"][0]["name"] = "CDC\x00"
        with pytest.raises(ValidationError) as error:
            popolo.popolo_import(bundle, acting_user=admin)
        assert "organizations[0].name" in error.value.messages[0]
        assert not ImportRun.objects.exists()

    def test_organisations_known_by_name_are_linked(self, registry, admin):
        bundle = popolo.popolo_bundle(user=admin)
        Membership.objects.all().delete()
        Seat.objects.all().delete()
        while Concertation.objects.exists():
            Concertation.objects.filter(children__isnull=True).delete()
        Person.objects.all().delete()
        organizations = Organization.objects.count()
        report = popolo.popolo_import(bundle, acting_user=admin)
        assert report.linked["organizations"] == 3 and report.created["organizations"] == 0
        assert Organization.objects.count() == organizations

    def test_protected_persons_are_not_created(self, registry, admin):
        bundle = popolo.popolo_bundle(user=None)
        empty_registry()
        report = popolo.popolo_import(bundle, acting_user=admin)
        assert not Person.objects.filter(given_name__startswith="Personne").exists()
        assert Person.objects.count() == 2
        # Their holdings are kept with their organisation.
        assert report.created["memberships"] == 6
        assert not Concertation.objects.filter(name__contains=SECRET).exists()

    def test_an_invalid_bundle_writes_nothing(self, admin):
        bundle = {"organizations": [{"id": "o", "name": "Organisme", "founding_date": "hier"}]}
        with pytest.raises(ValidationError) as error:
            popolo.popolo_import(bundle, acting_user=admin)
        assert "organizations[0].founding_date" in str(error.value)
        assert not ImportRun.objects.exists() and not Organization.objects.exists()

    def test_a_refused_record_undoes_everything(self, admin):
        bundle = {
            "organizations": [
                {"id": "o1", "name": "Organisme un"},
                {"id": "c1", "name": "Table", "classification": "concertation"},
            ],
            "posts": [{"id": "s1", "label": "Siège", "organization_id": "c1"}],
            "memberships": [
                {"id": "m1", "post_id": "s1", "on_behalf_of_id": "o1", "start_date": "2020"},
                {"id": "m2", "post_id": "s1", "on_behalf_of_id": "o1", "start_date": "2021"},
            ],
        }
        with pytest.raises(ValidationError):
            popolo.popolo_import(bundle, acting_user=admin)
        assert not ImportRun.objects.exists() and not Organization.objects.exists()
        assert not Concertation.objects.exists()

    def test_only_those_who_may_import(self, registry):
        bundle = popolo.popolo_bundle(user=None)
        with pytest.raises(PermissionDenied):
            popolo.popolo_import(bundle, acting_user=UserFactory.create())
        coordinator = RoleGrantFactory.create(concertation=registry["table"]).user
        with pytest.raises(PermissionDenied):
            popolo.popolo_import(bundle, acting_user=coordinator)

    def test_editor_places_concertations_only_in_their_territory(self, registry):
        editor = RoleGrantFactory.create(role="territorial_editor", territory=territory("region:03")).user
        bundle = popolo.popolo_bundle(user=None)
        empty_registry()
        report = popolo.popolo_import(bundle, acting_user=editor)
        # The table also covers the whole province, outside the région: left out, with its seats and holdings.
        assert report.created["concertations"] == 1
        assert Concertation.objects.get().name == "Réseau des démarches"
        assert any("Table de Beauport" in message for message in report.skipped)
        assert report.created["memberships"] == 1


class TestAreas:
    @pytest.mark.parametrize(
        ("kind", "code", "expected"),
        [
            ("province", "24", "ocd-division/country:ca/province:qc"),
            ("municipality", "66023", "ocd-division/country:ca/csd:2466023"),
            ("mrc", "66", "arrimage:mrc:66"),
            ("borough", "REQ05", "arrimage:borough:REQ05"),
        ],
    )
    def test_identifiers_both_ways(self, kind, code, expected):
        assert popolo.area_id(kind, code) == expected
        assert popolo.area_public_id({"id": expected}) == f"{kind}:{code}"
        assert popolo.area_public_id({"id": "x", "identifier": f"{kind}:{code}"}) == f"{kind}:{code}"

    def test_unknown_area(self):
        assert popolo.area_public_id({"id": "ocd-division/country:fr"}) is None


def test_visitors_do_not_learn_who_sits_as_a_citizen(db):
    """The public bundle names people who consented, like the API's public view: without the flags."""
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import ConcertationFactory as Tables
    from tests.factories import MembershipFactory as Holdings
    from tests.factories import PersonFactory as People
    from tests.factories import SeatFactory as Seats

    citizen = People.create(is_citizen=True, public_consent=True, family_name="Citoyenneconsentante")
    seat = Seats.create(concertation=Tables.create(is_public=True), seat_type=SeatType.CITIZEN)
    Holdings.create(seat=seat, person=citizen, organization=None)
    bundle = popolo.popolo_bundle(user=AnonymousUser())
    named = [p for p in bundle["persons"] if p.get("family_name") == "Citoyenneconsentante"]
    assert len(named) == 1
    assert "is_citizen" not in json.dumps(named[0])
