"""Error pages: French pages for people, JSON for the API. No stack trace ever reaches a user."""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .faults import database_fault, fault_response

API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("This address does not exist in the API.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    fault = database_fault(sys.exc_info()[1])
    if fault is not None:
        return fault_response(request, fault)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("An unexpected error occurred. It has been logged.")}, status=500)
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("The request could not be understood.")}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Your account is not allowed to do this.")}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form without a valid CSRF token (expired page, cookies refused): a plain French page, not Django's."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("The request could not be checked (CSRF). Nothing was saved.")}, status=403)
    return render(request, "403_csrf.html", status=403)
