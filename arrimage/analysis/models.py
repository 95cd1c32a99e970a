"""What people decided about the analysis: two concertations judged complementary rather than duplicates.

The analysis modules stay pure: they receive these decisions as plain pairs of ids (see
`selectors.complementary_pairs`), never this model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.concertation.models import Concertation
from arrimage.core.models import TimeStampedModel


class OverlapDecision(TimeStampedModel):
    """Two concertations that the overlap analysis paired, judged complementary by someone who knows them:
    the pair leaves the list of possible overlaps until the decision is withdrawn.

    The pair is stored in one order only (`first` has the smaller id), so that it is recorded once.
    """

    first = models.ForeignKey(
        Concertation,
        verbose_name=_("first concertation"),
        on_delete=models.CASCADE,
        related_name="overlap_decisions_as_first",
    )
    second = models.ForeignKey(
        Concertation,
        verbose_name=_("second concertation"),
        on_delete=models.CASCADE,
        related_name="overlap_decisions_as_second",
    )
    note = models.TextField(
        _("why they are complementary"),
        help_text=_("In plain words: what each one does that the other does not."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overlap_decisions",
    )
    decided_by_name = models.CharField(
        _("name of the person who decided"),
        max_length=300,
        blank=True,
        help_text=_("Kept when their account is deleted."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("pair judged complementary")
        verbose_name_plural = _("pairs judged complementary")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")),
                name="overlap_decision_pair_ordered",
                violation_error_message=_("The first concertation of a pair must have the smaller number."),
            ),
            models.UniqueConstraint(
                fields=["first", "second"],
                name="overlap_decision_unique_pair",
                violation_error_message=_("These two concertations were already judged complementary."),
            ),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="overlap_decision_note_not_empty",
                violation_error_message=_("Say why these two concertations are complementary."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} — {self.second}"

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.first_id, self.second_id))
