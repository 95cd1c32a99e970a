"""Syllables and reading ease (`glossary.plain.readability`)."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from arrimage.glossary.plain.readability import LEVELS, level, readability, syllables_en, syllables_fr
from arrimage.glossary.plain.tokens import split_sentences


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages are English source strings; French is the catalogue's (checked in the page's tests)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("table", 1),  # silent final e
        ("tables", 1),  # silent final es
        ("parlent", 1),  # silent -ent of a verb
        ("souvent", 2),  # an adverb keeps it
        ("moment", 2),
        ("année", 2),  # « ée » is sounded
        ("oiseau", 2),
        ("quartier", 2),  # the u of « qu » is no vowel
        ("guide", 1),
        ("communauté", 4),
        ("développement", 5),  # a silent « e » inside a word is counted (written syllables)
        ("l", 1),
    ],
)
def test_french_syllables(word: str, count: int) -> None:
    assert syllables_fr(word) == count


@pytest.mark.parametrize(("word", "count"), [("table", 2), ("make", 1), ("reading", 2), ("the", 1)])
def test_english_syllables(word: str, count: int) -> None:
    assert syllables_en(word) == count


def test_kandel_moles_score_by_hand() -> None:
    # 8 words, 2 sentences; syllables: les(1) organisations(5) communautaires(4) travaillent(2)
    # ensemble(2) au(1) quartier(2) demain(2) = 19.
    result = readability(split_sentences("Les organisations communautaires travaillent ensemble. Au quartier demain."))
    assert (result.words, result.sentences, result.syllables) == (8, 2, 19)
    assert result.score == round(207 - 1.015 * 4 - 73.6 * 19 / 8, 1)
    assert result.formula == "kandel-moles"


def test_flesch_score_for_english() -> None:
    # 8 words, 1 sentence; syllables: we(1) meet(1) on(1) monday(2) to(1) talk(1) about(2) housing(2) = 11.
    result = readability(split_sentences("We meet on Monday to talk about housing."), english=True)
    assert (result.words, result.syllables) == (8, 11)
    assert result.score == round(206.835 - 1.015 * 8 - 84.6 * 11 / 8, 1)
    assert result.formula == "flesch"


def test_scores_are_clamped_and_empty_texts_have_none() -> None:
    hard = readability(split_sentences(" ".join(["anticonstitutionnellement"] * 60) + "."))
    assert hard.score == 0
    assert readability([]).score is None
    assert readability([]).level is None


def test_levels_cover_the_scale_in_plain_words() -> None:
    assert [band.floor for band in LEVELS] == sorted((band.floor for band in LEVELS), reverse=True)
    assert str(level(65).name) == "standard"
    assert str(level(100).name) == "very easy"
    assert str(level(0).name) == "very difficult"


def test_long_words_and_averages() -> None:
    result = readability(split_sentences("Les organismes communautaires travaillent. Bravo."))
    assert result.long_words == 3  # organismes, communautaires, travaillent
    assert result.words_per_sentence == 2.5
    assert result.long_word_share == 0.6
