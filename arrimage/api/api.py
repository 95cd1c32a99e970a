"""Arrimage's JSON API, version 1. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from django.core.exceptions import ValidationError as ServiceValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from .common import describe_service_error
from .concertations import router as concertations_router
from .errors import describe_validation_errors
from .exports import router as exports_router
from .hsds import router as hsds_router
from .memberships import router as memberships_router
from .organizations import router as organizations_router
from .people import router as people_router
from .positions import router as positions_router
from .services import router as services_router
from .territories import router as territories_router
from .themes import router as themes_router

api = NinjaAPI(
    title="Arrimage API",
    version="1",
    description="Territories, actors and concertation of Québec's territorial development. "
    "Identifiers are stable: `region:03`, `mrc:31`, `municipality:31084`, `borough:REQ05`, `rss:03`.\n\n"
    "Reads need no key and show the public view: a person who did not consent to appear publicly is never "
    "named, and contact details are never shown. A personal API key (`Authorization: Bearer arr_…`, created "
    "on your account page) shows what your roles allow and is required for every write. Writes go through "
    "the same rules as the web pages: a refused permission is a 403, invalid data a 422 with a message on "
    "each field, a change based on an older `version` a 409. Partial dates keep their precision: `2021`, "
    "`2021-03` or `2021-03-15`.",
    urls_namespace="api-1",
)
api.add_router("/", territories_router)
api.add_router("/", organizations_router)
api.add_router("/", people_router)
api.add_router("/", positions_router)
api.add_router("/", concertations_router)
api.add_router("/", memberships_router)
api.add_router("/", themes_router)
api.add_router("/", services_router)
api.add_router("/", hsds_router)
api.add_router("/", exports_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = describe_validation_errors(list(exc.errors))
    for error in body["errors"]:
        error["field"] = error["parameter"]
    return api.create_response(request, body, status=422)


@api.exception_handler(ServiceValidationError)
def service_validation_error(request: HttpRequest, exc: ServiceValidationError) -> HttpResponse:
    """A write refused by a service: nothing was saved (each service runs in one transaction)."""
    status, body = describe_service_error(exc)
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message
    if message == "Unauthorized":
        message = _("This request needs an API key: send the header « Authorization: Bearer arr_… ».")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response
