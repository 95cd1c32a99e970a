"""The log of imports (what each wrote, so that it can be undone) and the column mappings people saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Organisations")
    PEOPLE = "people", _("People with their positions")
    MEMBERS = "members", _("Members of a concertation")
    CONCERTATIONS = "concertations", _("Concertations")
    SERVICES = "services", _("Services")
    POPOLO = "popolo", _("Popolo bundle")
    HSDS = "hsds", _("Open Referral HSDS")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    COMMITTED = "committed", _("Committed")
    UNDONE = "undone", _("Undone")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One import: who, when, which file (by its digest), what it found and what it wrote."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    digest = models.CharField(_("SHA-256 digest of the file"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default="previewed")
    options = models.JSONField(_("options"), default=dict, blank=True, help_text=_("Sheet, mapping, concertation…"))
    counts = models.JSONField(_("counts"), default=dict, blank=True, help_text=_("Rows created, linked, updated…"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"


class ImportChange(models.Model):
    """One record an import created or changed, with its values before, so that the import can be undone."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        ALIAS_ADDED = "alias_added", _("Alias added")

    run = models.ForeignKey(ImportRun, verbose_name=_("import"), on_delete=models.CASCADE, related_name="changes")
    model = models.CharField(_("model"), max_length=60, help_text=_("app_label.model_name"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    before = models.JSONField(_("values before"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        ordering = ["run", "order"]
        indexes = [models.Index(fields=["model", "object_id"], name="import_change_object")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} #{self.object_id}"


class SavedMapping(models.Model):
    """A column mapping a person confirmed, reused the next time they import a file with the same headers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="import_mappings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    headers_key = models.CharField(_("headers"), max_length=64, help_text=_("Digest of the file's folded headers."))
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "headers_key"], name="saved_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"
