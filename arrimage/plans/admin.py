"""Plans, objectives and actions in the Django admin, for platform administrators only.

Saves go through `arrimage.plans.services` with the administrator as the acting user; nothing is deleted
from here. A plan's stages, accompaniments, documents, progress updates and contributions are shown to
read: they are recorded through their own services (pages, API, imports), which check their rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from arrimage.actors.admin import AdministratorsOnly, ServiceAdmin

from . import services
from .models import Accompaniment, Action, Contribution, Objective, Plan, PlanDocument, ProgressUpdate, StageChange


@admin.register(Plan)
class PlanAdmin(ServiceAdmin):
    list_display = ("name", "kind", "stage", "stage_since", "owner_territory", "owner_concertation", "is_demo")
    list_filter = ("kind", "stage", "is_demo")
    search_fields = ("name", "adoption_resolution")
    autocomplete_fields = ("owner_territory", "owner_concertation", "territories")
    filter_horizontal = ("themes",)
    list_select_related = ("owner_territory", "owner_concertation")
    readonly_fields = ("stage", "stage_since", "version", "is_demo", "created_at", "updated_at")
    fields = (
        ("name", "kind"),
        "description",
        ("owner_territory", "owner_concertation"),
        "territories",
        "themes",
        ("start_date", "end_date"),
        "adoption_resolution",
        ("stage", "stage_since"),
        ("version", "is_demo", "created_at", "updated_at"),
    )

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        relations = form.cleaned_data
        data = services.PlanData(
            name=obj.name,
            kind=obj.kind,
            owner_territory=obj.owner_territory,
            owner_concertation=obj.owner_concertation,
            description=obj.description,
            start=obj.start_date,
            end=obj.end_date,
            adoption_resolution=obj.adoption_resolution,
            territories=list(relations["territories"]),
            themes=list(relations["themes"]),
        )
        if change:
            return services.plan_update(plan=obj, data=data, acting_user=request.user)
        return services.plan_create(data=data, acting_user=request.user)


@admin.register(Objective)
class ObjectiveAdmin(ServiceAdmin):
    list_display = ("title", "plan", "order", "weight")
    search_fields = ("title", "plan__name")
    autocomplete_fields = ("plan",)
    list_select_related = ("plan",)
    fields = ("plan", "title", "description", ("order", "weight"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ("plan",)

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.ObjectiveData(title=obj.title, description=obj.description, order=obj.order, weight=obj.weight)
        if change:
            return services.objective_update(objective=obj, data=data, acting_user=request.user)
        return services.objective_create(plan=obj.plan, data=data, acting_user=request.user)


@admin.register(Action)
class ActionAdmin(ServiceAdmin):
    list_display = ("title", "objective", "status", "change_level", "start_date", "end_date", "weight")
    list_filter = ("status", "change_level")
    search_fields = ("title", "objective__title", "objective__plan__name")
    autocomplete_fields = ("objective", "co_leaders", "partners")
    filter_horizontal = ("themes",)
    list_select_related = ("objective",)
    fields = (
        "objective",
        "title",
        "description",
        "co_leaders",
        "partners",
        "themes",
        "dimensions",
        ("change_level", "status"),
        ("start_date", "end_date"),
        ("order", "weight"),
        "version",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("version",) if obj is None else ("objective", "version")

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        relations = form.cleaned_data
        data = services.ActionData(
            title=obj.title,
            description=obj.description,
            co_leaders=list(relations["co_leaders"]),
            partners=list(relations["partners"]),
            themes=list(relations["themes"]),
            dimensions=list(obj.dimensions or []),
            change_level=obj.change_level,
            start=obj.start_date,
            end=obj.end_date,
            status=obj.status,
            order=obj.order,
            weight=obj.weight,
        )
        if change:
            return services.action_update(action=obj, data=data, acting_user=request.user)
        return services.action_create(objective=obj.objective, data=data, acting_user=request.user)


class ReadOnlyAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    """Rows recorded through their services elsewhere, shown here to read with their history."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ("plan", "stage", "on", "reason")
    list_filter = ("stage",)
    search_fields = ("plan__name",)
    list_select_related = ("plan",)


@admin.register(Accompaniment)
class AccompanimentAdmin(ReadOnlyAdmin):
    list_display = ("plan", "organization", "person", "stage", "start_date", "end_date")
    list_filter = ("stage",)
    search_fields = ("plan__name", "organization__name")
    list_select_related = ("plan", "organization", "person")


@admin.register(PlanDocument)
class PlanDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "url")
    search_fields = ("title", "plan__name")
    list_select_related = ("plan",)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("action", "on", "percent")
    search_fields = ("action__title",)
    list_select_related = ("action",)


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("action", "organization", "kind", "committed", "delivered", "committed_on", "delivered_on")
    list_filter = ("kind",)
    search_fields = ("action__title", "organization__name")
    list_select_related = ("action", "organization")
