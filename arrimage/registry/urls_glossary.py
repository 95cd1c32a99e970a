"""Addresses of the glossary's pages (namespace `registry`), under /lexique/."""

from django.urls import URLPattern, path

from .views import glossary

urlpatterns: list[URLPattern] = [
    path("lexique/", glossary.term_list, name="term_list"),
    path("lexique/proposer/", glossary.term_propose, name="term_propose"),
    path("lexique/a-examiner/", glossary.term_queue, name="term_queue"),
    path("lexique/<int:pk>/", glossary.term_detail, name="term_detail"),
    path("lexique/<int:pk>/modifier/", glossary.term_edit, name="term_edit"),
    path("lexique/<int:pk>/approuver/", glossary.term_approve, name="term_approve"),
    path("lexique/<int:pk>/refuser/", glossary.term_refuse, name="term_refuse"),
]
