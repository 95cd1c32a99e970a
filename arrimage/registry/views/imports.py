"""The import wizard: upload a file, choose its sheet and columns, check the preview, import, undo.

The uploaded bytes are needed again at each step (the preview plans the whole file; the commit plans it
again from the same bytes). They are kept on the server's disk, never in a public folder: under
`ARRIMAGE_IMPORT_DIR` (`var/imports/` by default), one folder per user, named by a random token that only
the uploader's session knows, readable by the server's account only. The file and the preview made from
it (which holds names and contact details) are deleted as soon as the import is carried out or
abandoned, and any left behind (a wizard never finished) after `KEEP_HOURS`, checked at each upload.
The wizard's state (kind, sheet, columns, choices, the preview's ImportRun) lives in the session.

The preview and the import run in the request, unless a task queue is configured (`ARRIMAGE_TASKS`):
each is then a background job (`_preview_job`, `_commit_job`), and the person follows it on the job's
page, which leads back to the wizard's next step. In the request, static/js/imports.js polls
`import_progress`, which reads what the `progress` callback of the services wrote under the wizard's token
(`arrimage.jobs.services.Progress`, in the `progress` cache every process of the machine shares).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.interchange import selectors
from arrimage.interchange.bundles import BUNDLE_KINDS, BundleError, bundle_counts, bundle_import
from arrimage.interchange.bundles import COUNT_LABELS as BUNDLE_COUNT_LABELS
from arrimage.interchange.importing.plan import ACTION_LABELS, CHOOSE
from arrimage.interchange.models import ImportRun, ImportStatus
from arrimage.interchange.reading import ImportFileError, read_table, sheet_names
from arrimage.interchange.services import (
    Preview,
    file_digest,
    import_commit,
    import_preview,
    import_undo,
    saved_mapping_save,
)
from arrimage.jobs import services as jobs
from arrimage.jobs.models import Job, JobStatus
from arrimage.jobs.selectors import job_failed, job_pending, job_status
from arrimage.jobs.services import Outcome, Progress

from ..forms_imports import ChoicesForm, MappingForm, SheetForm, UploadForm, editable_concertations
from .common import paginate, record_number

SESSION_KEY = "arrimage_imports"
KEEP_HOURS = 6
PREVIEW_PAGE_SIZE = 100
RUNS_PAGE_SIZE = 25
SAMPLE_ROWS = 3
SUMMARY_LIMIT = 50

COUNT_LABELS = {
    "create": gettext_lazy("to create"),
    "link": gettext_lazy("to link"),
    "update": gettext_lazy("to complete"),
    "skip": gettext_lazy("to skip"),
    "error": gettext_lazy("with an error"),
    "choose": gettext_lazy("waiting for a choice"),
    "created": gettext_lazy("records created"),
    "updated": gettext_lazy("records completed"),
    "alias_added": gettext_lazy("other names added"),
    **BUNDLE_COUNT_LABELS,
    "deleted": gettext_lazy("records removed by the undo"),
    "restored": gettext_lazy("records restored by the undo"),
    "alias_removed": gettext_lazy("other names removed by the undo"),
}


# Where the files wait between the steps --------------------------------------------------------------


def _storage() -> FileSystemStorage:
    location = getattr(settings, "ARRIMAGE_IMPORT_DIR", None) or Path(settings.BASE_DIR) / "var" / "imports"
    return FileSystemStorage(location=location, file_permissions_mode=0o600, directory_permissions_mode=0o700)


def _name(user_id: int, token: str, suffix: str) -> str:
    return f"{user_id}/{token}.{suffix}"


def _purge_stale() -> None:
    """Delete the files of wizards left unfinished for more than KEEP_HOURS."""
    storage = _storage()
    root = Path(storage.location)
    if not root.is_dir():
        return
    limit = time.time() - KEEP_HOURS * 3600
    for path in root.glob("*/*"):
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


@dataclass
class Wizard:
    """One import in progress: its token, its state in the session and its files on disk."""

    request: HttpRequest
    token: str
    state: dict[str, Any]

    @property
    def user_id(self) -> int:
        return int(self.request.user.pk or 0)

    def data(self) -> bytes:
        with _storage().open(_name(self.user_id, self.token, "upload"), "rb") as file:
            return bytes(file.read())

    def save(self) -> None:
        wizards = self.request.session.get(SESSION_KEY, {})
        wizards[self.token] = self.state
        self.request.session[SESSION_KEY] = wizards

    def store_preview(self, preview: Preview) -> None:
        _store_preview(self.user_id, self.token, preview)
        self.state["run"] = preview.run.pk
        self.save()

    def preview(self) -> dict[str, Any]:
        try:
            with _storage().open(_name(self.user_id, self.token, "preview.json"), "rb") as file:
                return dict(json.loads(file.read()))
        except FileNotFoundError:
            raise Http404("preview") from None

    def run(self) -> ImportRun:
        try:
            return selectors.import_run_get(int(self.state["run"]))
        except (KeyError, TypeError, ImportRun.DoesNotExist):
            raise Http404("run") from None

    def concertation(self) -> Concertation | None:
        pk = self.state.get("concertation")
        return Concertation.objects.filter(pk=pk).first() if pk else None

    @property
    def progress(self) -> Progress:
        return Progress(f"import-{self.token}")

    def end(self) -> None:
        """Forget the wizard and delete its files."""
        storage = _storage()
        for suffix in ("upload", "preview.json"):
            storage.delete(_name(self.user_id, self.token, suffix))
        wizards = self.request.session.get(SESSION_KEY, {})
        wizards.pop(self.token, None)
        self.request.session[SESSION_KEY] = wizards
        self.progress.clear()


def _store_preview(user_id: int, token: str, preview: Preview) -> None:
    """Keep the preview beside the uploaded file, for the preview's pages and the import."""
    rows = [
        {
            "line": row.line,
            "action": row.action,
            "target": row.target,
            "reasons": list(row.reasons),
            "errors": [{"column": error.column, "message": str(error)} for error in row.errors],
            "candidates": [
                {"id": c.organization_id, "name": c.name, "score": round(c.score * 100)}
                for c in (row.candidates if row.action == CHOOSE else [])
            ],
        }
        for row in preview.rows
    ]
    content = {
        "run": preview.run.pk,
        "counts": preview.counts,
        "problems": preview.problems,
        "rows": rows,
        "can_commit": preview.can_commit,
    }
    storage, name = _storage(), _name(user_id, token, "preview.json")
    storage.delete(name)
    storage.save(name, ContentFile(json.dumps(content).encode()))


