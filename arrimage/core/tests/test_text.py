"""Folding names for search: examples from Québec's place names, and properties that hold for any text."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrimage.core.text import fold, nul_path, search_key, search_words

KEY_FORM = re.compile(r"(?: [0-9a-z]+)+ ")

# Plain words of a name, as someone would type them without accents or capitals.
plain_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10), min_size=1)

# Ways to write each plain letter in an official name.
ACCENTED = {
    "a": "aAàÀâÂä",
    "c": "cCçÇ",
    "e": "eEéÉèÈêÊëË",
    "i": "iIîÎïÏ",
    "o": "oOôÔöÖ",
    "u": "uUùÙûÛüÜ",
}
SEPARATORS = ["-", " ", "  ", "–", "—", "'", "’", ". ", " - ", "_", "/", ","]


@st.composite
def written_variant(draw, words):
    """`words` written as in an official or hurried name: accents, capitals, hyphens, dashes…"""
    written = []
    for word in words:
        letters = [draw(st.sampled_from(ACCENTED.get(letter, letter + letter.upper()))) for letter in word]
        written.append("".join(letters))
    parts = [written[0]]
    for word in written[1:]:
        parts.extend([draw(st.sampled_from(SEPARATORS)), word])
    prefix = draw(st.sampled_from(["", " ", "« ", "("]))
    suffix = draw(st.sampled_from(["", " ", " »", ")", "."]))
    return prefix + "".join(parts) + suffix


class TestFold:
    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("Îles-de-la-Madeleine", "iles-de-la-madeleine"),
            ("SAINT-ZACHARIE", "saint-zacharie"),
            ("Saint-Côme–Linière", "saint-come–liniere"),
            ("Lac-Mégantic", "lac-megantic"),
            ("Œuvre ÆSOP", "oeuvre aesop"),
            ("Baie-D'Urfé", "baie-d'urfe"),
            ("", ""),
        ],
    )
    def test_examples(self, text, folded):
        assert fold(text) == folded

    @given(st.text())
    def test_idempotent(self, text):
        assert fold(fold(text)) == fold(text)

    @given(st.text())
    def test_has_no_combining_accent_nor_capital(self, text):
        folded = fold(text)
        assert folded == folded.casefold()
        assert not re.search("[\u0300-\u036f]", folded)


class TestSearchWords:
    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("St-Zacharie", ["saint", "zacharie"]),
            ("Ste. Marie", ["sainte", "marie"]),
            ("Sts-Anges", ["saints", "anges"]),
            ("STES-Anne", ["saintes", "anne"]),
            ("Les Îles-de-la-Madeleine", ["les", "iles", "de", "la", "madeleine"]),
            ("Saint-Côme–Linière", ["saint", "come", "liniere"]),
            # Only a whole word is an abbreviation: « Stoneham » and « Stanstead » stay as they are.
            ("Stoneham-et-Tewkesbury", ["stoneham", "et", "tewkesbury"]),
            ("-- ,", []),
        ],
    )
    def test_examples(self, text, words):
        assert search_words(text) == words


class TestSearchKey:
    def test_surrounding_spaces(self):
        assert search_key("Saint-Zacharie") == " saint zacharie "

    def test_text_without_word_has_empty_key(self):
        assert search_key("") == ""
        assert search_key(" – ") == ""

    @pytest.mark.parametrize(
        "query", ["st-zacharie", "SAINT ZACHARIE", "saint-zacharie", "St Zacharie", "Saint–Zacharie"]
    )
    def test_documented_examples(self, query):
        assert search_key(query) == search_key("Saint-Zacharie")

    def test_madeleine(self):
        assert search_key("iles de la madeleine") in search_key("Les Îles-de-la-Madeleine")

    @given(st.text())
    def test_key_is_lower_case_ascii_words_between_single_spaces(self, text):
        key = search_key(text)
        assert key == "" or KEY_FORM.fullmatch(key), key

    @given(st.text())
    def test_key_of_a_key_is_the_key(self, text):
        assert search_key(search_key(text)) == search_key(text)

    @given(st.data(), plain_words)
    def test_any_written_variant_has_the_key_of_the_plain_name(self, data, words):
        variant = data.draw(written_variant(words))
        assert search_key(variant) == search_key(" ".join(words))

    @given(
        st.data(),
        st.sampled_from([("st", "saint"), ("ste", "sainte"), ("sts", "saints"), ("stes", "saintes")]),
        plain_words,
    )
    def test_abbreviated_saint_is_the_full_word(self, data, pair, rest):
        short, full = pair
        abbreviated = data.draw(written_variant([short, *rest]))
        written_in_full = data.draw(written_variant([full, *rest]))
        assert search_key(abbreviated) == search_key(written_in_full)
        assert search_key(abbreviated).startswith(f" {full} ")


def test_nul_path_names_where_a_document_holds_a_nul_character():
    assert nul_path({"organizations": [{"name": "CDC"}], "x": [1, None, True]}) is None
    assert nul_path({"organizations": [{"name": "CDC"}, {"name": "a\x00b"}]}) == "organizations[1].name"
    assert nul_path({"persons": [{"given\x00": "Marie"}]}) == "persons[0].given\x00"
    assert nul_path("\x00") == "$"
