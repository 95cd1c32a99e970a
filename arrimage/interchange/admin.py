"""The log of imports, readable by administrators; imports are made and undone through their services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ImportChange, ImportRun


class ImportChangeInline(admin.TabularInline):
    model = ImportChange
    fields = ("order", "action", "model", "object_id", "before")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "filename", "status", "user")
    list_filter = ("kind", "status")
    search_fields = ("filename", "user__email", "digest")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "kind",
        "filename",
        "digest",
        "status",
        "options",
        "counts",
        "created_at",
        "committed_at",
        "undone_at",
    )
    inlines = [ImportChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