def _wizard(request: HttpRequest, token: str) -> Wizard:
    """The wizard of this session with this token; 404 for any other (another person's, or finished)."""
    state = request.session.get(SESSION_KEY, {}).get(token)
    if state is None:
        raise Http404(token)
    wizard = Wizard(request, token, state)
    concertation = wizard.concertation()
    if not policy.can_import(request.user, state["kind"], concertation=concertation):
        raise PermissionDenied(_("You may not import this file."))
    return wizard


def _step_url(name: str, token: str) -> str:
    return reverse(f"registry:{name}", args=[token])


# The list of imports, and the result of one ----------------------------------------------------------


def count_summary(counts: dict[str, Any]) -> list[tuple[str, int]]:
    """The non-zero counts of a run that people understand, in words."""
    flat = bundle_counts(counts)
    return [(str(label), flat[key]) for key, label in COUNT_LABELS.items() if flat.get(key)]


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    results = paginate(selectors.import_runs(user=request.user), number, size=RUNS_PAGE_SIZE)
    runs = [
        {
            "run": run,
            "counts": count_summary(run.counts),
            "can_undo": run.status == ImportStatus.COMMITTED and policy.can_undo_import(request.user, run),
        }
        for run in (results.page.object_list if results.page else [])
    ]
    return render(request, "registry/imports/list.html", {"results": results, "runs": runs})


