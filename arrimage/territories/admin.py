"""Territories in the admin: read-only, since the reference data is written by its loader only."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import ReferenceDataLoad, Territory


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "code", "designation", "population")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    exclude = ("boundary",)
    list_select_related = ("parent",)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """Search as the site does: insensitive to accents, hyphens and « St »/« Ste »."""
        if not search_term:
            return queryset, False
        return queryset & Territory.objects.matching(search_term), False


@admin.register(ReferenceDataLoad)
class ReferenceDataLoadAdmin(ReadOnlyAdmin):
    list_display = ("loaded_at", "checksum", "created", "updated", "unchanged", "loaded_by")
