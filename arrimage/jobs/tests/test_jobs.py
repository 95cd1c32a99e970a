"""Background jobs: asked for by a page, carried out by the queue's worker, followed and fetched by the
person who asked — and by no one else. The queue here is django-tasks' DummyBackend (jobs are stored and
run when the test says so); tests/reliability/test_background.py runs the real worker."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arrimage.jobs import services
from arrimage.jobs.models import Job, JobStatus
from arrimage.jobs.selectors import job_pending
from arrimage.jobs.services import Outcome, Progress, job_run

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read by pdftotext."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        done = subprocess.run(["pdftotext", file.name, "-"], capture_output=True, check=True, text=True, timeout=60)
    return " ".join(done.stdout.split())


DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue(settings: Any, tmp_path: Path) -> Path:
    """A task queue that keeps the jobs until the test runs them, and a folder for their files."""
    settings.TASKS = DUMMY
    settings.ARRIMAGE_JOBS_DIR = str(tmp_path / "jobs")
    return tmp_path / "jobs"


def portrait_url(public_id: str = "mrc:28") -> str:
    return reverse("reports:territory_portrait_pdf", args=[public_id])


def test_without_a_queue_the_pdf_is_drawn_in_the_request(client: Client) -> None:
    response = client.get(portrait_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_with_a_queue_the_pdf_is_drawn_by_the_worker_and_fetched_from_the_job_page(client: Client, queue: Path) -> None:
    portrait = reverse("reports:territory_portrait", args=["mrc:28"])
    response = client.get(portrait_url(), HTTP_REFERER=f"http://testserver{portrait}")
    assert response.status_code == 303
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.user) == ("download", JobStatus.QUEUED, None)
    assert job.label == "Portrait de Les Etchemins (PDF)"
    assert job.session_digest and str(client.session.session_key) not in job.session_digest

    page = client.get(response["Location"]).content.decode()
    assert "Portrait de Les Etchemins (PDF)" in page
    assert "En attente de son tour" in page
    assert f'href="{portrait}"' in page  # back to the page that linked the file
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page  # polled while unfinished

    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at and job.result_file
    status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    content = status.content.decode()
    assert "hx-get" not in content  # finished: no more polling
    assert reverse("jobs:file", args=[job.pk]) in content
    assert "HX-Redirect" not in status  # a file is offered, not a page

    file = client.get(reverse("jobs:file", args=[job.pk]))
    body = file.getvalue()
    assert file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"].startswith('attachment; filename="portrait-les-etchemins')
    assert file["Cache-Control"] == "private, no-store"
    assert "Portrait du territoire : Les Etchemins" in pdf_text(body)


def test_only_a_page_of_the_site_is_offered_to_go_back_to(client: Client, queue: Path) -> None:
    client.get(portrait_url(), HTTP_REFERER="https://ailleurs.example/piege/")
    assert Job.objects.get().params["back"] == ""


def test_a_job_is_seen_only_by_whoever_asked_for_it(client: Client, queue: Path, django_user_model: Any) -> None:
    client.get(portrait_url())
    job = Job.objects.get()
    job_run(job.pk)
    stranger = Client()
    stranger.get("/")
    signed_in = Client()
    signed_in.force_login(django_user_model.objects.create_user(email="autre@exemple.org", password="x" * 12))
    for other in (stranger, signed_in, Client()):
        for name in ("detail", "status", "file"):
            assert other.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404


def test_a_signed_in_person_owns_their_job(client: Client, queue: Path, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(email="agente@exemple.org", password="x" * 12)
    client.force_login(user)
    client.get(portrait_url())
    job = Job.objects.get()
    assert job.user == user and job.session_digest == ""
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_an_unknown_territory_is_a_404_and_no_job(client: Client, queue: Path) -> None:
    assert client.get(portrait_url("mrc:999")).status_code == 404
    assert not Job.objects.exists()


def test_a_pdf_already_kept_is_sent_at_once(client: Client, queue: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert client.get(portrait_url()).status_code == 200  # drawn, and kept in the page cache
    settings.TASKS = DUMMY
    response = client.get(portrait_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_the_analysis_of_a_region_is_made_in_the_background_and_an_mrc_s_at_once(client: Client, queue: Path) -> None:
    region = reverse("registry:territory_analysis_figure", args=["region:12", "lacunes", "csv"])
    mrc = reverse("registry:territory_analysis_figure", args=["mrc:28", "lacunes", "csv"])
    assert client.get(mrc).status_code == 200
    response = client.get(region)
    assert response.status_code == 303
    job = Job.objects.get()
    assert job.label.startswith("Analyse de Chaudière-Appalaches")
    job_run(job.pk)
    job.refresh_from_db()
    file = client.get(reverse("jobs:file", args=[job.pk]))
    assert file["Content-Type"].startswith("text/csv")
    assert file.getvalue().decode("utf-8-sig").splitlines()[0]


def test_a_refused_job_says_why_in_french_and_a_failed_one_is_logged(
    client: Client, queue: Path, caplog: Any, monkeypatch: Any
) -> None:
    def refused(job: Job, progress: Progress) -> Outcome:
        raise ValidationError("La ligne 4 nomme un siège qui n'existe pas.")

    def broken(job: Job, progress: Progress) -> Outcome:
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.HANDLERS, "refused", refused)
    monkeypatch.setitem(services.HANDLERS, "broken", broken)
    client.get("/")
    request = client.get("/").wsgi_request
    first = services.job_create(kind="refused", label="Importation", request=request, params={"back": "/retour/"})
    second = services.job_create(kind="broken", label="Importation", request=request, params={})
    with caplog.at_level(logging.ERROR, logger="arrimage.jobs"):
        job_run(first.pk)
        job_run(second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.error) == (JobStatus.FAILED, "La ligne 4 nomme un siège qui n'existe pas.")
    assert second.status == JobStatus.FAILED
    assert "erreur sur le serveur" in second.error and "disk full" not in second.error
    assert "disk full" in caplog.text
    assert any(record.exc_info for record in caplog.records)


def test_a_job_handed_out_twice_is_done_once(client: Client, queue: Path, monkeypatch: Any) -> None:
    calls: list[str] = []

    def counted(job: Job, progress: Progress) -> Outcome:
        progress("write", 1, 2)
        calls.append(str(job.pk))
        return Outcome(url="/fait/")

    monkeypatch.setitem(services.HANDLERS, "counted", counted)
    request = client.get("/").wsgi_request
    job = services.job_create(kind="counted", label="Travail", request=request, params={})
    job_run(job.pk)
    job_run(job.pk)
    assert calls == [str(job.pk)]
    assert Progress(job.pk).read() == {}  # progress is forgotten once finished


def test_progress_is_shown_while_the_job_runs(client: Client, queue: Path, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(email="agente@exemple.org", password="x" * 12)
    client.force_login(user)
    client.get(portrait_url())
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    Progress(job.pk)("write", 250, 1000)
    content = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "250 changements enregistrés sur 1000" in content
    assert 'max="1000" value="250"' in content


def test_jobs_and_their_files_are_forgotten_after_a_day(client: Client, queue: Path) -> None:
    client.get(portrait_url())
    old = Job.objects.get()
    job_run(old.pk)
    old.refresh_from_db()
    path = queue / old.result_file
    assert path.is_file()
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=services.KEEP_HOURS + 1))
    client.get(reverse("reports:territory_portrait_pdf", args=["mrc:27"]))
    assert list(Job.objects.values_list("pk", flat=True)) != [old.pk]
    assert not Job.objects.filter(pk=old.pk).exists() and not path.exists()


def test_a_job_whose_worker_stopped_is_failed_and_asking_again_starts_anew(client: Client, queue: Path) -> None:
    client.get(portrait_url())
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    # In progress for a few minutes: asking again for the same work leads to it.
    assert job_pending("download", path=job.params["path"]) == job

    started = timezone.now() - dt.timedelta(hours=services.RUNNING_HOURS, minutes=1)
    Job.objects.filter(pk=job.pk).update(started_at=started)
    assert job_pending("download", path=job.params["path"]) is None
    client.get(portrait_url())  # a new job: the interrupted one is marked failed
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at
    assert job.error == "Le travail s'est interrompu avant d'être terminé. Veuillez le demander de nouveau."
    assert Job.objects.exclude(pk=job.pk).get().status == JobStatus.QUEUED


def test_the_page_of_an_interrupted_job_says_so(client: Client, queue: Path) -> None:
    client.get(portrait_url())
    job = Job.objects.get()
    started = timezone.now() - dt.timedelta(hours=services.RUNNING_HOURS, minutes=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started)
    content = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "s&#x27;est interrompu avant d&#x27;être terminé" in content
    assert "hx-get" not in content  # no more polling
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_the_job_page_and_its_polling_take_few_queries(
    client: Client, queue: Path, django_user_model: Any, django_assert_max_num_queries: Any
) -> None:
    user = django_user_model.objects.create_user(email="agente@exemple.org", password="x" * 12)
    client.force_login(user)
    client.get(portrait_url())
    job = Job.objects.get()
    for name in ("detail", "status"):
        client.get(reverse(f"jobs:{name}", args=[job.pk]))  # the session is read once before counting
        with django_assert_max_num_queries(4):
            assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 200


@pytest.fixture
def shared_cache(monkeypatch: Any) -> None:
    """The page cache as a database or Redis would be: seen by the worker and the app servers alike (here
    one process, so the memory cache already is)."""
    monkeypatch.setattr("arrimage.core.pagecache.shared_between_processes", lambda: True)


def tab(public_id: str) -> str:
    return reverse("registry:territory_analysis", args=[public_id])


def test_the_concertation_page_of_a_region_is_made_by_the_worker(
    client: Client, queue: Path, shared_cache: None, django_user_model: Any, django_assert_max_num_queries: Any
) -> None:
    for who in ("visitor", "person"):
        if who == "person":
            client.force_login(django_user_model.objects.create_user(email="agent@exemple.org", password="x" * 12))
        response = client.get(tab("region:12"))
        assert response.status_code == 303
        job = Job.objects.latest("created_at")
        assert job.kind == "page" and job.label == "Concertation dans Chaudière-Appalaches : l’analyse"
        job_run(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.DONE and job.result_url == tab("region:12")
        status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
        assert status["HX-Redirect"] == tab("region:12")
        with django_assert_max_num_queries(8):  # the page's parts, kept by the worker
            page = client.get(tab("region:12"))
        assert page.status_code == 200 and "Chaudière-Appalaches" in page.content.decode()
    assert Job.objects.count() == 2


def test_a_page_made_lately_is_made_again_in_the_request_rather_than_by_another_job(
    client: Client, queue: Path, shared_cache: None
) -> None:
    client.get(tab("region:12"))
    job_run(Job.objects.get().pk)
    cache.clear()  # emptied in between
    assert client.get(tab("region:12")).status_code == 200
    assert Job.objects.count() == 1


def test_an_mrc_s_page_and_any_page_without_a_shared_cache_are_made_in_the_request(client: Client, queue: Path) -> None:
    assert client.get(tab("mrc:28")).status_code == 200
    assert client.get(tab("region:12")).status_code == 200  # each process's memory: a job's work would be lost
    assert not Job.objects.exists()


def test_the_request_a_job_makes_has_an_empty_session_a_view_may_read(client: Client, queue: Path) -> None:
    from arrimage.jobs.downloads import _request

    client.get(portrait_url())
    request = _request(Job.objects.get())
    assert request.session.get("anything") is None
    assert request.path == portrait_url() and not request.user.is_authenticated
