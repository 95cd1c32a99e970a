from django.urls import URLPattern, path

# The `territory_id` converter is registered by the territories' URLs: importing them makes sure it is
# known, whatever the order in which the URL modules are read.
from arrimage.territories import urls as _territory_urls  # noqa: F401

from .views import planning, planning_exports

urlpatterns: list[URLPattern] = [
    path("territoires/<territory_id:public_id>/plans/", planning.territory_plans, name="territory_plans"),
    path(
        "territoires/<territory_id:public_id>/plans/donnees/<slug:figure>.<slug:fmt>",
        planning_exports.figure_export,
        name="territory_plans_figure",
    ),
]
