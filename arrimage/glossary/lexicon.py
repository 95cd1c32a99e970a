"""The approved glossary as plain data, for the code that reads texts: the `<abbr>` markup of pages and the
plain-language check. Pure: no database here (see `selectors.lexicon`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One approved term, in one language.

        `acronym` is empty for a word that is not one; `name` is the full form of an acronym, or the word itself.
        `plain` suggests everyday words to use with citizens instead (may be empty); `jargon` is true for a word
        the plain-language check flags in a text for citizens. `pk` identifies the term (its page is
    `registry:term_detail`).
    """

    acronym: str
    name: str
    definition: str
    plain: str
    jargon: bool
    pk: int
