"""Text folding for accent-, case- and punctuation-insensitive search.

SQLite's LIKE folds ASCII letters only, so every searchable name is stored with a folded *search key*
next to it, and queries are folded the same way before they reach the database. The same key works on
PostgreSQL, so both engines return the same results.
"""

import re
import unicodedata
from typing import Any

# Letters that Unicode decomposition does not split into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"})


class _Unaccented(dict[int, str]):
    """Each character without its accents (its compatibility decomposition less the non-spacing marks,
    category Mn, accents and invisible joiners alike), worked out the first time the character is met:
    `str.translate` then strips a whole text in one pass, in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code).translate(_LIGATURES)
        stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if unicodedata.category(c) != "Mn")
        self[code] = stripped
        return stripped


_UNACCENTED = _Unaccented()


def unaccented(text: str) -> str:
    """`text` without its accents, capitals kept: « Îles-de-la-Madeleine » → « Iles-de-la-Madeleine »."""
    return text if text.isascii() else text.translate(_UNACCENTED)


_NON_WORD = re.compile(r"[^0-9a-z]+")

# Québec abbreviations of saints' names, as found in place and organisation names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents: « Îles-de-la-Madeleine » → « iles-de-la-madeleine »."""
    # Case-fold before stripping, since folding can produce accents (« İ » → « i̇ »), and after, since
    # compatibility decomposition can produce capitals (« 𝐀 » → « A »).
    return unaccented(text.casefold()).casefold()


def search_words(text: str) -> list[str]:
    """Split `text` into folded words, with « St »/« Ste » expanded to « saint »/« sainte »."""
    return [ABBREVIATIONS.get(word, word) for word in _NON_WORD.split(fold(text)) if word]


def search_key(text: str) -> str:
    """The stored key of a name: its folded words between single spaces, with a space at each end.

    The surrounding spaces let a query match the start of any word with `contains(" " + word)`.
    """
    words = search_words(text)
    return f" {' '.join(words)} " if words else ""


def nul_path(document: Any, path: str = "") -> str | None:
    """Where the first NUL character (U+0000) of a JSON document is, keys included, as
    `organizations[0].name`; None when there is none.

    JSON may carry one (`"\\u0000"`), and so may a form or an address (`%00`), but PostgreSQL stores
    none, in text or in JSON, and refuses it even in a query: what holds one is refused before it
    reaches the database.
    """
    if isinstance(document, str):
        return (path or "$") if "\x00" in document else None
    if isinstance(document, dict):
        for key, value in document.items():
            place = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return place
            found = nul_path(value, place)
            if found is not None:
                return found
    if isinstance(document, list):
        for index, value in enumerate(document):
            found = nul_path(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None
