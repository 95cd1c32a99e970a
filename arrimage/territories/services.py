"""Writes to the territories. Every write of the app goes through a function of this module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from arrimage.core.search import search_stems
from arrimage.core.text import search_key
from arrimage.core.versions import registry_changed

from . import reference
from .models import ReferenceDataLoad, Territory

# Fields a reference load owns; a territory's other fields are left as they are.
_LOADED_FIELDS = (
    "name",
    "parent_id",
    "rss_id",
    "designation",
    "population",
    "population_estimate_isq",
    "population_census_2021",
    "area_total_km2",
    "area_land_km2",
    "metropolitan_influence_zone",
    "mrc_typology",
    "metropolitan_area",
    "metropolitan_community",
    "constituted_on",
    "website",
    "latitude",
    "longitude",
    "boundary",
    "source",
    "search_key",
    "search_stems",
)


@dataclass(frozen=True)
class LoadReport:
    """What a reference load did. `skipped` is true when the files had not changed since the last load."""

    created: int
    updated: int
    unchanged: int
    counts_by_kind: dict[str, int]
    skipped: bool = False


def reference_territories_load(
    *, data_dir: Path = reference.DATA_DIR, force: bool = False, acting_user: str = ""
) -> LoadReport:
    """Load or refresh the Québec reference territories from the files in `data_dir`.

    Every file is read and checked before anything is written; the writes happen in one transaction,
    so a problem leaves the database as it was. Territories already known keep their database ids
    (other records point to them) and are updated in place. When the files are those of the last
    load, nothing is done unless `force` is set.
    """
    checksum = reference.checksum(data_dir)
    last = ReferenceDataLoad.objects.order_by("-loaded_at", "-pk").first()
    if not force and last is not None and last.checksum == checksum and Territory.objects.exists():
        return LoadReport(0, 0, 0, _counts_by_kind(), skipped=True)

    records = reference.read_reference(data_dir)
    now = timezone.now()
    with transaction.atomic():
        existing = {(t.kind, t.code): t for t in Territory.objects.all()}
        created = updated = unchanged = 0
        ids: dict[tuple[str, str], int] = {key: t.pk for key, t in existing.items()}
        # Parents come before their children in `records`; write level by level so that each level
        # can point to the ids of the one above.
        for level in _levels(records):
            to_create: list[Territory] = []
            to_update: list[Territory] = []
            for record in level:
                values = _field_values(record, ids)
                territory = existing.get(record.key)
                if territory is None:
                    to_create.append(Territory(kind=record.kind, code=record.code, **values))
                elif any(getattr(territory, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(territory, name, value)
                    territory.updated_at = now  # bulk_update does not apply auto_now
                    to_update.append(territory)
                else:
                    unchanged += 1
            for territory in Territory.objects.bulk_create(to_create, batch_size=500):
                ids[(territory.kind, territory.code)] = territory.pk
            Territory.objects.bulk_update(to_update, [*_LOADED_FIELDS, "updated_at"], batch_size=500)
            created += len(to_create)
            updated += len(to_update)
        if created or updated:
            registry_changed()  # bulk writes send no signal
        ReferenceDataLoad.objects.create(
            checksum=checksum, created=created, updated=updated, unchanged=unchanged, loaded_by=acting_user
        )
    return LoadReport(created, updated, unchanged, _counts_by_kind())


def _levels(records: list[reference.TerritoryRecord]) -> list[list[reference.TerritoryRecord]]:
    """Group records so that every record's parent and RSS are in an earlier group."""
    depth: dict[tuple[str, str], int] = {}
    levels: list[list[reference.TerritoryRecord]] = []
    for record in records:
        level = 0
        for ref in (record.parent, ("rss", record.rss_code) if record.rss_code else None):
            if ref is not None:
                level = max(level, depth[ref] + 1)
        depth[record.key] = level
        while len(levels) <= level:
            levels.append([])
        levels[level].append(record)
    return levels


def _field_values(record: reference.TerritoryRecord, ids: dict[tuple[str, str], int]) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(_LOADED_FIELDS)
    for name in ("designation", "metropolitan_area", "metropolitan_community", "website", "boundary", "source"):
        values[name] = ""
    values.update(record.values)
    values["name"] = record.name
    values["search_key"] = search_key(record.name)
    values["search_stems"] = search_stems(record.name)
    values["parent_id"] = ids[record.parent] if record.parent else None
    values["rss_id"] = ids[("rss", record.rss_code)] if record.rss_code else None
    return values


def _counts_by_kind() -> dict[str, int]:
    return dict(Territory.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
