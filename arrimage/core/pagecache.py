"""Rendered pages and answers kept in the cache, keyed by everything that may change them.

A page's key names: the page (a name and the record it shows), the site's address, the registry's data version
(`versions.registry_version`, raised in the same transaction as every write), the language, today's date
(pages count days up to today), the normalised query string (filters, page number, search words, `date`)
and the **audience**: who the content was rendered for.

- Every anonymous visitor shares one audience. A fragment rendered for it that holds a CSRF token (a
  form posting back) is never stored: each visitor has their own token.
- A signed-in user is an audience of their own, and the key also names a digest of their CSRF secret: a
  cached form's token is valid exactly as long as that secret is (signing in again rotates it, which
  leaves the old entries behind). What a user may see also depends on their roles: a role granted or
  withdrawn raises the data version like any other write.

Content is never shared across audiences, so what only an editor may see (a private concertation, a
person's contact details, the identity of someone who did not consent) never reaches anyone else.

Two ways to use it:

- HTML pages: the view builds a `Page` (`page(request, "concertation", pk, compute=...)`) whose `compute`
  returns the template's context, and hands it to the template as `cached_page`; the template wraps each block
  in `{% pagecached "part" %}…{% endpagecached %}` (library `pagecache`). The page's frame (header, user
  menu, language switch, messages) still renders on every request; `compute` runs only when a part is not
  in the cache, at most once per request.
- Whole answers that carry no frame (PDF, CSV, JSON): `cached_response(request, key, build)` keeps the
  body, status and headers of `build()`'s answer.

Entries are rendered strings and bytes only, never querysets; they expire after `TIMEOUT` or when the
cache makes room, and are never read again once the version has moved.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from .versions import registry_version

TIMEOUT = 24 * 3600
ANONYMOUS = "anonymous"
#: What a rendered CSRF token looks like: a fragment holding one is never shared between visitors.
_CSRF_FIELD = "csrfmiddlewaretoken"
#: Response headers kept with a cached answer (the others are added again by the middleware).
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Content-Security-Policy",
    "Cache-Control",
    "ETag",
    "Last-Modified",
)
_PAGE_PARAMETERS_MAX = 40
_KEY_MAX = 200
#: The largest answer kept, as stored (a PDF portrait is about 50 kB, the province's GeoJSON 0.5 MB): larger
#: ones are sent without being kept.
MAX_BYTES = 2 * 1024 * 1024
#: Answers larger than this are stored compressed (zlib, fastest level): a province's CSV of several
#: megabytes keeps in a few hundred kilobytes, and is inflated in milliseconds.
COMPRESS_FROM = 64 * 1024
#: A part of a page at least this large (a territory's « Concertation » tab is 200 to 400 kB) goes into the
#: answer as the bytes the cache holds: it is neither decoded into the template's text nor encoded again.
SPLICE_FROM = 16 * 1024


def _digest(text: str, size: int = 16) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:size]


def audience(request: HttpRequest, *, forms: bool = True) -> str:
    """Who the content is rendered for: `anonymous`, shared by every visitor who is not signed in, or one
    signed-in user. With `forms` (pages that may hold a form posting back), a user's audience also names a
    digest of their CSRF secret, so a cached token is served only while it is valid."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    if not forms:
        return user_audience(user)
    get_token(request)  # makes sure the secret exists (and its cookie is sent) before it names the key
    return user_audience(user, secret=str(request.META.get("CSRF_COOKIE") or ""))


def user_audience(user: Any, *, secret: str | None = None) -> str:
    """The audience of one user (with a digest of their CSRF secret when content may hold a form)."""
    flags = f"{int(user.is_active)}{int(user.is_staff)}{int(user.is_superuser)}"
    name = f"user:{user.pk}:{flags}"
    return name if secret is None else f"{name}:{_digest(secret)}"


def normalised_query(params: Iterable[tuple[str, str]]) -> str:
    """A query string in one canonical form: parameters sorted, spaces trimmed and collapsed, empty ones
    dropped. Two addresses that show the same content give the same text."""
    pairs = sorted({(name.strip(), " ".join(value.split())) for name, value in params if value and value.strip()})
    return "&".join(f"{name}={value}" for name, value in pairs[:_PAGE_PARAMETERS_MAX])


