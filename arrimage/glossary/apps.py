from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "arrimage.glossary"
    verbose_name = _("Glossary")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import markup

        # The markup reads the lexicon once per request (a cache scope, not control flow).
        request_started.connect(markup.request_begins, dispatch_uid="arrimage.glossary.markup.begins")
        request_finished.connect(markup.request_ends, dispatch_uid="arrimage.glossary.markup.ends")
