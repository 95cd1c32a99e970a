"""Services and locations in the Django admin, for platform administrators only.

As for organisations, the admin writes through the app's services with the administrator as the acting
user, and nothing is deleted from here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.http import HttpRequest

from arrimage.actors.admin import SearchKeyAdmin, ServiceAdmin

from . import services
from .models import Location, Service


@admin.register(Service)
class ServiceModelAdmin(SearchKeyAdmin, ServiceAdmin):
    list_display = ("name", "organization", "status")
    list_filter = ("status", "themes")
    list_select_related = ("organization",)
    search_fields = ("name", "alternate_name")
    autocomplete_fields = ("organization", "service_areas")
    filter_horizontal = ("themes",)
    readonly_fields = ("version", "created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (
        "organization",
        ("name", "alternate_name"),
        "description",
        ("url", "email"),
        "status",
        "eligibility",
        "target_population",
        "themes",
        "service_areas",
        "locations",
        ("version", "created_at", "updated_at"),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The organisation of a service does not change (the service keeps its history there).
        return (*self.readonly_fields, "organization") if obj is not None else self.readonly_fields

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.ServiceData(
            name=obj.name,
            alternate_name=obj.alternate_name,
            description=obj.description,
            url=obj.url,
            email=obj.email,
            status=obj.status,
            eligibility=obj.eligibility,
            target_population=obj.target_population,
            themes=list(form.cleaned_data["themes"]),
            service_areas=list(form.cleaned_data["service_areas"]),
            locations=list(form.cleaned_data["locations"]),
        )
        if change:
            return services.service_update(service=obj, data=data, acting_user=request.user)
        return services.service_create(organization=obj.organization, data=data, acting_user=request.user)


@admin.register(Location)
class LocationModelAdmin(ServiceAdmin):
    list_display = ("name", "organization", "city", "postal_code")
    list_select_related = ("organization",)
    search_fields = ("name", "city", "organization__name")
    autocomplete_fields = ("organization", "territory")
    readonly_fields = ("created_at", "updated_at")
    fields = (
        "organization",
        "name",
        ("address", "city", "postal_code"),
        "territory",
        ("latitude", "longitude"),
        ("created_at", "updated_at"),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "organization") if obj is not None else self.readonly_fields

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.LocationData(
            name=obj.name,
            address=obj.address,
            city=obj.city,
            postal_code=obj.postal_code,
            territory=obj.territory,
            latitude=obj.latitude,
            longitude=obj.longitude,
        )
        if change:
            return services.location_update(location=obj, data=data, acting_user=request.user)
        return services.location_create(organization=obj.organization, data=data, acting_user=request.user)