def _visible_run(request: HttpRequest, pk: int) -> ImportRun:
    try:
        run = selectors.import_run_get(pk)
    except ImportRun.DoesNotExist:
        raise Http404(pk) from None
    if not policy.can_undo_import(request.user, run):  # its author and administrators
        raise PermissionDenied(_("You may not see this import."))
    return run


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    return render(
        request,
        "registry/imports/detail.html",
        {
            "run": run,
            "counts": count_summary(run.counts),
            "undo_counts": count_summary(run.counts.get("undo") or {}),
            "can_undo": run.status == ImportStatus.COMMITTED,
        },
    )


@login_required
def import_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then take back a committed import."""
    run = _visible_run(request, pk)
    errors: list[str] = []
    if run.status != ImportStatus.COMMITTED:
        errors.append(_("Only an import that was carried out can be undone."))
    elif request.method == "POST" and jobs.background():
        job = job_pending(UNDO_JOB, run=run.pk) or jobs.job_create(
            kind=UNDO_JOB,
            label=_("Undo of the import of %(file)s") % {"file": run.filename},
            request=request,
            params={"run": run.pk, "back": reverse("registry:import_detail", args=[run.pk])},
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
    elif request.method == "POST":
        try:
            import_undo(run=run, acting_user=request.user)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, _("The import was undone."))
            return HttpResponseRedirect(reverse("registry:import_list"))
    status = 422 if errors and request.method == "POST" else 200
    return render(
        request,
        "registry/imports/undo.html",
        {"run": run, "counts": count_summary(run.counts), "errors": errors},
        status=status,
    )


# Step 1: the file ------------------------------------------------------------------------------------


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    concertations = editable_concertations(request.user)
    initial: dict[str, Any] = {}
    number = record_number(request.GET.get("concertation", ""))
    if number is not None:
        wanted = Concertation.objects.filter(pk=number).first()
        if wanted is None:
            raise Http404("concertation")
        if not policy.can_import(request.user, "members", concertation=wanted):
            raise PermissionDenied(_("You may not import the members of this concertation."))
        initial = {"kind": "members", "concertation": wanted.pk}
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        user=request.user,
        concertations=concertations,
    )
    if not form.kinds:
        raise PermissionDenied(_("You may not import files."))
    if request.method == "POST" and form.is_valid():
        kind, concertation = form.cleaned_data["kind"], form.cleaned_data.get("concertation")
        if kind != "members":
            concertation = None
        if not policy.can_import(request.user, kind, concertation=concertation):
            raise PermissionDenied(_("You may not import this file."))
        upload = form.cleaned_data["file"]
        data = upload.read()
        if kind in BUNDLE_KINDS:
            return _import_bundle(request, form, kind, upload.name, data)
        try:
            sheets = sheet_names(data, filename=upload.name)
            if len(sheets) <= 1:
                read_table(data, filename=upload.name, sheet=sheets[0] if sheets else None)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            _purge_stale()
            token = secrets.token_hex(16)
            _storage().save(_name(int(request.user.pk or 0), token, "upload"), ContentFile(data))
            wizard = Wizard(
                request,
                token,
                {
                    "kind": kind,
                    "concertation": concertation.pk if concertation is not None else None,
                    "filename": upload.name[:255],
                    "digest": file_digest(data),
                    "sheets": sheets,
                    "sheet": sheets[0] if len(sheets) == 1 else None,
                    "mapping": None,
                    "choices": {},
                    "run": None,
                },
            )
            wizard.save()
            step = "import_sheet" if len(sheets) > 1 else "import_mapping"
            return HttpResponseRedirect(_step_url(step, token))
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "registry/imports/start.html", {"form": form}, status=status)


def _import_bundle(request: HttpRequest, form: UploadForm, kind: str, filename: str, data: bytes) -> HttpResponse:
    """A Popolo or HSDS bundle is checked whole and imported at once (nothing is written when anything is
    wrong); its result page tells what it did, and what it left out."""
    try:
        result = bundle_import(kind=kind, data=data, filename=filename, acting_user=request.user)
    except BundleError as error:
        for problem in error.messages[:SUMMARY_LIMIT]:
            form.add_error(None, problem)
        if len(error.messages) > SUMMARY_LIMIT:
            form.add_error(None, _("… and %(count)s other problems.") % {"count": len(error.messages) - SUMMARY_LIMIT})
        return render(request, "registry/imports/start.html", {"form": form}, status=422)
    assert result.run is not None  # not a dry run
    messages.success(request, _("The file was imported."))
    for note in result.notes[:SUMMARY_LIMIT]:
        messages.warning(request, note)
    if len(result.notes) > SUMMARY_LIMIT:
        messages.warning(
            request,
            _("… and %(count)s other records left out.") % {"count": len(result.notes) - SUMMARY_LIMIT},
        )
    return HttpResponseRedirect(reverse("registry:import_detail", args=[result.run.pk]))


# Step 2: the sheet -----------------------------------------------------------------------------------


@login_required
def import_sheet(request: HttpRequest, token: str) -> HttpResponse:
    wizard = _wizard(request, token)
    form = SheetForm(
        request.POST if request.method == "POST" else None,
        initial={"sheet": wizard.state.get("sheet")},
        sheets=wizard.state["sheets"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            read_table(wizard.data(), filename=wizard.state["filename"], sheet=form.cleaned_data["sheet"])
        except ImportFileError as error:
            form.add_error("sheet", error.message)
        else:
            wizard.state.update(sheet=form.cleaned_data["sheet"], mapping=None, choices={})
            wizard.save()
            return HttpResponseRedirect(_step_url("import_mapping", token))
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "registry/imports/sheet.html", {"form": form, "wizard": wizard}, status=status)


# Step 3: the columns ---------------------------------------------------------------------------------


@login_required
def import_mapping(request: HttpRequest, token: str) -> HttpResponse:
    wizard = _wizard(request, token)
    if waiting := _preview_waiting(wizard):
        return waiting
    state = wizard.state
    data = wizard.data()
    try:
        table = read_table(data, filename=state["filename"], sheet=state.get("sheet"))
    except ImportFileError as error:  # pragma: no cover - the file was read at the first step
        raise Http404(error.message) from None
    mapping = state.get("mapping") or selectors.import_mapping(request.user, state["kind"], table.headers)
    initial = {MappingForm.column_name(i): mapping.get(header, "") for i, header in enumerate(table.headers)}
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        headers=table.headers,
        kind=state["kind"],
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if form.cleaned_data.get("remember"):
            saved_mapping_save(user=request.user, kind=state["kind"], headers=table.headers, mapping=mapping)
        state["mapping"] = mapping
        if jobs.background():
            return _preview_later(request, wizard, back="import_mapping")
        try:
            preview = _preview(wizard, data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            wizard.store_preview(preview)
            return HttpResponseRedirect(_step_url("import_preview", token))
    samples = []
    for position, field in enumerate(form.column_fields()):
        values = [row.cells[position] for row in table.rows if row.cells[position]][:SAMPLE_ROWS]
        samples.append({"header": table.headers[position], "field": field, "values": values})
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "registry/imports/mapping.html",
        {"form": form, "wizard": wizard, "columns": samples, "rows": len(table.rows)},
        status=status,
    )


def _preview(wizard: Wizard, data: bytes) -> Preview:
    return _previewed(wizard.state, user=wizard.request.user, data=data, progress=wizard.progress)


# What the preview needs of the wizard's state, also handed to the task queue's worker.
PREVIEW_STATE = ("filename", "kind", "sheet", "mapping", "concertation", "choices", "run")


def _previewed(state: dict[str, Any], *, user: Any, data: bytes, progress: Progress) -> Preview:
    run = None
    if state.get("run"):
        try:
            run = selectors.import_run_get(int(state["run"]))
        except ImportRun.DoesNotExist:
            raise Http404("run") from None
    return import_preview(
        data=data,
        filename=state["filename"],
        kind=state["kind"],
        user=user,
        sheet=state.get("sheet"),
        mapping=state["mapping"],
        concertation=Concertation.objects.filter(pk=state.get("concertation") or 0).first(),
        choices=state.get("choices") or {},
        run=run,
        progress=progress,
    )


def _preview_later(request: HttpRequest, wizard: Wizard, *, back: str) -> HttpResponse:
    """Hand the preview to the task queue; the job's page leads to the preview once it is made."""
    job = jobs.job_create(
        kind=PREVIEW_JOB,
        label=_("Preview of %(file)s") % {"file": wizard.state["filename"]},
        request=request,
        params={
            "token": wizard.token,
            "state": {name: wizard.state.get(name) for name in PREVIEW_STATE},
            "back": _step_url(back, wizard.token),
        },
    )
    wizard.state["preview_job"] = str(job.pk)
    wizard.save()
    return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


