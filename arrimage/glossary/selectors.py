"""Reads of the glossary."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import translation

from arrimage.core.text import search_key
from arrimage.core.versions import registry_version

from .lexicon import Entry
from .models import Term, TermStatus

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


LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _sorted(queryset: QuerySet[Term]) -> QuerySet[Term]:
    """By the word a reader looks for: the acronym when there is one, the name otherwise."""
    return queryset.annotate(
        sort_key=Case(When(acronym_key="", then=F("name_key")), default=F("acronym_key"), output_field=CharField())
    ).order_by("sort_key", "pk")


def term_list(*, query: str = "", sector: str = "", letter: str = "") -> QuerySet[Term]:
    """The approved terms matching `query` (accent- and case-insensitive, on acronym, name and English name),
    having a meaning for `sector`, and starting with `letter` (their acronym, or their name)."""
    terms = Term.objects.approved()
    if query.strip():
        terms = terms.matching(query)
    if sector:
        terms = terms.filter(meanings__sector=sector)
    if letter:
        start = f" {letter.lower()}"
        terms = terms.filter(Q(acronym_key__startswith=start) | Q(acronym_key="", name_key__startswith=start))
    return _sorted(terms).distinct()


def term_get(pk: int) -> Term:
    """A term with its meanings, sources and related terms (any status: the caller checks who may see it)."""
    return get_object_or_404(
        Term.objects.select_related("proposed_by", "reviewed_by").prefetch_related(
            "meanings", "sources", Prefetch("related", queryset=_sorted(Term.objects.approved()))
        ),
        pk=pk,
    )


def terms_to_review() -> QuerySet[Term]:
    """The proposed terms, oldest first, with who proposed them."""
    return Term.objects.filter(status=TermStatus.PROPOSED).select_related("proposed_by").order_by("created_at", "pk")


def terms_by_label(labels: list[str]) -> tuple[list[int], list[str]]:
    """The ids of the terms (not refused) named by each label (acronym or name, folded), and the labels that
    name none."""
    found: list[int] = []
    unknown: list[str] = []
    for label in labels:
        key = search_key(label)
        if not key:
            continue
        term = (
            Term.objects.exclude(status=TermStatus.REFUSED)
            .filter(Q(acronym_key=key) | Q(name_key=key))
            .values_list("pk", flat=True)
            .first()
        )
        if term is None:
            unknown.append(label.strip())
        else:
            found.append(term)
    return found, unknown
