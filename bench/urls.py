"""The project's URLs plus the benchmark's floor: a view that does nothing but answer."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]


def trivial(request: HttpRequest) -> HttpResponse:
    """The cheapest response Django can give through Arrimage's middleware: the unit of the ratios."""
    return HttpResponse("ok")


urlpatterns = [path("__bench__/trivial/", trivial, name="bench-trivial"), *project_urlpatterns]
