"""Scoped roles: territorial editors (for territories) and coordinators (for concertations).

Platform administrators are superusers; members are users linked to a person who holds a seat. Every
permission is decided by `arrimage.access.policy`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory


class RoleKind(models.TextChoices):
    TERRITORIAL_EDITOR = "territorial_editor", _("Territorial editor")
    COORDINATOR = "coordinator", _("Concertation coordinator")


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> RoleGrantQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """A role given to a user over one territory (and everything inside it) or one concertation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    concertation = models.ForeignKey(
        Concertation,
        verbose_name=_("concertation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="territorial_editor", territory__isnull=False, concertation__isnull=True))
                | Q(role="coordinator", concertation__isnull=False, territory__isnull=True),
                name="role_grant_scope_matches_role",
                violation_error_message=_("A territorial editor needs a territory; a coordinator, a concertation."),
            ),
            models.UniqueConstraint(
                fields=["user", "territory"],
                condition=Q(revoked_at__isnull=True, territory__isnull=False),
                name="role_grant_unique_active_territory",
                violation_error_message=_("This user is already an editor of this territory."),
            ),
            models.UniqueConstraint(
                fields=["user", "concertation"],
                condition=Q(revoked_at__isnull=True, concertation__isnull=False),
                name="role_grant_unique_active_concertation",
                violation_error_message=_("This user already coordinates this concertation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.territory or self.concertation}"
