from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "arrimage.cycle"
    verbose_name = _("Démarche cycle")
