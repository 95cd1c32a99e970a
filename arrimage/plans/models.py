"""Plans and policies of municipalities, MRCs and concertations, followed from adoption to results.

A plan (a politique MADA, a plan d'action concerté…) belongs to a territory (the municipality or MRC that
adopts it) and/or to a concertation. It moves through dated stages, is accompanied by organisations, and
is made of objectives whose actions are led by co-leaders, supported by partners' contributions and
followed by dated progress updates. Every write goes through `arrimage.plans.services`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Dimension, Theme
from arrimage.core.models import TimeStampedModel
from arrimage.territories.models import Territory


def _ordered(first: str, second: str, name: str, message: Any) -> models.CheckConstraint:
    """`first` comes on or before `second` when both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{first}__isnull": True})
        | Q(**{f"{second}__isnull": True})
        | Q(**{f"{first}__lte": models.F(second)}),
        name=name,
        violation_error_message=message,
    )


def _weight_field() -> models.DecimalField:
    return models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        help_text=_("How much this counts in the progress of what it belongs to (1 unless some count more)."),
    )


def _positive_weight(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(weight__gt=0), name=name, violation_error_message=_("The weight must be greater than zero.")
    )


# Plans --------------------------------------------------------------------------------------------


class PlanKind(models.TextChoices):
    STRATEGIC = "strategic", _("Plan stratégique territorial")
    CONCERTED_ACTION = "concerted_action", _("Plan d'action concerté")
    FAMILY = "family", _("Politique familiale")
    MADA = "mada", _("Politique MADA (municipalité amie des aînés)")
    YOUTH = "youth", _("Politique jeunesse")
    SOCIAL_DEVELOPMENT = "social_development", _("Plan de développement social")
    AGRICULTURAL_ZONE = "agricultural_zone", _("Plan de développement de la zone agricole")
    OTHER = "other", _("Other plan or policy")


class PlanStage(models.TextChoices):
    """The stages of a plan's life, in their usual order (see `STAGE_ORDER`)."""

    DRAFTING = "drafting", _("Being drafted")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTATION = "implementation", _("Being implemented")
    EVALUATED = "evaluated", _("Evaluated")
    EXPIRED = "expired", _("Expired")


STAGE_ORDER = {stage: index for index, stage in enumerate(PlanStage.values)}

# Stages in which a plan is in force and should have someone accompanying its implementation.
IN_FORCE = (PlanStage.ADOPTED, PlanStage.IMPLEMENTATION)


class PlanQuerySet(models.QuerySet["Plan"]):
    def within(self, territory_ids: set[int] | list[int]) -> PlanQuerySet:
        """Plans owned by one of these territories or covering one of them."""
        ids = list(territory_ids)
        return self.filter(Q(owner_territory_id__in=ids) | Q(territories__in=ids)).distinct()

    def in_stage(self, *stages: str) -> PlanQuerySet:
        return self.filter(stage__in=stages)


