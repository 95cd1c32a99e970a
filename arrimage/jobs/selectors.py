"""Reading jobs: only the person (or the visitor's session) who asked for one may see it."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404, HttpRequest

from .models import Job, JobStatus
from .services import running_limit, session_digest


def job_for(request: HttpRequest, pk: uuid.UUID) -> Job:
    """The job `pk` if this request's person or visitor asked for it; 404 otherwise (someone else's job
    is not acknowledged to exist)."""
    job = Job.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("job")
    if request.user.is_authenticated:
        if job.user_id != request.user.pk:
            raise Http404("job")
    elif job.user_id is not None or not request.session.session_key or job.session_digest != session_digest(request):
        raise Http404("job")
    return job


def job_failed(pk: uuid.UUID | str) -> bool:
    """Whether the job failed (or no longer exists): what asked for it may be asked again."""
    return not Job.objects.filter(pk=pk).exclude(status=JobStatus.FAILED).exists()


def job_pending(kind: str, **params: object) -> Job | None:
    """A job of `kind` with these parameters that is waiting or in progress: asking again leads to it. A job
    interrupted (in progress for too long, `services.RUNNING_HOURS`) does not count: asking again starts anew."""
    lookups = {f"params__{name}": value for name, value in params.items()}
    waiting = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__gte=running_limit())
    return Job.objects.filter(waiting, kind=kind, **lookups).first()


def job_status(pk: uuid.UUID | str) -> str | None:
    """The status of the job `pk`, or None when it no longer exists."""
    return Job.objects.filter(pk=pk).values_list("status", flat=True).first()
