"""Readability of a text: syllables, the reading-ease score, and what it means in plain words.

French texts get the adaptation of Flesch's formula by Kandel and Moles (Kandel, L. et Moles, A. (1958),
« Application de l'indice de Flesch à la langue française », Cahiers Études de Radio-Télévision, 19,
253–274): 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words). English texts get Flesch's
Reading Ease (Flesch, R. (1948), « A new readability yardstick », Journal of Applied Psychology, 32(3),
221–233): 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words). Both read on Flesch's
scale: 0 (very hard) to 100 (very easy); the score is clamped to it.

Syllables are counted from writing, an approximation (see docs/plain-language.md): groups of vowels
(« eau », « oi », « ou » count once; the « u » of « qu » and of « gu » before a vowel is not a vowel),
less a silent final « e » or « es » after a consonant (« table », « tables ») and a silent « ent » of a
verb's third person plural (« ils parlent »; « souvent », « parent » and words in « -ment » keep it).
English: groups of vowels, less a silent final « e » (not in « -le »). Every word has at least one.
A number counts as a word of two syllables, a URL or an e-mail address as three.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arrimage.core.text import fold

from .french import SOUNDED_ENT
from .tokens import Sentence, TokenKind

_VOWELS_FR = frozenset("aeiouyœæ")
_VOWELS_EN = frozenset("aeiouy")
LONG_WORD_LETTERS = 7  # a long word has 7 letters or more (Björnsson's LIX counts « more than 6 »)


def syllables_fr(word: str) -> int:
    """An estimate of the spoken syllables of a French word (see the module's note)."""
    raw = word.casefold()
    accented_e = raw.endswith(("é", "ée", "ées", "és"))
    letters = "".join(char for char in fold(word) if char.isalpha())
    if not letters:
        return 0
    groups, previous_vowel, last_group_start = 0, False, 0
    for index, char in enumerate(letters):
        vowel = char in _VOWELS_FR
        if char == "u" and index > 0 and index + 1 < len(letters):
            before, after = letters[index - 1], letters[index + 1]
            if before == "q" or (before == "g" and after in "eiy"):
                vowel = False  # « qu », « gue », « gui »
        if vowel and not previous_vowel:
            groups += 1
            last_group_start = index
        previous_vowel = vowel
    if groups > 1 and not accented_e:
        tail = letters[last_group_start:]
        if tail in ("e", "es") or (tail == "ent" and _silent_ent(letters)):
            groups -= 1
    return max(groups, 1)


def _silent_ent(letters: str) -> bool:
    return not letters.endswith(("ment", "ient")) and letters not in SOUNDED_ENT and len(letters) > 4


def syllables_en(word: str) -> int:
    """An estimate of the syllables of an English word: vowel groups, less a silent final « e »."""
    letters = "".join(char for char in fold(word) if char.isalpha())
    if not letters:
        return 0
    groups, previous_vowel = 0, False
    for char in letters:
        vowel = char in _VOWELS_EN
        if vowel and not previous_vowel:
            groups += 1
        previous_vowel = vowel
    if groups > 1 and letters.endswith("e") and not letters.endswith(("le", "ee")) and letters[-2] not in _VOWELS_EN:
        groups -= 1
    return max(groups, 1)


@dataclass(frozen=True)
class Level:
    """A band of Flesch's scale: the lowest score in it, its name and what it means for a reader."""

    floor: int
    name: Promise
    meaning: Promise


LEVELS = (
    Level(90, _("very easy"), _("Nearly everyone understands it at the first reading, like a comic strip.")),
    Level(80, _("easy"), _("Easy for most people: the language of everyday conversation.")),
    Level(70, _("fairly easy"), _("Most adults read it without effort: a good level for citizens.")),
    Level(60, _("standard"), _("Most adults understand it, some with effort: the least to aim for with citizens.")),
    Level(50, _("fairly difficult"), _("Many readers have to read it twice: shorten the sentences and words.")),
    Level(30, _("difficult"), _("Hard for many citizens: written for specialists or students.")),
    Level(0, _("very difficult"), _("Very hard: a text for specialists. Rewrite it for citizens.")),
)
TARGET = 60  # « standard » or better: the score to aim for with citizens


def level(score: float) -> Level:
    for band in LEVELS:
        if score >= band.floor:
            return band
    return LEVELS[-1]


@dataclass(frozen=True)
class Readability:
    score: float | None  # None for a text without words
    words: int
    sentences: int
    syllables: int
    long_words: int
    formula: str  # "kandel-moles" or "flesch"

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def level(self) -> Level | None:
        return level(self.score) if self.score is not None else None


def readability(sentences: list[Sentence], *, english: bool = False) -> Readability:
    """The reading-ease score of these sentences (Kandel and Moles for French, Flesch for English)."""
    count = syllables_en if english else syllables_fr
    words = syllables = long_words = 0
    for sentence in sentences:
        for token in sentence.tokens:
            words += 1
            if token.kind is TokenKind.WORD:
                syllables += count(token.text)
                long_words += sum(char.isalpha() for char in token.text) >= LONG_WORD_LETTERS
            else:
                syllables += 2 if token.kind is TokenKind.NUMBER else 3
    score = None
    if words:
        per_sentence, per_word = words / len(sentences), syllables / words
        raw = (
            206.835 - 1.015 * per_sentence - 84.6 * per_word
            if english
            else 207 - 1.015 * per_sentence - 73.6 * per_word
        )
        score = round(min(100.0, max(0.0, raw)), 1)
    return Readability(score, words, len(sentences), syllables, long_words, "flesch" if english else "kandel-moles")
