from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "arrimage.jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from . import downloads  # noqa: F401  (registers the handler of downloads)
