"""Security headers Django's SecurityMiddleware does not set: the Content Security Policy and the
Permissions Policy.

Django's own middleware already sends X-Content-Type-Options (SECURE_CONTENT_TYPE_NOSNIFF),
Referrer-Policy (SECURE_REFERRER_POLICY) and Cross-Origin-Opener-Policy (SECURE_CROSS_ORIGIN_OPENER_POLICY),
and XFrameOptionsMiddleware sends X-Frame-Options: this module does not repeat them.

The policy allows scripts from the site only: no inline script, no inline event handler, no eval. Pages
pass their data to static/js with `json_script` blocks, which are data and never run.

Styles: stylesheets come from the site, plus two exact style elements that vendored libraries insert
when they start (allowed by the hash of their text, see STYLE_ELEMENT_HASHES). Style *attributes* are
allowed (`style-src-attr 'unsafe-inline'`): the concertation page places the ticks and segments of its
membership timeline with percentages computed on the server, which no fixed set of classes can express.
A style attribute can neither run code nor select and read the page (style elements and stylesheets,
which could, stay restricted), and images, the only way a style could send something out, are still
limited by img-src.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The text of the style elements the vendored libraries insert (static/vendor), allowed by their hash.
# A new version of a library may change its text: arrimage/core/tests/test_security.py checks that each
# text is still in its library, and tests/browser/test_csp.py that no page meets a refused style.
STYLE_ELEMENTS = {
    # htmx hides its request indicators until a request runs (htmx.config.includeIndicatorStyles).
    "vendor/htmx/htmx.min.js": (
        ".htmx-indicator{opacity:0;visibility: hidden} .htmx-request .htmx-indicator, "
        ".htmx-request.htmx-indicator{opacity:1;visibility: visible;transition: opacity 200ms ease-in}"
    ),
    # Cytoscape.js makes the network graph's container a positioning context.
    "vendor/cytoscape/cytoscape.min.js": ".__________cytoscape_container { position: relative; }",
}


def source_hash(text: str) -> str:
    """The CSP hash source of an inline element's exact text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def tile_origin(url: str) -> str:
    """The origin (scheme://host[:port]) of the map tiles' address template, or "" when there is none."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy() -> str:
    """The site's Content Security Policy, with the map tile server of ARRIMAGE_MAP_TILES among the image
    sources."""
    images = ["'self'", "data:"]
    tiles = tile_origin(str(settings.ARRIMAGE_MAP_TILES.get("url") or ""))
    if tiles:
        images.append(tiles)
    styles = ["'self'", *(source_hash(text) for text in STYLE_ELEMENTS.values())]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": styles,
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


# Powerful browser features the site never uses, refused to the page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Add the Content Security Policy and the Permissions Policy to every response.

    A response that already carries its own policy keeps it (the SVG charts send a stricter one).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
