from django.urls import URLPattern, path

from .views import concertations, organizations, people

urlpatterns: list[URLPattern] = [
    path("concertations/", concertations.concertation_list, name="concertation_list"),
    path("concertations/<int:pk>/", concertations.concertation_detail, name="concertation_detail"),
    path("organismes/", organizations.organization_list, name="organization_list"),
    path("organismes/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("personnes/<int:pk>/", people.person_detail, name="person_detail"),
]
