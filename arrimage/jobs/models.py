"""Work that takes a while (an import, a PDF portrait, the province's analysis), carried out in the
background when a task queue is configured: see `arrimage.jobs.services` and docs/operations.md."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for its turn")
    RUNNING = "running", _("in progress")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """One piece of background work asked for by one person (or one visitor's session), and its outcome:
    a page to go to (`result_url`) or a file to download (`result_file`, kept under ARRIMAGE_JOBS_DIR)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    label = models.CharField(_("label"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    # A visitor who is not signed in is known by a digest of their session key, never the key itself.
    session_digest = models.CharField(_("session"), max_length=64, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    result_url = models.CharField(_("result page"), max_length=500, blank=True)
    result_file = models.CharField(_("result file"), max_length=200, blank=True)
    result_headers = models.JSONField(_("result headers"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="job_by_creation")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
