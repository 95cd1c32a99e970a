"""The preview and the import carried out by the task queue's worker: the wizard hands them over, the job
page follows them, and the person lands on the preview, then on the import's page, when each is done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from arrimage.concertation.models import Concertation, Membership
from arrimage.interchange.models import ImportRun, ImportStatus
from arrimage.jobs.models import Job, JobStatus
from arrimage.jobs.services import job_run

from .test_views_imports import coordinator, import_dir, mapping_post, step, stored_files, table, token_of, upload

pytestmark = pytest.mark.django_db

MESSAGE = "Cette importation a déjà été faite ou annulée."

__all__ = ["coordinator", "import_dir", "table"]  # fixtures


@pytest.fixture(autouse=True)
def queue(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ARRIMAGE_JOBS_DIR = str(tmp_path / "jobs")


def previewed(client: Any, token: str) -> Job:
    """Post the columns; the worker makes the preview; the job's page then leads to it."""
    response = mapping_post(client, token)
    job = Job.objects.get(kind="import-preview", status=JobStatus.QUEUED)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result_url == step("import_preview", token)
    return job


def test_the_preview_is_made_by_the_worker_and_leads_to_the_preview_page(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    token = token_of(upload(client, table))
    response = mapping_post(client, token)
    job = Job.objects.get()
    assert (job.kind, job.label, job.user) == ("import-preview", "Aperçu de membres.csv", coordinator)
    # While it waits, the wizard's steps lead to the job's page.
    assert client.get(step("import_preview", token))["Location"] == response["Location"]
    assert client.get(step("import_mapping", token))["Location"] == response["Location"]

    job_run(job.pk)
    status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert status["HX-Redirect"] == step("import_preview", token)
    page = client.get(step("import_preview", token))
    assert page.status_code == 200
    assert "3" in page.content.decode() and ImportRun.objects.filter(user=coordinator).count() == 1


def test_a_preview_refused_by_the_worker_says_why_and_leads_back_to_the_columns(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    token = token_of(upload(client, table))
    mapping_post(client, token)
    job = Job.objects.get()
    coordinator.role_grants.all().delete()  # the role was withdrawn in between
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "Vous ne pouvez pas importer ce fichier.")
    assert step("import_mapping", token) in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_the_import_is_handed_to_the_queue_and_followed_on_the_job_page(
    client: Any, coordinator: Any, table: Concertation, import_dir: Path
) -> None:
    token = token_of(upload(client, table))
    previewed(client, token)
    response = client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.user, job.label) == ("import", coordinator, "Importation de membres.csv")
    assert Membership.objects.filter(seat__concertation=table).count() == 0  # not yet: the worker does it

    job_run(job.pk)
    job.refresh_from_db()
    run = ImportRun.objects.get(user=coordinator, status=ImportStatus.COMMITTED)
    assert job.status == JobStatus.DONE
    assert job.result_url == reverse("registry:import_detail", args=[run.pk])
    assert Membership.objects.filter(seat__concertation=table).count() == 3
    assert stored_files(import_dir) == []  # the file is deleted once imported

    # Back to the preview (the browser's back button, a second click): the job's page, not a second import.
    again = client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    assert again["Location"] == reverse("jobs:detail", args=[job.pk])
    assert Job.objects.filter(kind="import").count() == 1

    status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert status["HX-Redirect"] == job.result_url
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_an_import_refused_by_the_worker_says_why_and_leads_back_to_the_preview(
    client: Any, coordinator: Any, table: Concertation, import_dir: Path
) -> None:
    token = token_of(upload(client, table))
    previewed(client, token)
    client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    job = Job.objects.get(kind="import")
    ImportRun.objects.filter(user=coordinator).update(status=ImportStatus.UNDONE)  # undone in between
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, MESSAGE)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert MESSAGE.replace("’", "&#x27;") in page or MESSAGE in page
    assert step("import_preview", token) in page
    assert len(stored_files(import_dir)) == 2  # kept, so the person can go back to the preview
    assert Membership.objects.filter(seat__concertation=table).count() == 0  # nothing half-written
    assert client.get(step("import_preview", token)).status_code == 200  # no longer sent to the failed job


def test_the_worker_refuses_an_import_its_author_may_no_longer_make(
    client: Any, coordinator: Any, table: Concertation
) -> None:
    token = token_of(upload(client, table))
    previewed(client, token)
    client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    job = Job.objects.get(kind="import")
    coordinator.role_grants.all().delete()  # the role was withdrawn in between
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "Vous ne pouvez pas importer ce fichier.")
    assert Membership.objects.filter(seat__concertation=table).count() == 0


def test_the_undo_is_handed_to_the_queue_too(client: Any, coordinator: Any, table: Concertation) -> None:
    token = token_of(upload(client, table))
    previewed(client, token)
    client.post(step("import_preview", token), {"page": "1", "commit": "1"})
    job_run(Job.objects.get(kind="import").pk)
    run = ImportRun.objects.get(user=coordinator, status=ImportStatus.COMMITTED)
    undo_url = reverse("registry:import_undo", args=[run.pk])

    response = client.post(undo_url)
    undo = Job.objects.get(kind="import-undo")
    assert response["Location"] == reverse("jobs:detail", args=[undo.pk])
    assert undo.label == "Annulation de l’importation de membres.csv"
    assert client.post(undo_url)["Location"] == response["Location"]  # a second click: the same job
    assert Membership.objects.filter(seat__concertation=table).count() == 3

    job_run(undo.pk)
    undo.refresh_from_db()
    run.refresh_from_db()
    assert (undo.status, run.status) == (JobStatus.DONE, ImportStatus.UNDONE)
    assert undo.result_url == reverse("registry:import_list")
    assert Membership.objects.filter(seat__concertation=table).count() == 0
