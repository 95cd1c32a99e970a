"""Arrimage's JSON API, version 1. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .errors import describe_validation_errors
from .territories import router as territories_router

api = NinjaAPI(
    title="Arrimage API",
    version="1",
    description="Territories, actors and concertation of Québec's territorial development. "
    "Identifiers are stable: `region:03`, `mrc:31`, `municipality:31084`, `borough:REQ05`, `rss:03`.",
    urls_namespace="api-1",
)
api.add_router("/", territories_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, describe_validation_errors(list(exc.errors)), status=422)
