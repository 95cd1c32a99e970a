"""Arrimage's JSON API, version 1. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as ServiceValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from . import caching, errors
from .analysis import router as analysis_router
from .concertations import router as concertations_router
from .demarches import router as demarches_router
from .exports import router as exports_router
from .funding import router as funding_router
from .glossary import router as glossary_router
from .hsds import router as hsds_router
from .memberships import router as memberships_router
from .organizations import router as organizations_router
from .parsing import ArrimageParser
from .people import router as people_router
from .plain import router as plain_router
from .plans import router as plans_router
from .positions import router as positions_router
from .practice import router as practice_router
from .services import router as services_router
from .territories import router as territories_router
from .themes import router as themes_router
from .throttling import SAFE_METHODS, WriteThrottle

DESCRIPTION = """Territories, actors and concertation of Québec's territorial development. Identifiers are \
stable: `region:03`, `mrc:31`, `municipality:31084`, `borough:REQ05`, `rss:03`.

**Keys.** Reads need no key and show the public view: a person who did not consent to appear publicly \
is never named, and contact details are never shown. A personal API key (`Authorization: Bearer arr_…`, \
created on your account page) shows what your roles allow and is required for every write. Writes go \
through the same rules as the web pages.

**Pages.** Every list answers one page: `count` (all results), `page`, `page_size`, `pages`, `next` and \
`previous` (links to the neighbouring pages, keeping the other parameters, or null) and `results`. Ask \
with `page` (from 1) and `page_size` (1 to 200, 50 by default); a larger `page_size` is refused (422), \
a page past the end is empty.

**Errors.** Every refusal has the same body: `{"detail": "…", "errors": [{"field", "parameter", \
"message"}]}`, in French unless the request carries the cookie `arrimage_language=en`. `errors` lists \
the faulty fields or parameters of a 422. A body that is not JSON is a 400; a missing, wrong or revoked \
key a 401; a refused permission a 403; an unknown record a 404; a change based on an older `version` a \
409; invalid data a 422, with nothing saved.

**Limits.** Writes are limited per user (60 a minute unless the server says otherwise) and wrong keys \
per address (20 a minute, after which keys from that address are refused for a while): past a limit \
the answer is a 429 whose `Retry-After` header gives the seconds to wait.

Partial dates keep their precision: `2021`, `2021-03` or `2021-03-15`."""

_WRITE_METHODS = ("post", "put", "patch", "delete")


class ArrimageAPI(NinjaAPI):
    """NinjaAPI with the API's one error format everywhere: on the 405 of an address that exists, and in
    the OpenAPI document, where every operation lists the refusals it can give."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_not_allowed(pattern.callback)
                if caching.is_cached_route(str(pattern.pattern)):
                    pattern.callback = caching.cached_reads(pattern.callback)
        return urls

    def _json_not_allowed(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            allowed = sorted(method.strip() for method in response["Allow"].split(",") if method.strip())
            body = {"detail": errors.method_not_allowed(str(request.method), allowed), "errors": []}
            refusal = self.create_response(request, body, status=405)
            refusal["Allow"] = ", ".join(allowed)
            return refusal

        return wrapped

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (errors.ErrorOut, errors.InvalidOut):
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, nested in definition.pop("$defs", {}).items():
                schemas.setdefault(name, nested)
            schemas.setdefault(model.__name__, definition)
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                _document_refusals(method, operation)
        return schema


def _refusal(description: str, model: str = "ErrorOut", headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}}


def _document_refusals(method: str, operation: dict[str, Any]) -> None:
    """Add to an operation of the OpenAPI document the refusals every operation of its kind can give."""
    responses = operation.setdefault("responses", {})
    has_body = "requestBody" in operation
    takes_key = bool(operation.get("security"))
    added: dict[str, dict[str, Any]] = {}
    if has_body:
        added["400"] = _refusal("The request body is not valid JSON.")
    if takes_key:
        added["401"] = _refusal("The API key is missing (for a write), wrong or revoked.")
    if has_body or operation.get("parameters"):
        added["422"] = _refusal("Invalid parameters or data; nothing was saved.", "InvalidOut")
    if takes_key or method in _WRITE_METHODS:
        added["429"] = _refusal("Too many writes, or too many wrong keys from this address.", headers=_RETRY_AFTER)
    for status, response in added.items():
        responses.setdefault(status, response)


api = ArrimageAPI(
    title="Arrimage API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    throttle=[WriteThrottle()],
    parser=ArrimageParser(),
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
api.add_router("/", analysis_router)
api.add_router("/", demarches_router)
api.add_router("/", plans_router)
api.add_router("/", funding_router)
api.add_router("/", plain_router)
api.add_router("/", glossary_router)
api.add_router("/", practice_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, errors.describe_validation_errors(list(exc.errors)), status=422)


@api.exception_handler(ServiceValidationError)
def service_validation_error(request: HttpRequest, exc: ServiceValidationError) -> HttpResponse:
    """A write refused by a service (nothing was saved: each service runs in one transaction), or a
    reference in a read's parameters that does not exist."""
    status, body = errors.describe_service_error(exc, write=request.method not in SAFE_METHODS)
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message
    if message == "Unauthorized":
        message = _("This request needs an API key: send the header « Authorization: Bearer arr_… ».")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    seconds = int(exc.wait) if exc.wait is not None else None
    response = api.create_response(request, {"detail": errors.too_many_requests(seconds)}, status=429)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """The refusals the API raises carry their own message; django-ninja's only 400 (a body it cannot
    read) gets one in the caller's language, unless the body was read and refused for what it holds (a NUL
    character, by `ArrimageParser`): that is a 422 on the field that holds it."""
    if exc.status_code == 400 and isinstance(exc.__cause__, ServiceValidationError):
        return service_validation_error(request, exc.__cause__)
    message = errors.body_not_readable() if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": errors.not_found_here()}, status=404)
