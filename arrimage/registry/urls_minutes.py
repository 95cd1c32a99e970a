"""Addresses of a meeting's printable minutes and of a concertation's meetings feed (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import meeting_minutes

urlpatterns: list[URLPattern] = [
    path("reunions/<int:pk>/proces-verbal/", meeting_minutes.meeting_minutes_page, name="meeting_minutes"),
    path("reunions/<int:pk>/proces-verbal.pdf", meeting_minutes.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path(
        "concertations/<int:pk>/reunions.ics",
        meeting_minutes.concertation_meetings_ical,
        name="concertation_meetings_ical",
    ),
]