def _preview_waiting(wizard: Wizard) -> HttpResponse | None:
    """The job's page while a preview handed to the task queue is being made; once it is made, the wizard
    takes its import run (the worker could not write to the person's session)."""
    pk = wizard.state.get("preview_job")
    if not pk:
        return None
    status = job_status(pk)
    if status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return HttpResponseRedirect(reverse("jobs:detail", args=[pk]))
    del wizard.state["preview_job"]
    if status == JobStatus.DONE:
        wizard.state["run"] = wizard.preview()["run"]
    wizard.save()
    return None


# Step 4: the preview, and the import -----------------------------------------------------------------


@login_required
def import_preview_page(request: HttpRequest, token: str) -> HttpResponse:
    wizard = _wizard(request, token)
    if waiting := _preview_waiting(wizard):
        return waiting
    if wizard.state.get("mapping") is None or not wizard.state.get("run"):
        return HttpResponseRedirect(_step_url("import_mapping", token))
    if wizard.state.get("job"):  # handed to the task queue: its page tells how it went, unless it failed
        if not job_failed(wizard.state["job"]):
            return HttpResponseRedirect(reverse("jobs:detail", args=[wizard.state["job"]]))
        del wizard.state["job"]
        wizard.save()
    content = wizard.preview()
    number = _page_number(request.POST.get("page") or request.GET.get("page"))
    page = Paginator(content["rows"], PREVIEW_PAGE_SIZE).get_page(number)
    form = ChoicesForm(
        request.POST if request.method == "POST" else None,
        rows=list(page.object_list),
        chosen=wizard.state.get("choices") or {},
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        chosen = {**(wizard.state.get("choices") or {}), **form.choices()}
        if chosen != wizard.state.get("choices"):
            wizard.state["choices"] = chosen
            if jobs.background():  # planned again by the worker; the person then imports from the preview
                return _preview_later(request, wizard, back="import_preview")
            try:
                wizard.store_preview(_preview(wizard, wizard.data()))
            except ValidationError as error:  # pragma: no cover - the same file was planned a moment ago
                errors.extend(error.messages)
        if "commit" in request.POST and not errors and jobs.background():
            job = jobs.job_create(
                kind=IMPORT_JOB,
                label=_("Import of %(file)s") % {"file": wizard.state["filename"]},
                request=request,
                params={
                    "run": wizard.run().pk,
                    "token": token,
                    "concertation": wizard.state.get("concertation"),
                    "back": _step_url("import_preview", token),
                },
            )
            wizard.state["job"] = str(job.pk)
            wizard.save()
            return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
        if "commit" in request.POST and not errors:
            try:
                run = import_commit(
                    run=wizard.run(), data=wizard.data(), acting_user=request.user, progress=wizard.progress
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                wizard.end()
                messages.success(request, _("The file was imported."))
                return HttpResponseRedirect(reverse("registry:import_detail", args=[run.pk]))
        if not errors:
            target = request.POST.get("goto") or str(page.number)
            return HttpResponseRedirect(_step_url("import_preview", token) + f"?page={_page_number(target)}")
        content = wizard.preview()
        page = Paginator(content["rows"], PREVIEW_PAGE_SIZE).get_page(number)
    problems: list[tuple[str | None, str]] = [(None, message) for message in content["problems"]]
    for index, row in enumerate(content["rows"]):
        href = f"?page={index // PREVIEW_PAGE_SIZE + 1}#line-{row['line']}"
        problems.extend((href, error["message"]) for error in row["errors"])
    rows = [
        {**row, "label": ACTION_LABELS.get(row["action"], row["action"]), "choice": form.for_line(row["line"])}
        for row in page.object_list
    ]
    context = {
        "wizard": wizard,
        "run": wizard.run(),
        "counts": [(ACTION_LABELS[key], COUNT_LABELS[key], value) for key, value in content["counts"].items()],
        "problems": problems[:SUMMARY_LIMIT],
        "more_problems": max(0, len(problems) - SUMMARY_LIMIT),
        "can_commit": content["can_commit"],
        "waiting": content["counts"].get("choose", 0),
        "errors": errors,
        "page": page,
        "rows": rows,
        "form": form,
    }
    return render(request, "registry/imports/preview.html", context, status=422 if errors else 200)


def _page_number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@login_required
@require_GET
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """What the preview or the import being carried out has done so far (polled by imports.js)."""
    progress = _wizard(request, token).progress.read()
    return render(request, "registry/imports/_progress.html", {"progress": progress})


@login_required
@require_POST
def import_abandon(request: HttpRequest, token: str) -> HttpResponse:
    """Give up an import: its file and preview are deleted, its preview stays in the log as previewed."""
    wizard = _wizard(request, token)
    wizard.end()
    messages.success(request, _("The import was abandoned and its file deleted."))
    return HttpResponseRedirect(reverse("registry:import_list"))


# The import as a background job ----------------------------------------------------------------------

PREVIEW_JOB = "import-preview"


@jobs.handler(PREVIEW_JOB)
def _preview_job(job: Job, progress: Progress) -> Outcome:
    """Plan an import in the task queue's worker (matching a large file takes a while) and keep its preview
    beside the file, as the wizard does in the request."""
    state, token = dict(job.params["state"]), str(job.params["token"])
    concertation = Concertation.objects.filter(pk=state.get("concertation") or 0).first()
    if job.user is None or not policy.can_import(job.user, state["kind"], concertation=concertation):
        raise ValidationError(_("You may not import this file."))
    try:
        with _storage().open(_name(job.user.pk, token, "upload"), "rb") as file:
            data = bytes(file.read())
    except FileNotFoundError:
        raise ValidationError(_("This import was already carried out or abandoned.")) from None
    try:
        preview = _previewed(state, user=job.user, data=data, progress=progress)
    except Http404:
        raise ValidationError(_("This import was already carried out or undone.")) from None
    _store_preview(job.user.pk, token, preview)
    return Outcome(url=_step_url("import_preview", token))


IMPORT_JOB = "import"


@jobs.handler(IMPORT_JOB)
def _commit_job(job: Job, progress: Progress) -> Outcome:
    """Carry out a previewed import in the task queue's worker. Its files are deleted once it is done; the
    wizard's steps then lead to the job's page, which tells how it went and links to the import."""
    run = selectors.import_run_get(int(job.params["run"]))
    concertation = Concertation.objects.filter(pk=job.params.get("concertation") or 0).first()
    if job.user is None or not policy.can_import(job.user, run.kind, concertation=concertation):
        raise ValidationError(_("You may not import this file."))
    storage, token = _storage(), str(job.params["token"])
    try:
        with storage.open(_name(job.user.pk, token, "upload"), "rb") as file:
            data = bytes(file.read())
    except FileNotFoundError:
        raise ValidationError(_("This import was already carried out or undone.")) from None
    run = import_commit(run=run, data=data, acting_user=job.user, progress=progress)
    for suffix in ("upload", "preview.json"):
        storage.delete(_name(job.user.pk, token, suffix))
    return Outcome(url=reverse("registry:import_detail", args=[run.pk]))


UNDO_JOB = "import-undo"


@jobs.handler(UNDO_JOB)
def _undo_job(job: Job, progress: Progress) -> Outcome:
    """Take back a committed import in the task queue's worker (an import of thousands of rows takes
    minutes to undo), if its author or an administrator still may."""
    run = selectors.import_run_get(int(job.params["run"]))
    if job.user is None or not policy.can_undo_import(job.user, run):
        raise ValidationError(_("You may not see this import."))
    import_undo(run=run, acting_user=job.user, progress=progress)
    return Outcome(url=reverse("registry:import_list"))
