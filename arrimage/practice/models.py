"""Practice notes (fiches de pratique): field knowledge kept when people move on.

A note says, in a few short parts, the context of an experience, what was tried, what worked and what did
not, and whom to ask. It is tied to the territories, themes, concertations and plans it speaks of, so that
it shows on their pages and in the handover dossier of the people who sit there. A published note is
public; a draft is seen only by its author and those who may edit it. The contacts part may hold personal
contact details: it is never searched, never published, and shown only to those
`arrimage.access.policy.can_view_note_contacts` allows. Every write goes through
`arrimage.practice.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.actors.models import Organization, PartialDateMixin, dates_ordered, end_fields, start_fields
from arrimage.concertation.models import Concertation, Theme
from arrimage.core.models import TimeStampedModel
from arrimage.core.search import text_search
from arrimage.plans.models import Plan
from arrimage.territories.models import Territory


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NoteLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


# The parts of a note that are searched (never the contacts: they may hold personal information).
SEARCHED_FIELDS = ("title", "summary", "context", "tried", "worked", "did_not_work")


class PracticeNoteQuerySet(models.QuerySet["PracticeNote"]):
    def published(self) -> PracticeNoteQuerySet:
        return self.filter(status=NoteStatus.PUBLISHED)

    def matching(self, query: str) -> PracticeNoteQuerySet:
        """Notes whose text (title, summary, context, what was tried, what worked and what did not) has a
        word starting with each word of `query`, accents and French endings ignored."""
        return text_search(self, query)


class PracticeNote(PartialDateMixin, TimeStampedModel):
    """A short structured note of field practice: context, what was tried, what worked, what did not, and
    whom to ask."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=500, help_text=_("One or two sentences that say what the note teaches.")
    )
    context = models.TextField(_("context"), blank=True, help_text=_("Where, when, with whom, and why."))
    tried = models.TextField(_("what was tried"), blank=True)
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    contacts = models.TextField(
        _("contacts"),
        blank=True,
        help_text=_(
            "Whom to ask, and how to reach them. Private: shown only to the author and to those who may "
            "edit the note, never published."
        ),
    )
    language = models.CharField(_("language"), max_length=2, choices=NoteLanguage.choices, default="fr")
    start_date, start_precision = start_fields()
    end_date, end_precision = end_fields()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_notes",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_notes",
        help_text=_("The organisation where the experience took place, if any."),
    )
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territories"), blank=True, related_name="practice_notes"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="practice_notes")
    concertations = models.ManyToManyField(
        Concertation, verbose_name=_("concertations"), blank=True, related_name="practice_notes"
    )
    plans = models.ManyToManyField(Plan, verbose_name=_("plans"), blank=True, related_name="practice_notes")
    status = models.CharField(
        _("status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The searched text is long (a whole note), so both columns are unbounded text.
    search_key = models.TextField(_("search key"), editable=False, default="")
    search_stems = models.TextField(_("search terms"), editable=False, default="")
    is_demo = models.BooleanField(_("demonstration data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "search_stems", "updated_at"])
    objects = PracticeNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice note")
        verbose_name_plural = _("practice notes")
        ordering = ["-updated_at", "-pk"]
        constraints = [dates_ordered("practice_note_dates_ordered")]
        indexes = [models.Index(fields=["status", "-updated_at"], name="practice_note_by_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:note_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == NoteStatus.PUBLISHED

    def searched_text(self) -> str:
        return "\n".join(getattr(self, name) for name in SEARCHED_FIELDS)
