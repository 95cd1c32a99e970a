"""What organisations offer, for whom and where: services and their locations, shaped after Open Referral
HSDS 3.0 so that they export and import in that standard."""

from __future__ import annotations

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


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 service statuses."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Location(TimeStampedModel):
    """A place where an organisation offers services (HSDS `location`). Public information only."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=250)
    address = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
                violation_error_message=_("A latitude lies between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
                violation_error_message=_("A longitude lies between -180 and 180."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet["Service"]):
    def matching(self, query: str) -> ServiceQuerySet:
        return text_search(self, query)


class Service(TimeStampedModel):
    """What an organisation offers, for whom and on which territory (HSDS `service`)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("service email address"), blank=True, help_text=_("A public address of the service, never a person's.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default="active")
    eligibility = models.TextField(_("eligibility"), blank=True, help_text=_("Who may use the service."))
    target_population = models.CharField(_("target population"), max_length=250, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="services")
    service_areas = models.ManyToManyField(
        Territory, verbose_name=_("service areas"), blank=True, related_name="services"
    )
    locations = models.ManyToManyField(Location, verbose_name=_("locations"), blank=True, related_name="services")
    search_key = models.CharField(_("search key"), max_length=600, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="service_name_not_empty",
                violation_error_message=_("Give the service a name."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="service_org_status")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organization_detail", args=[self.organization_id]) + f"#service-{self.pk}"
