"""Addresses of a person's privacy pages: consents, export of their data, erasure."""

from django.urls import URLPattern, path

from .views import privacy

urlpatterns: list[URLPattern] = [
    path("personnes/<int:pk>/consentement/", privacy.person_consent, name="person_consent"),
    path("personnes/<int:pk>/donnees/", privacy.person_data_export, name="person_data_export"),
    path("personnes/<int:pk>/effacer/", privacy.person_erase, name="person_erase"),
]
