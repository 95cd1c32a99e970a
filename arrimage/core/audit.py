"""Audit helpers shared by every service: who made a change, and the readable history of an object.

Every audited model carries `history = HistoricalRecords()` (django-simple-history). Services save
through `audited_save` and `audited_delete` (an import of thousands of rows through `audited_bulk_create`),
which record the acting user and a reason on the historical row, so that the history shown on a page says
who changed what, when, and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

M = TypeVar("M", bound=models.Model)

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def audited_save(instance: models.Model, *, acting_user: Any, reason: str = "", **kwargs: Any) -> None:
    """Check `instance` against its model's rules, then save it with the author and reason of the change.

    The fields are checked in Python first. The uniqueness and check constraints, which the database
    enforces anyway, are left to it: asking it beforehand costs one query per constraint on every save,
    the larger part of a write's time. Only when it refuses the row are they checked the long way, inside
    the savepoint's rollback, for the message that names the rule (« This seat already has a holder… »).
    """
    instance.full_clean(validate_unique=False, validate_constraints=False)
    _attribute(instance, acting_user, reason)
    try:
        with transaction.atomic(using=instance._state.db or "default"):
            instance.save(**kwargs)
    except IntegrityError:
        instance.validate_unique()
        instance.validate_constraints()
        raise


def audited_delete(instance: models.Model, *, acting_user: Any, reason: str = "") -> None:
    _attribute(instance, acting_user, reason)
    instance.delete()


def audited_bulk_create(instances: list[M], *, acting_user: Any, reason: str = "") -> list[M]:
    """Insert instances already checked (`full_clean` and the rules of their service) in one statement,
    with their historical rows carrying the author and the reason of the change, as `audited_save` does.
    For the imports of thousands of rows; every instance is of the same model."""
    if not instances:
        return []
    for instance in instances:
        _attribute(instance, acting_user, reason)
    return list(bulk_create_with_history(instances, type(instances[0])))


def _attribute(instance: models.Model, acting_user: Any, reason: str) -> None:
    # simple-history reads these two attributes when it writes the historical row.
    instance._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an object, ready to show: when, who, what kind, why, and each field before and after."""

    when: Any
    who: str
    kind: str
    reason: str
    changes: list[FieldChange]


# Columns that change on every save, or never change, and say nothing to a reader.
_SILENT_FIELDS = {"id", "updated_at", "created_at", "version", "search_key", "search_stems"}
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def history_entries(instance: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes of `instance`, newest first, each compared with the version before it.

    One query whatever the number of entries: the historical rows (with their authors) are read once
    and compared in memory.
    """
    history = getattr(instance, "history")  # noqa: B009 — added by simple-history, unknown to the type checker
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return _entries(type(instance), records, limit)


def histories(instances: Sequence[models.Model], *, limit: int = 50) -> list[list[HistoryEntry]]:
    """The latest changes of each of `instances` (as `history_entries` gives them), in the same order.

    One query per model, whatever the number of instances: a page listing the history of many records does
    not ask once per record.
    """
    groups: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for instance in instances:
        groups[type(instance)].append(instance)
    records: dict[tuple[type[models.Model], Any], list[Any]] = defaultdict(list)
    for model, group in groups.items():
        attname = model._meta.pk.attname
        history = getattr(model, "history")  # noqa: B009 — added by simple-history
        rows = history.filter(**{f"{attname}__in": [instance.pk for instance in group]})
        for row in rows.select_related("history_user").order_by("-history_date", "-history_id"):
            records[(model, getattr(row, attname))].append(row)
    return [_entries(type(i), records[(type(i), i.pk)][: limit + 1], limit) for i in instances]


def _entries(model: type[models.Model], records: list[Any], limit: int) -> list[HistoryEntry]:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for attname, model_field in fields.items():
            if attname in _SILENT_FIELDS:
                continue
            after = getattr(record, attname, None)
            before = getattr(previous, attname, None) if previous is not None else None
            if previous is not None and before == after:
                continue
            if previous is None and after in _EMPTY:
                continue
            label = str(model_field.verbose_name)
            changes.append(FieldChange(label, _display(model_field, before), _display(model_field, after)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.email) if user is not None else str(_("Arrimage (automatic)")),
                kind=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _display(field: models.Field[Any, Any], value: Any) -> str:
    if value in _EMPTY:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
