"""What the browser tests share besides fixtures: launch settings, page factory, map and axe-core helpers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Loaded from the site like its own scripts: the Content Security Policy refuses inline scripts.
AXE_URL = f"{settings.STATIC_URL}vendor/axe-core/axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def screenshot_dir() -> Path:
    """Where the screenshots go: $ARRIMAGE_SCREENSHOTS, or build/screenshots (git-ignored)."""
    folder = Path(os.environ.get("ARRIMAGE_SCREENSHOTS") or "build/screenshots")
    if not folder.is_absolute():
        folder = Path(settings.BASE_DIR) / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(browser: Any, base_url: str, *, viewport: dict[str, int] = DESKTOP, language: str = "") -> Any:
    """A page in a fresh browser context (no cookie); in English when `language` is "en".

    HTTP errors and JavaScript errors are collected in `page.problems`: a test asserts it is empty.
    """
    context = browser.new_context(viewport=viewport, locale="fr-CA")
    context.set_default_timeout(TIMEOUT_MS)
    if language:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
    page.on(
        "response",
        lambda response: problems.append(f"HTTP {response.status} {response.url}") if response.status >= 400 else None,
    )
    page.problems = problems
    return page


def wait_for_map(page: Any, selector: str) -> int:
    """Wait until static/js/map.js has drawn the map's layers; return the number of features it drew."""
    page.wait_for_function(
        "selector => { const map = document.querySelector(selector); return map && map.dataset.drawn; }",
        arg=selector,
    )
    drawn = page.get_attribute(selector, "data-drawn")
    assert drawn != "error", f"The map {selector} could not be drawn on {page.url}"
    assert drawn is not None and int(drawn) > 0, f"The map {selector} drew nothing on {page.url} ({drawn!r})"
    return int(drawn)


def wait_for_maps(page: Any) -> None:
    """Wait until every map of the page is drawn."""
    for map_id in page.eval_on_selector_all(".map[data-layers]", "maps => maps.map(map => map.id)"):
        wait_for_map(page, f"#{map_id}")


def load_axe(page: Any) -> None:
    """Add axe-core to the page (as `window.axe`)."""
    page.add_script_tag(url=AXE_URL)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations of these impacts."""
    load_axe(page)
    results = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    return [violation for violation in results["violations"] if violation["impact"] in impacts]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: its id, impact and help, then the first elements it concerns."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)
