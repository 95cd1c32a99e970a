"""A printable page (a report, the minutes of a meeting) turned into PDF by WeasyPrint.

WeasyPrint reads only what this module hands it: the page's HTML and the project's own static files
(the print stylesheet). Every other address, on the network or on disk, is refused, so a report never
fetches anything from outside and never reads a file it was not meant to.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The address the page's relative links are read against: reserved, so it can never reach a real server.
BASE_URL = "https://arrimage.invalid/"


class StaticFilesOnly(URLFetcher):
    """Serves the project's static files and `data:` addresses; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)  # decoded in memory: no network, no file
        path = unquote(parts.path)
        static = settings.STATIC_URL or "/static/"
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not path.startswith(static):
            raise ValueError(f"A report may only use the project's static files, not {url}")
        found = static_file(path.removeprefix(static))
        if found is None:
            raise ValueError(f"No static file at {url}")
        mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime_type})


def static_file(relative: str) -> Path | None:
    """The static file at this path inside the static folders (or the collected ones), never outside."""
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    if found is None and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if found else None


def pdf_bytes(html: str) -> bytes:
    """The PDF of this HTML, its links read against `BASE_URL` and its files served by `StaticFilesOnly`."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    """The report's template rendered for print and returned as a PDF download named `filename`
    (a French name, without its extension). When WeasyPrint fails, the failure is logged and the visitor
    gets a French error page instead of a half-written file."""
    html = render_to_string(template, {**context, "layout": "reports/print.html"}, request=request)
    started = time.perf_counter()
    try:
        content = pdf_bytes(html)
    except Exception:  # WeasyPrint raises many kinds of errors; none may reach the visitor
        logger.exception("The PDF of %s could not be made", request.path)
        return render(request, "reports/pdf_error.html", {"page_url": context.get("page_url", "")}, status=500)
    logger.info("PDF of %s made in %.2f s", request.path, time.perf_counter() - started)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "rapport"}.pdf"'
    return response
