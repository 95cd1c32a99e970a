"""The export of a person's data holds every value Arrimage keeps about them, readable, in JSON and XLSX."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import pytest
from django.db import models
from django.utils import translation
from openpyxl import load_workbook

from arrimage.actors.models import Consent, Person, Position
from arrimage.concertation.models import Membership
from arrimage.plans.models import Accompaniment
from arrimage.privacy.exporting import (
    PERSON_EXCLUDED,
    RELATED_EXCLUDED,
    export_json,
    export_xlsx,
    person_export,
)

from .people import EMAIL, FAMILY, GIVEN, NOTES, PHONE, SEAT_NOTE, RichPerson, rich_person

pytestmark = pytest.mark.django_db

EMPTY: tuple[object, ...] = (None, "", [], {})


@pytest.fixture
def rich(db: None) -> RichPerson:
    return rich_person()


def _assert_every_value(rows: list[dict], instances: Sequence[models.Model], excluded: frozenset[str]) -> None:
    assert len(rows) == len(instances)
    for row, instance in zip(rows, instances, strict=True):
        for field in type(instance)._meta.concrete_fields:
            if field.name in excluded or getattr(instance, field.attname) in EMPTY:
                continue
            assert row.get(field.name) not in EMPTY, f"{type(instance).__name__}.{field.name} missing"


def test_every_field_with_a_value_appears(rich: RichPerson) -> None:
    with translation.override("en"):
        document = json.loads(export_json(person_export(rich.person)))
    person = Person.objects.get(pk=rich.person.pk)
    _assert_every_value([document["person"]], [person], PERSON_EXCLUDED)
    consents = list(Consent.objects.filter(person=person).order_by("given_on", "pk"))
    _assert_every_value(document["consents"], consents, RELATED_EXCLUDED)
    positions = list(Position.objects.filter(person=person).order_by("start_date", "pk"))
    _assert_every_value(document["positions"], positions, RELATED_EXCLUDED)
    memberships = list(Membership.objects.filter(person=person).order_by("start_date", "pk"))
    _assert_every_value(document["memberships"], memberships, RELATED_EXCLUDED)
    accompaniments = list(Accompaniment.objects.filter(person=person))
    _assert_every_value(document["accompaniments"], accompaniments, RELATED_EXCLUDED)
    assert document["account"]["email"] == "compte.maelle@example.org"
    assert "password" not in document["account"]
    text = json.dumps(document, ensure_ascii=False)
    for value in (GIVEN, FAMILY, EMAIL, PHONE, NOTES, SEAT_NOTE, "Table de quartier de Giffard", "Siège famille"):
        assert value in text
    assert "Formulaire signé, classeur 3" in text
    assert "Politique familiale de Giffard" in text
    assert document["format"] == "arrimage-person-data/1"


def test_history_of_each_record_is_included(rich: RichPerson) -> None:
    with translation.override("en"):
        document = person_export(rich.person).as_dict()
    records = {row["record"].split()[0] for row in document["history"]}
    assert records == {"Person", "Consent", "Position", "Seat", "Accompaniment"}
    # The family name changed from « Trudel »: both values are in the person's history.
    changes = [(row["before"], row["after"]) for row in document["history"] if row["field"] == "family name"]
    assert ("Trudel", FAMILY) in changes


def test_spreadsheet_has_a_sheet_per_kind_of_record(rich: RichPerson) -> None:
    with translation.override("en"):
        content = export_xlsx(person_export(rich.person))
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == [
        "About",
        "Person",
        "Account",
        "Consents",
        "Positions",
        "Seats",
        "Accompaniments",
        "Meetings",
        "Follow-ups",
        "History",
    ]
    cells = {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    for value in (GIVEN, FAMILY, EMAIL, PHONE, NOTES, SEAT_NOTE):
        assert value in cells
