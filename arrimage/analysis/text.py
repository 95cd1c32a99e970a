"""French-aware similarity between short texts, such as the missions of two concertations.

A text becomes a list of *terms*: it is folded (lower case, no accents, « œ » → « oe »), split into words,
stripped of French stop words and of words of one or two letters, and each word is reduced by a light
stemmer (`stem`). Texts are then compared as TF-IDF vectors by their cosine: a term that many texts of the
snapshot share (« concertation », « territoire ») weighs less than a rare one (« itinerance »).

Pure Python: no model, no query, no numpy.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from arrimage.core.text import fold

from .inputs import Snapshot

Vector = dict[str, float]

_WORD = re.compile(r"[0-9a-z]+")

# Common French words that say nothing about what a text is about, folded (no accents).
_STOP_WORDS = """
    a afin ai aie aient ainsi alors apres au aucun aupres aussi autre autres aux avant avec avoir
    bien c ca car ce ceci cela celle celles celui ces cet cette ceux chaque chez ci comme comment d
    dans de des deja depuis donc dont du elle elles en encore entre est et etaient etait etc ete etre
    eu eux fait faire font hors il ils j je jusqu l la laquelle le lequel les lesquels leur leurs lors
    lui m ma mais me meme memes mes moi moins mon n ne ni nos notre nous on ont or ou par parce parmi
    pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se selon
    ses si sien son sont sous soit sur t ta te tel telle tels telles tes toi ton tous tout toute toutes
    tres un une unes uns vers via vos votre vous y
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Derivational suffixes the stemmer strips, longest first, folded. A suffix is stripped only when at least
# `_MIN_STEM` letters remain, so that short words keep their meaning.
_SUFFIXES = (
    "issements",
    "issement",
    "atrices",
    "ations",
    "ateurs",
    "atrice",
    "ements",
    "ateur",
    "ation",
    "ement",
    "euses",
    "aires",
    "iques",
    "istes",
    "ismes",
    "ances",
    "ences",
    "euse",
    "aire",
    "ique",
    "iste",
    "isme",
    "ance",
    "ence",
    "ites",
    "ives",
    "eux",
    "ite",
    "ive",
    "ifs",
    "if",
)
_MIN_STEM = 4


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Reduce a folded French word to a stem shared by its usual variants.

    A light stemmer, in three steps, each keeping at least four letters:
    1. the plural: « -aux » becomes « -al » (« sociaux » → « social »); a final « -s » or « -x » goes
       (« organismes » → « organisme »), but not « -ss »;
    2. the first derivational suffix that fits, longest first: « -ement(s) », « -ation(s) », « -ateur »,
       « -atrice », « -ité(s) », « -eux », « -euse(s) », « -if », « -ive(s) », « -aire(s) », « -ique(s) »,
       « -iste(s) », « -isme(s) », « -ance(s) », « -ence(s) » (« alimentation » and « alimentaire » → « aliment »);
    3. a final mute « -e » (« sociale » → « social »).
    It conflates some words it should not; for comparing missions that costs little.
    """
    if len(word) > _MIN_STEM + 1 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > _MIN_STEM and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if len(word) > _MIN_STEM and word.endswith("e"):
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The terms of `text`: folded, stemmed words, without stop words and words under three letters."""
    return [stem(word) for word in _WORD.findall(fold(text)) if len(word) > 2 and word not in STOP_WORDS]


def tfidf(texts: Mapping[int, str]) -> dict[int, Vector]:
    """One unit-length TF-IDF vector per text, keyed like `texts`; an empty text gets an empty vector.

    Term frequency is the raw count; inverse document frequency is the smoothed
    `ln((1 + n) / (1 + df)) + 1`, where `n` is the number of texts and `df` the number containing the term.
    """
    # Texts often repeat (a template mission): each distinct text is read and weighed once, and the keys
    # sharing it share its vector.
    times = Counter(texts.values())
    counts = {text: Counter(terms(text)) for text in times}
    frequency: Counter[str] = Counter()
    for text, counter in counts.items():
        for term in counter:
            frequency[term] += times[text]
    n = len(texts)
    idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in frequency.items()}
    of_text: dict[str, Vector] = {}
    for text, counter in counts.items():
        raw = {term: count * idf[term] for term, count in counter.items()}
        norm = math.sqrt(sum(value * value for value in raw.values()))
        of_text[text] = {term: value / norm for term, value in raw.items()} if norm else {}
    return {key: of_text[text] for key, text in texts.items()}


def cosine(first: Vector, second: Vector) -> float:
    """The cosine of two unit-length vectors, between 0 (nothing in common) and 1 (the same terms)."""
    if len(second) < len(first):
        first, second = second, first
    dot = sum(value * second.get(term, 0.0) for term, value in first.items())
    return min(1.0, max(0.0, dot))


def mission_vectors(s: Snapshot, ids: Iterable[int] | None = None) -> dict[int, Vector]:
    """TF-IDF vectors of the missions of the snapshot's concertations (or of those in `ids`)."""
    wanted = None if ids is None else set(ids)
    return tfidf({c.id: c.mission for c in s.concertations if wanted is None or c.id in wanted})


def similarity(first: str, second: str) -> float:
    """The similarity of two texts on their own (the IDF is computed over these two texts only)."""
    vectors = tfidf({0: first, 1: second})
    return cosine(vectors[0], vectors[1])
