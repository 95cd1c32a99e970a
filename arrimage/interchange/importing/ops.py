"""The writes an import plans, carried out and logged for undoing.

Each row of a plan holds a few operations. An operation refers to an object either by its primary key
(an object already in the registry) or by a key of the form `organization:12` naming the object an
earlier operation of the same import creates.

The records an import creates by the thousand (organisations, people, seats, positions, holdings) are
written in bulk (`bulk.py`): every one is built and checked in Python first, then each table is written
in a few statements, with its historical rows. The other operations (filling in a known record, adding
a name, services, places, concertations) go through their domain service one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from arrimage.actors.models import Organization, Person
from arrimage.actors.services import (
    PersonData,
    organization_data,
    organization_update,
    person_data,
    person_update,
)
from arrimage.concertation.models import Theme
from arrimage.concertation.services import (
    ConcertationData,
    SeatData,
    concertation_create,
)
from arrimage.core.audit import insert_rows
from arrimage.core.dates import PartialDate
from arrimage.core.memory import collection_paused
from arrimage.directory.models import Location, Service
from arrimage.directory.services import (
    LocationData,
    ServiceData,
    location_create,
    service_create,
    service_update,
)
from arrimage.territories.models import Territory

from ..models import ImportChange, ImportRun

Ref = int | str
Progress = Callable[[int, int], None]
CHANGE_FIELDS = ("run", "model", "object_id", "action", "before", "order")
BATCH_SIZE = 500  # records per INSERT statement, at most: the progress of a large import is shown between them


class Writer:
    """Carries out the operations of a plan for one import run, logging every change it makes."""

    def __init__(self, run: ImportRun, acting_user: Any, *, total: int = 0, progress: Progress | None = None) -> None:
        self.run = run
        self.acting_user = acting_user
        self.total = total  # operations to carry out
        self.done = 0
        self.progress = progress
        self.created: dict[str, models.Model] = {}
        self.order = 0
        self.counts: dict[str, int] = {"created": 0, "updated": 0, "alias_added": 0}
        self.changes: list[tuple[Any, ...]] = []  # rows of ImportChange, in the order of CHANGE_FIELDS
        self.known: dict[tuple[type[models.Model], int], Any] = {}  # records of the registry read in bulk

    def get(self, model: type[models.Model], ref: Ref | None) -> Any:
        if ref is None:
            return None
        if isinstance(ref, str):
            return self.created[ref]
        if (model, ref) in self.known:
            return self.known[model, ref]
        return model._default_manager.get(pk=ref)

    def read(self, model: type[models.Model], refs: Iterable[Ref | None]) -> None:
        """Read at once the records of the registry that `get` will be asked for."""
        ids = {ref for ref in refs if isinstance(ref, int) and (model, ref) not in self.known}
        for instance in model._default_manager.filter(pk__in=ids):
            self.known[model, instance.pk] = instance

    def log(
        self, instance: models.Model, action: str, before: dict[str, Any] | None = None, *, count: bool = True
    ) -> None:
        """Remember a change for undoing; the changes are written together by `flush`."""
        self.order += 1
        self.changes.append((self.run.pk, instance._meta.label_lower, instance.pk, action, before or {}, self.order))
        if count:
            self.counts[action] += 1

    def advance(self, operations: int) -> None:
        """Count operations carried out, and say so every hundred and at the end."""
        before, self.done = self.done, self.done + operations
        if self.progress is not None and (self.done // 100 > before // 100 or self.done == self.total):
            self.progress(self.done, self.total)

    def flush(self) -> None:
        """Write the changes remembered, without building a record for each (nothing reads them back)."""
        with collection_paused():
            insert_rows(ImportChange, CHANGE_FIELDS, self.changes)
        self.changes = []


@dataclass
class Op:
    def apply(self, writer: Writer) -> None:  # pragma: no cover - every operation overrides it
        raise NotImplementedError


@dataclass
class BulkOp(Op):
    """An operation that creates one record of a kind an import creates by the thousand: written with
    the others of its table by `bulk.write_bulk`, never alone."""


@dataclass
class CreateOrganization(BulkOp):
    key: str
    name: str
    sector: str
    values: dict[str, Any] = field(default_factory=dict)  # other OrganizationData fields
    territory_ids: list[int] = field(default_factory=list)


@dataclass
class UpdateOrganization(Op):
    """Fill in what an organisation of the registry leaves empty; never overwrite a value."""

    organization_id: int
    values: dict[str, Any] = field(default_factory=dict)
    territory_ids: list[int] = field(default_factory=list)

    def apply(self, writer: Writer) -> None:
        organization = Organization.objects.get(pk=self.organization_id)
        data = organization_data(organization)
        before: dict[str, Any] = {}
        for name, value in self.values.items():
            current = getattr(data, name)
            before[name] = current.isoformat() if isinstance(current, PartialDate) else current
            setattr(data, name, value)
        if self.territory_ids:
            before["territories_served"] = [territory.pk for territory in data.territories_served]
            data.territories_served = list(Territory.objects.filter(pk__in=self.territory_ids))
        organization_update(organization=organization, data=data, acting_user=writer.acting_user)
        writer.log(organization, ImportChange.Action.UPDATED, before)


@dataclass
class AddAlias(Op):
    """Remember the file's name for an organisation, so that the next import recognises it at once."""

    organization_id: int
    alias: str

    def apply(self, writer: Writer) -> None:
        organization = Organization.objects.get(pk=self.organization_id)
        data = organization_data(organization)
        if self.alias in data.other_names:
            return
        data.other_names.append(self.alias)
        organization_update(organization=organization, data=data, acting_user=writer.acting_user)
        writer.log(organization, ImportChange.Action.ALIAS_ADDED, {"alias": self.alias})


