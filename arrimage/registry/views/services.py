"""The edit pages of services: add a service to an organisation, change a service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors.selectors import organization_get
from arrimage.directory import services
from arrimage.directory.selectors import service_get

from ..forms_services import ServiceForm
from .edit import FormPage, _data, _form_page


@login_required
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_get(pk)
    form = ServiceForm(_data(request), organization=organization)
    return _form_page(
        request,
        form,
        allowed=policy.can_create_service(request.user, organization),
        save=lambda: services.service_create(organization=organization, data=form.to_data(), acting_user=request.user),
        success=_("The service was added."),
        page=FormPage(
            title=_("Add a service"),
            submit=_("Add the service"),
            cancel_url=organization.get_absolute_url(),
            context_label=organization.name,
            intro=_("What the organisation offers, for whom and on which territory."),
        ),
    )


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = service_get(pk)
    form = ServiceForm(_data(request), initial=ServiceForm.initial_from(service), organization=service.organization)
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_service(request.user, service),
        save=lambda: services.service_update(
            service=service, data=form.to_data(), acting_user=request.user, expected_version=form.expected_version
        ),
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit the service « %(name)s »") % {"name": service.name},
            submit=_("Save the changes"),
            cancel_url=service.get_absolute_url(),
            context_label=service.organization.name,
        ),
    )
