"""Concertations, seats, memberships and themes in the Django admin, for platform administrators only.

Saves go through `arrimage.concertation.services` with the administrator as the acting user; nothing is
deleted from here, and themes (a seeded taxonomy) are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from arrimage.actors.admin import AdministratorsOnly, SearchKeyAdmin, ServiceAdmin

from . import services
from .models import Concertation, Membership, Seat, Theme


@admin.register(Concertation)
class ConcertationAdmin(SearchKeyAdmin, ServiceAdmin):
    list_display = ("name", "acronym", "kind", "level", "is_public", "is_demo")
    list_filter = ("kind", "level", "is_public", "meeting_frequency", "themes", "is_demo")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("parent", "coordinating_organization", "territories", "funders")
    filter_horizontal = ("themes",)
    readonly_fields = ("version", "is_demo", "created_at", "updated_at")
    fields = (
        ("name", "acronym"),
        ("kind", "level"),
        "mission",
        "territories",
        "themes",
        "parent",
        "coordinating_organization",
        "funders",
        ("start_date", "start_precision"),
        ("end_date", "end_precision"),
        ("meeting_frequency", "is_public"),
        ("version", "is_demo", "created_at", "updated_at"),
    )

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        relations = form.cleaned_data
        data = services.ConcertationData(
            name=obj.name,
            kind=obj.kind,
            level=obj.level,
            acronym=obj.acronym,
            mission=obj.mission,
            parent=obj.parent,
            coordinating_organization=obj.coordinating_organization,
            start=obj.start,
            end=obj.end,
            meeting_frequency=obj.meeting_frequency,
            is_public=obj.is_public,
            territories=list(relations["territories"]),
            themes=list(relations["themes"]),
            funders=list(relations["funders"]),
        )
        if change:
            return services.concertation_update(concertation=obj, data=data, acting_user=request.user)
        return services.concertation_create(data=data, acting_user=request.user)


@admin.register(Seat)
class SeatAdmin(ServiceAdmin):
    """Seats are added and changed here; a seat is abolished by giving its date (once: it is not undone)."""

    list_display = ("label", "concertation", "seat_type", "is_voting", "order", "created_on", "abolished_on")
    list_filter = ("seat_type", "is_voting", "reserved_sector")
    search_fields = ("label", "concertation__name")
    autocomplete_fields = ("concertation",)
    list_select_related = ("concertation",)
    fields = (
        "concertation",
        "label",
        ("seat_type", "reserved_sector"),
        ("is_voting", "order"),
        ("created_on", "abolished_on"),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("abolished_on",)
        return ("concertation", "abolished_on") if obj.abolished_on else ("concertation",)

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.SeatData(
            label=obj.label,
            seat_type=obj.seat_type,
            reserved_sector=obj.reserved_sector,
            is_voting=obj.is_voting,
            order=obj.order,
            created_on=obj.created_on,
        )
        if not change:
            return services.seat_create(concertation=obj.concertation, data=data, acting_user=request.user)
        seat = services.seat_update(seat=obj, data=data, acting_user=request.user)
        if "abolished_on" in form.changed_data and obj.abolished_on is not None:
            seat = services.seat_abolish(seat=seat, on=obj.abolished_on, acting_user=request.user)
        return seat


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    list_display = ("seat", "person", "organization", "role", "start_date", "end_date", "end_reason")
    list_filter = ("role", "end_reason", "seat__seat_type")
    search_fields = ("seat__label", "seat__concertation__name", "person__family_name", "organization__name")
    autocomplete_fields = ("seat", "person", "organization")
    list_select_related = ("seat", "person", "organization")
    readonly_fields = ("version",)
    fields = (
        "seat",
        ("person", "organization"),
        "role",
        ("start_date", "start_precision"),
        ("end_date", "end_precision"),
        "end_reason",
        "notes",
        "version",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("version",) if obj is None else ("seat", "version")

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        holding = {
            "person": obj.person,
            "organization": obj.organization,
            "role": obj.role,
            "start": obj.start,
            "end": obj.end,
            "end_reason": obj.end_reason,
            "notes": obj.notes,
        }
        if change:
            return services.membership_update(membership=obj, acting_user=request.user, **holding)
        return services.membership_start(seat=obj.seat, acting_user=request.user, **holding)


@admin.register(Theme)
class ThemeAdmin(AdministratorsOnly, admin.ModelAdmin):
    """The seeded taxonomy, to read: it changes with the application's data migrations."""

    list_display = ("name_fr", "name_en", "dimension", "slug")
    list_filter = ("dimension",)
    search_fields = ("name_fr", "name_en", "slug")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
