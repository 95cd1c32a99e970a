"""Addresses of the funding programmes' pages and of their edit forms (namespace `registry`)."""

from django.urls import URLPattern, path

# The `territory_id` converter is registered by the territories' URLs.
from arrimage.territories import urls as _territory_urls  # noqa: F401

from .views import funding

urlpatterns: list[URLPattern] = [
    path("programmes/", funding.programme_list, name="programme_list"),
    path("programmes/nouveau/", funding.programme_create, name="programme_create"),
    path("programmes/echeances/", funding.deadline_calendar, name="deadline_calendar"),
    path("programmes/echeances.ics", funding.deadline_feed, name="deadline_feed"),
    path("programmes/<int:pk>/", funding.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/modifier/", funding.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/supprimer/", funding.programme_delete, name="programme_delete"),
    path("programmes/<int:pk>/echeances/ajouter/", funding.deadline_add, name="deadline_add"),
    path("echeances/<int:pk>/retirer/", funding.deadline_remove, name="deadline_remove"),
    path("territoires/<territory_id:public_id>/programmes/", funding.territory_programmes, name="territory_programmes"),
]
