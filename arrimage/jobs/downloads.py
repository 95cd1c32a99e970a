"""Files and pages that take a while to make (a région's PDF portrait, the province's analysis as a
spreadsheet or as its « Concertation » page), made by the task queue when one is configured.

The view calls `later(request, label=...)` before making its answer (for files, through
`arrimage.core.pagecache.response`'s `later`): with a queue, it records a job and sends the person to the
job's page, which shows the progress, then the link to the file (`FILE`), or the page itself (`PAGE`). The
worker calls the same view with the same address, person and language (`_made`), so what is shown, and to
whom, is decided exactly as in the request. A page is made for its parts to be kept in the page cache
(which must then be shared between processes): the person's next request finds them there. Should it not
(the cache emptied in between), the page made by a job in the last minutes is made again in the request,
never handed to another job.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, StreamingHttpResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_htmx.middleware import HtmxDetails

from .models import Job, JobStatus
from .services import Outcome, Progress, background, handler, job_create, session_digest

FILE = "download"
PAGE = "page"
#: A page whose job finished this recently is made in the request, not by another job.
RECENT = dt.timedelta(minutes=2)
#: The headers a made file is sent with again.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
JOB_ATTRIBUTE = "arrimage_job"


def later(request: HttpRequest, *, label: str, kind: str = FILE) -> HttpResponseBase | None:
    """With a task queue, the answer that sends the person to the job making this request's file (or
    page, `kind=PAGE`); None without one, or when this request is the job's own (the answer is then made
    here)."""
    if not background() or getattr(request, JOB_ATTRIBUTE, None) or request.method != "GET":
        return None
    params = {
        "path": request.path,
        "query": request.META.get("QUERY_STRING", ""),
        "host": request.get_host(),
        "scheme": request.scheme,
        "back": _page_before(request) if kind == FILE else "",
    }
    if kind == PAGE and _made_lately(request, params):
        return None
    job = job_create(kind=kind, label=label, request=request, params=params)
    return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]), status=303)


def _made_lately(request: HttpRequest, params: dict[str, str]) -> bool:
    """Whether a job made this page for this person in the last minutes."""
    jobs = Job.objects.filter(
        kind=PAGE,
        status=JobStatus.DONE,
        finished_at__gte=timezone.now() - RECENT,
        params__path=params["path"],
        params__query=params["query"],
    )
    if request.user.is_authenticated:
        return jobs.filter(user=request.user).exists()
    return bool(request.session.session_key) and jobs.filter(session_digest=session_digest(request)).exists()


def _page_before(request: HttpRequest) -> str:
    """The page of this site the person came from (its link to the file), for the job page's « Go back »."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return ""
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@handler(PAGE)
def _page_made(job: Job, progress: Progress) -> Outcome:
    _made(job, progress)
    query = job.params.get("query", "")
    return Outcome(url=job.params["path"] + (f"?{query}" if query else ""))


@handler(FILE)
def _made(job: Job, progress: Progress) -> Outcome:
    progress("draw", 0, 0)
    request = _request(job)
    match = resolve(urlsplit(job.params["path"]).path)
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ValidationError(
            gettext("The file could not be made: the page answered with the status %(status)s.")
            % {"status": response.status_code}
        )
    streamed = isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content) if streamed else response.content
    headers = [(header, response[header]) for header in KEPT_HEADERS if response.has_header(header)]
    return Outcome(body=body, headers=headers)


def _request(job: Job) -> WSGIRequest:
    """The request the person made, as the job's: same address, host, person and language, no cookie."""
    params = job.params
    host, _, port = str(params["host"]).partition(":")
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": params["path"],
            "QUERY_STRING": params.get("query", ""),
            "HTTP_HOST": params["host"],
            "SERVER_NAME": host,
            "SERVER_PORT": port or ("443" if params.get("scheme") == "https" else "80"),
            "wsgi.url_scheme": params.get("scheme", "http"),
            "wsgi.input": io.BytesIO(),
        }
    )
    request.user = job.user or AnonymousUser()
    request.session = SessionStore()  # empty, in memory: a view may read it, nothing is stored
    request.LANGUAGE_CODE = params["language"]
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    setattr(request, JOB_ATTRIBUTE, job.pk)
    return request
