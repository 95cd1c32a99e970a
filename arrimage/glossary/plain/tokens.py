"""Sentences and words of a text, with their offsets in it, for French and English.

One pass over the text's chunks (runs of non-space characters), so the work grows with the text's length
and no pattern can backtrack: `_CHUNK` is a single character class repeated.

A chunk is a URL (`http://…`, `https://…`, `www.…`), an e-mail address (`nom@domaine.ca`), a number
(« 1,5 », « 2026 », « 3e »), or a word with the punctuation around it peeled off (« (MRC), » → « MRC »);
the apostrophe of an elision (« l'école ») and hyphens (« c'est-à-dire ») stay inside the word. A sentence
ends after « . », « ! », « ? » or an ellipsis, except after a known abbreviation (« M. », « p. ex. »,
« etc. » when a lower-case word follows), an initial (« J. Tremblay ») or when the next word starts with a
lower-case letter; it also ends at a blank line, and at a line break followed by a list marker
(« - », « • », « 1. »), a capital letter or a digit: list items need no final punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from arrimage.core.text import fold

from .french import ABBREVIATIONS, ELISIONS, SENTENCE_ABBREVIATIONS

_CHUNK = re.compile(r"\S+")
_OPENING = "([{«\"'“‘¿¡*•–—-"
_CLOSING = ")]}»\"'”’.,;:!?…*"
_ENDING = frozenset(".!?…")
_APOSTROPHES = "'’"
_LIST_MARKERS = frozenset({"-", "–", "—", "•", "*", "·", "o", "▪", "►"})


class TokenKind(StrEnum):
    WORD = "word"
    NUMBER = "number"
    URL = "url"
    EMAIL = "email"


@dataclass(frozen=True)
class Token:
    """A word (or number, URL, e-mail address) at `start`–`end` of the text. `key` is its folded form without
    an elided article (« L'Écoute » → « ecoute »); `elided` says it had one."""

    start: int
    end: int
    text: str
    kind: TokenKind
    key: str
    elision: str = ""

    @property
    def is_word(self) -> bool:
        return self.kind is TokenKind.WORD


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class _Chunk:
    start: int
    end: int
    token: Token | None  # None for punctuation alone (« — », « : »)
    trailing: str  # the punctuation peeled off its end


def _kind(core: str) -> TokenKind | None:
    lowered = core.lower()
    if lowered.startswith(("http://", "https://", "www.")):
        return TokenKind.URL
    at = core.find("@")
    if 0 < at < len(core) - 1 and "." in core[at:]:
        return TokenKind.EMAIL
    if any(char.isalpha() for char in core):
        return TokenKind.NUMBER if core[0].isdigit() and not any(c.isalpha() for c in core[:2]) else TokenKind.WORD
    if any(char.isdigit() for char in core):
        return TokenKind.NUMBER
    return None


def _chunk(start: int, text: str) -> _Chunk:
    left, right = 0, len(text)
    while left < right and text[left] in _OPENING:
        left += 1
    while right > left and text[right - 1] in _CLOSING:
        right -= 1
    core = text[left:right]
    kind = _kind(core) if core else None
    if kind is None:
        return _Chunk(start, start + len(text), None, text)
    if kind in (TokenKind.URL, TokenKind.EMAIL):
        # A URL or address may end with a period that ends the sentence; it keeps its other characters.
        right = len(text)
        while right > left and text[right - 1] in ".,;:!?»)\"'":
            right -= 1
        core = text[left:right]
    elision, offset = "", 0
    if "'" in core[:8] or "’" in core[:8]:
        position = min(at for at in (core.find("'"), core.find("’")) if at >= 0)
        if position + 1 < len(core) and word_key(core[:position]) in ELISIONS:
            elision, offset = word_key(core[:position]), position + 1
    token = Token(start + left + offset, start + right, core[offset:], kind, word_key(core[offset:]), elision)
    return _Chunk(start, start + len(text), token, text[right:])


def word_key(word: str) -> str:
    """The folded form of a word, ligatures spelt out (« Œuvre » → « oeuvre »): how words are compared."""
    if word.isascii():
        return word.lower()
    return fold(word).replace("œ", "oe").replace("æ", "ae")


def split_words(text: str) -> list[Token]:
    """The words, numbers, URLs and e-mail addresses of `text`, in order."""
    return [chunk.token for chunk in _chunks(text) if chunk.token is not None]


def _chunks(text: str) -> list[_Chunk]:
    return [_chunk(match.start(), match.group()) for match in _CHUNK.finditer(text)]


def _is_list_marker(chunk: _Chunk) -> bool:
    if chunk.token is None:
        raw = chunk.trailing.strip()
        return raw in _LIST_MARKERS or (bool(raw) and raw[0] in _LIST_MARKERS)
    token = chunk.token
    return token.kind is TokenKind.NUMBER and token.end - token.start <= 3 and chunk.trailing[:1] in (".", ")")


def _starts_upper(chunk: _Chunk) -> bool:
    token = chunk.token
    return token is not None and (token.text[:1].isupper() or token.text[:1].isdigit())


def _ends_sentence(chunk: _Chunk, following: _Chunk | None) -> bool:
    trailing = chunk.trailing
    if not any(char in _ENDING for char in trailing):
        return False
    if following is None:
        return True
    if following.token is not None and following.token.text[:1].islower():
        return False  # « p. ex. une », « etc. et », « … et puis »
    token = chunk.token
    if token is not None and trailing.startswith(".") and token.kind is TokenKind.WORD:
        key = token.key
        if key in SENTENCE_ABBREVIATIONS:
            return _starts_upper(following)
        if key in ABBREVIATIONS or key.rstrip(".") in ABBREVIATIONS:
            return False
        if len(token.text) == 1 and token.text.isupper():
            return False  # an initial: « J. Tremblay »
    return True


def _breaks_line(text: str, before: _Chunk, chunk: _Chunk) -> bool:
    """Whether the space between `before` and `chunk` holds a paragraph break or a line break that starts a
    list item or a new line in capitals."""
    gap = text[before.end : chunk.start]
    breaks = gap.count("\n")
    if breaks == 0:
        return False
    if breaks > 1:
        return True
    return _is_list_marker(chunk) or _starts_upper(chunk) or before.trailing.endswith(":")


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their words, in order. A sentence spans from its first chunk to the
    end of its last one, final punctuation included; punctuation alone never makes a sentence."""
    chunks = _chunks(text)
    sentences: list[Sentence] = []
    current: list[_Chunk] = []

    def close() -> None:
        tokens = tuple(chunk.token for chunk in current if chunk.token is not None)
        if tokens:
            sentences.append(Sentence(current[0].start, current[-1].end, tokens))
        current.clear()

    for index, chunk in enumerate(chunks):
        if current and _breaks_line(text, current[-1], chunk):
            close()
        if not current and _is_list_marker(chunk) and chunk.token is None:
            continue  # a bullet is not part of its item
        current.append(chunk)
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        if _ends_sentence(chunk, following) and not (_is_list_marker(chunk) and len(current) == 1):
            close()
    close()
    return sentences