class Plan(TimeStampedModel):
    """A plan or policy, owned by a municipality or MRC and/or by a concertation."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=PlanKind.choices)
    description = models.TextField(_("description"), blank=True)
    owner_territory = models.ForeignKey(
        Territory,
        verbose_name=_("owner territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_plans",
        help_text=_("The municipality or MRC that adopts the plan."),
    )
    owner_concertation = models.ForeignKey(
        Concertation,
        verbose_name=_("owner concertation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text=_("The concertation that carries the plan, if any."),
    )
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territories covered"), blank=True, related_name="plans"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="plans")
    start_date = models.DateField(_("horizon start"), null=True, blank=True)
    end_date = models.DateField(_("horizon end"), null=True, blank=True)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=PlanStage.choices,
        default=PlanStage.DRAFTING,
        editable=False,
        help_text=_("Changed only by recording a dated stage change."),
    )
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True, editable=False)
    adoption_resolution = models.CharField(
        _("adoption resolution"),
        max_length=120,
        blank=True,
        help_text=_("The number of the council's or board's resolution that adopted the plan."),
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["name"]
        constraints = [
            _ordered("start_date", "end_date", "plan_dates_ordered", _("The horizon ends before it starts.")),
            models.CheckConstraint(
                condition=~Q(name=""), name="plan_name_not_empty", violation_error_message=_("Give the plan a name.")
            ),
            models.CheckConstraint(
                condition=Q(owner_territory__isnull=False) | Q(owner_concertation__isnull=False),
                name="plan_has_an_owner",
                violation_error_message=_("Choose the municipality, MRC or concertation that owns the plan."),
            ),
        ]
        indexes = [models.Index(fields=["stage", "kind"], name="plan_stage_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:plan_detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        owners = [str(owner) for owner in (self.owner_territory, self.owner_concertation) if owner is not None]
        return " — ".join(owners)


class StageChange(TimeStampedModel):
    """A plan entering a stage on a date. The latest change is the plan's stage."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=PlanStage.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(
        _("reason"), max_length=250, blank=True, help_text=_("Needed when the plan goes back to an earlier stage.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["plan", "on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "stage", "on"],
                name="stage_change_unique_per_day",
                violation_error_message=_("This stage change is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.get_stage_display()} ({self.on.isoformat()})"


class PlanDocument(TimeStampedModel):
    """A link to a plan's document: the plan itself, the resolution, an evaluation report…"""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("address"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["plan", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "url"],
                name="plan_document_unique_url",
                violation_error_message=_("This document is already linked to the plan."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="plan_document_title_not_empty",
                violation_error_message=_("Give the document a title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AccompanimentQuerySet(models.QuerySet["Accompaniment"]):
    def active(self, on: dt.date) -> AccompanimentQuerySet:
        """Accompaniments that cover the day `on`."""
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Accompaniment(TimeStampedModel):
    """An organisation (and optionally one of its people) accompanying a plan's owner through one stage."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="accompaniments")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="accompaniments"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accompaniments",
    )
    stage = models.CharField(
        _("stage accompanied"), max_length=20, choices=PlanStage.choices, default=PlanStage.IMPLEMENTATION
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AccompanimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        ordering = ["plan", "start_date", "pk"]
        constraints = [
            _ordered(
                "start_date", "end_date", "accompaniment_dates_ordered", _("The end date comes before the start date.")
            ),
            models.UniqueConstraint(
                fields=["plan", "organization", "stage", "start_date"],
                name="accompaniment_unique_start",
                violation_error_message=_("This accompaniment is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.plan}"


# Objectives and actions ---------------------------------------------------------------------------


class Objective(TimeStampedModel):
    """What a plan sets out to achieve; its actions say how."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = _weight_field()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "order", "pk"]
        constraints = [
            _positive_weight("objective_weight_positive"),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="objective_title_not_empty",
                violation_error_message=_("Give the objective a title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChangeLevel(models.TextChoices):
    """The level of change an action aims at, from individual habits to public policies."""

    HABITS = "habits", _("Individual habits")
    LIVING_ENVIRONMENTS = "environments", _("Living environments")
    LIVING_CONDITIONS = "conditions", _("Living conditions")
    PUBLIC_POLICIES = "policies", _("Public policies")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class Action(TimeStampedModel):
    """Something done towards an objective, under the shared leadership of its co-leaders."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    co_leaders = models.ManyToManyField(
        Organization,
        verbose_name=_("co-leaders"),
        blank=True,
        related_name="led_actions",
        help_text=_("The organisations that share the leadership of the action."),
    )
    partners = models.ManyToManyField(
        Organization, verbose_name=_("partners"), blank=True, related_name="partner_actions"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="plan_actions")
    dimensions = models.JSONField(
        _("dimensions"),
        default=list,
        blank=True,
        help_text=_("Social, economic, environmental or cultural: the dimensions the action works on."),
    )
    change_level = models.CharField(
        _("level of change aimed at"), max_length=30, choices=ChangeLevel.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = _weight_field()
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["objective", "order", "pk"]
        constraints = [
            _ordered("start_date", "end_date", "action_dates_ordered", _("The action ends before it starts.")),
            _positive_weight("action_weight_positive"),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="action_title_not_empty",
                violation_error_message=_("Give the action a title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def dimension_labels(self) -> list[str]:
        labels = dict(Dimension.choices)
        return [str(labels.get(value, value)) for value in self.dimensions]


class ProgressUpdate(TimeStampedModel):
    """Where an action stands on a date: a few words and a percentage done."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    on = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("percentage done"))
    text = models.TextField(_("what was done"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["action", "-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="progress_percent_between_0_and_100",
                violation_error_message=_("The percentage done is between 0 and 100."),
            ),
        ]
        indexes = [models.Index(fields=["action", "on"], name="progress_action_on")]

    def __str__(self) -> str:
        return f"{self.action} — {self.percent} % ({self.on.isoformat()})"


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    STAFF_HOURS = "staff_hours", _("Staff hours")
    IN_KIND = "in_kind", _("In kind")
    EXPERTISE = "expertise", _("Expertise")
    PREMISES = "premises", _("Premises")


class ContributionUnit(models.TextChoices):
    DOLLARS = "dollars", _("dollars")
    HOURS = "hours", _("hours")


HOURLY_KINDS = frozenset({ContributionKind.STAFF_HOURS, ContributionKind.EXPERTISE})


def contribution_unit(kind: str) -> ContributionUnit:
    """Staff time and expertise are counted in hours; money, goods lent or given and premises in dollars."""
    return ContributionUnit.HOURS if kind in HOURLY_KINDS else ContributionUnit.DOLLARS


class Contribution(TimeStampedModel):
    """An organisation's commitment to an action, and what it delivered.

    Amounts are in hours for staff time and expertise, and in dollars otherwise (in-kind and premises are
    valued in dollars); see `contribution_unit`.
    """

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="contributions")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    committed = models.DecimalField(_("amount committed"), max_digits=12, decimal_places=2, null=True, blank=True)
    delivered = models.DecimalField(_("amount delivered"), max_digits=12, decimal_places=2, null=True, blank=True)
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["action", "organization", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__isnull=True) | Q(committed__gte=0),
                name="contribution_committed_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(delivered__isnull=True) | Q(delivered__gte=0),
                name="contribution_delivered_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            _ordered(
                "committed_on",
                "delivered_on",
                "contribution_dates_ordered",
                _("A contribution cannot be delivered before it was committed."),
            ),
            models.UniqueConstraint(
                fields=["action", "organization", "kind"],
                name="contribution_unique_kind",
                violation_error_message=_("This organisation already has a contribution of this kind to the action."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_kind_display()}"

    @property
    def unit(self) -> ContributionUnit:
        return contribution_unit(self.kind)
