"""The API's reads of the registry, answered from the cache (see `arrimage.core.pagecache`).

A GET of a list or a record of organisations, concertations, plans, people or territories is kept by its
path, normalised query string, language, the registry's data version and its audience: anonymous callers
share one, a caller with an API key (or a signed-in browser) has their own. An answer is the same bytes
with the same headers as the first time; a write raises the version, so the next read is computed again.
A key that is wrong or revoked is never answered from the cache: the request goes to the view, which
refuses it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from arrimage.accounts.services import api_token_authenticate
from arrimage.core import pagecache

#: The first segment of the routes whose reads are cached.
CACHED_ROUTES = frozenset({"organizations", "concertations", "plans", "people", "territories", "glossary"})
#: Where the key checked here is left for the API's own check (`auth.ApiKey`), which then reads nothing.
CHECKED_KEY = "arrimage_checked_api_key"


def is_cached_route(route: str) -> bool:
    return route.strip("/").split("/", 1)[0] in CACHED_ROUTES


def _audience(request: HttpRequest) -> str | None:
    """Who the answer is for, or None when the request carries a key that opens nothing (not cached)."""
    header = request.headers.get("Authorization", "").strip()
    if header:
        scheme, _space, token = header.partition(" ")
        user = api_token_authenticate(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if user is None:
            return None
        setattr(request, CHECKED_KEY, (token.strip(), user))
        return pagecache.user_audience(user)
    return pagecache.audience(request, forms=False)


def cached_reads(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The view, with its GET answers kept in the cache for their audience."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "GET":
            return view(request, *args, **kwargs)
        who = _audience(request)
        if who is None:
            return view(request, *args, **kwargs)
        key = pagecache.key(request, "api", request.path, who=who)
        return pagecache.cached_response(key, lambda: view(request, *args, **kwargs), shared=who == pagecache.ANONYMOUS)

    return wrapped
