from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "arrimage.registry"
    verbose_name = _("Registry pages")

    def ready(self) -> None:
        from .views import imports  # noqa: F401  (registers the import's background job)
