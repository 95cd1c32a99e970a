"""The site's addresses read from the URL configuration, and requests made as one of the world's roles."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import api_key

from .world import ROLES, World

ADMIN = "admin"


@dataclass(frozen=True)
class Address:
    name: str  # the URL name with its namespaces, or "admin" for the whole admin site
    route: str
    method: str = "GET"  # the API's operations answer one method each

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api-1:")

    @property
    def parameters(self) -> bool:
        return "<" in self.route


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern)


def _api_methods() -> dict[str, str]:
    from arrimage.api.api import api

    methods: dict[str, str] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.url_name:
                    methods[f"api-1:{operation.url_name}"] = operation.methods[0]
    return methods


def site_addresses() -> dict[str, Address]:
    """Every named address of the site; the admin site counts as one."""
    methods = _api_methods()
    addresses: dict[str, Address] = {}
    for name, route in _walk(get_resolver().url_patterns):
        if name.split(":")[0] == ADMIN:
            addresses.setdefault(ADMIN, Address(ADMIN, "admin/"))
            continue
        addresses.setdefault(name, Address(name, route, methods.get(name, "GET")))
    return addresses


def url_of(address: Address, arguments: dict[str, Any]) -> str:
    if address.name == ADMIN:
        return reverse("admin:index")
    return reverse(address.name, kwargs=arguments or None)


class Visitors:
    """One signed-in client per role (and an anonymous one), and each role's API key."""

    def __init__(self, world: World) -> None:
        self.clients: dict[str, Client] = {}
        self.keys: dict[str, str] = {}
        for role in ROLES:
            client = Client(raise_request_exception=True)
            user = world.users[role]
            if user is not None:
                client.force_login(user)
                self.keys[role] = api_key(user)
            self.clients[role] = client

    def get(self, role: str, url: str, **extra: Any) -> Any:
        return self.clients[role].get(url, **extra)

    def send(self, role: str, method: str, url: str, *, api: bool, body: str = "{}") -> Any:
        """A write: an empty form, or a JSON body (an empty object by default) with the role's key."""
        client = self.clients[role]
        if not api:
            return client.generic(method, url, b"", content_type="application/x-www-form-urlencoded")
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role in self.keys else {}
        return client.generic(method, url, body.encode(), content_type="application/json", headers=headers)


def answer(response: Any) -> str:
    """The response in the words of the rules: a status, or `login` for a redirection to a sign-in page."""
    status = response.status_code
    if status in (301, 302):
        location = response.get("Location", "")
        if location.startswith(reverse(settings.LOGIN_URL)) or location.startswith(reverse("admin:login")):
            return "login"
        return "302"
    return str(status)


MARKER = re.compile(r"canary-[a-z0-9_-]+", re.IGNORECASE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body_text(response: Any) -> str:
    """What a reader of the response sees: the text of a page, a JSON or CSV body, every cell of a
    spreadsheet, the text of a PDF."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith(XLSX) or data[:2] == b"PK":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join(cells + [str(sheet.title) for sheet in workbook.worksheets])
    if kind.startswith("application/pdf") or data[:5] == b"%PDF-":
        done = subprocess.run(["pdftotext", "-q", "-", "-"], input=data, capture_output=True, check=True)
        return done.stdout.decode("utf-8", errors="replace")
    return data.decode("utf-8", errors="replace")


def markers_in(text: str) -> set[str]:
    return {found.lower() for found in MARKER.findall(text)}


def _plain(marker: str) -> str:
    return marker.replace("-", "").replace("_", "")


def identify(found: set[str], seeded: dict[str, str]) -> set[str]:
    """The seeded markers among those found. A PDF's text may cut a marker at the end of a line, or join
    its parts without their hyphen: a piece is matched to the seeded marker it is part of; a piece that
    matches none is kept as it is (and counts as a leak)."""
    plains = {_plain(marker): marker for marker in seeded}
    known: set[str] = set()
    for piece in found:
        plain = _plain(piece)
        matches = {m for p, m in plains.items() if p.startswith(plain) or plain.startswith(p)}
        known |= matches or {piece}
    return known


def shown(world: World, response: Any) -> set[str]:
    """The seeded markers a response shows to its reader."""
    return identify(markers_in(body_text(response)), world.markers)
