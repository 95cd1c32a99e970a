from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "arrimage.analysis"
    verbose_name = _("Territorial analysis")
