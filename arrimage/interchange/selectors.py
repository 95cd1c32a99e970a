"""Reads of the imports: the runs, their changes, and the column mapping to propose for a file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from .columns import clean_mapping, headers_key, suggest_mapping
from .models import ImportRun, SavedMapping


def saved_mapping(user: Any, kind: str, headers: Sequence[str]) -> dict[str, str] | None:
    """The mapping this user saved for files of this kind with the same headers, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    saved = SavedMapping.objects.filter(user=user, kind=kind, headers_key=headers_key(headers)).first()
    return clean_mapping(saved.mapping, headers, kind) if saved is not None else None


def import_mapping(user: Any, kind: str, headers: Sequence[str]) -> dict[str, str]:
    """The mapping to propose: the one the user saved for the same headers, else the suggested one."""
    return saved_mapping(user, kind, headers) or suggest_mapping(headers, kind)


def import_run_get(pk: int) -> ImportRun:
    """An import with its author. Raises ImportRun.DoesNotExist."""
    return ImportRun.objects.select_related("user").get(pk=pk)


def import_runs(*, user: Any = None) -> QuerySet[ImportRun]:
    """Imports, newest first; only those of `user` when given."""
    runs = ImportRun.objects.select_related("user")
    return runs.filter(user=user) if user is not None else runs
