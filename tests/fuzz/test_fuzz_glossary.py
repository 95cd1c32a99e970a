"""The glossary on any text: its form's cleaning of related terms and sources (`forms_glossary.TermForm`
clean_related, clean_sources) never fails with an error other than a message on the field, and the markup of
acronyms (`glossary.markup`) always escapes what it does not mark."""

from __future__ import annotations

import pytest
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from arrimage.glossary import markup
from arrimage.glossary.lexicon import Entry
from arrimage.registry.forms_glossary import TermForm

from .profiles import FUZZ
from .strategies import nasty_text

MATCHER = markup.Matcher.build(
    (Entry("MRC", "municipalité régionale de comté", "", "", True, 1), Entry("TIR-SHV", "<b>x</b>", "", "", True, 2))
)


@pytest.mark.django_db
@FUZZ
@given(related=nasty_text, sources=nasty_text)
def test_the_term_form_cleans_any_related_terms_and_sources(related: str, sources: str) -> None:
    form = TermForm({"name": "terme", "definition": "Définition.", "related": related, "sources": sources})
    form.is_valid()  # a message on the field at worst, never an exception
    if "sources" in form.cleaned_data:
        assert all(url == "" or url.startswith("http") for _title, url in form.cleaned_data["sources"])


@FUZZ
@given(text=st.one_of(nasty_text, st.text()))
def test_the_markup_escapes_everything_it_does_not_mark(text: str) -> None:
    html = str(MATCHER.mark(text))
    assert "<b>" not in html and "<script" not in html
    if "<abbr" not in html:
        assert html == escape(text)
    else:
        assert "MRC" in text or "TIR-SHV" in text
