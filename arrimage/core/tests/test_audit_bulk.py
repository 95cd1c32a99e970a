"""Writes by the thousand (`audited_bulk_create`, `bulk_insert`, `insert_rows`): the same rows, historical
rows included, as django-simple-history's `bulk_create_with_history` and Django's `bulk_create` write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from arrimage.core.audit import audited_bulk_create, bulk_insert, insert_rows
from tests.factories import (
    ConcertationFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The helpers work on any audited model; these, from higher apps, are looked up rather than imported.
Organization = apps.get_model("actors", "Organization")
Person = apps.get_model("actors", "Person")
Consent = apps.get_model("actors", "Consent")
Position = apps.get_model("actors", "Position")
Seat = apps.get_model("concertation", "Seat")
Membership = apps.get_model("concertation", "Membership")
ImportRun = apps.get_model("interchange", "ImportRun")
ImportChange = apps.get_model("interchange", "ImportChange")

# What differs between two writes of the same values: the keys, and the moment of the write.
_MOMENTS = {"id", "history_id", "history_date", "created_at", "updated_at"}


class Related:
    """The records the built rows point to, the same for the two writes compared."""

    def __init__(self) -> None:
        self.concertation = ConcertationFactory.create()
        self.organization = OrganizationFactory.create()
        self.people = PersonFactory.create_batch(4)
        self.seats = [SeatFactory.create(concertation=self.concertation) for _ in range(4)]


def _organizations(related: Related) -> list[Any]:
    return [
        Organization(
            name=f"Corporation de développement communautaire n° {n}",
            acronym=f"CDC{n}" if n % 2 else "",
            sector="community",
            other_names=[f"CDC de l'endroit {n}", "Corporation"] if n % 3 else [],
            start_date=dt.date(1990 + n, 1, 1) if n % 2 else None,
            start_precision="year" if n % 2 else "day",
            search_key=f"corporation {n}",
        )
        for n in range(4)
    ]


def _people(related: Related, count: int = 4) -> list[Any]:
    return [
        Person(
            given_name=f"Josée{n}",
            family_name="Bouchard",
            email=f"josee{n}@exemple.qc.ca" if n % 2 else "",
            public_consent=bool(n % 2),
            public_consent_on=dt.date(2024, 3, n % 28 + 1) if n % 2 else None,
        )
        for n in range(count)
    ]


def _seats(related: Related) -> list[Any]:
    return [
        Seat(
            concertation=related.concertation,
            label=f"Siège {n}",
            seat_type="organisational",
            order=n,
            is_voting=bool(n % 2),
        )
        for n in range(4)
    ]


def _memberships(related: Related) -> list[Any]:
    return [
        Membership(
            seat=seat,
            person=person,
            organization=related.organization if n % 2 else None,
            role="member",
            start_date=dt.date(2015 + n, 1, 1),
            start_precision="year",
            end_date=dt.date(2020 + n, 12, 31),
            end_precision="year" if n % 2 else "day",
        )
        for n, (seat, person) in enumerate(zip(related.seats, related.people, strict=True))
    ]


def _positions(related: Related) -> list[Any]:
    return [
        Position(person=person, organization=related.organization, profession="other", job_title=f"Agente {n}")
        for n, person in enumerate(related.people)
    ]


def _consents(related: Related) -> list[Any]:
    return [
        Consent(
            person=person,
            scope="public_listing" if n % 2 else "partner_contact",
            given_on=dt.date(2025, 1, n + 1),
            withdrawn_on=dt.date(2025, 6, n + 1),  # withdrawn: the two writes compared may both hold them
            source="record",
            note="Au téléphone" if n % 2 else "",
        )
        for n, person in enumerate(related.people)
    ]


BUILDERS: list[Callable[[Related], list[Any]]] = [_organizations, _people, _seats, _memberships, _positions, _consents]


def _rows(model: Any, ids: list[int]) -> list[dict[str, Any]]:
    rows = model.objects.filter(pk__in=ids).order_by("pk").values()
    return [{name: value for name, value in row.items() if name not in _MOMENTS} for row in rows]


def _historical(model: Any, ids: list[int]) -> list[dict[str, Any]]:
    rows = model.history.model.objects.filter(id__in=ids).order_by("id").values()
    return [{name: value for name, value in row.items() if name not in _MOMENTS} for row in rows]


def _old_path(instances: list[Any], user: Any, reason: str) -> list[Any]:
    """What `audited_bulk_create` wrote before: simple-history's own bulk insert."""
    for instance in instances:
        instance._history_user = user if getattr(user, "is_authenticated", False) else None
        instance._change_reason = reason[:100]
    return list(bulk_create_with_history(instances, type(instances[0])))


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__.strip("_"))
@pytest.mark.parametrize(("author", "reason"), [("user", "create"), ("nobody", ""), ("user", "x" * 150)])
def test_writes_the_rows_and_the_history_simple_history_writes(build, author, reason):
    user = UserFactory.create() if author == "user" else None
    related = Related()
    old = _old_path(build(related), user, reason)
    began = timezone.now()
    new = audited_bulk_create(build(related), acting_user=user, reason=reason)
    ended = timezone.now()
    model = type(new[0])
    old_ids, new_ids = [i.pk for i in old], [i.pk for i in new]
    assert all(new_ids) and len(set(new_ids)) == 4
    assert _rows(model, new_ids) == _rows(model, old_ids)
    assert _historical(model, new_ids) == _historical(model, old_ids)
    history = list(model.history.model.objects.filter(id__in=new_ids).order_by("id"))
    assert [h.id for h in history] == sorted(new_ids)
    for record in history:
        assert began <= record.history_date <= ended
        assert record.history_type == "+"
        assert record.history_user == user
        assert record.history_change_reason == (reason[:100] or None)


