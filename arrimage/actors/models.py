"""Organisations, people and the positions that tie them together."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.core.dates import DatePrecision, PartialDate
from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search
from arrimage.territories.models import Territory


class Sector(models.TextChoices):
    COMMUNITY = "community", _("Community")
    MUNICIPAL = "municipal", _("Municipal")
    SUPRALOCAL = "supralocal", _("MRC and supralocal")
    HEALTH = "health", _("Health and social services")
    EDUCATION = "education", _("Education")
    SOCIAL_ECONOMY = "social_economy", _("Social economy")
    ECONOMIC = "economic", _("Economic development")
    PHILANTHROPY = "philanthropy", _("Philanthropy")
    GOVERNMENT = "government", _("Government")
    CITIZEN = "citizen", _("Citizen collective")
    OTHER = "other", _("Other")


class LegalForm(models.TextChoices):
    NONPROFIT = "nonprofit", _("Non-profit organisation (OBNL)")
    COOPERATIVE = "cooperative", _("Cooperative")
    MUNICIPALITY = "municipality", _("Municipality or MRC")
    PUBLIC_BODY = "public_body", _("Public body")
    COMPANY = "company", _("Company")
    INFORMAL = "informal", _("Informal group")
    OTHER = "other", _("Other")


class Profession(models.TextChoices):
    COMMUNITY_ORGANISER = "community_organiser", _("Community organiser")
    DEVELOPMENT_AGENT = "development_agent", _("Development agent")
    SOCIAL_DEVELOPMENT_ADVISER = "social_development_adviser", _("Social development adviser")
    PLANNER = "planner", _("Planner (aménagiste)")
    HEALTHY_LIFESTYLE_AGENT = "healthy_lifestyle_agent", _("Healthy-lifestyle agent")
    EXECUTIVE_DIRECTOR = "executive_director", _("Executive director")
    COORDINATOR = "coordinator", _("Coordinator")
    ELECTED_OFFICIAL = "elected_official", _("Elected official")
    OTHER = "other", _("Other")


neq_validator = RegexValidator(r"^\d{10}$", _("A Québec enterprise number (NEQ) has exactly 10 digits."))


class PartialDateMixin:
    """Reads the partial start and end dates of a dated row (see arrimage.core.dates)."""

    start_date: dt.date | None
    start_precision: str
    end_date: dt.date | None
    end_precision: str

    @property
    def start(self) -> PartialDate | None:
        return PartialDate.from_stored(self.start_date, self.start_precision) if self.start_date else None

    @property
    def end(self) -> PartialDate | None:
        return PartialDate.from_stored(self.end_date, self.end_precision) if self.end_date else None

    def is_current(self, on: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= on
        return started and (self.end_date is None or self.end_date >= on)


def start_fields() -> tuple[models.DateField, models.CharField]:
    return (
        models.DateField(_("start date"), null=True, blank=True),
        models.CharField(_("start date precision"), max_length=5, choices=DatePrecision.choices, default="day"),
    )


def end_fields() -> tuple[models.DateField, models.CharField]:
    return (
        models.DateField(_("end date"), null=True, blank=True),
        models.CharField(_("end date precision"), max_length=5, choices=DatePrecision.choices, default="day"),
    )


def dates_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(start_date__lte=models.F("end_date")),
        name=name,
        violation_error_message=_("The end date comes before the start date."),
    )


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def matching(self, query: str) -> OrganizationQuerySet:
        """Organisations whose name, acronym or other names have a word starting with each word of `query`."""
        return text_search(self, query)

    def serving(self, territory_ids: list[int] | set[int]) -> OrganizationQuerySet:
        return self.filter(territories_served__in=territory_ids).distinct()

    def active(self, on: dt.date) -> OrganizationQuerySet:
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Organization(PartialDateMixin, TimeStampedModel):
    """A community organisation, municipality, MRC, CISSS/CIUSSS, school service centre, social-economy
    enterprise, foundation, ministry…"""

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    other_names = models.JSONField(
        _("other names"), default=list, blank=True, help_text=_("Former names and usual short forms, one per line.")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    neq = models.CharField(_("Québec enterprise number (NEQ)"), max_length=10, blank=True, validators=[neq_validator])
    website = models.URLField(_("website"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    territories_served = models.ManyToManyField(
        Territory, verbose_name=_("territories served"), blank=True, related_name="organizations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    start_date, start_precision = start_fields()
    end_date, end_precision = end_fields()
    search_key = models.CharField(_("search key"), max_length=600, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            dates_ordered("organization_dates_ordered"),
            models.UniqueConstraint(
                fields=["neq"],
                condition=~Q(neq=""),
                name="organization_unique_neq",
                violation_error_message=_("Another organisation already has this NEQ."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organization_name_not_empty",
                violation_error_message=_("Give the organisation a name."),
            ),
        ]
        indexes = [
            models.Index(fields=["sector", "name"], name="organization_sector_name"),
            models.Index(fields=["updated_at"], name="organization_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organization_detail", args=[self.pk])

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


# What an erased person is called from then on, on every page and in every export (see
# arrimage.privacy.erasure). The stored family name is the French form, the language of the registry.
ERASED_NAME = _("Erased person")
ERASED_STORED_NAME = "Personne effacée"


class Person(TimeStampedModel):
    """A professional, an elected official or a citizen.

    Names, contact details and notes are personal information (Québec's Law 25): they are shown only to
    the people allowed by `arrimage.access.policy`. A citizen's identity is never public unless they
    consented to appear publicly.
    """

    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Private: visible only to those who may edit."))
    is_citizen = models.BooleanField(
        _("citizen"), default=False, help_text=_("Sits as a citizen rather than for an employer.")
    )
    public_consent = models.BooleanField(
        _("consents to appear publicly"),
        default=False,
        help_text=_("Without this consent, visitors see the seat and the organisation, never the name."),
    )
    public_consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    search_key = models.CharField(_("search key"), max_length=250, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    erased_on = models.DateField(
        _("erased on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day this person's identity and contact details were erased at their request."),
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="") | ~Q(family_name=""),
                name="person_has_a_name",
                violation_error_message=_("Give at least a given name or a family name."),
            ),
        ]
        indexes = [
            models.Index(fields=["updated_at"], name="person_updated_at"),
            # The public list of people (those who consented), in alphabetical order, page by page.
            models.Index(
                fields=["family_name", "given_name"], condition=Q(public_consent=True), name="person_public_by_name"
            ),
        ]

    def __str__(self) -> str:
        # Recognised by the names erasure stores, so that lists reading only the names (`only(...)`) name
        # an erased person in the visitor's language without reading another column.
        if self.family_name == ERASED_STORED_NAME and not self.given_name:
            return str(ERASED_NAME)
        return f"{self.given_name} {self.family_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return str(self)


class ConsentScope(models.TextChoices):
    PUBLIC_LISTING = "public_listing", _("Name shown publicly")
    PARTNER_CONTACT = "partner_contact", _("Partners may make contact")


class ConsentSource(models.TextChoices):
    WRITING = "writing", _("In writing")
    EMAIL = "email", _("By email")
    VERBAL = "verbal", _("Verbally")
    RECORD = "record", _("Ticked on the person's record")
    IMPORT = "import", _("Imported from a file")
    OTHER = "other", _("Other")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def current(self) -> ConsentQuerySet:
        """Consents given and not withdrawn."""
        return self.filter(withdrawn_on__isnull=True)


class Consent(TimeStampedModel):
    """A person's consent to one use of their information, with the day it was given and, once withdrawn,
    the day it was withdrawn (Québec's Law 25 asks that consent be specific, recorded and revocable).

    `public_listing` lets their name appear beyond the concertations they sit on; `Person.public_consent`
    is its current state, kept in step by the consent services.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    source = models.CharField(_("how it was given"), max_length=20, choices=ConsentSource.choices, default="other")
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
            models.UniqueConstraint(
                fields=["person", "scope"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_current_per_scope",
                violation_error_message=_("This person already gives this consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_on})"


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self, on: dt.date) -> PositionQuerySet:
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Position(PartialDateMixin, TimeStampedModel):
    """A person working for an organisation, with a job title, a profession and dates."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="positions"
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices, default="other")
    start_date, start_precision = start_fields()
    end_date, end_precision = end_fields()

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date"]
        constraints = [dates_ordered("position_dates_ordered")]
        indexes = [models.Index(fields=["organization", "end_date"], name="position_org_end")]

    def __str__(self) -> str:
        return f"{self.person} — {self.job_title or self.get_profession_display()}, {self.organization.short_name}"
