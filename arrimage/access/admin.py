"""Roles in the Django admin: administrators give and take back roles through `access.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy, ngettext

from arrimage.actors.admin import ServiceAdmin

from . import policy, services
from .models import RoleGrant


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", gettext_lazy("Active")), ("revoked", gettext_lazy("Taken back"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(RoleGrant)
class RoleGrantAdmin(ServiceAdmin):
    """A role is given here, then only taken back (the « take back » action): a grant is never edited."""

    list_display = ("user", "role", "territory", "concertation", "granted_at", "granted_by", "revoked_at")
    list_filter = ("role", RevokedFilter)
    search_fields = ("user__email", "user__last_name", "concertation__name", "territory__name")
    autocomplete_fields = ("user", "territory", "concertation")
    list_select_related = ("user", "territory", "concertation", "granted_by")
    fields = ("user", "role", "territory", "concertation", "granted_at", "granted_by", "revoked_at")
    actions = ["revoke"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_roles(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_manage_roles(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policy.can_manage_roles(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Change pages are read-only: a role is given once, then taken back with the action.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("granted_at", "granted_by", "revoked_at")

    def service_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Model:
        return services.role_grant(
            user=obj.user,
            role=obj.role,
            territory=obj.territory,
            concertation=obj.concertation,
            acting_user=request.user,
        )

    @admin.action(description=gettext_lazy("Take back the selected roles"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[RoleGrant]) -> None:
        taken_back = 0
        for grant in queryset.filter(revoked_at__isnull=True):
            try:
                services.role_revoke(grant=grant, acting_user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                taken_back += 1
        message = ngettext("%(count)d role taken back.", "%(count)d roles taken back.", taken_back)
        self.message_user(request, message % {"count": taken_back}, messages.SUCCESS)
