"""French full-text search, the same on SQLite and PostgreSQL (see docs/search.md).

A name is searched through its *terms*: the folded words of its search key (`arrimage.core.text`) and the
French stem of each word (Snowball). A query matches when each of its words, or that word's stem, starts
one of the name's terms: « concert » finds « Table de concertation » (as-you-type prefix), « organismes »
finds « Organisme » (stem « organ »), « tables » finds « table ».

- PostgreSQL computes the terms itself from the stored search key: `to_tsvector('simple', key)` (the
  words) joined with `to_tsvector('arrimage_fr', key)` (their stems; the configuration is made by a
  migration of `core`: unaccent, then Snowball French without stop words), indexed by a GIN index on that
  expression, and the query is a prefix tsquery (`(word:* | stem:*) & …`).
- SQLite reads the same terms from the stored `search_stems` column (« word1 stem1 word2 … », filled by
  the services next to the search key) and matches them as word prefixes with LIKE.

Python computes the stems with the Snowball algorithm of PostgreSQL's `french_stem` (see `stem`), and
splits words as PostgreSQL's parser does (see `terms`), so both engines find the same rows; the parity
test in `arrimage/core/tests/test_search_parity.py` checks it against the server.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TypeVar

import snowballstemmer  # type: ignore[import-untyped]
from django.db import connections
from django.db.models import BooleanField, Expression, F, Q, QuerySet

from .text import search_words

_Q = TypeVar("_Q", bound=QuerySet[Any])

# The text search configuration made by the migration `core.0002_search_configuration`.
CONFIGURATION = "arrimage_fr"
# The indexed expression, on a search key column; every index and every query uses exactly this text, so
# that PostgreSQL recognises the index.
VECTOR_SQL = "(to_tsvector('simple'::regconfig, {column}) || to_tsvector('arrimage_fr'::regconfig, {column}))"

# PostgreSQL's parser reads « 5e3 » as a number in scientific notation and ends the token there: « 5e3x »
# is two tokens, « 5e3 » and « x ».
_SCIENTIFIC = re.compile(r"^([0-9]+e[0-9]+)(?=[a-z])")
# Snowball 2.2, the version PostgreSQL 15's `french_stem` is built from (the package is pinned to it:
# Snowball 3 changed a few French rules, « bijoux », « françaises », « palais », « nier »…).
_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The French stem of a folded word, as PostgreSQL's `french_stem` gives it; words holding a digit
    are kept whole (PostgreSQL does not stem them)."""
    if not word.isalpha():
        return word
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> list[str]:
    """The folded words of `text` as PostgreSQL's parser splits its search key."""
    found = []
    for word in search_words(text):
        while match := _SCIENTIFIC.match(word):
            found.append(match.group(1))
            word = word[match.end() :]
        found.append(word)
    return found


def terms(text: str) -> set[str]:
    """What a name is searched by: its words and their stems (PostgreSQL's two tsvectors' lexemes)."""
    words = tokens(text)
    return set(words) | {stem(word) for word in words}


def search_stems(text: str) -> str:
    """The stored terms of a name, between single spaces with a space at each end, for SQLite."""
    found = sorted(terms(text))
    return f" {' '.join(found)} " if found else ""


def query_forms(query: str) -> list[tuple[str, ...]]:
    """Each word of `query` with its stem: a row matches when, for every word, one of its forms starts
    one of the row's terms."""
    forms: list[tuple[str, ...]] = []
    for word in tokens(query):
        stemmed = stem(word)
        # A stem that starts the word finds whatever the word finds: it alone is enough.
        forms.append((stemmed,) if word.startswith(stemmed) else (word, stemmed))
    return forms


def text_matches(query: str, text: str) -> bool:
    """Whether `text` matches `query`, in Python: the same rule as the database's, for names that are
    not stored (plans are matched on their owners' names)."""
    found = terms(text)
    return all(any(term.startswith(form) for form in forms for term in found) for forms in query_forms(query))


def stems_condition(query: str, *, key: str = "search_key", stems: str = "search_stems") -> Q:
    """The SQLite way, on any engine: for each word of `query`, the word or its stem starts a word of the
    search key or one of the stored terms. (The stored terms hold the key's words too; the key is read
    as well so that a row written without its terms is still found by its words.)"""
    condition = Q()
    for forms in query_forms(query):
        either = Q()
        for form in forms:
            either |= Q(**{f"{key}__contains": f" {form}"}) | Q(**{f"{stems}__contains": f" {form}"})
        condition &= either
    return condition


def tsquery(query: str) -> str:
    """The PostgreSQL prefix query of `query`: `('word':* | 'stem':*) & …` (words are [0-9a-z] only)."""
    return " & ".join("(" + " | ".join(f"'{form}':*" for form in forms) + ")" for forms in query_forms(query))


class FullTextMatch(Expression):
    """PostgreSQL: the search key's words and stems match the prefix tsquery (uses the GIN index)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, query: str) -> None:
        super().__init__()
        self.key: Any = F(field)
        self.query = query

    def get_source_expressions(self) -> list[Any]:
        return [self.key]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.key,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.key)
        return f"{VECTOR_SQL.format(column=column)} @@ %s::tsquery", [*params, *params, self.query]


def search_condition(query: str, *, using: str = "default", key: str = "search_key", stems: str = "search_stems") -> Q:
    """Rows matching every word of `query` (accents, case, punctuation and « St »/« Ste » ignored, words
    as prefixes, French plurals and endings folded by stemming), for the database `using`."""
    if not query_forms(query):
        return Q()
    if connections[using].vendor == "postgresql":
        return Q(FullTextMatch(key, tsquery(query)))
    return stems_condition(query, key=key, stems=stems)


def text_search(queryset: _Q, query: str, *, key: str = "search_key", stems: str = "search_stems") -> _Q:
    """`queryset` narrowed to the rows whose name matches `query`; every word required. A query with no
    word (empty, or punctuation only) leaves the queryset as it is."""
    return queryset.filter(search_condition(query, using=queryset.db, key=key, stems=stems))
