"""The project's URLs, with stand-ins for the registry pages the API links to when they are not there.

The API gives each record the address of its page; these tests need the names to reverse, not the pages.
"""

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def _page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse()


_project = import_module("config.urls")

urlpatterns = [p for p in _project.urlpatterns if getattr(p, "namespace", None) != "registry"] + [
    path(
        "",
        include(
            (
                [
                    path("organismes/<int:pk>/", _page, name="organization_detail"),
                    path("personnes/<int:pk>/", _page, name="person_detail"),
                    path("concertations/<int:pk>/", _page, name="concertation_detail"),
                ],
                "registry",
            )
        ),
    )
]

handler400 = _project.handler400
handler404 = _project.handler404
handler500 = _project.handler500
