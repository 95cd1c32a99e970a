"""Helpers every write service uses: optimistic locking and French validation messages."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def locked_for_update(instance: M, *, expected_version: int | None) -> M:
    """Read `instance` again, locked for the rest of the transaction, and refuse a stale edit.

    Edit forms and API writes send the version they started from. When someone else saved in between,
    the second save is refused with a clear message rather than silently overwriting the first.
    """
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and fresh.version != expected_version:  # type: ignore[attr-defined]
        raise ValidationError(
            _(
                "Someone else saved this record while you were editing it. Reload the page to see their "
                "changes, then make yours again."
            ),
            code="stale",
        )
    fresh.version += 1  # type: ignore[attr-defined]
    return fresh


def apply(instance: models.Model, values: dict[str, Any]) -> None:
    """Set plain field values on `instance` (many-to-many relations are set after saving)."""
    for name, value in values.items():
        setattr(instance, name, value)
