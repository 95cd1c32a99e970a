"""The cycle of a démarche: mobilisation of partners, shared portrait, common vision, priorities, concerted
action plan, implementation and follow-up, evaluation, then again.

A démarche's stage is the latest of its dated transitions; each transition keeps a short note. Every write
goes through `arrimage.cycle.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.concertation.models import Concertation
from arrimage.core.models import TimeStampedModel


class Stage(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation of partners")
    PORTRAIT = "portrait", _("Shared portrait")
    VISION = "vision", _("Common vision")
    PRIORITIES = "priorities", _("Priorities")
    PLAN = "plan", _("Concerted action plan")
    IMPLEMENTATION = "implementation", _("Implementation and follow-up")
    EVALUATION = "evaluation", _("Evaluation")


class StageTransition(TimeStampedModel):
    """A démarche entered a stage of its cycle on a day."""

    concertation = models.ForeignKey(
        Concertation, verbose_name=_("démarche"), on_delete=models.CASCADE, related_name="stage_transitions"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    entered_on = models.DateField(_("entered on"))
    round = models.PositiveSmallIntegerField(
        _("round"), default=1, help_text=_("The cycle's round: 2 once the démarche starts again after an evaluation.")
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stage_transitions",
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("stage of the cycle")
        verbose_name_plural = _("stages of the cycle")
        ordering = ["concertation", "-entered_on", "-pk"]
        indexes = [models.Index(fields=["concertation", "-entered_on"], name="stage_concertation_entered")]

    def __str__(self) -> str:
        return self.get_stage_display()
