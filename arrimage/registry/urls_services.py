"""Addresses of the edit pages of services (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import services

urlpatterns: list[URLPattern] = [
    path("organismes/<int:pk>/services/ajouter/", services.service_create, name="service_create"),
    path("services/<int:pk>/modifier/", services.service_edit, name="service_edit"),
]
