"""Addresses of the meetings' pages and of their edit forms (namespace `registry`)."""

from django.urls import URLPattern, path

from .views import meetings

urlpatterns: list[URLPattern] = [
    path("concertations/<int:pk>/reunions/", meetings.meeting_list, name="meeting_list"),
    path("concertations/<int:pk>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/presences/", meetings.meeting_attendance, name="meeting_attendance"),
    path("reunions/<int:pk>/proces-verbal/modifier/", meetings.meeting_minutes_edit, name="meeting_minutes_edit"),
    path("reunions/<int:pk>/decisions/ajouter/", meetings.decision_create, name="decision_create"),
    path(
        "reunions/<int:pk>/ordre-du-jour/suivis/",
        meetings.meeting_agenda_from_follow_ups,
        name="meeting_agenda_from_follow_ups",
    ),
    path("decisions/<int:pk>/suivis/ajouter/", meetings.follow_up_create, name="follow_up_create"),
    path("suivis/<int:pk>/fait/", meetings.follow_up_done, name="follow_up_done"),
    path("reunions/<int:pk>/supprimer/", meetings.meeting_delete, name="meeting_delete"),
    path("decisions/<int:pk>/modifier/", meetings.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/supprimer/", meetings.decision_delete, name="decision_delete"),
    path("suivis/<int:pk>/modifier/", meetings.follow_up_edit, name="follow_up_edit"),
    path("suivis/<int:pk>/supprimer/", meetings.follow_up_delete, name="follow_up_delete"),
]
