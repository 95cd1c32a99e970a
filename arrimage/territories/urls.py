from django.urls import path, register_converter

from . import views


class TerritoryIdConverter:
    """`kind:code`, for example `region:03` or `custom:ma-zone`."""

    regex = r"(?:province|region|mrc|municipality|borough|rss|custom):[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TerritoryIdConverter, "territory_id")

app_name = "territories"
urlpatterns = [
    path("territoires/recherche/", views.territory_search, name="search"),
    path("territoires/<territory_id:public_id>/", views.territory_detail, name="detail"),
]
