"""The PDF machinery: only the project's static files reach WeasyPrint, and a failure gives a French page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from arrimage.core import pdf
from arrimage.core.pdf import BASE_URL, StaticFilesOnly

from .world import pdf_text


def test_the_fetcher_serves_the_print_stylesheet():
    response = StaticFilesOnly().fetch(BASE_URL + "static/css/reports.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/static/css/reports.css",  # the network, even with a static-looking path
        "http://127.0.0.1:8000/static/css/reports.css",
        "file:///etc/passwd",
        BASE_URL + "admin/",  # a page of the site, not a static file
        BASE_URL + "static/../config/settings/base.py",
        BASE_URL + "static/css/nothing-here.css",
    ],
)
def test_the_fetcher_refuses_everything_else(address):
    with pytest.raises(ValueError):
        StaticFilesOnly().fetch(address)


def test_a_page_asking_for_the_network_still_renders_without_it():
    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/evil.css"></head>'
        '<body><p>Bonjour</p><img src="http://127.0.0.1:1/image.png" alt=""></body></html>'
    )
    assert "Bonjour" in pdf_text(pdf.pdf_bytes(html))


@pytest.mark.django_db
def test_a_failure_of_weasyprint_gives_a_french_page_and_is_logged(client, monkeypatch, caplog):
    def broken(html: str) -> bytes:
        raise RuntimeError("cairo exploded")

    monkeypatch.setattr(pdf, "pdf_bytes", broken)
    response = client.get(reverse("reports:territory_portrait_pdf", args=["mrc:28"]))
    assert response.status_code == 500
    body = response.content.decode()
    assert _("The PDF could not be made") in body
    assert "cairo exploded" not in body and "Traceback" not in body
    assert reverse("reports:territory_portrait", args=["mrc:28"]) in body
    assert any("could not be made" in record.getMessage() for record in caplog.records)
