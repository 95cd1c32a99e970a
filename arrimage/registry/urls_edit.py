"""Addresses of the registry's edit pages and of the suggestions their text boxes load."""

from django.urls import URLPattern, path

from .views import edit

urlpatterns: list[URLPattern] = [
    path("concertations/nouvelle/", edit.concertation_create, name="concertation_create"),
    path("concertations/<int:pk>/modifier/", edit.concertation_edit, name="concertation_edit"),
    path("concertations/<int:pk>/sieges/ajouter/", edit.seat_create, name="seat_create"),
    path("sieges/<int:pk>/modifier/", edit.seat_edit, name="seat_edit"),
    path("sieges/<int:pk>/abolir/", edit.seat_abolish, name="seat_abolish"),
    path("sieges/<int:pk>/occuper/", edit.membership_start, name="membership_start"),
    path("mandats/<int:pk>/terminer/", edit.membership_end, name="membership_end"),
    path("mandats/<int:pk>/modifier/", edit.membership_edit, name="membership_edit"),
    path("mandats/<int:pk>/remplacer/", edit.membership_replace, name="membership_replace"),
    path("organismes/nouveau/", edit.organization_create, name="organization_create"),
    path("organismes/<int:pk>/modifier/", edit.organization_edit, name="organization_edit"),
    path("personnes/nouvelle/", edit.person_create, name="person_create"),
    path("personnes/<int:pk>/modifier/", edit.person_edit, name="person_edit"),
    path("personnes/<int:pk>/postes/ajouter/", edit.position_create, name="position_create"),
    path("postes/<int:pk>/terminer/", edit.position_end, name="position_end"),
    path("suggestions/territoires/", edit.suggest_territories, name="suggest_territories"),
    path("suggestions/organismes/", edit.suggest_organizations, name="suggest_organizations"),
    path("suggestions/personnes/", edit.suggest_people, name="suggest_people"),
    path("suggestions/concertations/", edit.suggest_concertations, name="suggest_concertations"),
]
