"""The plain-language check (`arrimage.glossary.plain`) on any text: its splitting (`tokens.split_words`,
`tokens.split_sentences`), the check and the highlighting, and the page's form (`PlainCheckForm.clean_text`).
Whatever the text, the answer is findings inside it or a French refusal, never an exception; and no
pattern backtracks (the only regular expression is a single repeated character class)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrimage.glossary.lexicon import Entry
from arrimage.glossary.plain import MAX_CHARS, check, highlight
from arrimage.glossary.plain.tokens import split_sentences, split_words
from arrimage.registry.forms_plain import PlainCheckForm

from .profiles import FUZZ
from .strategies import nasty_text

LEXICON = [
    Entry("MRC", "municipalité régionale de comté", "…", "regroupement de municipalités", False, 1),
    Entry("", "table de concertation", "…", "groupe de travail", True, 2),
]
# French-looking text: words that trigger every kind of finding, punctuation, breaks, addresses.
PIECES = st.sampled_from(
    [
        "La", "MRC", "est", "sont", "invités", "été", "adopté", "se", "voit", "planification", "du",
        "développement", "de", "la", "d'", "l'évaluation", "mise", "en", "œuvre", "arrimage", "M.", "p.", "ex.",
        "etc.", "1,5", "3", "h", "30", "…", "...", ".", "!", "?", "(", ")", "«", "»", "-", "•", "\n", "\n\n",
        "info@exemple.ca", "https://exemple.ca/a.b", "CIUSSS", "RDC-CN", "nous", "s'est", "table", "concertation",
    ]
)  # fmt: skip
french_text = st.lists(PIECES, max_size=80).map(" ".join)


@FUZZ
@given(st.one_of(nasty_text, french_text))
def test_split_words_and_sentences_keep_offsets(text: str) -> None:
    words = split_words(text)
    sentences = split_sentences(text)
    assert [token for sentence in sentences for token in sentence.tokens] == words
    end = 0
    for sentence in sentences:
        assert end <= sentence.start < sentence.end <= len(text)
        end = sentence.end
    for token in words:
        assert text[token.start : token.end] == token.text and token.text.strip() == token.text


@FUZZ
@given(st.one_of(nasty_text, french_text), st.sampled_from(["fr", "en"]))
def test_check_and_highlight_any_text(text: str, language: str) -> None:
    report = check(text, lexicon=LEXICON, language=language)
    spans = set()
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text) and finding.message
        assert (finding.kind, finding.start, finding.end) not in spans
        spans.add((finding.kind, finding.start, finding.end))
    score = report.readability.score
    assert score is None or 0 <= score <= 100
    assert "".join(piece.text for block in highlight(text, report.findings) for piece in block.pieces) == text


@pytest.mark.django_db
@FUZZ
@given(st.one_of(nasty_text, french_text, st.just("a" * (MAX_CHARS + 1))), st.sampled_from(["fr", "en", "de", ""]))
def test_the_form_accepts_or_refuses_in_words(text: str, language: str) -> None:
    form = PlainCheckForm({"text": text, "language": language})
    if form.is_valid():
        assert form.cleaned_data["text"].strip()
    else:
        assert all(str(message) for messages in form.errors.values() for message in messages)