@dataclass
class CreatePerson(BulkOp):
    key: str
    data: PersonData


@dataclass
class UpdatePerson(Op):
    """Fill in a person's empty email address or telephone."""

    person_id: int
    values: dict[str, Any] = field(default_factory=dict)

    def apply(self, writer: Writer) -> None:
        person = Person.objects.get(pk=self.person_id)
        data = person_data(person)
        before = {name: getattr(data, name) for name in self.values}
        for name, value in self.values.items():
            setattr(data, name, value)
        person_update(person=person, data=data, acting_user=writer.acting_user)
        writer.log(person, ImportChange.Action.UPDATED, before)


@dataclass
class StartPosition(BulkOp):
    person: Ref
    organization: Ref
    profession: str
    job_title: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass
class CreateSeat(BulkOp):
    key: str
    concertation_id: int
    data: SeatData


@dataclass
class StartMembership(BulkOp):
    seat: Ref
    person: Ref | None
    organization: Ref | None
    role: str = "member"
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass
class CreateConcertation(Op):
    key: str
    name: str
    kind: str
    level: str
    values: dict[str, Any] = field(default_factory=dict)
    coordinating_organization: Ref | None = None
    territory_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)

    def apply(self, writer: Writer) -> None:
        data = ConcertationData(
            name=self.name,
            kind=self.kind,
            level=self.level,
            coordinating_organization=writer.get(Organization, self.coordinating_organization),
            territories=list(Territory.objects.filter(pk__in=self.territory_ids)),
            themes=list(Theme.objects.filter(pk__in=self.theme_ids)),
            **self.values,
        )
        concertation = concertation_create(data=data, acting_user=writer.acting_user)
        writer.created[self.key] = concertation
        writer.log(concertation, ImportChange.Action.CREATED)


# Services and their places -------------------------------------------------------------------------

SERVICE_FIELDS = ("name", "alternate_name", "description", "url", "email", "status", "eligibility", "target_population")


def service_data(service: Service) -> ServiceData:
    """What a service holds now, as the data its update service takes."""
    return ServiceData(
        **{name: getattr(service, name) for name in SERVICE_FIELDS},
        themes=list(service.themes.all()),
        service_areas=list(service.service_areas.all()),
        locations=list(service.locations.all()),
    )


def service_state(service: Service) -> dict[str, Any]:
    """A service's values as plain JSON, what an undo puts back."""
    data = service_data(service)
    return {
        **{name: getattr(data, name) for name in SERVICE_FIELDS},
        "themes": sorted(theme.pk for theme in data.themes),
        "service_areas": sorted(territory.pk for territory in data.service_areas),
        "locations": sorted(location.pk for location in data.locations),
    }


@dataclass
class CreateLocation(Op):
    key: str
    organization: Ref
    data: LocationData

    def apply(self, writer: Writer) -> None:
        location = location_create(
            organization=writer.get(Organization, self.organization), data=self.data, acting_user=writer.acting_user
        )
        writer.created[self.key] = location
        writer.log(location, ImportChange.Action.CREATED)


@dataclass
class CreateService(Op):
    key: str
    organization: Ref
    values: dict[str, Any] = field(default_factory=dict)  # plain ServiceData fields
    theme_ids: list[int] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    locations: list[Ref] = field(default_factory=list)

    def apply(self, writer: Writer) -> None:
        data = ServiceData(
            **self.values,
            themes=list(Theme.objects.filter(pk__in=self.theme_ids)),
            service_areas=list(Territory.objects.filter(pk__in=self.territory_ids)),
            locations=[writer.get(Location, ref) for ref in self.locations],
        )
        service = service_create(
            organization=writer.get(Organization, self.organization), data=data, acting_user=writer.acting_user
        )
        writer.created[self.key] = service
        writer.log(service, ImportChange.Action.CREATED)


@dataclass
class UpdateService(Op):
    """Fill in what a service leaves empty (values, themes, service areas) and add places to it; never
    overwrite a value. `service` may be a service this import creates, when later rows add places to it."""

    service: Ref
    values: dict[str, Any] = field(default_factory=dict)
    theme_ids: list[int] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    add_locations: list[Ref] = field(default_factory=list)

    def apply(self, writer: Writer) -> None:
        service = writer.get(Service, self.service)
        service = Service.objects.get(pk=service.pk)
        before = service_state(service)
        data = service_data(service)
        for name, value in self.values.items():
            setattr(data, name, value)
        if self.theme_ids:
            data.themes = list(Theme.objects.filter(pk__in=self.theme_ids))
        if self.territory_ids:
            data.service_areas = list(Territory.objects.filter(pk__in=self.territory_ids))
        for ref in self.add_locations:
            location = writer.get(Location, ref)
            if location not in data.locations:
                data.locations.append(location)
        updated = service_update(service=service, data=data, acting_user=writer.acting_user)
        if isinstance(self.service, str):
            writer.created[self.service] = updated
        writer.log(updated, ImportChange.Action.UPDATED, before)
