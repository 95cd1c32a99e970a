"""The plain-language check of a text meant for citizens: unexplained acronyms, jargon, long sentences,
passive turns and noun-heavy phrases, each found at its place in the text, and the text's readability.

Pure: it takes the text and the approved glossary as `Entry` values (`glossary.selectors.lexicon`) and
returns plain results. The work grows linearly with the text: one pass to split it, then a bounded look
around each word. A text longer than `MAX_CHARS` is refused before any work (`TextTooLong`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..lexicon import Entry
from . import french
from .readability import Readability, readability
from .tokens import Sentence, Token, TokenKind, split_sentences, split_words

MAX_CHARS = 100_000  # about 40 pages; a 200-page report is about 500,000 characters
MAX_WORDS = 25  # a sentence longer than this is too long for citizens
WARN_WORDS = 20  # a sentence longer than this is close to the limit
_EXPLANATION_REACH = 200  # how far after an acronym its explanation in parentheses is looked for


class Kind(StrEnum):
    ACRONYM = "acronym"
    JARGON = "jargon"
    LONG_SENTENCE = "long_sentence"
    PASSIVE = "passive"
    NOMINALISATION = "nominalisation"


KIND_LABELS: dict[Kind, Promise] = {
    Kind.ACRONYM: gettext_lazy("Unexplained acronym"),
    Kind.JARGON: gettext_lazy("Jargon"),
    Kind.LONG_SENTENCE: gettext_lazy("Long sentence"),
    Kind.PASSIVE: gettext_lazy("Passive turn"),
    Kind.NOMINALISATION: gettext_lazy("Noun-heavy phrase"),
}
# Order of the kinds when two findings cover the same words.
_PRIORITY = {kind: rank for rank, kind in enumerate(Kind)}


class Severity(StrEnum):
    PROBLEM = "problem"  # to fix before sending the text
    ADVICE = "advice"  # worth a second look


class TextTooLong(ValueError):
    """The text is longer than the check accepts."""

    def __init__(self, size: int, limit: int = MAX_CHARS) -> None:
        super().__init__(f"The text has {size} characters; the limit is {limit}.")
        self.size = size
        self.limit = limit


def too_long_message(size: int, limit: int = MAX_CHARS) -> str:
    """The refusal of a text over the limit, saying the limit and the size received."""
    return _(
        "The text has %(size)s characters; the check takes %(limit)s at most (about 40 pages). "
        "Check it in parts, one chapter at a time."
    ) % {"size": _thousands(size), "limit": _thousands(limit)}


def empty_message() -> str:
    return _("Paste the text to check: the box is empty.")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class Finding:
    """Something to change at `start`–`end` of the text (offsets in characters), with a message that says
    what to write instead. `entry` is the glossary's term behind an acronym or jargon, when there is one."""

    kind: Kind
    start: int
    end: int
    excerpt: str
    message: str
    severity: Severity
    entry: Entry | None = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class Report:
    length: int
    language: str
    readability: Readability
    findings: tuple[Finding, ...]
    max_words: int = MAX_WORDS
    counts: dict[Kind, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.readability.words == 0


def check(
    text: str,
    *,
    lexicon: Iterable[Entry] = (),
    language: str = "fr",
    max_words: int = MAX_WORDS,
    warn_words: int = WARN_WORDS,
    limit: int = MAX_CHARS,
) -> Report:
    """Check `text` (French unless `language` starts with « en ») against the approved `lexicon`."""
    if len(text) > limit:
        raise TextTooLong(len(text), limit)
    english = language.startswith("en")
    entries = tuple(lexicon)
    sentences = split_sentences(text)
    findings: list[Finding] = []
    findings += _acronyms(text, sentences, entries)
    findings += _jargon(text, sentences, entries, english=english)
    findings += _long_sentences(text, sentences, max_words=max_words, warn_words=min(warn_words, max_words))
    for sentence in sentences:
        findings += _passives(text, sentence.tokens, english=english)
        findings += _nominalisations(text, sentence.tokens, english=english)
    unique = _deduplicated(findings)
    counts = {kind: sum(finding.kind is kind for finding in unique) for kind in Kind}
    return Report(
        length=len(text),
        language="en" if english else "fr",
        readability=readability(sentences, english=english),
        findings=tuple(unique),
        max_words=max_words,
        counts=counts,
    )


def _deduplicated(findings: list[Finding]) -> list[Finding]:
    """In text order (outer spans first); of several findings over the very same words, the first kind in
    `Kind`'s order stays (an acronym that is also jargon is reported once, as an acronym)."""
    ordered = sorted(findings, key=lambda found: (found.start, -found.end, _PRIORITY[found.kind]))
    kept: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for finding in ordered:
        if finding.kind is not Kind.LONG_SENTENCE:
            if (finding.start, finding.end) in seen:
                continue
            seen.add((finding.start, finding.end))
        kept.append(finding)
    return kept


# Acronyms ----------------------------------------------------------------------------------------


def _is_capitals(token: Token) -> bool:
    letters = [char for char in token.text if char.isalpha()]
    if len(letters) < 2 or not all(char.isupper() for char in letters):
        return False
    if any(not (char.isalpha() or char in "-&") for char in token.text):
        return False
    return len(letters) <= (10 if "-" in token.text else 6) and token.key not in french.NOT_ACRONYMS


def _explained_here(text: str, token: Token) -> bool:
    """« … (MRC) » after the full form, or « MRC (municipalité régionale de comté) »."""
    before = text[max(0, token.start - 1) : token.start]
    after = text[token.end : token.end + 1]
    if before == "(" and after == ")":
        return token.start > 2 and any(char.isalpha() for char in text[max(0, token.start - 40) : token.start])
    following = text[token.end : token.end + _EXPLANATION_REACH].lstrip(" \u00a0")
    if following.startswith("("):
        inside = following[1:].split(")", 1)[0]
        return len(inside.split()) >= 2
    return False


def _acronyms(text: str, sentences: Sequence[Sentence], entries: Sequence[Entry]) -> list[Finding]:
    known = {entry.acronym: entry for entry in entries if entry.acronym}
    explained: set[str] = set()
    messages: dict[str, str] = {}
    findings = []
    for sentence in sentences:
        for token in sentence.tokens:
            if token.kind is not TokenKind.WORD or token.elision:
                continue
            entry = known.get(token.text)
            if entry is None and not _is_capitals(token):
                continue
            if token.text in explained:
                continue
            if _explained_here(text, token):
                explained.add(token.text)
                continue
            findings.append(
                Finding(
                    Kind.ACRONYM,
                    token.start,
                    token.end,
                    token.text,
                    messages.get(token.text) or messages.setdefault(token.text, _acronym_message(token.text, entry)),
                    Severity.PROBLEM,
                    entry,
                )
            )
    return findings


def _acronym_message(acronym: str, entry: Entry | None) -> str:
    if entry is None:
        return _("%(acronym)s: write the full form first, then the acronym in parentheses, or use plain words.") % {
            "acronym": acronym
        }
    if entry.plain:
        return _("%(acronym)s: write « %(name)s (%(acronym)s) » first, or « %(plain)s ».") % {
            "acronym": acronym,
            "name": entry.name,
            "plain": entry.plain,
        }
    return _("%(acronym)s: write « %(name)s (%(acronym)s) » first.") % {"acronym": acronym, "name": entry.name}


# Jargon ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    keys: tuple[str, ...]
    plain: str
    entry: Entry | None


def _stem(key: str) -> str:
    return key[:-1] if len(key) > 3 and key[-1] in "sx" else key


def _phrases(entries: Sequence[Entry], *, english: bool) -> dict[str, list[_Phrase]]:
    """Jargon phrases by their first word's stem, the longest first. The glossary's terms come before the
    built-in list: a term of the glossary replaces the list's suggestion for the same words."""
    by_keys: dict[tuple[str, ...], _Phrase] = {}
    for entry in entries:
        if entry.jargon and entry.name:
            keys = tuple(_stem(token.key) for token in split_words(entry.name))
            if keys:
                by_keys.setdefault(keys, _Phrase(keys, entry.plain, entry))
    for words, plain in (french.JARGON_EN if english else french.JARGON_FR).items():
        keys = tuple(_stem(token.key) for token in split_words(words))
        by_keys.setdefault(keys, _Phrase(keys, plain, None))
    index: dict[str, list[_Phrase]] = {}
    for phrase in by_keys.values():
        index.setdefault(phrase.keys[0], []).append(phrase)
    for phrases in index.values():
        phrases.sort(key=lambda phrase: -len(phrase.keys))
    return index


def _jargon(text: str, sentences: Sequence[Sentence], entries: Sequence[Entry], *, english: bool) -> list[Finding]:
    index = _phrases(entries, english=english)
    messages: dict[tuple[str, str], str] = {}
    findings = []
    for sentence in sentences:
        tokens = sentence.tokens
        stems = [_stem(token.key) for token in tokens]
        position = 0
        while position < len(tokens):
            matched = None
            for phrase in index.get(stems[position], ()):
                size = len(phrase.keys)
                if tuple(stems[position : position + size]) == phrase.keys:
                    matched = phrase
                    break
            if matched is None or tokens[position].kind is not TokenKind.WORD:
                position += 1
                continue
            first, last = tokens[position], tokens[position + len(matched.keys) - 1]
            words = text[first.start : last.end]
            findings.append(
                Finding(
                    Kind.JARGON,
                    first.start,
                    last.end,
                    words,
                    messages.get((words, matched.plain))
                    or messages.setdefault((words, matched.plain), _jargon_message(words, matched.plain)),
                    Severity.PROBLEM,
                    matched.entry,
                )
            )
            position += len(matched.keys)
    return findings


def _jargon_message(words: str, plain: str) -> str:
    if plain:
        return _("« %(words)s » is jargon: say « %(plain)s » instead.") % {"words": words, "plain": plain}
    return _("« %(words)s » is jargon: explain it in everyday words.") % {"words": words}


# Sentences ---------------------------------------------------------------------------------------


def _long_sentences(text: str, sentences: Sequence[Sentence], *, max_words: int, warn_words: int) -> list[Finding]:
    too_long = _("This sentence has %(count)s words: split it (%(limit)s words at most).")
    close = _("This sentence has %(count)s words: close to the limit of %(limit)s; can it be shorter?")
    findings = []
    for sentence in sentences:
        count = len(sentence.tokens)
        if count <= warn_words:
            continue
        if count > max_words:
            message, severity = too_long, Severity.PROBLEM
        else:
            message, severity = close, Severity.ADVICE
        excerpt = _excerpt(text[sentence.start : sentence.end])
        findings.append(
            Finding(
                Kind.LONG_SENTENCE,
                sentence.start,
                sentence.end,
                excerpt,
                message % {"count": count, "limit": max_words},
                severity,
            )
        )
    return findings


def _excerpt(words: str, size: int = 80) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


def _is_participle(token: Token, *, english: bool) -> bool:
    if token.kind is not TokenKind.WORD or token.elision:
        return False
    key = token.key
    if english:
        if key in french.IRREGULAR_PARTICIPLES_EN:
            return True
        return key.endswith("ed") and len(key) >= 4 and key not in french.NOT_PARTICIPLES_EN
    if key in french.ACTIVE_WITH_ETRE:
        return False
    if key in french.IRREGULAR_PARTICIPLES:
        return True
    return len(key) >= 4 and token.text.casefold().endswith(("é", "ée", "és", "ées"))


_PASSIVE = gettext_lazy(
    "« %(words)s » is a passive turn: say who acts (« the committee invites you » rather than « you are invited »)."
)
_NOMINAL = gettext_lazy(
    "« %(words)s » piles up nouns: use a verb (« plan the services » rather than « the planning of the services »)."
)


def _passives(text: str, tokens: Sequence[Token], *, english: bool) -> list[Finding]:
    """« être » (or « se voir ») and a past participle, with at most three small words between
    (« ne sont pas encore invités »); English: « to be » and a participle (« is approved »)."""
    auxiliaries, between = (french.BE, french.BETWEEN_EN) if english else (french.ETRE, french.BETWEEN)
    template = str(_PASSIVE)
    findings = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        start = position
        if not english and token.key == "se" and position + 1 < len(tokens) and tokens[position + 1].key in french.VOIR:
            position += 1
        elif token.key not in auxiliaries or not _active_subject(tokens, position, english=english):
            position += 1
            continue
        following = position + 1
        while following < len(tokens) and following - position <= 3 and tokens[following].key in between:
            following += 1
        if following < len(tokens) and _is_participle(tokens[following], english=english):
            first, last = tokens[start], tokens[following]
            words = text[first.start : last.end]
            findings.append(
                Finding(
                    Kind.PASSIVE,
                    first.start,
                    last.end,
                    words,
                    template % {"words": _excerpt(words)},
                    Severity.ADVICE,
                )
            )
            position = following + 1
        else:
            position += 1
    return findings


def _active_subject(tokens: Sequence[Token], position: int, *, english: bool) -> bool:
    """Whether the « être » at `position` may start a passive: not a pronominal verb (« s'est réuni »,
    « nous nous sommes réunis »), not the « été » of « a été » after another « être »."""
    if english:
        return True
    token = tokens[position]
    if token.elision in ("s", "m", "t"):
        return False
    previous = tokens[position - 1].key if position > 0 else ""
    if previous in french.REFLEXIVE:
        return False
    return not (position > 1 and previous in ("nous", "vous") and tokens[position - 2].key == previous)


# Noun-heavy phrases ------------------------------------------------------------------------------


def _is_nominal(token: Token, *, english: bool) -> bool:
    if token.kind is not TokenKind.WORD or len(token.key) < 7:
        return False
    if english:
        return token.key.endswith(french.NOMINAL_SUFFIXES_EN) and token.key not in french.NOT_NOMINAL_EN
    return token.key.endswith(french.NOMINAL_SUFFIXES) and token.key not in french.NOT_NOMINAL


def _next_complement(tokens: Sequence[Token], position: int, *, english: bool) -> int | None:
    """The position of the noun after the « de » link that follows `position`, if there is one:
    « du », « des », « de la », « de l' », « d' » (English: « of », « of the »)."""
    after = position + 1
    if after >= len(tokens):
        return None
    link = tokens[after]
    if english:
        if link.key not in french.OF_WORDS_EN:
            return None
        after += 1
        if after < len(tokens) and tokens[after].key in ("the", "a", "an"):
            after += 1
        return after if after < len(tokens) else None
    if link.elision == "d":
        return after
    if link.key not in french.OF_WORDS or link.elision:
        return None
    after += 1
    if link.key == "de" and after < len(tokens) and tokens[after].key == "la" and not tokens[after].elision:
        after += 1
    return after if after < len(tokens) else None


def _nominalisations(text: str, tokens: Sequence[Token], *, english: bool) -> list[Finding]:
    """Two nouns made from verbs or more, linked by « de »: « la planification du développement des
    services ». One noun alone is fine; a chain of them hides who does what."""
    template = str(_NOMINAL)
    findings = []
    position = 0
    while position < len(tokens):
        if not _is_nominal(tokens[position], english=english):
            position += 1
            continue
        last = position
        while True:
            complement = _next_complement(tokens, last, english=english)
            if complement is None or not _is_nominal(tokens[complement], english=english):
                break
            last = complement
        if last == position:
            position += 1
            continue
        words = text[tokens[position].start : tokens[last].end]
        findings.append(
            Finding(
                Kind.NOMINALISATION,
                tokens[position].start,
                tokens[last].end,
                words,
                template % {"words": _excerpt(words)},
                Severity.ADVICE,
            )
        )
        position = last + 1
    return findings
