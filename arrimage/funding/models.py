"""Funding programmes and their deadlines.

A programme (the Fonds québécois d'initiatives sociales through the Alliances pour la solidarité, the Fonds
régions et ruralité, a foundation's community fund…) is offered by a funder to some territories (all of
Québec when it names none), on some themes, to some kinds of organisations, with conditions (a concertation,
a partnership or an adopted plan required), amounts and dated deadlines. `arrimage.funding.matching` says
which concertations and plan actions fit it, and why. Every write goes through `arrimage.funding.services`.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.actors.models import Organization
from arrimage.concertation.models import Theme
from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search
from arrimage.territories.models import Territory


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECURRING = "recurring", _("Recurring (calls each year)")
    CLOSED = "closed", _("Closed")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def matching(self, query: str) -> ProgrammeQuerySet:
        return text_search(self, query)

    def available(self) -> ProgrammeQuerySet:
        """Programmes one can still apply to: open or recurring."""
        return self.exclude(status=ProgrammeStatus.CLOSED)

    def with_deadline_after(self, day: dt.date) -> ProgrammeQuerySet:
        """Available programmes with a deadline on or after `day`."""
        return self.available().filter(pk__in=ProgrammeDeadline.objects.filter(date__gte=day).values("programme_id"))


class Programme(TimeStampedModel):
    """A funding programme, with its criteria, amounts and deadlines."""

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    funder = models.ForeignKey(
        Organization,
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_("The funder when it is in the registry."),
    )
    funder_name = models.CharField(
        _("funder's name"),
        max_length=250,
        blank=True,
        help_text=_("The funder as people call it (a ministry, a foundation), when it is not in the registry."),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="programmes")
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territories where it applies"),
        blank=True,
        related_name="programmes",
        help_text=_("Leave empty when the programme applies to all of Québec."),
    )
    eligible_sectors = models.JSONField(
        _("eligible sectors"),
        default=list,
        blank=True,
        help_text=_("The sectors of the organisations that may apply; empty when any may."),
    )
    eligible_legal_forms = models.JSONField(
        _("eligible legal forms"),
        default=list,
        blank=True,
        help_text=_("The legal forms of the organisations that may apply; empty when any may."),
    )
    requires_concertation = models.BooleanField(_("requires a concertation"), default=False)
    requires_partnership = models.BooleanField(
        _("requires a partnership"), default=False, help_text=_("At least two organisations apply together.")
    )
    requires_plan = models.BooleanField(_("requires an adopted plan"), default=False)
    amount_min = models.DecimalField(_("smallest amount ($)"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(_("largest amount ($)"), max_digits=12, decimal_places=2, null=True, blank=True)
    envelope = models.DecimalField(_("total envelope ($)"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProgrammeStatus.choices, default="open")
    search_key = models.CharField(_("search key"), max_length=600, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="programme_name_not_empty",
                violation_error_message=_("Give the programme a name."),
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="programme_amounts_ordered",
                violation_error_message=_("The smallest amount is larger than the largest amount."),
            ),
            models.CheckConstraint(
                condition=(Q(amount_min__isnull=True) | Q(amount_min__gte=0))
                & (Q(amount_max__isnull=True) | Q(amount_max__gte=0))
                & (Q(envelope__isnull=True) | Q(envelope__gte=0)),
                name="programme_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["status", "name"], name="programme_status_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:programme_detail", args=[self.pk])

    @property
    def funder_label(self) -> str:
        return self.funder.name if self.funder is not None else self.funder_name


class ProgrammeDeadline(TimeStampedModel):
    """A dated deadline of a programme: the submission of applications, a report, an intention letter…"""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="deadlines"
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=200, help_text=_("For example « Submission of applications »."))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("programme deadline")
        verbose_name_plural = _("programme deadlines")
        ordering = ["date", "time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(label=""),
                name="programme_deadline_label_not_empty",
                violation_error_message=_("Say what is due on this date."),
            ),
        ]
        indexes = [models.Index(fields=["date"], name="programme_deadline_date")]

    def __str__(self) -> str:
        return f"{self.programme} — {self.label} ({self.date.isoformat()})"

    def get_absolute_url(self) -> str:
        return f"{self.programme.get_absolute_url()}#echeances"
