"""Base models shared by every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and modification times to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """A number that grows with every write to the shared registry (organisations, people, concertations,
    seats, memberships, services, territories, analysis decisions).

    What is computed from the registry and kept in a cache names this number in its key: a write makes
    every such entry unreachable at once, in every process, without knowing which entries it touched.
    See `arrimage.core.versions`.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.number}"
