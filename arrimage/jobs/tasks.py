"""The one task the queue knows: carry out a recorded job (see `arrimage.jobs.services`)."""

from __future__ import annotations

from django_tasks import task

from .services import job_run


@task()
def run_job(job_id: str) -> None:
    job_run(job_id)
