"""The page of a background job: what it does, how far it is (polled every second), and its outcome."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Job, JobStatus
from .selectors import job_for
from .services import Progress, job_interrupted_fail, jobs_dir


def _context(job: Job) -> dict[str, object]:
    progress = Progress(job.pk).read() if job.status == JobStatus.RUNNING else {}
    return {"job": job, "progress": progress, "back": job.params.get("back", "")}


@require_GET
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = job_interrupted_fail(job_for(request, pk))
    return render(request, "jobs/job.html", _context(job))


@require_GET
def job_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The job's state (polled by the job page). When it is done and leads to a page, htmx goes there."""
    job = job_interrupted_fail(job_for(request, pk))
    response = render(request, "jobs/_status.html", _context(job))
    if job.status == JobStatus.DONE and job.result_url and request.headers.get("HX-Request"):
        response["HX-Redirect"] = job.result_url
    return response


@require_GET
def job_file(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """The file a finished job made."""
    job = job_for(request, pk)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404("file")
    path = jobs_dir() / job.result_file
    if not path.is_file():
        raise Http404("file")
    response = FileResponse(path.open("rb"))
    for header, value in job.result_headers:
        response[header] = value
    response["Cache-Control"] = "private, no-store"
    return response
