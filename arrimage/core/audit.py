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
from operator import attrgetter
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    """Insert instances already checked (`full_clean` and the rules of their service), with their
    historical rows carrying the author and the reason of the change, as `audited_save` does.
    For the imports of thousands of rows; every instance is of the same model.

    The rows are written as django-simple-history's `bulk_create_with_history` writes them (the same
    columns, « + » as the kind of change), but without building a historical instance per row: the
    values prepared for the insert of the records are inserted again, with the history's own columns,
    in one statement per batch. An import of ten thousand rows spent most of its writing time building
    and compiling those instances.
    """
    if not instances:
        return []
    model = type(instances[0])
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    rows = bulk_insert(instances)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return instances  # as simple-history does when its history is switched off
    history = getattr(model, "history").model  # noqa: B009 — added by simple-history
    connection = connections[instances[0]._state.db or "default"]
    recorded = [field.attname for field in _concrete(model)]
    shared = {  # the history's own columns, the same on every row of this change
        "history_date": timezone.now(),
        "history_type": "+",
        "history_user": user.pk if user is not None else None,
        "history_change_reason": reason[:100] or None,  # simple-history writes no reason as NULL
    }
    columns = _history_fields(history, recorded)
    # For each column of the history, where its value is: a position in the record's row, or a value.
    sources: list[tuple[int, None] | tuple[None, Any]] = []
    for field in columns:
        if field.attname in recorded:
            sources.append((recorded.index(field.attname), None))
        elif field.name == "history_relation":
            sources.append((recorded.index(model._meta.pk.attname), None))
        elif field.name in shared:
            sources.append((None, _preparer(field, connection)(shared[field.name])))
        else:
            raise ValueError(f"{history._meta.label} has a column the bulk history does not fill: {field.name}.")
    history_rows = [tuple(value if position is None else row[position] for position, value in sources) for row in rows]
    _execute_many(history, [field.column for field in columns], history_rows, connection)
    return instances


