"""Browser tests: the playwright package drives Debian's Chromium against pytest-django's live server.

Chromium is never downloaded (no `playwright install`): the tests use /usr/bin/chromium and fail, with a
message saying how to install it, when it is missing. The live server serves /static/ from the static
finders (pytest-django wraps it in Django's StaticFilesHandler because django.contrib.staticfiles is
installed), so no `collectstatic` is needed; `test_static_files_are_served` checks it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import CHROMIUM, CHROMIUM_ARGS, new_page

# The live server runs in a thread while playwright runs an event loop in the test's thread: Django must
# not refuse the synchronous database calls made from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, started once for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `sudo apt-get install chromium` (never `playwright install`).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # the dev requirements install it
        pytest.fail(f"The playwright Python package is missing ({error}): run `make setup`.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server: Any, territories: None) -> str:
    """The live server's address, with the reference territories loaded.

    `live_server` makes the test transactional: the database is flushed after each test, so the root
    conftest's `territories` fixture loads the reference territories again when they are gone.
    """
    return str(live_server.url)


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A desktop-sized page in a fresh browser context (French, no cookie)."""
    page = new_page(browser, base_url)
    yield page
    page.context.close()
