"""Printable reports: each opens as a page and downloads as PDF."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("territoires/<territory_id:public_id>/portrait/", views.territory_portrait, name="territory_portrait"),
    path(
        "territoires/<territory_id:public_id>/portrait.pdf", views.territory_portrait_pdf, name="territory_portrait_pdf"
    ),
    path("concertations/<int:pk>/rapport-annuel/", views.concertation_annual, name="concertation_annual"),
    path("concertations/<int:pk>/rapport-annuel.pdf", views.concertation_annual_pdf, name="concertation_annual_pdf"),
    path("personnes/<int:pk>/dossier-de-transition/", views.handover, name="handover"),
    path("personnes/<int:pk>/dossier-de-transition.pdf", views.handover_pdf, name="handover_pdf"),
]