def request_query(request: HttpRequest) -> str:
    """The request's query string, normalised."""
    return normalised_query((name, value) for name, values in request.GET.lists() for value in values)


def key(
    request: HttpRequest,
    name: str,
    *identity: Any,
    query: str | None = None,
    forms: bool = True,
    who: str | None = None,
    version: int | None = None,
) -> str:
    """The cache key of what `name` shows for `identity` to this request's audience (or `who`), in its
    language, at the current data version (or `version`, when the caller has just read it) and date.
    `query` defaults to the request's normalised query."""
    query = request_query(request) if query is None else query
    parts = [
        name,
        *(str(part) for part in identity),
        # Links and files may name the site's address (`build_absolute_uri`).
        f"{request.scheme}//{request.get_host()}",
        str(registry_version() if version is None else version),
        get_language() or "",
        timezone.localdate().isoformat(),
        who or audience(request, forms=forms),
        _digest(query) if query else "",
    ]
    full = "page:" + ":".join(parts)
    # Some caches refuse keys of more than 250 characters: a long one is named by its digest.
    return full if len(full) <= _KEY_MAX else f"page:{name[:40]}:{_digest(full, 40)}"


class Page:
    """What a template needs to render its cached parts: the key and how to compute the context.

    Parts are kept as UTF-8 bytes. When `render_page` renders the page, a large part found in the cache is
    not decoded: the template gets a marker in its place, and the page's encoded text gets the part's bytes
    at the marker."""

    def __init__(self, key: str, compute: Callable[[], Mapping[str, Any]], *, shared: bool) -> None:
        self.key = key
        self.shared = shared
        self._compute = compute
        self._data: Mapping[str, Any] | None = None
        self._found: dict[str, str | bytes] = {}
        self._splices: dict[str, bytes] | None = None  # marker → part, while `render_page` renders

    def has(self, part: str) -> bool:
        """Whether the part `part` is in the cache (read once: rendering it then uses what was read)."""
        found = cache.get(f"{self.key}:{part}")
        if found is not None:
            self._found[part] = found
        return found is not None

    def data(self) -> Mapping[str, Any]:
        """The context of the content, computed once per request, and only if a part is missing."""
        if self._data is None:
            self._data = self._compute()
        return self._data

    @property
    def status(self) -> int:
        """The answer's status: the context's `status` when it was computed (422 for filters that do not
        validate, say), else 200 (only the parts of 200 answers are kept)."""
        return int(self._data.get("status", 200)) if self._data is not None else 200

    def fragment(self, part: str, render: Callable[[Mapping[str, Any]], str]) -> str:
        """The part `part` as cached, or rendered from the context (and cached when it may be)."""
        full = f"{self.key}:{part}"
        found = self._found.pop(part) if part in self._found else cache.get(full)
        if found is not None:
            return self._text(found)
        text = render(self.data())
        if self.status == 200 and storable(text, shared=self.shared):
            cache.set(full, text.encode(), TIMEOUT)
        return text

    def _text(self, found: str | bytes) -> str:
        """A part read from the cache, as the template's text: its marker when it is spliced in later."""
        if isinstance(found, str):
            return found
        if self._splices is None or len(found) < SPLICE_FROM:
            return found.decode()
        marker = f"<!--pagecache:{secrets.token_hex(8)}-->"
        self._splices[marker] = found
        return marker


def storable(content: str | bytes, *, shared: bool) -> bool:
    """Whether content may be kept: never a CSRF token in content shared by every anonymous visitor."""
    marker: str | bytes = _CSRF_FIELD if isinstance(content, str) else _CSRF_FIELD.encode()
    return not (shared and marker in content)  # type: ignore[operator]


def page(
    request: HttpRequest,
    name: str,
    *identity: Any,
    compute: Callable[[], Mapping[str, Any]],
    query: str | None = None,
    forms: bool = True,
    version: int | None = None,
) -> Page:
    """The cached page `name` of `identity` for this request (see the module's documentation). A page
    whose content holds no form posting back may say `forms=False`: a user's audience is then the same
    in every session (and in a background job rendering it for them)."""
    return Page(
        key(request, name, *identity, query=query, forms=forms, version=version),
        compute,
        shared=audience(request) == ANONYMOUS,
    )


