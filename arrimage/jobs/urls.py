from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("taches/<uuid:pk>/", views.job_detail, name="detail"),
    path("taches/<uuid:pk>/etat/", views.job_status, name="status"),
    path("taches/<uuid:pk>/fichier/", views.job_file, name="file"),
]
