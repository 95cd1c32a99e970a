"""The `<abbr>` markup of acronyms in pages: each acronym of the approved glossary found in a text is wrapped in
an `<abbr>` giving its full form, to sighted readers (a tooltip on hover and keyboard focus) and to screen
readers (the full form, hidden from sight, right after the acronym). Stored texts are never changed: the
markup is made when a page is rendered.

Rules: an acronym is found case-sensitively as a whole word (« MRC » but not « mrc » nor « AMRC »; a hyphen
counts as a word boundary, so « MRC-de-Portneuf » is found, and the longest acronym wins, « TIR-SHV » before
« TIR »). Only its first occurrence in each text is marked: a page explains the acronym once per text without
filling a paragraph with repeated explanations.

Cost: a text with no word shaped like an acronym (two capital letters in it) is only escaped. Otherwise the
approved acronyms are read in one query, once per request (`request_started` opens a scope the filter
reuses), so that a page runs the same number of queries on every visit and whatever the data; the compiled
pattern is kept in memory per content and language.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .lexicon import Entry


@dataclass(frozen=True)
class Matcher:
    """The approved acronyms of one lexicon, compiled."""

    pattern: re.Pattern[str] | None
    entries: dict[str, Entry]

    @classmethod
    def build(cls, lexicon: tuple[Entry, ...]) -> Matcher:
        entries = {entry.acronym: entry for entry in lexicon if entry.acronym}
        if not entries:
            return cls(None, {})
        alternatives = "|".join(re.escape(acronym) for acronym in sorted(entries, key=lambda a: (-len(a), a)))
        # Not inside a word: no letter, digit or underscore right before or after (a hyphen is a boundary).
        return cls(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), entries)

    def mark(self, text: str, *, focusable: bool = True) -> SafeString:
        """`text` escaped, with the first occurrence of each acronym wrapped in its `<abbr>`."""
        if self.pattern is None or not text:
            return escape(text)
        parts: list[str] = []
        done: set[str] = set()
        position = 0
        for found in self.pattern.finditer(text):
            acronym = found.group(0)
            if acronym in done:
                continue
            done.add(acronym)
            parts.append(escape(text[position : found.start()]))
            parts.append(_abbr(self.entries[acronym], focusable=focusable))
            position = found.end()
        if not parts:
            return escape(text)
        parts.append(escape(text[position:]))
        return mark_safe("".join(parts))  # noqa: S308 — every part was escaped or built by format_html


def _abbr(entry: Entry, *, focusable: bool) -> str:
    # The title shows the full form to mouse users; the CSS tooltip (from data-full) to keyboard users while the
    # acronym has the focus; the hidden span gives it to screen readers. Inside a link (focusable=False) the
    # abbr takes no focus of its own: the link has it.
    if focusable:
        return format_html(
            '<abbr class="gloss" title="{}" data-full="{}" tabindex="0">{}'
            '<span class="visually-hidden"> ({})</span></abbr>',
            entry.name,
            entry.name,
            entry.acronym,
            entry.name,
        )
    return format_html(
        '<abbr class="gloss gloss--quiet" title="{}">{}<span class="visually-hidden"> ({})</span></abbr>',
        entry.name,
        entry.acronym,
        entry.name,
    )


_LAST: dict[int, tuple[tuple[Entry, ...], Matcher]] = {}
_COMPILED: dict[tuple[str, tuple[tuple[int, str, str, str], ...]], Matcher] = {}
_SCOPE = threading.local()
# A word that may be an acronym: two capital letters in it (« MRC », « DSPu », « StatCan », « CRÉ »). A text
# without one needs no lexicon at all. The services refuse an acronym without this shape.
_CANDIDATE = re.compile(r"\w*?[A-ZÀ-ÖØ-Þ]\w*?[A-ZÀ-ÖØ-Þ]")


def may_hold_acronym(text: str) -> bool:
    """Whether `text` has a word shaped like an acronym (two capital letters in it)."""
    return bool(_CANDIDATE.search(text))


def matcher_for(lexicon: tuple[Entry, ...]) -> Matcher:
    """The compiled matcher of `lexicon`, built once per lexicon (the selector returns the same tuple while
    the data version and language do not change)."""
    key = id(lexicon)
    known = _LAST.get(key)
    if known is not None and known[0] is lexicon:
        return known[1]
    matcher = Matcher.build(lexicon)
    if len(_LAST) > 8:
        _LAST.clear()
    _LAST[key] = (lexicon, matcher)
    return matcher


def english() -> bool:
    """Whether the active language is English (the glossary's other language)."""
    return (get_language() or "fr").startswith("en")


def _acronyms() -> tuple[tuple[int, str, str, str], ...]:
    """The approved acronyms with their full forms in both languages: one small query."""
    from .models import Term

    rows = Term.objects.approved().exclude(acronym="").order_by("pk").values_list("pk", "acronym", "name", "name_en")
    return tuple(rows)


def current_matcher() -> Matcher:
    """The matcher of the approved acronyms in the active language.

    Inside a request: the acronyms are read in one query, once per request, whatever the data version (a
    page costs the same number of queries on every visit); the compiled pattern is kept per content.
    Outside a request (a command, a test rendering a template): the lexicon kept per data version."""
    from .selectors import lexicon

    language = "en" if english() else "fr"
    memo: dict[str, Any] | None = getattr(_SCOPE, "memo", None)
    if memo is None:
        return matcher_for(lexicon(language))
    if language in memo:
        return memo[language]
    rows = memo.get("rows")
    if rows is None:
        rows = memo["rows"] = _acronyms()
    key = (language, rows)
    matcher = _COMPILED.get(key)
    if matcher is None:
        entries = tuple(
            Entry(
                acronym=acronym,
                name=(name_en or name) if language == "en" else name,
                definition="",
                plain="",
                jargon=True,
                pk=pk,
            )
            for pk, acronym, name, name_en in rows
        )
        matcher = Matcher.build(entries)
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        _COMPILED[key] = matcher
    memo[language] = matcher
    return matcher


def request_begins(**kwargs: Any) -> None:
    _SCOPE.memo = {}


def request_ends(**kwargs: Any) -> None:
    _SCOPE.memo = None


def glossed(text: Any, *, focusable: bool = True) -> SafeString:
    """`text` escaped, with the glossary's acronyms marked up (see the module's rules)."""
    if text is None:
        return mark_safe("")
    text = str(text)
    if not may_hold_acronym(text):
        return escape(text)
    return current_matcher().mark(text, focusable=focusable)
