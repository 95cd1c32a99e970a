"""Imports of CSV and XLSX files: preview, commit, undo, and the column mappings people save.

The three steps, for a web wizard or the `import` command:

1. `import_preview(data=…, filename=…, kind=…, user=…)` reads the file, suggests (or applies) a column
   mapping, plans every row and records an `ImportRun` (status « previewed ») with the options used.
2. `import_commit(run=…, data=…, choices=…, acting_user=…)` takes the same bytes again (their digest must
   match the preview's), plans again with the person's choices for ambiguous organisations, and writes
   everything in one transaction, logging each change: the records it creates table by table in a few
   statements (`importing.bulk`), checked first with their domain services' rules; the changes of known
   records through their domain services.
3. `import_undo(run=…, acting_user=…)` takes those changes back.

The file itself is not kept on the server between the steps (it holds personal information): the caller
keeps the bytes (the wizard in its own temporary storage, the command on disk) and passes them again.
Callers check `arrimage.access.policy.can_import` and `can_undo_import` first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.concertation.models import Concertation
from arrimage.core.memory import collection_paused
from arrimage.core.versions import one_change

from .columns import clean_mapping, headers_key, kind_columns
from .importing.bulk import RowRefused, write_bulk
from .importing.ops import BulkOp, Writer
from .importing.plan import CHOOSE, ERROR, NEW, Plan, Planner, RowPlan
from .importing.undo import undo
from .models import ImportKind, ImportRun, ImportStatus, SavedMapping
from .reading import ImportFileError, Table, read_table
from .selectors import import_mapping

# The kinds read from a table.
TABLE_KINDS = ("organizations", "people", "members", "concertations", "services")

Choices = dict[int, int | str]
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class Preview:
    """What an import would do, row by row, with what the wizard needs to show and adjust it."""

    run: ImportRun
    table: Table
    mapping: dict[str, str]  # header → field name ("" ignores the column)
    rows: list[RowPlan]
    problems: list[str] = field(default_factory=list)  # about the whole file: missing columns…
    counts: dict[str, int] = field(default_factory=dict)  # rows per action

    @property
    def errors(self) -> list[str]:
        """Every problem as a sentence that names its line and column."""
        return [*self.problems, *(str(error) for row in self.rows for error in row.errors)]

    @property
    def waiting(self) -> list[int]:
        """Lines whose organisation needs a choice."""
        return [row.line for row in self.rows if row.action == CHOOSE]

    @property
    def can_commit(self) -> bool:
        return not self.problems and not self.waiting and not any(row.action == ERROR for row in self.rows)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_kind(kind: str) -> None:
    if kind not in TABLE_KINDS:
        label = dict(ImportKind.choices).get(kind, kind)
        raise ValidationError(_("Files of the kind « %(kind)s » cannot be imported here.") % {"kind": label})


def _clean_choices(choices: dict[Any, Any] | None) -> Choices:
    """Choices keyed by line number: an organisation id, or « new » for a new organisation."""
    cleaned: Choices = {}
    for line, value in (choices or {}).items():
        if value in (None, ""):
            continue
        cleaned[int(line)] = NEW if value == NEW else int(value)
    return cleaned


def _plan(
    table: Table,
    *,
    kind: str,
    mapping: dict[str, str],
    concertation: Concertation | None,
    choices: Choices,
    progress: ProgressCallback | None,
    user: Any = None,
) -> Plan:
    planner = Planner(
        user=user if getattr(user, "is_authenticated", False) else None,
        table=table,
        kind=kind,
        mapping=mapping,
        concertation=concertation,
        choices=choices,
        progress=_stage("plan", progress),
    )
    return planner.plan()


def _read(data: bytes, filename: str, sheet: str | None) -> Table:
    try:
        return read_table(data, filename=filename, sheet=sheet)
    except ImportFileError as error:
        raise ValidationError(error.message, code=error.code) from None


def import_preview(
    *,
    data: bytes,
    filename: str,
    kind: str,
    user: Any,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    concertation: Concertation | None = None,
    choices: dict[Any, Any] | None = None,
    run: ImportRun | None = None,
    progress: ProgressCallback | None = None,
) -> Preview:
    """Read the file and plan every row; record (or update, when `run` is given) a previewed ImportRun.

    Without `mapping`, the user's saved mapping for the same headers is used, else the suggested one.
    Raises ValidationError with a message for the person when the file cannot be read.
    """
    with collection_paused():  # tens of thousands of plans and matches that live until the end
        return _preview(data, filename, kind, user, sheet, mapping, concertation, choices, run, progress)


def _preview(
    data: bytes,
    filename: str,
    kind: str,
    user: Any,
    sheet: str | None,
    mapping: dict[str, str] | None,
    concertation: Concertation | None,
    choices: dict[Any, Any] | None,
    run: ImportRun | None,
    progress: ProgressCallback | None,
) -> Preview:
    _check_kind(kind)
    table = _read(data, filename, sheet)
    if mapping is None:
        mapping = import_mapping(user, kind, table.headers)
    mapping = clean_mapping(mapping, table.headers, kind)
    cleaned_choices = _clean_choices(choices)
    plan = _plan(
        table,
        kind=kind,
        mapping=mapping,
        concertation=concertation,
        choices=cleaned_choices,
        progress=progress,
        user=user,
    )
    options = {
        "sheet": table.sheet,
        "mapping": mapping,
        "choices": {str(line): value for line, value in cleaned_choices.items()},
        "concertation": concertation.pk if concertation is not None else None,
        "headers_key": headers_key(table.headers),
        "format": table.format,
        "encoding": table.encoding,
        "separator": table.separator,
    }
    counts = plan.counts()
    if run is None or run.status != ImportStatus.PREVIEWED:
        run = ImportRun(user=user if getattr(user, "is_authenticated", False) else None)
    run.kind, run.filename, run.digest = kind, filename[:255], file_digest(data)
    run.options, run.counts = options, counts
    run.save()
    return Preview(run=run, table=table, mapping=mapping, rows=plan.rows, problems=plan.problems, counts=counts)


def import_commit(
    *,
    run: ImportRun,
    data: bytes,
    acting_user: Any,
    choices: dict[Any, Any] | None = None,
    progress: ProgressCallback | None = None,
) -> ImportRun:
    """Plan the previewed import again from the same bytes and write it, all or nothing.

    `choices` (line → organisation id or « new ») complete or replace the choices given at preview.
    Refused with a ValidationError naming the lines when a row has an error, waits for a choice, or is
    refused by a domain rule; nothing is written then.
    """
    with collection_paused():  # the plan and the records written live until the end
        return _commit(run, data, acting_user, choices, progress)


def _commit(
    run: ImportRun,
    data: bytes,
    acting_user: Any,
    choices: dict[Any, Any] | None,
    progress: ProgressCallback | None,
) -> ImportRun:
    if run.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("This import was already carried out or undone."))
    if file_digest(data) != run.digest:
        raise ValidationError(_("This is not the file that was previewed. Start the import again."))
    options = dict(run.options)
    merged = {**_clean_choices(options.get("choices")), **_clean_choices(choices)}
    concertation = None
    if options.get("concertation"):
        concertation = Concertation.objects.filter(pk=options["concertation"]).first()
        if concertation is None:
            raise ValidationError(_("The concertation of this import no longer exists."))
    table = _read(data, run.filename, options.get("sheet") or None)
    plan = _plan(
        table,
        kind=run.kind,
        mapping=options.get("mapping") or {},
        concertation=concertation,
        choices=merged,
        progress=progress,
        user=acting_user,
    )
    _refuse_unfinished(plan)

    staged = [(row.line, op) for row in plan.rows for op in row.ops if isinstance(op, BulkOp)]
    one_by_one = [(row.line, op) for row in plan.rows for op in row.ops if not isinstance(op, BulkOp)]
    writer = Writer(
        run,
        acting_user,
        total=len(staged) + len(one_by_one),
        progress=_stage("write", progress),
    )
    with transaction.atomic(), one_change():
        try:
            write_bulk(writer, staged)
        except RowRefused as refused:
            raise _refused(refused.line, refused.error.messages) from None
        except IntegrityError as error:  # a rule the checks before writing do not know of
            raise ValidationError(
                _("The registry refused the import: %(message)s. Nothing was imported.") % {"message": error}
            ) from None
        for line, op in one_by_one:
            try:
                op.apply(writer)
            except (ValidationError, IntegrityError) as error:
                raise _refused(line, error.messages if isinstance(error, ValidationError) else [str(error)]) from None
            writer.advance(1)
        writer.flush()
        run.status = ImportStatus.COMMITTED
        run.committed_at = timezone.now()
        run.options = {**options, "choices": {str(line): value for line, value in merged.items()}}
        run.counts = {**plan.counts(), **writer.counts}
        if run.user_id is None and getattr(acting_user, "is_authenticated", False):
            run.user = acting_user
        run.save()
    return run


def _refused(line: int, messages: list[str]) -> ValidationError:
    return ValidationError(
        _("Line %(line)s: %(message)s. Nothing was imported.")
        % {"line": line, "message": " ".join(messages).rstrip(".")}
    )


def _refuse_unfinished(plan: Plan) -> None:
    messages = list(plan.problems)
    errors = [str(error) for row in plan.rows for error in row.errors]
    if errors:
        messages.append(_("Correct the file, then import it again:"))
        messages.extend(errors)
    waiting = [str(row.line) for row in plan.rows if row.action == CHOOSE]
    if waiting:
        messages.append(_("Choose the organisation meant on these lines: %(lines)s.") % {"lines": ", ".join(waiting)})
    if messages:
        raise ValidationError(messages)


def _stage(stage: str, progress: ProgressCallback | None) -> Callable[[int, int], None] | None:
    """The services' `progress(stage, done, total)` as the `progress(done, total)` of one stage."""
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def import_undo(*, run: ImportRun, acting_user: Any, progress: ProgressCallback | None = None) -> ImportRun:
    """Take back a committed import in one transaction: delete what it created (refused, with the reason,
    when something added since depends on it), restore what it changed, remove the names it added.
    `progress("undo", done, total)` is told every hundred changes."""
    if run.status != ImportStatus.COMMITTED:
        raise ValidationError(_("Only an import that was carried out can be undone."))
    with transaction.atomic(), one_change():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportStatus.COMMITTED:
            raise ValidationError(_("Only an import that was carried out can be undone."))
        counts = undo(run, acting_user=acting_user, progress=_stage("undo", progress))
        run.status = ImportStatus.UNDONE
        run.undone_at = timezone.now()
        run.counts = {**run.counts, "undo": counts}
        run.save()
    return run


def saved_mapping_save(
    *, user: Any, kind: str, headers: list[str] | tuple[str, ...], mapping: dict[str, str]
) -> SavedMapping:
    """Remember the mapping a person confirmed for files with these headers."""
    kind_columns(kind)
    cleaned = clean_mapping(mapping, headers, kind)
    saved, _created = SavedMapping.objects.update_or_create(
        user=user, kind=kind, headers_key=headers_key(headers), defaults={"mapping": cleaned}
    )
    return saved
