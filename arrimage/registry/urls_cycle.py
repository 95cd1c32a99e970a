"""Addresses of the démarches' cycle: recording a stage, and where the démarches of a territory or of a
network are in their cycle (namespace `registry`)."""

from django.urls import URLPattern, path

# The `territory_id` converter is registered by the territories' URLs: importing them makes sure it is
# known, whatever the order in which the URL modules are read.
from arrimage.territories import urls as _territory_urls  # noqa: F401

from .views import cycle

urlpatterns: list[URLPattern] = [
    path("concertations/<int:pk>/cycle/etape/", cycle.cycle_stage_enter, name="cycle_stage_enter"),
    path("etapes-du-cycle/<int:pk>/note/", cycle.cycle_note_edit, name="cycle_note_edit"),
    path("concertations/<int:pk>/cycle/", cycle.network_cycle, name="network_cycle"),
    path("territoires/<territory_id:public_id>/cycle/", cycle.territory_cycle, name="territory_cycle"),
]
