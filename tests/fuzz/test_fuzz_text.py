"""Text folding (`arrimage.core.text`), the organisation matcher's `normalize` and the query string of a cached
page's key (`arrimage.core.pagecache.normalised_query`), on any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from arrimage.core.pagecache import normalised_query
from arrimage.core.text import fold, search_key, search_words
from arrimage.interchange.matching import KnownOrganization, OrganizationIndex, normalize

from .profiles import FUZZ
from .strategies import nasty_text

ACCENTED = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç"}
latin_words = st.lists(st.text(alphabet="abcdeilnostuz", min_size=1, max_size=8), min_size=1, max_size=5)


def _accented(word: str, choices: list[int]) -> str:
    out = []
    for position, char in enumerate(word):
        marks = ACCENTED.get(char)
        variant = marks[choices[position % len(choices)] % len(marks)] if marks and choices else char
        out.append(variant.upper() if position == 0 else variant)
    return "".join(out)


@FUZZ
@given(nasty_text)
def test_fold_is_stable_and_without_accents_or_capitals(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.casefold()
    assert not any(unicodedata.category(char) == "Mn" for char in folded)


@FUZZ
@given(nasty_text)
def test_search_key_is_idempotent_and_well_formed(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    if key:
        assert key.startswith(" ") and key.endswith(" ") and "  " not in key
        assert all(word.isascii() and word.isalnum() for word in key.split())
    assert search_words(text) == key.split()
    assert "\x00" not in key and "%" not in key and "_" not in key


@FUZZ
@given(latin_words, st.lists(st.integers(0, 3), max_size=4), st.sampled_from([" ", "-", " - ", "’", "'", ", "]))
def test_search_key_matches_accented_and_capitalised_variants(words: list[str], choices: list[int], join: str) -> None:
    plain = " ".join(words)
    accented = join.join(_accented(word, choices) for word in words)
    assert search_key(accented) == search_key(plain)
    assert search_key(plain.upper()) == search_key(plain)


@FUZZ
@given(nasty_text)
def test_matcher_normalize_is_idempotent(text: str) -> None:
    name = normalize(text)
    assert normalize(name) == name
    assert name == " ".join(name.split())


KNOWN = (
    KnownOrganization(1, "CISSS de Chaudière-Appalaches", "CISSSCA"),
    KnownOrganization(2, "Municipalité de Saint-Zacharie", other_names=("Mun. de St-Zacharie",)),
    KnownOrganization(3, "Maison des jeunes La Piaule", "MDJ"),
)


@FUZZ
@given(nasty_text, st.lists(nasty_text, max_size=3))
def test_the_matcher_scores_any_name(name: str, other_names: list[str]) -> None:
    index = OrganizationIndex.build([*KNOWN, KnownOrganization(4, name, other_names=tuple(other_names))])
    candidates = index.candidates(name)
    assert all(0 <= candidate.score <= 1 for candidate in candidates)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert index.decide(name).kind in {"none", "sure", "ambiguous"}


@FUZZ
@given(st.lists(st.tuples(nasty_text, nasty_text), max_size=12), st.randoms(use_true_random=False))
def test_the_query_of_a_cached_page_names_the_same_content_the_same_way(params, rng) -> None:
    """Whatever the order of the parameters and the spaces around their values, one text; a parameter left
    empty changes nothing (a key never depends on how the address was written)."""
    key = normalised_query(params)
    shuffled = list(params)
    rng.shuffle(shuffled)
    assert normalised_query(shuffled) == key
    assert normalised_query([(name, f"  {value} ") for name, value in params]) == key
    assert normalised_query([*params, ("page", "   "), ("q", "")]) == key
