"""Background work: asking for it, carrying it out, and reading what it has done so far.

A kind of work is a function registered with `@handler("kind")` by the app that knows how to do it (the
import wizard in `arrimage.registry.jobs`, downloads in `arrimage.jobs.downloads`). It receives the job
and a `Progress` to report to, and returns an `Outcome`: a page to go to, or a file's bytes.

`job_create` records the request and hands the job to the task queue (django-tasks, `TASKS` in the
settings): with `ARRIMAGE_TASKS=db` a separate `manage.py db_worker` process carries it out, and the page
that asked shows its progress (`arrimage.jobs.views`). Without a queue (the default), callers do the work
in the request, as before: `background()` tells them which.

Every write to a job goes through this module. Progress is written to the `progress` cache, never to the
database: the work (an import) runs in a transaction whose rows nobody sees until it ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Job, JobStatus

logger = logging.getLogger("arrimage.jobs")

#: Jobs and their files are deleted this long after they were asked for (checked at each new job).
KEEP_HOURS = 24
#: A job still in progress this long after it started was interrupted (its worker stopped or was killed):
#: it is marked failed, so that asking again starts the work anew. The longest work, an import of tens of
#: thousands of rows, takes minutes.
RUNNING_HOURS = 1
PROGRESS_SECONDS = 2 * 3600


@dataclass(frozen=True)
class Outcome:
    """What a job gives: a page to go to (`url`), or a file (`body`, sent with `headers`)."""

    url: str = ""
    body: bytes | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


class Progress:
    """What a job has done so far, as `(stage, done, total)`: the import services' progress callback."""

    def __init__(self, job_id: uuid.UUID | str) -> None:
        self.key = f"arrimage:jobs:progress:{job_id}"

    def __call__(self, stage: str, done: int, total: int) -> None:
        _progress_cache().set(self.key, {"stage": stage, "done": done, "total": total}, PROGRESS_SECONDS)

    def read(self) -> dict[str, Any]:
        return dict(_progress_cache().get(self.key) or {})

    def clear(self) -> None:
        _progress_cache().delete(self.key)


Handler = Callable[[Job, Progress], Outcome]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that carries out jobs of `kind`."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def _progress_cache() -> Any:
    return caches[settings.ARRIMAGE_PROGRESS_CACHE]


def background() -> bool:
    """Whether long work is handed to a task queue (else it is done in the request)."""
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(task_backends["default"], ImmediateBackend)


def jobs_dir() -> Path:
    return Path(settings.ARRIMAGE_JOBS_DIR)


def session_digest(request: HttpRequest) -> str:
    """The digest that names a visitor's session (created if the visitor has none yet)."""
    session = request.session
    if not session.session_key:
        session.save()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{session.session_key}".encode()).hexdigest()


def job_create(*, kind: str, label: str, request: HttpRequest, params: dict[str, Any]) -> Job:
    """Record a job asked for by this request's person (or visitor) and hand it to the queue once the
    current transaction is committed."""
    if kind not in HANDLERS:
        raise ValueError(f"No handler for jobs of kind {kind!r}.")
    _forget_old()
    for interrupted in Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=running_limit()):
        job_interrupted_fail(interrupted)
    user = request.user if request.user.is_authenticated else None
    job = Job(
        kind=kind,
        label=label[:300],
        user=user,
        session_digest="" if user else session_digest(request),
        params={"language": translation.get_language() or settings.LANGUAGE_CODE, **params},
    )
    job.full_clean()
    job.save()
    logger.info("Job %s (%s) asked by %s.", job.pk, kind, f"user {user.pk}" if user else "a visitor")
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: uuid.UUID) -> None:
    from .tasks import run_job

    run_job.enqueue(str(job_id))


def job_run(job_id: uuid.UUID | str) -> None:
    """Carry out a queued job (the task queue's worker calls this), recording its outcome. A job already
    started or finished is left alone, so a job handed out twice is done once."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job.pk)
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            try:
                outcome = HANDLERS[job.kind](job, progress)
            except ValidationError as error:
                _finish(job, JobStatus.FAILED, error=" ".join(error.messages))
                return
            except Exception:
                logger.exception("Job %s (%s) failed.", job.pk, job.kind)
                message = gettext(
                    "The work could not be finished because of an error on the server. The error was recorded; "
                    "please try again later."
                )
                _finish(job, JobStatus.FAILED, error=message)
                return
        _finish(job, JobStatus.DONE, outcome=outcome)
    finally:
        progress.clear()


def running_limit() -> dt.datetime:
    """A job in progress that started before this moment was interrupted."""
    return timezone.now() - dt.timedelta(hours=RUNNING_HOURS)


def job_interrupted_fail(job: Job) -> Job:
    """Mark `job` failed if it has been in progress for more than RUNNING_HOURS: its worker stopped before
    finishing it. The person is told to ask again."""
    if job.status != JobStatus.RUNNING or job.started_at is None or job.started_at >= running_limit():
        return job
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        message = gettext("The work was interrupted before it was finished. Please ask for it again.")
    _finish(job, JobStatus.FAILED, error=message)
    logger.warning("Job %s (%s) was interrupted: in progress since %s.", job.pk, job.kind, job.started_at)
    return job


def _finish(job: Job, status: str, *, outcome: Outcome | None = None, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if outcome is not None:
        job.result_url = outcome.url
        if outcome.body is not None:
            folder = jobs_dir()
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            name = f"{job.pk}.out"
            (folder / name).write_bytes(outcome.body)
            job.result_file = name
            job.result_headers = [list(pair) for pair in outcome.headers]
    job.save(update_fields=["status", "error", "finished_at", "result_url", "result_file", "result_headers"])
    logger.info("Job %s (%s) %s.", job.pk, job.kind, status)


def _forget_old() -> None:
    """Delete the jobs asked for more than KEEP_HOURS ago, with their files."""
    limit = timezone.now() - dt.timedelta(hours=KEEP_HOURS)
    old = list(Job.objects.filter(created_at__lt=limit).values_list("pk", "result_file"))
    for _pk, name in old:
        if name:
            (jobs_dir() / name).unlink(missing_ok=True)
    if old:
        Job.objects.filter(pk__in=[pk for pk, _name in old]).delete()
