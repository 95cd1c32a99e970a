"""Database faults a visitor may meet: the database is read-only, its disk is full, or it does not answer.

They are not bugs of Arrimage but states of the machine that pass. The error pages name them in plain French
with the status 503 (try again later) instead of a generic error, and the connection that met the fault is
closed so that the next request opens a fresh one: once the disk has room again, or the database accepts
writes again, Arrimage works again without a restart.
"""

import enum
import logging

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long a visitor is told to wait before trying again after a database fault, in seconds.
RETRY_AFTER = 120


class Fault(enum.Enum):
    READ_ONLY = "read_only"
    FULL = "full"
    UNAVAILABLE = "unavailable"


# SQLite names its faults in the message only.
_SQLITE_MESSAGES = (
    ("readonly database", Fault.READ_ONLY),
    ("read-only", Fault.READ_ONLY),
    ("database or disk is full", Fault.FULL),
    ("database is locked", Fault.UNAVAILABLE),
    ("unable to open database", Fault.UNAVAILABLE),
    ("disk i/o error", Fault.UNAVAILABLE),
)
# PostgreSQL's SQLSTATE codes: read-only transaction, disk full, then whole classes (insufficient resources,
# operator intervention such as a shutdown, connection exceptions).
_POSTGRES_CODES = {"25006": Fault.READ_ONLY, "53100": Fault.FULL}
_POSTGRES_CLASSES = {"53": Fault.UNAVAILABLE, "57": Fault.UNAVAILABLE, "08": Fault.UNAVAILABLE}


def database_fault(error: BaseException | None) -> Fault | None:
    """The fault behind this exception or the exceptions it was raised from (Django's session store turns a
    failed save into its own error), or None when it is not a state of the database (a bug, bad input)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DatabaseError):
            return _fault_of(error)
        error = error.__cause__ or error.__context__
    return None


def _fault_of(error: DatabaseError) -> Fault | None:
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        return _POSTGRES_CODES.get(sqlstate) or _POSTGRES_CLASSES.get(sqlstate[:2])
    message = str(error).lower()
    for fragment, fault in _SQLITE_MESSAGES:
        if fragment in message:
            return fault
    if (
        cause is not None
        and type(cause).__module__.startswith("psycopg")
        and type(cause).__name__ == "OperationalError"
    ):
        return Fault.UNAVAILABLE  # no server answered: no SQLSTATE at all
    return None


def _fault_words(fault: Fault) -> tuple[str, str]:
    """The page's title and message for this fault."""
    if fault is Fault.READ_ONLY:
        return _("Saving is not possible for now"), _(
            "The database is read-only for now: you may read Arrimage, but nothing can be saved. "
            "Your change was not saved."
        )
    if fault is Fault.FULL:
        return _("Saving is not possible for now"), _(
            "The server's disk is full: nothing can be saved until the administrators free some room. "
            "Your change was not saved."
        )
    return _("Arrimage is unavailable for now"), _(
        "The database is not answering. Nothing was saved; please try again in a few minutes."
    )


def fault_response(request: HttpRequest, fault: Fault) -> HttpResponse:
    """503 with the fault named. The page is rendered without touching the database, which is failing."""
    release_connections()
    title, message = _fault_words(fault)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "fault": fault.value}, status=503)
    else:
        content = render_to_string("503.html", {"title": title, "message": message, "retry_minutes": RETRY_AFTER // 60})
        response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def release_connections() -> None:
    """Close every open database connection that is not inside a transaction, so that the next request of
    this process connects afresh once the fault has passed."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that a page read while the database refuses writes is still
    served: the session's periodic refresh (see arrimage.accounts.middleware) is skipped instead of turning
    the page into an error. A form sent in the same state still gets the 503 page, since its change is lost."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except Exception as error:
            fault = database_fault(error)
            if fault is None:
                raise
            if request.method not in ("GET", "HEAD"):
                logger.error("A change was lost to a database fault: %s", error)
                return fault_response(request, fault)
            logger.warning("Session not refreshed during a database fault: %s", error)
            release_connections()
            return response
