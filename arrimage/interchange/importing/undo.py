"""Undoing an import: its changes taken back in reverse order, refused when something now depends on them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from arrimage.actors.models import Organization, Person
from arrimage.actors.services import organization_data, organization_update, person_data, person_update
from arrimage.concertation.models import Theme
from arrimage.core.audit import audited_delete
from arrimage.core.dates import PartialDate
from arrimage.directory.models import Location, Service
from arrimage.directory.services import LocationData, location_update, service_update
from arrimage.territories.models import Territory

from ..models import ImportChange, ImportRun
from .ops import SERVICE_FIELDS, Progress, service_data

REASON = "import undone"
#: Records looked up per query.
CHUNK = 1000


def _label(instance: models.Model) -> str:
    return f"{instance._meta.verbose_name} « {instance} »"


def blockers(run: ImportRun, changes: list[ImportChange]) -> list[str]:
    """Why the records this import created cannot be removed: records added since that point to them,
    or changes made to them since. A few queries per kind of record, whatever their number."""
    created: dict[str, set[int]] = {}
    updated: dict[str, set[int]] = {}
    own_updates: dict[tuple[str, int], int] = {}
    for change in changes:
        if change.action == ImportChange.Action.CREATED:
            created.setdefault(change.model, set()).add(change.object_id)
        else:
            updated.setdefault(change.model, set()).add(change.object_id)
            key = (change.model, change.object_id)
            own_updates[key] = own_updates.get(key, 0) + 1
    found: dict[tuple[str, int], list[str]] = {}
    for label, ids in created.items():
        model = apps.get_model(label)
        instances = model._default_manager.in_bulk(ids)
        for pk, instance in instances.items():
            # A record the import created and then changed itself (a service given a second place by a
            # later row) is at version 1 + those changes.
            if getattr(instance, "version", 1) > 1 + own_updates.get((label, pk), 0):
                message = _("%(object)s was changed since the import.") % {"object": _label(instance)}
                found.setdefault((label, pk), []).append(message)
        for relation in model._meta.related_objects:
            related = relation.related_model
            if isinstance(related, str):  # pragma: no cover - every model is loaded by now
                continue
            ours = created.get(related._meta.label_lower, set())
            if relation.many_to_many:
                # Records the import changed get their links back as they were before it (a known service
                # loses the new place added to it).
                ours = ours | updated.get(related._meta.label_lower, set())
            others: Counter[int] = Counter()
            name = relation.field.name
            for first in range(0, len(instances), CHUNK):
                chunk = list(instances)[first : first + CHUNK]
                pairs = related._default_manager.filter(**{f"{name}__in": chunk}).values_list(name, "pk")
                others.update(target for target, pk in pairs if pk not in ours)
            for target, count in others.items():
                message = _("%(object)s is now used by %(count)s other record(s) (%(kind)s).") % {
                    "object": _label(instances[target]),
                    "count": count,
                    "kind": related._meta.verbose_name_plural,
                }
                found.setdefault((label, target), []).append(message)
    return [
        message
        for change in changes
        if change.action == ImportChange.Action.CREATED
        for message in found.pop((change.model, change.object_id), [])
    ]


def undo(run: ImportRun, *, acting_user: Any, progress: Progress | None = None) -> dict[str, int]:
    """Take back every change of `run`, newest first. Raises ValidationError, with nothing changed, when
    something added since depends on what the import created. To be called inside a transaction."""
    changes = list(run.changes.order_by("-order"))
    total = len(changes)
    problems = blockers(run, changes)
    if problems:
        raise ValidationError(
            [_("This import cannot be undone, because records added or changed since depend on it:"), *problems]
        )
    counts = {"deleted": 0, "restored": 0, "alias_removed": 0}
    for done, change in enumerate(changes, start=1):
        if progress is not None and (done % 100 == 0 or done == total):
            progress(done, total)
        model = apps.get_model(change.model)
        instance = model._default_manager.filter(pk=change.object_id).first()
        if instance is None:
            continue
        if change.action == ImportChange.Action.CREATED:
            audited_delete(instance, acting_user=acting_user, reason=REASON)
            counts["deleted"] += 1
        elif change.action == ImportChange.Action.ALIAS_ADDED and isinstance(instance, Organization):
            data = organization_data(instance)
            data.other_names = [name for name in data.other_names if name != change.before.get("alias")]
            organization_update(organization=instance, data=data, acting_user=acting_user)
            counts["alias_removed"] += 1
        elif change.action == ImportChange.Action.UPDATED:
            _restore(instance, change.before, acting_user)
            counts["restored"] += 1
    return counts


def _restore(instance: models.Model, before: dict[str, Any], acting_user: Any) -> None:
    if isinstance(instance, Organization):
        data = organization_data(instance)
        for name, value in before.items():
            if name == "territories_served":
                data.territories_served = list(Territory.objects.filter(pk__in=value))
            elif name in {"start", "end"}:
                setattr(data, name, PartialDate.parse(value) if value else None)
            else:
                setattr(data, name, value)
        organization_update(organization=instance, data=data, acting_user=acting_user)
    elif isinstance(instance, Person):
        person = person_data(instance)
        for name, value in before.items():
            setattr(person, name, value)
        person_update(person=instance, data=person, acting_user=acting_user)
    elif isinstance(instance, Service):
        service = service_data(instance)
        for name, value in before.items():
            if name == "themes":
                service.themes = list(Theme.objects.filter(pk__in=value))
            elif name == "service_areas":
                service.service_areas = list(Territory.objects.filter(pk__in=value))
            elif name == "locations":
                service.locations = list(Location.objects.filter(pk__in=value))
            elif name in SERVICE_FIELDS:
                setattr(service, name, value)
        service_update(service=instance, data=service, acting_user=acting_user)
    elif isinstance(instance, Location):
        place = LocationData(name=instance.name)
        for name in ("name", "address", "city", "postal_code", "latitude", "longitude"):
            setattr(place, name, before.get(name, getattr(instance, name)))
        territory_id = before.get("territory_id", instance.territory_id)
        place.territory = Territory.objects.filter(pk=territory_id).first() if territory_id else None
        location_update(location=instance, data=place, acting_user=acting_user)
