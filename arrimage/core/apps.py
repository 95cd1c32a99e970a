from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arrimage.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import versions

        versions.connect()
