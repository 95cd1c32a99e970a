"""Organisations, people and positions in the Django admin, for platform administrators only.

The admin writes through the same services as the pages and the API, with the administrator as the
acting user, so that every rule and the history apply there too. Nothing is deleted from the admin: the
registry keeps its history (there is no delete service).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Consent, Organization, Person, Position
from .selectors import person_search


def is_platform_admin(request: HttpRequest) -> bool:
    """Administrators are active superusers, as `arrimage.access.policy.can_use_admin` decides (this app
    sits below `access` and cannot ask it; the access tests check that both agree)."""
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class AdministratorsOnly:
    """Only platform administrators see these pages; whatever Django permissions a staff account has."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_platform_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    """An admin whose saves call the app's services (see `service_save`) and whose history is read-only."""

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = self.service_save(request, obj, form, change)
        # The admin goes on with `obj` (its message, its log entry, its redirect): give it the saved row.
        obj.pk = saved.pk
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The services set the many-to-many relations themselves; the form must not write them again."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # A service's refusal happens after the form's own checks: the admin's transaction is rolled back,
        # and the administrator sees why, on the same page.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(
                request, _("Nothing was saved: %(reasons)s") % {"reasons": " ".join(error.messages)}, messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # Reverting to an old version would write without the services: the history is for reading.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class SearchKeyAdmin:
    """Search as the site does: insensitive to accents, case, hyphens and « St »/« Ste »."""

    search_fields: Any = ("name",)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        if not search_term:
            return queryset, False
        return queryset.filter(pk__in=queryset.model.objects.matching(search_term).values("pk")), False


@admin.register(Organization)
class OrganizationAdmin(SearchKeyAdmin, ServiceAdmin):
    list_display = ("name", "acronym", "sector", "legal_form", "neq", "is_demo")
    list_filter = ("sector", "legal_form", "is_demo")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("parent", "territories_served")
    readonly_fields = ("version", "is_demo", "created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (
        ("name", "acronym"),
        "other_names",
        ("sector", "legal_form"),
        ("neq", "website"),
        "mission",
        "parent",
        "territories_served",
        ("start_date", "start_precision"),
        ("end_date", "end_precision"),
        ("version", "is_demo", "created_at", "updated_at"),
    )

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.OrganizationData(
            name=obj.name,
            sector=obj.sector,
            acronym=obj.acronym,
            other_names=list(obj.other_names or []),
            legal_form=obj.legal_form,
            neq=obj.neq,
            website=obj.website,
            mission=obj.mission,
            parent=obj.parent,
            start=obj.start,
            end=obj.end,
            territories_served=list(form.cleaned_data["territories_served"]),
        )
        if change:
            return services.organization_update(organization=obj, data=data, acting_user=request.user)
        return services.organization_create(data=data, acting_user=request.user)


class PersonSearchAdmin:
    search_fields: Any = ("family_name", "given_name")

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        if not search_term:
            return queryset, False
        return queryset.filter(pk__in=person_search(search_term).values("pk")), False


@admin.register(Person)
class PersonAdmin(PersonSearchAdmin, ServiceAdmin):
    list_display = ("family_name", "given_name", "is_citizen", "public_consent", "is_demo")
    list_filter = ("is_citizen", "public_consent", "is_demo")
    readonly_fields = ("user", "public_consent_on", "version", "is_demo", "created_at", "updated_at")
    fields = (
        ("given_name", "family_name"),
        ("email", "phone"),
        "notes",
        ("is_citizen", "public_consent", "public_consent_on"),
        "user",
        ("version", "is_demo", "created_at", "updated_at"),
    )

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        data = services.PersonData(
            given_name=obj.given_name,
            family_name=obj.family_name,
            email=obj.email,
            phone=obj.phone,
            notes=obj.notes,
            is_citizen=obj.is_citizen,
            public_consent=obj.public_consent,
        )
        if change:
            return services.person_update(person=obj, data=data, acting_user=request.user)
        return services.person_create(data=data, acting_user=request.user)


@admin.register(Position)
class PositionAdmin(ServiceAdmin):
    """A position is started here; afterwards only its end can be recorded (there is no other service)."""

    list_display = ("person", "organization", "job_title", "profession", "start_date", "end_date")
    list_filter = ("profession",)
    search_fields = ("person__family_name", "person__given_name", "organization__name", "job_title")
    autocomplete_fields = ("person", "organization")
    list_select_related = ("person", "organization")
    fields = (
        "person",
        "organization",
        ("job_title", "profession"),
        ("start_date", "start_precision"),
        ("end_date", "end_precision"),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("person", "organization", "job_title", "profession", "start_date", "start_precision")

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        if not change:
            return services.position_start(
                person=obj.person,
                organization=obj.organization,
                profession=obj.profession,
                job_title=obj.job_title,
                start=obj.start,
                end=obj.end,
                acting_user=request.user,
            )
        if obj.end is None:
            raise ValidationError(_("Give the end date of the job."))
        return services.position_end(position=obj, end=obj.end, acting_user=request.user)


@admin.register(Consent)
class ConsentAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Consents are read here; they are recorded and withdrawn from the person's page, through the services
    that keep the person's public listing in step with them."""

    list_display = ("person", "scope", "given_on", "withdrawn_on", "source", "recorded_by")
    list_filter = ("scope", "source")
    list_select_related = ("person", "recorded_by")
    date_hierarchy = "given_on"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
