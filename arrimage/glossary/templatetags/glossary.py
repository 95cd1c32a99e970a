"""`{% load glossary %}`: `{{ text|glossed }}` escapes a text and marks its acronyms with their full form
(`arrimage.glossary.markup`); `{{ name|glossed:"link" }}` does the same for a text shown inside a link, where
the `<abbr>` must not take the keyboard focus of its own."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from arrimage.glossary import markup

register = template.Library()


@register.filter(name="glossed", is_safe=True)
def glossed(text: Any, where: str = "") -> SafeString:
    return markup.glossed(text, focusable=where != "link")


@register.simple_tag
def term_text(obj: Any, field: str, glossed_text: bool = False) -> SafeString:
    """`obj.<field>` in the page's language: the English text (`<field>_en`) in the English pages, the French
    one otherwise; in English, a missing translation shows the French text marked `lang="fr"`."""
    french = str(getattr(obj, field, "") or "")
    english = str(getattr(obj, f"{field}_en", "") or "") if markup.english() else ""
    text = english or french
    shown = markup.glossed(text) if glossed_text else conditional_escape(text)
    if markup.english() and not english and french:
        return format_html('<span lang="fr">{}</span>', shown)
    return shown
