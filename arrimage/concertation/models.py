"""Instances of concertation, their seats, who holds them over time, and the themes they work on."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.actors.models import (
    Organization,
    PartialDateMixin,
    Person,
    Sector,
    dates_ordered,
    end_fields,
    start_fields,
)
from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search
from arrimage.territories.models import Territory


class Dimension(models.TextChoices):
    SOCIAL = "social", _("Social")
    ECONOMIC = "economic", _("Economic")
    ENVIRONMENTAL = "environmental", _("Environmental")
    CULTURAL = "cultural", _("Cultural")


class Theme(models.Model):
    """An issue that concertations work on, in a shared bilingual taxonomy tied to a dimension."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, unique=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_fr

    @property
    def description(self) -> str:
        return self.description_en if get_language() == "en" else self.description_fr


class ConcertationKind(models.TextChoices):
    TABLE = "table", _("Table de concertation")
    DEMARCHE = "demarche", _("Démarche")
    COMMITTEE = "committee", _("Committee")
    CHANTIER = "chantier", _("Chantier")
    NETWORK = "network", _("Network")
    ALLIANCE = "alliance", _("Alliance")


class Level(models.TextChoices):
    LOCAL = "local", _("Local")
    SUPRALOCAL = "supralocal", _("Supralocal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    EVERY_TWO_MONTHS = "bimonthly", _("Every two months")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_A_YEAR = "twice_yearly", _("Twice a year")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("As needed")


class ConcertationQuerySet(models.QuerySet["Concertation"]):
    def matching(self, query: str) -> ConcertationQuerySet:
        return text_search(self, query)

    def active(self, on: dt.date) -> ConcertationQuerySet:
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def public(self) -> ConcertationQuerySet:
        return self.filter(is_public=True)


class Concertation(PartialDateMixin, TimeStampedModel):
    """A table de concertation, démarche, comité, chantier, réseau or alliance."""

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ConcertationKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    mission = models.TextField(_("mission"), blank=True)
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territories covered"), blank=True, related_name="concertations"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="concertations")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent concertation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The network or regional instance this one belongs to."),
    )
    coordinating_organization = models.ForeignKey(
        Organization,
        verbose_name=_("coordinating or fiduciary organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_concertations",
    )
    funders = models.ManyToManyField(
        Organization, verbose_name=_("funders"), blank=True, related_name="funded_concertations"
    )
    start_date, start_precision = start_fields()
    end_date, end_precision = end_fields()
    meeting_frequency = models.CharField(
        _("meeting frequency"), max_length=20, choices=MeetingFrequency.choices, blank=True
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("A private instance is listed only to its members and editors.")
    )
    search_key = models.CharField(_("search key"), max_length=600, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])
    objects = ConcertationQuerySet.as_manager()

    class Meta:
        verbose_name = _("concertation")
        verbose_name_plural = _("concertations")
        ordering = ["name"]
        constraints = [
            dates_ordered("concertation_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="concertation_name_not_empty",
                violation_error_message=_("Give the concertation a name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="concertation_not_own_parent",
                violation_error_message=_("A concertation cannot belong to itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "level"], name="concertation_kind_level"),
            models.Index(fields=["updated_at"], name="concertation_updated_at"),
            # The public concertations, in alphabetical order: the anonymous list, and the plans and
            # memberships whose concertation must be public to be shown.
            models.Index(fields=["name"], condition=Q(is_public=True), name="concertation_public_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:concertation_detail", args=[self.pk])


class SeatType(models.TextChoices):
    ORGANISATIONAL = "organisational", _("Organisational")
    CITIZEN = "citizen", _("Citizen")
    LIVED_EXPERIENCE = "lived_experience", _("Citizen with lived experience of poverty")
    ELECTED = "elected", _("Elected official")
    OBSERVER = "observer", _("Observer")
    EX_OFFICIO = "ex_officio", _("Ex officio")

    @classmethod
    def citizen_types(cls) -> set[str]:
        return {cls.CITIZEN, cls.LIVED_EXPERIENCE}


class SeatQuerySet(models.QuerySet["Seat"]):
    def open_on(self, on: dt.date) -> SeatQuerySet:
        """Seats that exist on `on`: created before it (or of unknown creation) and not yet abolished."""
        return self.filter(Q(created_on__isnull=True) | Q(created_on__lte=on)).filter(
            Q(abolished_on__isnull=True) | Q(abolished_on__gt=on)
        )


class Seat(TimeStampedModel):
    """A place at a concertation. It exists whether or not someone holds it."""

    concertation = models.ForeignKey(
        Concertation, verbose_name=_("concertation"), on_delete=models.CASCADE, related_name="seats"
    )
    label = models.CharField(_("label"), max_length=200)
    seat_type = models.CharField(_("seat type"), max_length=20, choices=SeatType.choices, default="organisational")
    reserved_sector = models.CharField(_("reserved for the sector"), max_length=20, choices=Sector.choices, blank=True)
    is_voting = models.BooleanField(_("voting"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_on = models.DateField(_("created on"), null=True, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["concertation", "order", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(created_on__isnull=True)
                | Q(abolished_on__isnull=True)
                | Q(created_on__lte=models.F("abolished_on")),
                name="seat_dates_ordered",
                violation_error_message=_("A seat cannot be abolished before it was created."),
            ),
            models.CheckConstraint(
                condition=~Q(label=""),
                name="seat_label_not_empty",
                violation_error_message=_("Give the seat a label."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_citizen(self) -> bool:
        return self.seat_type in SeatType.citizen_types()


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    CO_CHAIR = "co_chair", _("Co-chair")
    CHAIR = "chair", _("Chair")
    COORDINATOR = "coordinator", _("Coordinator")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")


class EndReason(models.TextChoices):
    MANDATE_OVER = "mandate_over", _("Mandate over")
    LEFT_ORGANIZATION = "left_organization", _("Left the organisation")
    REPLACED = "replaced", _("Replaced")
    RESIGNED = "resigned", _("Resigned")
    SEAT_ABOLISHED = "seat_abolished", _("Seat abolished")
    CONCERTATION_ENDED = "concertation_ended", _("Concertation ended")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date) -> MembershipQuerySet:
        """Holdings that cover the day `on`."""
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def open(self) -> MembershipQuerySet:
        return self.filter(end_date__isnull=True)


class Membership(PartialDateMixin, TimeStampedModel):
    """A dated holding of a seat by a person on behalf of an organisation, or by an organisation alone."""

    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default="member")
    start_date, start_precision = start_fields()
    end_date, end_precision = end_fields()
    end_reason = models.CharField(_("reason for ending"), max_length=30, choices=EndReason.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Private: visible only to those who may edit."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["seat", "-start_date"]
        constraints = [
            dates_ordered("membership_dates_ordered"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="membership_has_a_holder",
                violation_error_message=_("Choose the person or the organisation who holds the seat."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=False) | Q(end_reason=""),
                name="membership_end_reason_needs_end",
                violation_error_message=_("A reason for ending needs an end date."),
            ),
            # One open holding per seat. Closed holdings that overlap are refused by the service, which
            # can reason about partial dates.
            models.UniqueConstraint(
                fields=["seat"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_per_seat",
                violation_error_message=_("This seat is already held. End that holding first."),
            ),
        ]
        indexes = [
            models.Index(fields=["seat", "start_date", "end_date"], name="membership_seat_dates"),
            models.Index(fields=["person", "end_date"], name="membership_person_end"),
            models.Index(fields=["organization", "end_date"], name="membership_org_end"),
        ]

    def __str__(self) -> str:
        holder = self.person or self.organization
        return f"{holder} — {self.seat}"
