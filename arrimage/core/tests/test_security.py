"""The security headers: the Content Security Policy and the Permissions Policy, on every response."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from arrimage.core.security import STYLE_ELEMENTS, content_security_policy, source_hash, tile_origin


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


def test_the_policy_allows_scripts_from_the_site_only() -> None:
    policy = directives(content_security_policy())
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert not any("unsafe-eval" in source for sources in policy.values() for source in sources)


@override_settings(ARRIMAGE_MAP_TILES={"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"})
def test_the_map_tiles_server_is_an_image_source() -> None:
    assert directives(content_security_policy())["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://tuiles.example:8443/{z}/{x}/{y}.png", "https://tuiles.example:8443"),
        ("", ""),
        ("/tuiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_origin(url: str, origin: str) -> None:
    assert tile_origin(url) == origin


# How each library writes the style it inserts (its minified source builds the text from these pieces).
STYLE_SOURCES = {
    "vendor/htmx/htmx.min.js": [
        'indicatorClass:"htmx-indicator"',
        'requestClass:"htmx-request"',
        "`.${t}{opacity:0;visibility: hidden} `",
        "`.${n} .${t}, .${n}.${t}{opacity:1;visibility: visible;transition: opacity 200ms ease-in}`",
    ],
    "vendor/cytoscape/cytoscape.min.js": ['s="__________cytoscape_container"', '"."+s+" { position: relative; }"'],
}


@pytest.mark.parametrize("path", sorted(STYLE_ELEMENTS))
def test_the_allowed_style_elements_are_those_of_the_vendored_libraries(path: str) -> None:
    """A new version of htmx or Cytoscape.js may change the style it inserts: its hash must follow
    (tests/browser/test_csp.py sees the browser refuse it)."""
    source = (Path(settings.BASE_DIR) / "static" / path).read_text()
    for piece in STYLE_SOURCES[path]:
        assert piece in source, f"{path} no longer inserts the style allowed by its hash ({piece})"
    assert source_hash(STYLE_ELEMENTS[path]) in content_security_policy()


@pytest.mark.django_db
def test_every_page_carries_the_headers(client: Client) -> None:
    response = client.get("/compte/connexion/")
    assert response.headers["Content-Security-Policy"] == content_security_policy()
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_response_keeps_its_own_policy(client: Client, territories: None) -> None:
    """The SVG charts send a stricter policy of their own."""
    response = client.get("/territoires/mrc:28/concertation/graphiques/couverture.svg")
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
