"""Who is calling the API: a personal API key (`Authorization: Bearer arr_…`), or nobody.

Reads accept anonymous callers and show them the public view; a key (or, for reads only, the signed-in
session of the browser) shows what the key's owner may see. Writes require a key: a session would need
CSRF protection, which API clients do not carry. An address that sends too many wrong keys is refused
for a while (see `throttling`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from arrimage.accounts.services import api_token_authenticate

from .caching import CHECKED_KEY
from .throttling import key_failure_record, key_failures_block


class ApiKey(HttpBearer):
    """A personal API key, created on the account page and sent as `Authorization: Bearer arr_…`."""

    openapi_description = (
        "A personal API key, created on your account page (/compte/) and sent as "
        "`Authorization: Bearer arr_…`. Reads work without a key and show the public view; writes need one."
    )

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "").strip()
        if not header:
            raise AuthenticationError(
                401, _("This request needs an API key: send the header « Authorization: Bearer arr_… ».")
            )
        key_failures_block(request)
        try:
            return self._check(request, header)
        except AuthenticationError:
            key_failure_record(request)
            raise

    def _check(self, request: HttpRequest, header: str) -> Any:
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise AuthenticationError(401, _("The Authorization header must read « Bearer » followed by your API key."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        checked = getattr(request, CHECKED_KEY, None)  # checked already by the cache of answers
        if checked is not None and checked[0] == token:
            return checked[1]
        user = api_token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, _("This API key is not valid, or it was revoked."))
        return user


class ApiKeyOrAnonymous:
    """Reads: the key's user when a key is sent (a wrong or revoked key is refused), else the signed-in
    session's user, else an anonymous visitor, who gets the public view."""

    def __init__(self, key: ApiKey) -> None:
        self.key = key

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get(self.key.header, "").strip():
            return self.key(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.method in ("GET", "HEAD"):
            return user
        return AnonymousUser()


#: Writes: a valid, unrevoked key is required.
required_key = ApiKey()
#: Reads: anonymous callers get the public view.
optional_key = ApiKeyOrAnonymous(required_key)

#: OpenAPI: a read works with the key or without it.
OPTIONAL_SECURITY: dict[str, Any] = {"security": [{}, {"ApiKey": []}]}
