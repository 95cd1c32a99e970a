from django.urls import URLPattern, path

# The `territory_id` converter is registered by the territories' URLs: importing them makes sure it is
# known, whatever the order in which the URL modules are read.
from arrimage.territories import urls as _territory_urls  # noqa: F401

from .views import analysis, analysis_decisions, analysis_exports, demarches

urlpatterns: list[URLPattern] = [
    path(
        "territoires/<territory_id:public_id>/concertation/",
        analysis.territory_analysis,
        name="territory_analysis",
    ),
    path(
        "concertations/<int:first>/complementaire/<int:second>/",
        analysis_decisions.overlap_mark,
        name="overlap_mark",
    ),
    path("complementarites/<int:pk>/retirer/", analysis_decisions.overlap_withdraw, name="overlap_withdraw"),
    path(
        "territoires/<territory_id:public_id>/concertation/donnees/<slug:figure>.<slug:fmt>",
        analysis_exports.figure_export,
        name="territory_analysis_figure",
    ),
    path(
        "territoires/<territory_id:public_id>/concertation/graphiques/<slug:chart>.svg",
        analysis_exports.chart_svg,
        name="territory_analysis_chart",
    ),
    path("concertations/<int:pk>/demarches/", demarches.concertation_demarches, name="concertation_demarches"),
]
