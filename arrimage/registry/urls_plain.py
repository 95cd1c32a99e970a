"""Address of the plain-language check."""

from django.urls import URLPattern, path

from .views import plain

urlpatterns: list[URLPattern] = [
    path("lexique/verification/", plain.plain_check, name="plain_check"),
]
