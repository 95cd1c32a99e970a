"""The territories of Québec: province, administrative regions, MRC/TE, municipalities, boroughs,
health and social services regions, and custom areas.

Every territory has a stable public identifier `<kind>:<code>` (`region:03`, `mrc:31`,
`municipality:31084`, `borough:REQ05`, `rss:03`, `custom:<slug>`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search


class TerritoryKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGION = "region", _("Administrative region")
    MRC = "mrc", _("MRC or equivalent territory")
    MUNICIPALITY = "municipality", _("Municipality")
    BOROUGH = "borough", _("Borough")
    RSS = "rss", _("Health and social services region")
    CUSTOM = "custom", _("Custom area")


# The order in which search results and lists show the kinds: largest first.
KIND_ORDER = [
    TerritoryKind.PROVINCE,
    TerritoryKind.REGION,
    TerritoryKind.RSS,
    TerritoryKind.MRC,
    TerritoryKind.MUNICIPALITY,
    TerritoryKind.BOROUGH,
    TerritoryKind.CUSTOM,
]


class MetropolitanInfluenceZone(models.IntegerChoices):
    """Statistics Canada's metropolitan influence zones (ZIM), as published by the ISQ."""

    CMA = 1, _("Located in a census metropolitan area (CMA)")
    CA_WITH_TRACTS = 2, _("Located in a census agglomeration with census tracts")
    CA_WITHOUT_TRACTS = 3, _("Located in a census agglomeration without census tracts")
    STRONG = 4, _("Strong metropolitan influence")
    MODERATE = 5, _("Moderate metropolitan influence")
    WEAK = 6, _("Weak metropolitan influence")
    NONE = 7, _("No metropolitan influence")


class MrcTypology(models.IntegerChoices):
    """The ISQ typology of MRCs, from urban to very remote."""

    LARGE_METRO = 1, _("MRC in a large metropolitan area")
    MEDIUM_METRO = 2, _("MRC in a medium-sized metropolitan area")
    NEAR_METRO = 3, _("MRC near a metropolitan area")
    NEAR_URBAN = 4, _("MRC near or within an urban area")
    REMOTE = 5, _("MRC remote from an urban or metropolitan area")
    VERY_REMOTE = 6, _("MRC very remote from an urban or metropolitan area")


class Urbanity(models.TextChoices):
    """Arrimage's urban / periurban / rural class, derived from the metropolitan influence zone.

    Rule (documented in docs/territories.md): a municipality inside a census metropolitan area or a
    census agglomeration (ZIM 1, 2, 3) is urban; one under strong metropolitan influence (ZIM 4, at
    least 30% of its workers commute to an urban core) is periurban; the others (ZIM 5, 6, 7) are rural.
    """

    URBAN = "urban", _("Urban")
    PERIURBAN = "periurban", _("Periurban")
    RURAL = "rural", _("Rural")

    @classmethod
    def from_zone(cls, zone: int | None) -> Urbanity | None:
        if zone is None:
            return None
        if zone <= MetropolitanInfluenceZone.CA_WITHOUT_TRACTS:
            return cls.URBAN
        if zone == MetropolitanInfluenceZone.STRONG:
            return cls.PERIURBAN
        return cls.RURAL


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def of_kind(self, kind: str) -> TerritoryQuerySet:
        return self.filter(kind=kind)

    def matching(self, query: str) -> TerritoryQuerySet:
        """Territories whose name has a word starting with each word of `query`.

        Insensitive to accents, case, hyphens, punctuation and the « St »/« Ste » abbreviations.
        """
        return text_search(self, query)

    def without_geometry(self) -> TerritoryQuerySet:
        """Leave the boundary out: pages list territories by the hundred and never draw it."""
        return self.defer("boundary")

    def by_code(self, public_id: str) -> TerritoryQuerySet:
        if "\x00" in public_id:  # no code has one, and PostgreSQL refuses it in a query
            return self.none()
        kind, _sep, code = public_id.partition(":")
        return self.filter(kind=kind, code=code)


class Territory(TimeStampedModel):
    """A territory of Québec, with its official figures."""

    kind = models.CharField(_("kind"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(
        _("code"),
        max_length=60,
        help_text=_("Official code within its kind: MAMH geographic code, MRC code, region number, or a slug."),
    )
    name = models.CharField(_("name"), max_length=200)
    search_key = models.CharField(
        _("search key"),
        max_length=250,
        editable=False,
        help_text=_("The name folded for search: lower case, without accents or punctuation."),
    )
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    rss = models.ForeignKey(
        "self",
        verbose_name=_("health and social services region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rss_municipalities",
        limit_choices_to={"kind": TerritoryKind.RSS},
    )
    designation = models.CharField(
        _("designation"), max_length=60, blank=True, help_text=_("Ville, Municipalité, Paroisse, MRC, TE…")
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Population of the population decree in force, from the MAMH directory of municipalities."),
    )
    population_estimate_isq = models.PositiveIntegerField(
        _("ISQ population estimate"),
        null=True,
        blank=True,
        help_text=_("Population estimate of the ISQ geographic code (previous edition)."),
    )
    population_census_2021 = models.PositiveIntegerField(
        _("population at the 2021 census"), null=True, blank=True, help_text=_("Statistics Canada, 2021 Census.")
    )
    area_total_km2 = models.DecimalField(_("total area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True)
    area_land_km2 = models.DecimalField(_("land area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True)
    metropolitan_influence_zone = models.PositiveSmallIntegerField(
        _("metropolitan influence zone"), choices=MetropolitanInfluenceZone.choices, null=True, blank=True
    )
    mrc_typology = models.PositiveSmallIntegerField(
        _("MRC typology"), choices=MrcTypology.choices, null=True, blank=True
    )
    metropolitan_area = models.CharField(_("census metropolitan area"), max_length=100, blank=True)
    metropolitan_community = models.CharField(_("metropolitan community"), max_length=100, blank=True)
    constituted_on = models.DateField(_("constituted on"), null=True, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    boundary = models.TextField(
        _("boundary"), blank=True, help_text=_("Polygon or multipolygon as GeoJSON geometry, in WGS84.")
    )
    source = models.CharField(_("source"), max_length=60, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_kind_code"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="territory_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="territory_longitude_range",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"], name="territory_kind_name"),
            models.Index(fields=["updated_at"], name="territory_updated_at"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def public_id(self) -> str:
        return f"{self.kind}:{self.code}"

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"public_id": self.public_id})

    @property
    def urbanity(self) -> Urbanity | None:
        return Urbanity.from_zone(self.metropolitan_influence_zone)

    @property
    def density(self) -> float | None:
        """Inhabitants per km² of land."""
        if not self.population or not self.area_land_km2:
            return None
        return self.population / float(self.area_land_km2)


class ReferenceDataLoad(models.Model):
    """One load of the reference territories: when, which files (checksum), and what it changed."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    checksum = models.CharField(_("checksum of the files"), max_length=64)
    created = models.PositiveIntegerField(_("territories created"))
    updated = models.PositiveIntegerField(_("territories updated"))
    unchanged = models.PositiveIntegerField(_("territories unchanged"))
    loaded_by = models.CharField(_("loaded by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("reference data load")
        verbose_name_plural = _("reference data loads")
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"{self.loaded_at:%Y-%m-%d %H:%M} ({self.checksum[:12]})"
