"""Reads of the glossary."""

from __future__ import annotations

from django.utils import translation

from arrimage.core.versions import registry_version

from .lexicon import Entry
from .models import Term

_LEXICONS: dict[tuple[int, str], tuple[Entry, ...]] = {}


def lexicon(language: str | None = None) -> tuple[Entry, ...]:
    """The approved terms as `Entry`, in `language` (the active one by default; French text stands in for a
    missing English one). Kept in memory per data version: one indexed read per call while nothing changed."""
    english = (language or translation.get_language() or "fr").startswith("en")
    key = (registry_version(), "en" if english else "fr")
    entries = _LEXICONS.get(key)
    if entries is None:
        entries = tuple(
            Entry(
                acronym=term.acronym,
                name=(term.name_en or term.name) if english else term.name,
                definition=(term.definition_en or term.definition) if english else term.definition,
                plain=(term.plain_en or term.plain) if english else term.plain,
                jargon=term.jargon,
                pk=term.pk,
            )
            for term in Term.objects.approved().order_by("name_key")
        )
        for old in [old for old in _LEXICONS if old[0] != key[0]]:
            del _LEXICONS[old]
        _LEXICONS[key] = entries
    return entries
