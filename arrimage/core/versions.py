"""The version of the registry's data, for caches that must never serve what a write has changed.

Every save, deletion and many-to-many change of a model of the registry's apps (`TRACKED_APPS`) adds one
to the version, in the same transaction as the write: a reader sees the new number exactly when it sees
the new rows. Writes that bypass model signals (`bulk_create`, `QuerySet.update`, `QuerySet.delete` on
models without signal receivers) call `registry_changed()` themselves.

A writer of many rows in one transaction (an import) wraps its writes in `one_change()`: the version is
raised once, at the start, instead of once per row.

A cached result keys itself with `registry_version()` (one indexed read); after a write its old entries
are never read again and expire on their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import DataVersion

REGISTRY = "registry"
TRACKED_APPS = frozenset(
    {
        "territories",
        "actors",
        "concertation",
        "directory",
        "analysis",
        "plans",
        "access",
        "glossary",
        "funding",
        "practice",
        "meetings",
        "cycle",
    }
)


def registry_version() -> int:
    """The current version of the registry's data (0 before the first write).

    Read on every request of a cached page, so written as the plain statement it compiles to: building it
    through the ORM cost more than running it.
    """
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE name = %s", [REGISTRY])  # noqa: S608 — a model's table
        row = cursor.fetchone()
    return int(row[0]) if row else 0


_ONE_CHANGE: ContextVar[bool] = ContextVar("arrimage_one_change", default=False)


def registry_changed() -> None:
    """Record that the registry's data changed: every cache keyed by the version is left behind."""
    if _ONE_CHANGE.get():
        return
    if not DataVersion.objects.filter(name=REGISTRY).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(name=REGISTRY, defaults={"number": 1})


@contextmanager
def one_change() -> Iterator[None]:
    """The writes inside count as one change of the registry: the version is raised once, now, and not
    again by each of them. Only inside a transaction (the writes become visible together, with the new
    number), and with no cache read inside that could keep a state between two of the writes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("one_change() groups the writes of one transaction: open it inside transaction.atomic().")
    registry_changed()
    token = _ONE_CHANGE.set(True)
    try:
        yield
    finally:
        _ONE_CHANGE.reset(token)


def _tracked(model: type[models.Model]) -> bool:
    if model.__module__ == "__fake__":
        return False  # a model as a migration sees it: the table of versions may not exist yet
    meta = model._meta
    return meta.app_label in TRACKED_APPS and not (meta.model_name or "").startswith("historical")


def _on_write(sender: type[models.Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded
    if _tracked(sender):
        registry_changed()


def _on_relation(sender: type[models.Model], action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and _tracked(sender):
        registry_changed()


def connect() -> None:
    """Listen to every model's writes (called once, when the core app is ready)."""
    post_save.connect(_on_write, dispatch_uid="arrimage.core.versions.save")
    post_delete.connect(_on_write, dispatch_uid="arrimage.core.versions.delete")
    m2m_changed.connect(_on_relation, dispatch_uid="arrimage.core.versions.relation")
