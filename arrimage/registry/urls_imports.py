"""Addresses of the import wizard and of the list of imports (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import imports

urlpatterns: list[URLPattern] = [
    path("importations/", imports.import_list, name="import_list"),
    path("importations/nouvelle/", imports.import_start, name="import_start"),
    path("importations/<int:pk>/", imports.import_detail, name="import_detail"),
    path("importations/<int:pk>/annuler/", imports.import_undo_view, name="import_undo"),
    path("importations/etapes/<slug:token>/feuille/", imports.import_sheet, name="import_sheet"),
    path("importations/etapes/<slug:token>/colonnes/", imports.import_mapping, name="import_mapping"),
    path("importations/etapes/<slug:token>/apercu/", imports.import_preview_page, name="import_preview"),
    path("importations/etapes/<slug:token>/progression/", imports.import_progress, name="import_progress"),
    path("importations/etapes/<slug:token>/abandonner/", imports.import_abandon, name="import_abandon"),
]