def test_gives_each_instance_the_key_of_its_own_row():
    people = audited_bulk_create(_people(Related(), 120), acting_user=None, reason="create")
    stored = dict(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "given_name"))
    assert {p.pk: p.given_name for p in people} == stored
    assert all(not p._state.adding for p in people)
    person = Person.objects.get(pk=people[7].pk)
    assert person.created_at == people[7].created_at
    assert person.updated_at == people[7].updated_at


def test_a_refused_row_leaves_nothing():
    first, second = _organizations(Related())[:2]
    second.neq = first.neq = "1140000001"
    before = (Organization.objects.count(), Organization.history.count())
    with pytest.raises(IntegrityError), transaction.atomic():
        audited_bulk_create([first, second], acting_user=None, reason="create")
    assert (Organization.objects.count(), Organization.history.count()) == before


def test_an_empty_list_writes_nothing():
    assert audited_bulk_create([], acting_user=None) == []
    assert bulk_insert([]) == []


def test_bulk_insert_without_keys_writes_the_same_rows():
    run = ImportRun.objects.create(kind="members", filename="membres.csv", digest="0" * 64)
    changes = [
        ImportChange(run=run, model="actors.person", object_id=n, action="created", before={"n": n}, order=n)
        for n in range(5)
    ]
    bulk_insert(changes, keys=False)
    ImportChange.objects.bulk_create(
        [
            ImportChange(run=run, model="actors.person", object_id=n, action="created", before={"n": n}, order=n)
            for n in range(5)
        ]
    )
    stored = list(
        ImportChange.objects.filter(run=run).order_by("pk").values("model", "object_id", "action", "before", "order")
    )
    assert stored[:5] == stored[5:]


def test_insert_rows_writes_plain_rows_with_the_defaults_of_the_rest():
    run = ImportRun.objects.create(kind="members", filename="membres.csv", digest="0" * 64)
    insert_rows(
        ImportChange,
        ("run", "model", "object_id", "action", "before", "order"),
        [(run.pk, "actors.organization", 12, "updated", {"name": "Avant", "other_names": ["A"]}, 1)],
    )
    insert_rows(ImportChange, ("run", "model", "object_id", "action"), [(run.pk, "actors.person", 3, "created")])
    insert_rows(ImportChange, ("run",), [])
    stored = list(
        ImportChange.objects.filter(run=run).order_by("pk").values("model", "object_id", "action", "before", "order")
    )
    assert stored == [
        {
            "model": "actors.organization",
            "object_id": 12,
            "action": "updated",
            "before": {"name": "Avant", "other_names": ["A"]},
            "order": 1,
        },
        {"model": "actors.person", "object_id": 3, "action": "created", "before": {}, "order": 0},
    ]
