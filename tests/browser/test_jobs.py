"""A background job followed in the browser: the page polls its state, then offers the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser


def test_the_job_page_follows_the_work_and_offers_the_file(
    browser: Any, base_url: str, settings: Any, tmp_path: Path
) -> None:
    from arrimage.jobs.models import Job
    from arrimage.jobs.services import job_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ARRIMAGE_JOBS_DIR = str(tmp_path / "jobs")
    page = new_page(browser, base_url)
    try:
        page.goto(f"{base_url}/territoires/mrc:28/portrait.pdf")
        assert "/taches/" in page.url
        page.wait_for_selector("text=En attente de son tour")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)

        job_run(Job.objects.get().pk)  # what the worker does
        link = page.wait_for_selector("text=Télécharger le fichier", timeout=10_000)
        assert page.locator("[hx-get]").count() == 0  # no more polling
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith("portrait-les-etchemins")
    finally:
        page.close()
