"""A page with a form posting back, cached with `arrimage.core.pagecache`, for its tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from arrimage.core import pagecache

computed: list[int] = []

TEMPLATE = engines["django"].from_string(
    '{% load pagecache %}{% pagecached "content" %}<p>{{ text }}</p>'
    '<form method="post" action="/envoi/">{% csrf_token %}<button>OK</button></form>{% endpagecached %}'
)


def form_page(request: HttpRequest) -> HttpResponse:
    def compute() -> dict[str, str]:
        computed.append(1)
        return {"text": "Bonjour"}

    page = pagecache.page(request, "test-form", compute=compute)
    return HttpResponse(TEMPLATE.render({"cached_page": page}, request))


def receive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("reçu")


urlpatterns = [path("formulaire/", form_page), path("envoi/", receive)]