def bulk_insert(instances: Sequence[models.Model], *, keys: bool = True) -> list[tuple[Any, ...]]:
    """Insert `instances` (all of one model, not yet saved, checked beforehand) as `bulk_create` does, and
    give each its primary key; returns the rows written, their values in the order of `_concrete(model)`.
    With `keys=False`, the rows are written without asking the keys the database gives them (faster: for
    records nothing refers to afterwards); the instances and the rows returned have none then.

    No signal is sent and `save()` is not called, as with `bulk_create`; its work per value (compiling a
    placeholder and preparing each value through the field, for every row) is done here once per column
    wherever the value needs no preparing (text, numbers, booleans, keys, nothing). The dates set on
    creation (`auto_now`, `auto_now_add`) are the same for every row of one call.
    """
    if not instances:
        return []
    model = type(instances[0])
    connection = connections[instances[0]._state.db or "default"]
    fields = _concrete(model)
    pk = model._meta.pk
    automatic = isinstance(pk, models.AutoField)
    for instance in instances:
        if instance.pk is None and not automatic:
            instance.pk = pk.get_pk_value_on_save(instance)  # type: ignore[attr-defined]
        instance._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = field.pre_save(instances[0], add=True)
            for instance in instances:
                setattr(instance, field.attname, value)
    written = [field for field in fields if not (automatic and field is pk)]
    preparers = [_preparer(field, connection) for field in written]
    values = attrgetter(*[field.attname for field in written]) if len(written) > 1 else _one(written)
    rows = [tuple([prepare(value) for prepare, value in zip(preparers, values(i), strict=True)]) for i in instances]
    if automatic and keys:
        given = _insert_returning(model, [f.column for f in written], rows, pk.column, connection)
        for instance, key in zip(instances, given, strict=True):
            instance.pk = key
    else:
        _execute_many(model, [f.column for f in written], rows, connection)
    if not automatic:
        _saved(instances, connection.alias)
        return rows
    position = fields.index(pk)
    if not keys:
        return [(*row[:position], None, *row[position:]) for row in rows]
    _saved(instances, connection.alias)
    return [(*row[:position], instance.pk, *row[position:]) for row, instance in zip(rows, instances, strict=True)]


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain rows of `model` (the values of the fields `names`, in that order) without building an
    instance for each, as `bulk_insert(..., keys=False)` would insert them: the other fields take their
    default, the same for every row. For the records written by the thousand that nothing reads back at
    once (the changes an import logs for undoing)."""
    if not rows:
        return
    connection = connections["default"]
    by_name = {field.name: field for field in _concrete(model)}
    named = [by_name[name] for name in names]
    others = [
        field
        for field in _concrete(model)
        if field not in named and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    preparers = [_preparer(field, connection) for field in named]
    defaults = tuple(_preparer(field, connection)(_default(field)) for field in others)
    prepared = [
        tuple([prepare(value) for prepare, value in zip(preparers, row, strict=True)]) + defaults for row in rows
    ]
    _execute_many(model, [field.column for field in [*named, *others]], prepared, connection)


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
    return field.get_default()


def _saved(instances: Sequence[models.Model], alias: str) -> None:
    for instance in instances:
        instance._state.adding = False
        instance._state.db = alias


def _one(written: list[models.Field[Any, Any]]) -> Any:
    return lambda instance: tuple(getattr(instance, field.attname) for field in written)


def _concrete(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    for field in fields:
        if field.has_db_default() or hasattr(field, "get_placeholder"):  # type: ignore[attr-defined]
            raise ValueError(f"{model._meta.label}.{field.name} needs the insert of `bulk_create`.")
    return fields


# Fields whose value, when of one of the plain types, goes to the database as it is on every backend.
_AS_IS_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.AutoField,
    models.ForeignKey,
)
_AS_IS_TYPES = frozenset({str, int, bool, type(None)})


def _preparer(field: models.Field[Any, Any], connection: Any) -> Any:
    prepare = field.get_db_prep_save
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if all(
        isinstance(f, _AS_IS_FIELDS) and type(f).__module__.startswith("django.db.models.") for f in (field, target)
    ):

        def as_is(value: Any) -> Any:
            return value if type(value) in _AS_IS_TYPES else prepare(value, connection)

        return as_is
    if isinstance(field, models.DateField):  # and DateTimeField: the same few dates on many rows
        memo: dict[tuple[type, Any], Any] = {}

        def remembered(value: Any) -> Any:
            key = (type(value), value)
            if key not in memo:
                memo[key] = prepare(value, connection)
            return memo[key]

        return remembered
    return lambda value: prepare(value, connection)


def _history_fields(history: type[models.Model], fields: list[str]) -> list[models.Field[Any, Any]]:
    """The columns of a historical table an insert fills: all but its own key, given by the database."""
    return [
        field
        for field in history._meta.concrete_fields
        if not (field.primary_key and field.attname not in fields and isinstance(field, models.AutoField))
    ]


def _insert_returning(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], key: str, connection: Any
) -> list[Any]:
    """Insert `rows` a batch at a time, each batch in one statement, and return the keys the database
    gave them, in the order of the rows (as `bulk_create` reads them)."""
    if not connection.features.can_return_rows_from_bulk_insert:
        raise ValueError("This database cannot return the keys of a bulk insert.")
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 — a model's table and columns
    mark = f"({', '.join(['%s'] * len(columns))})"
    size = max(1, connection.ops.bulk_batch_size(columns or [key], rows))
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for first in range(0, len(rows), size):
            batch = rows[first : first + size]
            sql = f"{head}{', '.join([mark] * len(batch))} RETURNING {quote(key)}"
            cursor.execute(sql, [value for row in batch for value in row])
            keys.extend(row[0] for row in cursor.fetchall())
    if len(keys) != len(rows):
        raise IntegrityError(f"{model._meta.label}: {len(rows)} rows inserted, {len(keys)} keys returned.")
    return keys


def _execute_many(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], connection: Any) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 — a model's table
        cursor.executemany(sql, rows)


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
