"""The network graph of the « Concertation » page on the demonstration data: Cytoscape draws the bodies,
a filter reduces what is shown (graph, table and the count read aloud), the image downloads as a PNG, and
axe-core finds no violation in the section."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from .helpers import describe_violations, load_axe, new_page

pytestmark = pytest.mark.browser

PATH = "/territoires/region:03/concertation/"  # Capitale-Nationale


@pytest.fixture
def demo_page(browser: Any, base_url: str) -> Any:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    page = new_page(browser, base_url)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.console_errors = console
    page.goto(base_url + PATH)
    page.wait_for_function("() => { const g = document.getElementById('network-graph'); return g && g.dataset.drawn; }")
    yield page
    page.context.close()


def shown(page: Any) -> int:
    return int(page.get_attribute("#network-graph", "data-shown"))


def test_the_graph_draws_every_body_and_a_filter_reduces_it(demo_page: Any) -> None:
    page = demo_page
    data = json.loads(page.text_content("#network-data"))
    drawn = page.get_attribute("#network-graph", "data-drawn")
    assert drawn == str(len(data["nodes"])) and len(data["nodes"]) > 10
    assert page.locator("#network-graph canvas").count() > 0
    # The instance Cytoscape keeps on its container holds the nodes and the links.
    counts = page.evaluate(
        "() => { const cy = document.getElementById('network-graph')._cyreg.cy;"
        " return [cy.nodes().length, cy.edges().length]; }"
    )
    assert counts == [len(data["nodes"]), len(data["edges"])]
    assert shown(page) == len(data["nodes"])
    assert page.text_content("#network-count").strip().startswith(str(len(data["nodes"])))

    regional = sum(1 for node in data["nodes"] if node["level"] == "regional")
    assert 0 < regional < len(data["nodes"])
    page.select_option("#network-level", "regional")
    page.wait_for_function(f"() => document.getElementById('network-graph').dataset.shown === '{regional}'")
    assert page.text_content("#network-count").strip().startswith(str(regional))
    assert page.locator("#brokers-table tbody tr:visible").count() == regional

    theme = data["themes"][0]["value"]
    page.select_option("#network-level", "")
    page.select_option("#network-theme", theme)
    with_theme = sum(1 for node in data["nodes"] if theme in node["themes"])
    page.wait_for_function(f"() => document.getElementById('network-graph').dataset.shown === '{with_theme}'")

    page.select_option("#network-theme", "")
    page.wait_for_function(f"() => document.getElementById('network-graph').dataset.shown === '{len(data['nodes'])}'")
    assert not page.problems, "\n".join(page.problems)
    assert not page.console_errors, "\n".join(page.console_errors)


def test_the_image_downloads_as_a_png(demo_page: Any, tmp_path: Path) -> None:
    page = demo_page
    with page.expect_download() as download_info:
        page.click("#network-png")
    download = download_info.value
    today = timezone.localdate().isoformat()
    assert download.suggested_filename == f"concertation-region-03-reseau-{today}.png"  # as the other figures
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 5_000


@pytest.mark.parametrize("language", ["", "en"])
def test_no_accessibility_violation_in_the_network_section(browser: Any, base_url: str, language: str) -> None:
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    page = new_page(browser, base_url, language=language)
    try:
        page.goto(base_url + PATH)
        page.wait_for_function("() => document.getElementById('network-graph').dataset.drawn")
        page.select_option("#network-sector", index=1)  # the live region has spoken once
        load_axe(page)
        results = page.evaluate(
            "async () => await axe.run({ include: [['#network-section']] }, { resultTypes: ['violations'] })"
        )
        violations = results["violations"]
        assert not violations, describe_violations(violations)
        assert not page.problems, "\n".join(page.problems)
    finally:
        page.context.close()
