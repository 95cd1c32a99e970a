"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from arrimage.api.api import api
from arrimage.registry.views import privacy as privacy_views
from arrimage.territories import views as territory_views

urlpatterns = [
    path("", territory_views.home, name="home"),
    path("confidentialite/", privacy_views.privacy, name="privacy"),
    path("", include("arrimage.territories.urls")),
    path("", include("arrimage.registry.urls")),
    path("", include("arrimage.reports.urls")),
    path("", include("arrimage.jobs.urls")),
    path("compte/", include("arrimage.accounts.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "arrimage.core.views.bad_request"
handler403 = "arrimage.core.views.permission_denied"
handler404 = "arrimage.core.views.page_not_found"
handler500 = "arrimage.core.views.server_error"
