"""The cache of rendered pages: keys, audiences, CSRF tokens and answers kept whole."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from arrimage.core import pagecache
from arrimage.core.tests import pagecache_urls
from arrimage.core.versions import registry_changed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-assez-long-2026"


def request_for(user: Any = None, query: str = "", secret: str = "") -> Any:
    request = RequestFactory().get(f"/page/{query}")
    request.user = user or AnonymousUser()
    if secret:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_the_query_string_is_normalised() -> None:
    one = pagecache.normalised_query([("q", "  centre   ville "), ("page", "2"), ("theme", "")])
    other = pagecache.normalised_query([("page", "2"), ("q", "centre ville")])
    assert one == other == "page=2&q=centre ville"
    assert pagecache.normalised_query([("page", "3"), ("q", "centre ville")]) != one


def test_the_key_names_the_version_the_language_the_query_and_the_audience() -> None:
    anonymous = request_for()
    key = pagecache.key(anonymous, "concertation", 7)
    assert pagecache.key(request_for(), "concertation", 7) == key  # every anonymous visitor shares it
    assert pagecache.key(request_for(query="?date=2024-01-01"), "concertation", 7) != key
    assert pagecache.key(anonymous, "concertation", 8) != key
    with translation.override("en"):
        assert pagecache.key(anonymous, "concertation", 7) != key
    registry_changed()
    assert pagecache.key(anonymous, "concertation", 7) != key


def test_a_long_key_is_named_by_its_digest() -> None:
    key = pagecache.key(request_for(), "api", "/api/v1/" + "x" * 300)
    assert len(key) <= 200
    assert key != pagecache.key(request_for(), "api", "/api/v1/" + "x" * 301)


def test_a_user_is_an_audience_of_their_own_that_changes_with_their_csrf_secret() -> None:
    user, other = UserFactory.create(), UserFactory.create()
    mine = pagecache.audience(request_for(user, secret="a" * 32))
    assert mine != pagecache.ANONYMOUS
    assert pagecache.audience(request_for(user, secret="a" * 32)) == mine
    assert pagecache.audience(request_for(user, secret="b" * 32)) != mine
    assert pagecache.audience(request_for(other, secret="a" * 32)) != mine
    # Without forms (answers of the API, files), the secret plays no part.
    assert pagecache.audience(request_for(user, secret="a" * 32), forms=False) == pagecache.audience(
        request_for(user, secret="b" * 32), forms=False
    )


def test_a_part_is_computed_once_then_read_from_the_cache() -> None:
    calls: list[int] = []

    def compute() -> dict[str, str]:
        calls.append(1)
        return {"name": "Table de Beauport"}

    def render(data: Any) -> str:
        return f"<h1>{data['name']}</h1>"

    for _index in range(3):
        page = pagecache.page(request_for(), "test", compute=compute)
        assert page.fragment("content", render) == "<h1>Table de Beauport</h1>"
        assert page.fragment("title", lambda data: data["name"]) == "Table de Beauport"
    assert calls == [1]  # once, for both parts


def test_an_anonymous_fragment_holding_a_csrf_token_is_never_kept() -> None:
    form = '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
    page = pagecache.page(request_for(), "test", compute=dict)
    page.fragment("form", lambda data: form)
    assert cache.get(f"{page.key}:form") is None
    user_page = pagecache.page(request_for(UserFactory.create(), secret="a" * 32), "test", compute=dict)
    user_page.fragment("form", lambda data: form)
    assert cache.get(f"{user_page.key}:form") == form.encode()


def test_a_refused_page_is_not_kept() -> None:
    page = pagecache.page(request_for(), "test", compute=lambda: {"status": 422})
    page.fragment("content", lambda data: "erreur")
    assert page.status == 422
    assert cache.get(f"{page.key}:content") is None


# A page whose content is larger than `SPLICE_FROM`, in a template of its own, and the same content changed by
# the template around the part.
LARGE_PAGES = {
    "large.html": '{% load pagecache %}<main>{% pagecached "content" %}{{ rows|safe }}{% endpagecached %}</main>',
    "changed.html": '{% load pagecache %}{% filter upper %}{% pagecached "content" %}{{ rows|safe }}'
    "{% endpagecached %}{% endfilter %}",
}
LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", LARGE_PAGES)]},
    }
]


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
@pytest.mark.parametrize("template", ["large.html", "changed.html"])
def test_a_large_part_from_the_cache_gives_the_same_page_as_when_it_was_rendered(template: str) -> None:
    """A large part is put into the answer as the bytes kept (not decoded and encoded again); a template
    that changes the part's text gets it rendered as text instead. Either way the page is the same."""
    rows = "".join(f"<p>Table de concertation n° {n} — Lévis’ « aînés »</p>" for n in range(600))
    assert len(rows.encode()) > pagecache.SPLICE_FROM
    calls: list[int] = []

    def compute() -> dict[str, str]:
        calls.append(1)
        return {"rows": rows}

    first, second = (
        pagecache.render_page(request_for(), template, pagecache.page(request_for(), "large", compute=compute))
        for _index in range(2)
    )
    assert calls == [1]  # the second page came from the cache
    assert second.content == first.content
    shown = rows.upper() if template == "changed.html" else rows
    assert first.content.decode().count(shown) == 1
    assert b"pagecache:" not in second.content


