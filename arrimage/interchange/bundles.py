"""Bundles in a standard (Popolo, Open Referral HSDS): one file imported whole, in one go.

The web wizard and the `import` command both call `bundle_import`. It reads the file, then writes it
through `popolo_import` or `hsds_import_files`, which check it whole and write it in one transaction,
logged as an `ImportRun` that can be undone. Whatever is wrong with the file (not JSON, not a bundle,
empty, too large, refused records) comes back as a `BundleError` holding sentences for people, with
nothing written. A dry run does all the same work, then rolls it back (the log entry too): it tells what
the import would do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrimage.access import policy

from .hsds import HsdsImportError, hsds_import_files
from .models import ImportKind, ImportRun
from .popolo import popolo_import
from .reading import ImportFileError, check_file_size

POPOLO = ImportKind.POPOLO.value
HSDS = ImportKind.HSDS.value
BUNDLE_KINDS = (POPOLO, HSDS)

#: The names a bundle's file may end with.
SUFFIXES = {POPOLO: (".json",), HSDS: (".json", ".zip")}

_SUFFIX_MESSAGES = {
    POPOLO: gettext_lazy("A Popolo bundle is a .json file."),
    HSDS: gettext_lazy("An HSDS bundle is a .json file or a .zip of CSV tables."),
}

#: What each count of a bundle's import means, in words.
COUNT_LABELS = {
    "organizations_created": gettext_lazy("organisations created"),
    "organizations_linked": gettext_lazy("organisations recognised"),
    "concertations_created": gettext_lazy("concertations created"),
    "concertations_linked": gettext_lazy("concertations recognised"),
    "posts_created": gettext_lazy("seats created"),
    "posts_linked": gettext_lazy("seats recognised"),
    "persons_created": gettext_lazy("people created"),
    "persons_linked": gettext_lazy("people recognised"),
    "memberships_created": gettext_lazy("memberships created"),
    "memberships_linked": gettext_lazy("memberships recognised"),
    "services_created": gettext_lazy("services created"),
    "services_updated": gettext_lazy("services changed"),
    "services_unchanged": gettext_lazy("services unchanged"),
    "locations_created": gettext_lazy("places created"),
    "locations_updated": gettext_lazy("places changed"),
    "locations_unchanged": gettext_lazy("places unchanged"),
    "skipped": gettext_lazy("records left out"),
}


class BundleError(Exception):
    """The file was refused, for these reasons; nothing was written."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class BundleResult:
    """What an import did (or, for a dry run, would do)."""

    run: ImportRun | None  # None after a dry run: its log entry was rolled back with the rest
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    dry_run: bool = False


def bundle_name_error(kind: str, filename: str) -> str | None:
    """Why a file of this name cannot be a bundle of this kind, or None."""
    if PurePath(filename).suffix.lower() in SUFFIXES[kind]:
        return None
    return str(_SUFFIX_MESSAGES[kind])


def bundle_counts(counts: dict[str, Any]) -> dict[str, int]:
    """A run's counts as plain numbers: a Popolo run keeps them per kind of record
    (`{"created": {"organizations": 3}}`), read here as `organizations_created`."""
    flat: dict[str, int] = {}
    for key, value in counts.items():
        if key in {"created", "linked"} and isinstance(value, dict):
            flat.update({f"{kind}_{key}": int(number) for kind, number in value.items()})
        elif isinstance(value, int):
            flat[key] = value
    return flat


def bundle_import(*, kind: str, data: bytes, filename: str, acting_user: Any, dry_run: bool = False) -> BundleResult:
    """Import a Popolo or HSDS bundle as `acting_user`, or, with `dry_run`, say what the import would do
    and write nothing. Raises PermissionDenied when the user may not import this kind, and BundleError
    when the file is refused (then nothing is written)."""
    if kind not in BUNDLE_KINDS:
        raise ValueError(kind)
    if not policy.can_import(acting_user, kind):
        raise PermissionDenied
    name_error = bundle_name_error(kind, filename)
    if name_error:
        raise BundleError([name_error])
    try:
        check_file_size(len(data))
    except ImportFileError as error:
        raise BundleError([error.message]) from None
    with transaction.atomic():
        result = _popolo(data, filename, acting_user) if kind == POPOLO else _hsds(data, filename, acting_user)
        if dry_run:
            transaction.set_rollback(True)
            result.run, result.dry_run = None, True
    return result


def _popolo(data: bytes, filename: str, acting_user: Any) -> BundleResult:
    try:
        bundle = json.loads(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BundleError([_("This file is not valid JSON.")]) from None
    try:
        report = popolo_import(bundle, acting_user=acting_user, filename=filename)
    except ValidationError as error:
        raise BundleError(error.messages) from None
    except PermissionDenied:
        raise BundleError([_("You may not create organisations.")]) from None
    return BundleResult(run=report.run, counts=bundle_counts(report.run.counts), notes=list(report.skipped))


def _hsds(data: bytes, filename: str, acting_user: Any) -> BundleResult:
    try:
        result = hsds_import_files(files={filename: data}, acting_user=acting_user)
    except HsdsImportError as error:
        raise BundleError([str(problem) for problem in error.errors]) from None
    return BundleResult(run=result.run, counts=bundle_counts(result.counts))