def shared_between_processes() -> bool:
    """Whether what one process keeps is seen by the others (a database or Redis cache, not each
    process's memory): only then may a background job fill the cache for the pages."""
    return not isinstance(caches["default"], LocMemCache)


def response(
    request: HttpRequest,
    name: str,
    *identity: Any,
    build: Callable[[], HttpResponseBase],
    later: Callable[[], HttpResponseBase | None] | None = None,
    version: int | None = None,
) -> HttpResponseBase:
    """The answer `build()` gives for `name` and `identity`, cached for this request's audience (PDF, CSV and
    other answers without the page's frame). When it is not kept, `later()` may answer instead (a page
    saying the file is being made in the background, `arrimage.jobs.downloads.later`)."""
    return cached_response(
        key(request, name, *identity, forms=False, version=version),
        build,
        shared=audience(request) == ANONYMOUS,
        later=later,
    )


def render_page(
    request: HttpRequest, template_name: str, cached_page: Page, *, extra: Mapping[str, Any] | None = None
) -> HttpResponse:
    """The page rendered with `cached_page` (the template's `cached_page`) and `extra` (what its frame
    needs, the same for every request), with the status its context gave when it had to be computed.
    Its large cached parts go into the answer as the bytes the cache holds (see `Page`)."""
    context = {**(extra or {}), "cached_page": cached_page}
    cached_page._splices = {}
    try:
        response = render(request, template_name, context)
    finally:
        splices, cached_page._splices = cached_page._splices, None
    if splices:
        spliced = _splice(response.content, splices)
        if spliced is None:  # a template changed a part's text: render it again, without markers
            response = render(request, template_name, context)
        else:
            response.content = spliced
    response.status_code = cached_page.status
    return response


def _splice(body: bytes, splices: Mapping[str, bytes]) -> bytes | None:
    """`body` with each marker replaced by its part's bytes; None when a marker is not there exactly once."""
    pieces = [body]
    for marker, found in splices.items():
        mark = marker.encode()
        before, seen, after = pieces.pop().partition(mark)
        if not seen or mark in after:
            return None
        pieces += [before, found, after]
    return b"".join(pieces)


def cached_response(
    cache_key: str,
    build: Callable[[], HttpResponseBase],
    *,
    shared: bool,
    later: Callable[[], HttpResponseBase | None] | None = None,
) -> HttpResponseBase:
    """`build()`'s answer, kept under `cache_key` (from `key`) when it is a 200 that sets no cookie and
    holds no CSRF token meant for one visitor (`shared`: the key is the anonymous audience's); later
    requests get a copy with the same status, body and headers. When nothing is kept and `later()` gives
    an answer, that answer is sent instead of building one."""
    found = cache.get(cache_key)
    if found is not None:
        return _answer(*found)
    deferred = later() if later is not None else None
    if deferred is not None:
        return deferred
    response = build()
    if response.status_code != 200 or response.cookies:
        return response
    headers = [(header, response[header]) for header in _KEPT_HEADERS if response.has_header(header)]
    if isinstance(response, HttpResponse):
        body = response.content
    elif isinstance(response, StreamingHttpResponse):  # a CSV written row by row, a file: read it once here
        # Not `close()`d: closing an answer signals the end of the request, which closes the database
        # connection in the middle of the view. What it streamed is freed with it.
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
        response = _answer(200, headers, body, streaming=True)
    else:
        return response
    compressed = len(body) > COMPRESS_FROM
    stored = zlib.compress(body, 1) if compressed else body
    if len(stored) <= MAX_BYTES and storable(body, shared=shared):
        cache.set(cache_key, (200, headers, stored, response.streaming, compressed), TIMEOUT)
    return response


def _answer(
    status: int, headers: list[tuple[str, str]], body: bytes, streaming: bool, compressed: bool = False
) -> HttpResponseBase:
    """An answer made again from what was kept: streamed when the first one was (a download)."""
    if compressed:
        body = zlib.decompress(body)
    response: HttpResponseBase = (
        StreamingHttpResponse([body], status=status) if streaming else HttpResponse(body, status=status)
    )
    for header, value in headers:
        response[header] = value
    return response