def test_a_part_kept_as_text_is_still_read() -> None:
    """Parts kept before they were kept as bytes are given back as they are."""
    page = pagecache.page(request_for(), "test", compute=dict)
    cache.set(f"{page.key}:content", "<h1>Déjà là</h1>")
    assert page.fragment("content", lambda data: "autre") == "<h1>Déjà là</h1>"


def test_an_answer_is_kept_whole_with_its_headers() -> None:
    calls: list[int] = []

    def build() -> HttpResponse:
        calls.append(1)
        response = HttpResponse(b"a;b\n", content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        response["ETag"] = '"v1"'
        return response

    request = request_for()
    first = pagecache.response(request, "file", 1, build=build)
    second = pagecache.response(request, "file", 1, build=build)
    assert calls == [1]
    assert second.content == first.content == b"a;b\n"  # type: ignore[attr-defined]
    for header in ("Content-Type", "Content-Disposition", "ETag"):
        assert second[header] == first[header]


def test_a_streamed_answer_is_read_once_and_streamed_again() -> None:
    def build() -> StreamingHttpResponse:
        return StreamingHttpResponse(iter([b"a;", b"b\n"]), content_type="text/csv")

    for _index in range(2):
        response = pagecache.response(request_for(), "stream", build=build)
        assert response.streaming
        assert b"".join(response.streaming_content) == b"a;b\n"  # type: ignore[attr-defined]


def test_a_large_answer_is_kept_compressed_and_given_back_whole() -> None:
    """A province's CSV of several megabytes, larger than what is kept, still fits once compressed."""
    rows = b"".join(b"Table de concertation %d;Municipalite %d;0.87\n" % (n, n % 1100) for n in range(60_000))
    assert len(rows) > pagecache.MAX_BYTES
    calls: list[int] = []

    def build() -> HttpResponse:
        calls.append(1)
        return HttpResponse(rows, content_type="text/csv")

    first = pagecache.response(request_for(), "large", build=build)
    second = pagecache.response(request_for(), "large", build=build)
    assert calls == [1]
    assert first.content == second.content == rows  # type: ignore[attr-defined]
    stored = cache.get(pagecache.key(request_for(), "large", forms=False))
    assert stored[-1] is True and len(stored[2]) < pagecache.MAX_BYTES < len(rows)


def test_an_answer_that_is_not_a_success_is_not_kept() -> None:
    calls: list[int] = []

    def build() -> HttpResponse:
        calls.append(1)
        return HttpResponse(b"non", status=404)

    pagecache.response(request_for(), "missing", build=build)
    pagecache.response(request_for(), "missing", build=build)
    assert calls == [1, 1]


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


@pytest.mark.urls("arrimage.core.tests.pagecache_urls")
def test_a_cached_form_posts_back_after_signing_out_and_in_again() -> None:
    user = UserFactory.create(password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    pagecache_urls.computed.clear()
    assert client.login(email=user.email, password=PASSWORD)
    first = client.get("/formulaire/").content.decode()
    again = client.get("/formulaire/").content.decode()
    assert len(pagecache_urls.computed) == 1  # the second page came from the cache
    assert client.post("/envoi/", {"csrfmiddlewaretoken": _token(again)}).status_code == 200
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)  # a new CSRF secret
    after = client.get("/formulaire/").content.decode()
    assert len(pagecache_urls.computed) == 2  # the old token was not served again
    assert client.post("/envoi/", {"csrfmiddlewaretoken": _token(after)}).status_code == 200
    assert _token(first)


@pytest.mark.urls("arrimage.core.tests.pagecache_urls")
def test_anonymous_visitors_get_their_own_token_in_a_form() -> None:
    pagecache_urls.computed.clear()
    one, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (one, other):
        html = client.get("/formulaire/").content.decode()
        assert client.post("/envoi/", {"csrfmiddlewaretoken": _token(html)}).status_code == 200
    assert len(pagecache_urls.computed) == 2  # a fragment holding a token is never shared
