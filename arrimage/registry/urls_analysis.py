from django.urls import URLPattern, path

# The `territory_id` converter is registered by the territories' URLs: importing them makes sure it is
# known, whatever the order in which the URL modules are read.
from arrimage.territories import urls as _territory_urls  # noqa: F401

from .views import analysis, demarches

urlpatterns: list[URLPattern] = [
    path(
        "territoires/<territory_id:public_id>/concertation/",
        analysis.territory_analysis,
        name="territory_analysis",
    ),
    path("concertations/<int:pk>/demarches/", demarches.concertation_demarches, name="concertation_demarches"),
]
