"""The shared glossary in the JSON API: approved terms only, with their meanings per sector, related terms
and sources. Public: no key needed, and a key shows nothing more (proposals are reviewed in the pages)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from arrimage.glossary import selectors
from arrimage.glossary.models import GlossarySector, Term, TermStatus

from .auth import OPTIONAL_SECURITY, optional_key
from .common import ErrorOut, InvalidOut, PageOut, PageParams, not_found, paginate

router = Router(tags=["glossary"])


class MeaningOut(Schema):
    sector: GlossarySector
    meaning_fr: str
    meaning_en: str


class SourceOut(Schema):
    title: str
    url: str = Field(description="The source's address, or empty.")


class RelatedOut(Schema):
    id: int
    acronym: str
    name_fr: str
    name_en: str


class TermOut(Schema):
    id: int
    acronym: str = Field(description="Empty for a word that is not an acronym.")
    name_fr: str = Field(description="The term, or the acronym's full form, in French.")
    name_en: str
    definition_fr: str = Field(description="Plain-language definition for citizens, in French.")
    definition_en: str
    plain_fr: str = Field(description="Everyday words to use instead with citizens (may be empty).")
    plain_en: str
    url: str = Field(description="The term's page on the site.")


class TermDetailOut(TermOut):
    meanings: list[MeaningOut]
    related: list[RelatedOut]
    sources: list[SourceOut]


class TermPage(PageOut):
    results: list[TermOut]


class TermFilters(PageParams):
    q: str = Field("", max_length=100, description="Words of the acronym, name or English name (accents ignored).")
    sector: GlossarySector | None = Field(None, description="Only terms with a meaning for this sector.")
    letter: str = Field("", pattern="^[A-Za-z]?$", description="Only terms whose acronym (or name) starts with it.")


def _term(term: Term) -> dict[str, Any]:
    return {
        "id": term.pk,
        "acronym": term.acronym,
        "name_fr": term.name,
        "name_en": term.name_en,
        "definition_fr": term.definition,
        "definition_en": term.definition_en,
        "plain_fr": term.plain,
        "plain_en": term.plain_en,
        "url": term.get_absolute_url(),
    }


@router.get(
    "/glossary",
    response={200: TermPage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="term_list",
)
def term_list(request: HttpRequest, filters: Query[TermFilters]) -> dict[str, Any]:
    """The approved terms, by acronym (or name when there is none)."""
    queryset = selectors.term_list(query=filters.q, sector=filters.sector or "", letter=filters.letter.upper())
    return paginate(request, queryset, filters, lambda rows: [_term(term) for term in rows])


@router.get(
    "/glossary/{int:pk}",
    response={200: TermDetailOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="term_detail",
)
def term_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One approved term with its meanings per sector, related terms and sources."""
    try:
        term = selectors.term_get(pk)
    except Http404:
        term = None
    if term is None or term.status != TermStatus.APPROVED:
        raise not_found(_("No approved term has this number."))
    return {
        **_term(term),
        "meanings": [
            {"sector": meaning.sector, "meaning_fr": meaning.meaning, "meaning_en": meaning.meaning_en}
            for meaning in term.meanings.all()
        ],
        "related": [
            {"id": other.pk, "acronym": other.acronym, "name_fr": other.name, "name_en": other.name_en}
            for other in term.related.all()
        ],
        "sources": [{"title": source.title, "url": source.url} for source in term.sources.all()],
    }
