"""The shared glossary (lexique commun): the words and acronyms of community, health, municipal, social-economy
and economic development work, each with its full form, a plain-language definition for citizens, the meaning
each sector gives it, related terms and sources.

Coordinators propose terms; editors approve or refuse them. Only approved terms are shown to the public,
marked up in pages (`<abbr>`) and used by the plain-language check. French is the glossary's language; each
text has an English counterpart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search


class TermStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class GlossarySector(models.TextChoices):
    """The professional worlds whose vocabularies the glossary bridges."""

    COMMUNITY = "community", _("Community")
    HEALTH = "health", _("Health and social services")
    MUNICIPAL = "municipal", _("Municipal")
    SOCIAL_ECONOMY = "social_economy", _("Social economy")
    ECONOMIC = "economic", _("Economic development")


class TermQuerySet(models.QuerySet["Term"]):
    def approved(self) -> TermQuerySet:
        return self.filter(status=TermStatus.APPROVED)

    def matching(self, query: str) -> TermQuerySet:
        """Terms whose acronym, name or English name have a word starting with each word of `query`."""
        return text_search(self, query)


class Term(TimeStampedModel):
    """A word or an acronym of the field.

    `acronym` is empty for a word that is not one (« concertation »); `name` is then the word itself, and for
    an acronym its full form (« municipalité régionale de comté »). `plain` suggests the everyday words to use
    with citizens instead; `jargon` marks a term the plain-language check should flag in a text for citizens
    even when it is not an acronym.
    """

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name = models.CharField(_("term or full form"), max_length=200)
    name_en = models.CharField(_("term or full form in English"), max_length=200, blank=True)
    definition = models.TextField(_("plain-language definition"))
    definition_en = models.TextField(_("plain-language definition in English"), blank=True)
    plain = models.CharField(_("plain words to use instead"), max_length=200, blank=True)
    plain_en = models.CharField(_("plain words to use instead, in English"), max_length=200, blank=True)
    jargon = models.BooleanField(_("jargon to explain in texts for citizens"), default=False)
    related = models.ManyToManyField("self", verbose_name=_("related terms"), blank=True, symmetrical=True)
    status = models.CharField(_("status"), max_length=10, choices=TermStatus.choices, default=TermStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # The folded acronym and name (`core.text.search_key`): two terms may not share either, whatever
    # their accents and capitals.
    acronym_key = models.CharField(_("acronym key"), max_length=80, editable=False, default="")
    name_key = models.CharField(_("name key"), max_length=300, editable=False, default="")
    search_key = models.CharField(_("search key"), max_length=600, editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")

    history = HistoricalRecords(
        excluded_fields=["search_key", "search_stems", "acronym_key", "name_key", "updated_at"],
        m2m_fields=[related],
    )
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["name_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                condition=~Q(status="refused"),
                name="term_name_unique",
                violation_error_message=_("Another term already has this name."),
            ),
            models.UniqueConstraint(
                fields=["acronym_key"],
                condition=~Q(status="refused") & ~Q(acronym_key=""),
                name="term_acronym_unique",
                violation_error_message=_("Another term already has this acronym."),
            ),
        ]
        indexes = [models.Index(fields=["status", "name_key"], name="term_status_name")]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:term_detail", args=[self.pk])


class SectorMeaning(models.Model):
    """What a term means in one sector, when its meaning there differs or needs saying."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="meanings")
    sector = models.CharField(_("sector"), max_length=20, choices=GlossarySector.choices)
    meaning = models.TextField(_("meaning"))
    meaning_en = models.TextField(_("meaning in English"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meaning in a sector")
        verbose_name_plural = _("meanings in sectors")
        ordering = ["term", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "sector"],
                name="meaning_one_per_sector",
                violation_error_message=_("This term already has a meaning for this sector."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.get_sector_display()})"


class TermSource(models.Model):
    """A public source a term's definition rests on."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["term", "order", "id"]

    def __str__(self) -> str:
        return self.title
