"""Addresses of the practice notes' pages and of their edit forms (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import practice

urlpatterns: list[URLPattern] = [
    path("fiches-de-pratique/", practice.note_list, name="note_list"),
    path("fiches-de-pratique/nouvelle/", practice.note_create, name="note_create"),
    path("fiches-de-pratique/<int:pk>/", practice.note_detail, name="note_detail"),
    path("fiches-de-pratique/<int:pk>/modifier/", practice.note_edit, name="note_edit"),
    path("fiches-de-pratique/<int:pk>/publier/", practice.note_publish, name="note_publish"),
    path("fiches-de-pratique/<int:pk>/supprimer/", practice.note_delete, name="note_delete"),
]
