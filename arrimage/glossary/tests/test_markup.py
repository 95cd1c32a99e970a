import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from arrimage.glossary import markup
from arrimage.glossary.lexicon import Entry

ENTRIES = (
    Entry("MRC", "municipalité régionale de comté", "", "", True, 1),
    Entry("TIR", "table intersectorielle régionale", "", "", True, 2),
    Entry("TIR-SHV", "table intersectorielle régionale en saines habitudes de vie", "", "", True, 3),
    Entry("", "concertation", "", "", False, 4),
    Entry("<b>", 'a "quoted" <script>alert(1)</script>', "", "", True, 5),
)
MATCHER = markup.Matcher.build(ENTRIES)


def test_an_acronym_is_wrapped_with_its_full_form_once() -> None:
    html = MATCHER.mark("La MRC de Portneuf et la MRC voisine")
    assert html.count("<abbr") == 1
    assert 'title="municipalité régionale de comté"' in html and 'tabindex="0"' in html
    assert '<span class="visually-hidden"> (municipalité régionale de comté)</span></abbr> de Portneuf' in html
    assert html.endswith("et la MRC voisine")


def test_whole_words_only_case_sensitive_and_longest_first() -> None:
    assert "<abbr" not in MATCHER.mark("AMRC, MRCs, mrc et MRC2")
    assert MATCHER.mark("MRC-de-Portneuf").startswith("<abbr")
    html = MATCHER.mark("La TIR-SHV et la TIR")
    assert html.count("<abbr") == 2 and "saines habitudes de vie" in html
    assert "(table intersectorielle régionale)" in html


def test_text_is_escaped_and_full_forms_too() -> None:
    html = MATCHER.mark("<script>alert('x')</script> MRC & co")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    # A hostile full form stays escaped inside the attribute and the hidden text.
    hostile = markup.Matcher.build((Entry("ZZ", '"><script>x</script>', "", "", True, 9),)).mark("ZZ")
    assert "<script>" not in hostile and "&quot;&gt;&lt;script&gt;" in hostile


def test_inside_a_link_the_abbr_takes_no_focus() -> None:
    html = MATCHER.mark("MRC", focusable=False)
    assert "tabindex" not in html and "gloss--quiet" in html


@pytest.mark.django_db
def test_the_filter_reads_the_lexicon_once_per_request() -> None:
    template = Template("{% load glossary %}{% for t in texts %}{{ t|glossed }} {{ t|glossed:'link' }}{% endfor %}")
    texts = [f"CLSC numéro {n} de la MRC" for n in range(30)]
    markup.request_begins()
    try:
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"texts": texts}))
    finally:
        markup.request_ends()
    assert len(queries) <= 2  # the data version, and the lexicon when it changed
    assert html.count("<abbr") == 120
    assert "centre local de services communautaires" in html


@pytest.mark.django_db
def test_the_english_pages_show_english_full_forms() -> None:
    with translation.override("en"):
        html = markup.glossed("MRC")
    assert "regional county municipality" in html


@pytest.mark.django_db
def test_an_empty_text_stays_empty() -> None:
    assert markup.glossed(None) == "" and markup.glossed("") == ""


@pytest.mark.django_db
def test_a_text_without_an_acronym_reads_nothing() -> None:
    markup.request_begins()
    try:
        with CaptureQueriesContext(connection) as queries:
            html = markup.glossed("Petite table <b>de quartier</b>")
    finally:
        markup.request_ends()
    assert not queries.captured_queries, queries.captured_queries
    assert html == "Petite table &lt;b&gt;de quartier&lt;/b&gt;"


def test_what_may_be_an_acronym() -> None:
    for text in ["MRC", "la DSPu", "StatCan", "CRÉ", "TIR-SHV", "PME MTL"]:
        assert markup.may_hold_acronym(text), text
    for text in ["Petite table", "Économie sociale", "Québec", "Plan d'action 5", "Loi 25"]:
        assert not markup.may_hold_acronym(text), text
