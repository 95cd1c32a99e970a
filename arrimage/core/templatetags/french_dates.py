"""The `date` filter of every template, with « 1er » for the first of the month in French.

Loaded as a built-in library (settings TEMPLATES OPTIONS builtins), after Django's own, so that
`{{ day|date:"DATE_FORMAT" }}` reads « 1er mars 2021 » without any template changing. Any other format
(`Y-m-d` in a `datetime` attribute…) is left exactly as Django writes it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters

from arrimage.core.dates import first_of_month

register = template.Library()

_LONG_FORMATS = {None, "", "DATE_FORMAT"}


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    text = defaultfilters.date(value, arg)
    if arg in _LONG_FORMATS and text:
        return first_of_month(text, value)
    return text
