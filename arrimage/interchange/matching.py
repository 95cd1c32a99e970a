"""Matching organisation names from a file against the organisations already known.

Pure: `OrganizationIndex` is built from plain tuples (loaded by `known.organization_index`) and answers
without touching the database.

How a name is read (`_analyse`):

1. Its words are folded (accents, case and punctuation set aside) and common abbreviations expanded
   (`normalize`: « Mun. de St-Zacharie » → « municipalite de saint zacharie »). Dotted acronyms are
   joined (« C.D.C. » → « cdc »), and whether a word was written in capitals is kept, since a short word
   in capitals may be an acronym.
2. Articles and small words (le, la, les, l', du, des, de, et, &…) and legal forms (Inc., Ltée, OBNL…)
   are dropped; plurals are reduced to the singular.
3. Its *kind* is recognised when it names a known family of Québec institutions, in full or by its
   acronym (`FAMILIES`: CISSS, CIUSSS, MRC, CDC, CJE, CPE, CLSC, CSS, SADC, CAB, TCA…), or a municipal
   designation (Ville de, Municipalité de, Paroisse de, Village de, Canton de, V., P.). For the regional
   health and regional bodies, region abbreviations are expanded (« CIUSSS-CN » → Capitale-Nationale).
4. What remains are the *distinctive words*: usually the place, sometimes a proper name.

Two names are then compared (`_compare`): their kinds must agree, and their distinctive words are
compared as a weighted set (word order does not matter) where every word found on one side only lowers
the score a lot, and keeps it below `SURE` in any case. So « CDC de Beauport » and « Corporation de
développement communautaire de Beauport » score 1, « CDC de Beauport » and « CDC de Charlesbourg »
score 0, and « Ville de Saint-Georges » and « Municipalité de Saint-Georges-de-Windsor » stay well below
`SURE`. A word in capitals that spells the initials of several words of the other name counts as those
words (« ROC Laval » and « Regroupement des organismes communautaires de Laval »). Close spellings earn
partial credit: enough to be suggested, never enough to link without asking.

Candidates come from an inverted index (blocking): each known name is filed under its distinctive
words, its kind, its acronyms and initials, the start and end of its longer words (so that a misspelt
name is still suggested) and one exact key; a row looks up its own keys, rarest first, within a
budget, and only the best few organisations so found are compared in full. A row is never compared
with every organisation.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rapidfuzz.distance import Indel

from arrimage.core.text import unaccented

# A candidate at or above SURE links without asking; between AMBIGUOUS and SURE the person chooses.
SURE = 0.92
AMBIGUOUS = 0.75

# Blocking: postings read per lookup (rarest keys first) and organisations compared in full.
POSTINGS_BUDGET = 800
POOL_SIZE = 16
# The highest score of two names when a word of one is not found in the other, or only by a close spelling.
UNEXPLAINED_CAP = 0.9


@dataclass(frozen=True)
class KnownOrganization:
    """What the matcher knows of an organisation already in the registry."""

    id: int
    name: str
    acronym: str = ""
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    organization_id: int
    name: str
    score: float  # 0 to 1
    reasons: tuple[str, ...] = ()  # plain sentences, in the active language


@dataclass(frozen=True)
class Decision:
    """`sure` links without asking, `ambiguous` waits for the person's choice, `none` creates."""

    kind: str  # "sure" | "ambiguous" | "none"
    candidates: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


# Words ----------------------------------------------------------------------------------------------

_WORD_SPLIT = re.compile(r"([0-9A-Za-z]+)")

# Abbreviations expanded wherever they appear.
ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "mun": "municipalite",
    "munic": "municipalite",
    "corp": "corporation",
    "coop": "cooperative",
    "assoc": "association",
    "cie": "compagnie",
    "qc": "quebec",
    "mtl": "montreal",
}
# Abbreviations of a municipal designation, expanded only as the first word: « V. de Lévis ».
LEADING_ABBREVIATIONS = {"v": "ville", "p": "paroisse", "ct": "canton", "vl": "village"}

# Small words that never tell two organisations apart.
STOPWORDS = frozenset(
    "a au aux d de des du en et l la le les un une pour par sur dans chez avec the of and".split()  # noqa: SIM905
)
# Legal forms and their abbreviations.
LEGAL_WORDS = frozenset("inc incorporee incorporated ltee limitee ltd enr obnl osbl senc".split())  # noqa: SIM905
# Common words of place names that weigh less than the rest: « Saint-Georges » and « Saint-Zacharie »
# share « saint » but are not alike.
LIGHT_WORDS = frozenset("saint sainte saints saintes notre dame".split())  # noqa: SIM905
LIGHT_WEIGHT = 0.6
# Words whose close spellings are different words: « nord »/« nord-est », « saint »/« sainte ».
EXACT_ONLY = frozenset(
    "saint sainte saints saintes nord sud est ouest centre haut haute bas basse grand grande petit petite "  # noqa: SIM905
    "nouvelle vieux vieille mont monts lac lacs riviere rivieres ile iles".split()
)


@dataclass(frozen=True)
class Family:
    """A family of Québec institutions: its full names and acronyms, and whether it is regional."""

    key: str
    label: str
    names: tuple[str, ...]
    acronyms: tuple[str, ...] = ()
    regional: bool = False


FAMILIES = (
    Family("cisss", "CISSS", ("Centre intégré de santé et de services sociaux",), ("cisss",), regional=True),
    Family("ciusss", "CIUSSS", ("Centre intégré universitaire de santé et de services sociaux",), ("ciusss",), True),
    Family("crsss", "CRSSS", ("Centre régional de santé et de services sociaux",), ("crsss",), regional=True),
    Family("clsc", "CLSC", ("Centre local de services communautaires",), ("clsc",)),
    Family("chsld", "CHSLD", ("Centre d'hébergement et de soins de longue durée",), ("chsld",)),
    Family("cdc", "CDC", ("Corporation de développement communautaire",), ("cdc",)),
    Family("cje", "CJE", ("Carrefour jeunesse-emploi",), ("cje",)),
    Family("cpe", "CPE", ("Centre de la petite enfance",), ("cpe",)),
    Family("css", "CSS", ("Centre de services scolaire", "Commission scolaire"), ("css",)),
    Family("sadc", "SADC", ("Société d'aide au développement des collectivités",), ("sadc",)),
    Family("cab", "CAB", ("Centre d'action bénévole",), ("cab",)),
    Family("cld", "CLD", ("Centre local de développement",), ("cld",)),
    Family("mrc", "MRC", ("Municipalité régionale de comté",), ("mrc",)),
    Family("tca", "TCA", ("Table de concertation des aînés", "Table de concertation pour les aînés"), ("tca",)),
    Family("pole", "Pôle d'économie sociale", ("Pôle d'économie sociale",)),
    Family("omh", "OMH", ("Office municipal d'habitation",), ("omh",)),
    Family("cre", "CRE", ("Conseil régional de l'environnement",), ("cre",), regional=True),
    Family("urls", "URLS", ("Unité régionale de loisir et de sport",), ("urls",), regional=True),
    Family("troc", "TROC", ("Table régionale des organismes communautaires",), ("troc",), regional=True),
    Family("cegep", "Cégep", ("Collège d'enseignement général et professionnel",), ("cegep",)),
    Family("calacs", "CALACS", ("Centre d'aide et de lutte contre les agressions à caractère sexuel",), ("calacs",)),
    Family("cavac", "CAVAC", ("Centre d'aide aux victimes d'actes criminels",), ("cavac",)),
    Family("mdj", "Maison des jeunes", ("Maison des jeunes",), ("mdj",)),
)
# Families that are often written one for the other: a match across them is suggested, not linked.
SIBLINGS = {frozenset({"cisss", "ciusss"}), frozenset({"cisss", "crsss"})}

# Municipal designations (one family, « municipality », whose designation must agree).
MUNICIPALITY = "municipality"
DESIGNATIONS = {
    "ville": "Ville",
    "municipalite": "Municipalité",
    "paroisse": "Paroisse",
    "village": "Village",
    "canton": "Canton",
    "cantons": "Cantons unis",
}

# Usual abbreviations of régions after a regional family: « CIUSSS-CN », « CISSSCA », « CISSS-MO ».
REGION_ABBREVIATIONS = {
    "bsl": "Bas-Saint-Laurent",
    "slsj": "Saguenay–Lac-Saint-Jean",
    "cn": "Capitale-Nationale",
    "mcq": "Mauricie-et-Centre-du-Québec",
    "at": "Abitibi-Témiscamingue",
    "ca": "Chaudière-Appalaches",
    "o": "Outaouais",
    "l": "Laval",
    "lan": "Lanaudière",
    "lau": "Laurentides",
    "mc": "Montérégie-Centre",
    "me": "Montérégie-Est",
    "mo": "Montérégie-Ouest",
    "gim": "Gaspésie–Îles-de-la-Madeleine",
    "ccsmtl": "Centre-Sud-de-l'Île-de-Montréal",
    "ccomtl": "Centre-Ouest-de-l'Île-de-Montréal",
    "odim": "Ouest-de-l'Île-de-Montréal",
    "cemtl": "Est-de-l'Île-de-Montréal",
    "nim": "Nord-de-l'Île-de-Montréal",
}
# Acronyms of single institutions, used without their family: « CCSMTL ».
INSTITUTION_ACRONYMS = {
    "ccsmtl": "CIUSSS du Centre-Sud-de-l'Île-de-Montréal",
    "ccomtl": "CIUSSS du Centre-Ouest-de-l'Île-de-Montréal",
    "cemtl": "CIUSSS de l'Est-de-l'Île-de-Montréal",
}
# In the CISSS family, « CN » is the Côte-Nord (the Capitale-Nationale has a CIUSSS).
FAMILY_REGION_ABBREVIATIONS = {"cisss": {"cn": "Côte-Nord"}}


def _raw_words(name: str) -> list[tuple[str, bool, str]]:
    """(word, written in capitals, separator before it) for each word of `name`, accents removed."""
    parts = _WORD_SPLIT.split(unaccented(name))  # separator, word, separator, word, …, separator
    return [
        (word.lower(), word.isupper() and not word.isdigit(), before)
        for before, word in zip(parts[0::2], parts[1::2], strict=False)
    ]


class _Word(NamedTuple):
    text: str
    caps: bool  # written in capitals (or dotted, « C.D.C. »): maybe an acronym
    before: str  # the separator before it in the name


@functools.lru_cache(maxsize=65536)
def _words(name: str) -> tuple[_Word, ...]:
    """`_read_words(name)`, kept for the names met lately: an import normalises each name of its file
    several times (at preview and again at commit). The registry's names are read through `_analyse`,
    which keeps its own results."""
    return _read_words(name)


def _read_words(name: str) -> tuple[_Word, ...]:
    """The folded words of `name`, with abbreviations expanded and dotted acronyms joined."""
    raw = _raw_words(name.replace("&", " et "))
    words: list[_Word] = []
    index, size = 0, len(raw)
    while index < size:
        text, caps, before = raw[index]
        if len(text) == 1 and index + 1 < size:  # most words are longer: they skip both checks
            following = raw[index + 1][0]
            if text == "n" and following == "d":  # « N.-D.-de-Lourdes »
                words += [_Word("notre", False, before), _Word("dame", False, "-")]
                index += 2
                continue
            if text.isalpha() and len(following) == 1:
                run = index  # a dotted acronym, « C.D.C. » or « S.A.D.C. »
                while run < size and len(raw[run][0]) == 1 and raw[run][0].isalpha():
                    run += 1
                if run - index >= 2:
                    letters = raw[index:run]
                    joined = "".join(letter[0] for letter in letters)
                    words.append(_Word(ABBREVIATIONS.get(joined, joined), all(w[1] for w in letters), before))
                    index = run
                    continue
        words.append(_Word(ABBREVIATIONS.get(text, text), caps, before))
        index += 1
    if len(words) > 1 and words[0].text in LEADING_ABBREVIATIONS:
        first = words[0]
        words[0] = _Word(LEADING_ABBREVIATIONS[first.text], False, first.before)
    return tuple(words)


def normalize(name: str) -> str:
    """Folded words of a name, abbreviations expanded: « Mun. de St-Zacharie » → « municipalite de saint zacharie »."""
    return " ".join(word.text for word in _words(name))


def _stem(word: str) -> str:
    """The singular of a word, roughly: « etchemins » → « etchemin », « jeunes » → « jeune »."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _significant(text: str) -> tuple[str, ...]:
    return tuple(_stem(w.text) for w in _words(text) if w.text not in STOPWORDS and w.text not in LEGAL_WORDS)


_PHRASES: list[tuple[tuple[str, ...], Family]] = sorted(
    ((_significant(name), family) for family in FAMILIES for name in family.names),
    key=lambda item: -len(item[0]),
)
_ACRONYMS = {_stem(acronym): family for family in FAMILIES for acronym in family.acronyms}
_FAMILIES = {family.key: family for family in FAMILIES}
_REGIONAL_ACRONYMS = sorted(
    (_stem(acronym) for family in FAMILIES if family.regional for acronym in family.acronyms), key=len, reverse=True
)
# The first letters every regional acronym shares with the words that may start with it: most words are
# left at once.
_REGIONAL_PREFIX = min(map(len, _REGIONAL_ACRONYMS))
_REGIONAL_PREFIXES = frozenset(acronym[:_REGIONAL_PREFIX] for acronym in _REGIONAL_ACRONYMS)


def _region_words(family: str, abbreviation: str) -> tuple[str, ...] | None:
    region = FAMILY_REGION_ABBREVIATIONS.get(family, {}).get(abbreviation) or REGION_ABBREVIATIONS.get(abbreviation)
    if not region:
        return None
    return tuple(w.text for w in _words(region) if w.text not in STOPWORDS)


class _Token(NamedTuple):
    text: str  # folded, singular
    caps: bool
    weight: float
    shown: str  # folded, as written
    closable: bool  # whether the word may be matched by a close spelling
    keys: tuple[str, ...]  # the blocking keys of the word (see `_keys`)


@dataclass(frozen=True)
class _Traits:
    texts: frozenset[str]  # the words of a name
    acronyms: frozenset[str]  # its words in capitals that may be acronyms (2 to 8 letters)
    closable: tuple[str, ...]  # its words that may be matched by a close spelling
    # The most weight a pair can match without acronyms: each word with its own weight and that of the word
    # it may pair with (the same word, or one spelt closely, of weight 1 at most).
    pairable: float


@dataclass(frozen=True)
class _Name:
    """A name as the matcher reads it: its kind and its distinctive words."""

    family: str  # a Family.key, MUNICIPALITY, or ""
    designation: str  # for municipalities: a key of DESIGNATIONS, or ""
    tokens: tuple[_Token, ...]
    weight: float = 0.0  # of all its tokens

    @functools.cached_property
    def traits(self) -> _Traits:
        """What `_compare` reads first, to leave quickly a pair that cannot reach the score asked."""
        tokens = self.tokens
        return _Traits(
            frozenset(t.text for t in tokens),
            frozenset(t.text for t in tokens if t.caps and 2 <= len(t.text) <= 8),
            tuple(t.text for t in tokens if t.closable),
            sum(t.weight + (1.0 if t.closable else t.weight) for t in tokens),
        )

    @functools.cached_property
    def runs(self) -> frozenset[str]:
        """The initials of its runs of 2 to 8 consecutive words (read only against a name with acronyms)."""
        return frozenset(_runs(self.tokens))

    @functools.cached_property
    def signature(self) -> str:
        """Equal for two names the matcher reads the same way, whatever their order and spelling."""
        return f"{self.family}:{self.designation}:{' '.join(sorted(t.text for t in self.tokens))}"


@functools.lru_cache(maxsize=65536)
def _token(shown: str, caps: bool = False) -> _Token:
    """A word as compared (kept: the words of names repeat from one name to the next)."""
    text = _stem(shown)
    closable = len(text) >= 5 and text not in EXACT_ONLY
    keys = [f"t:{text}"]
    if len(text) >= 6 and text not in EXACT_ONLY:  # the start and end of longer words, for misspellings
        keys += [f"p:{text[:4]}", f"s:{text[-4:]}"]
    if caps and 2 <= len(text) <= 8:
        keys.append(f"a:{text}")
    return _Token(text, caps, LIGHT_WEIGHT if text in LIGHT_WORDS else 1.0, shown, closable, tuple(keys))


def _designation(words: list[_Word], skipped: set[int]) -> tuple[str, set[int]]:
    """A municipal designation at the start (« Ville de Lévis ») or the end (« Lévis (Ville de) »)."""
    at = [i for i in range(len(words)) if i not in skipped]
    if len(at) < 2:
        return "", set()
    first, second = words[at[0]].text, words[at[1]]
    if first in DESIGNATIONS:
        if first == "cantons" and second.text == "unis":
            return "cantons", {at[0], at[1]}
        # « Ville-Marie » is a place, not a designation: the word after it must not be hyphenated to it.
        if second.text in STOPWORDS or "-" not in second.before:
            return first, {at[0]}
    last = len(at) - 1
    while last > 0 and words[at[last]].text in STOPWORDS:
        last -= 1
    word = words[at[last]]
    if last > 0 and word.text in DESIGNATIONS and ("(" in word.before or "," in word.before):
        return word.text, {at[last]}
    return "", set()


def _family(kept: list[tuple[int, str, bool]]) -> tuple[str, set[int]]:
    """The family of institutions named in full or by its acronym, and the positions of its words."""
    texts = [text for _i, text, _caps in kept]
    present = set(texts)
    for phrase, family in _PHRASES:
        if phrase[0] not in present:  # most names hold no family's phrase: skip it without scanning
            continue
        size = len(phrase)
        for start in range(len(texts) - size + 1):
            if tuple(texts[start : start + size]) == phrase:
                return family.key, {i for i, _text, _caps in kept[start : start + size]}
    for i, text, _caps in kept:
        if text in _ACRONYMS:
            return _ACRONYMS[text].key, {i}
    return "", set()


def _split_glued(words: Iterable[_Word]) -> list[_Word]:
    """Acronyms that name one institution (« CCSMTL »), and regional acronyms glued to a région's
    abbreviation (« CISSSCA », « CIUSSSMCQ »), written out in words."""
    result = []
    for word in words:
        if word.text in INSTITUTION_ACRONYMS:
            result += [_Word(w.text, False, "-") for w in _words(INSTITUTION_ACRONYMS[word.text])]
            continue
        if word.text[:_REGIONAL_PREFIX] not in _REGIONAL_PREFIXES:
            result.append(word)
            continue
        for acronym in _REGIONAL_ACRONYMS:
            if not word.text.startswith(acronym):
                continue
            rest = word.text[len(acronym) :]
            region = rest and _region_words(_ACRONYMS[acronym].key, rest)
            if region:
                result += [_Word(acronym, word.caps, word.before), *(_Word(w, False, "-") for w in region)]
                break
        else:
            result.append(word)
    return result


@functools.lru_cache(maxsize=65536)
def _analyse(name: str) -> _Name:
    words = _split_glued(_read_words(name))
    dropped = {i for i, w in enumerate(words) if w.text in STOPWORDS or w.text in LEGAL_WORDS}
    kept = [(i, _stem(w.text), w.caps) for i, w in enumerate(words) if i not in dropped]
    family, consumed = _family(kept)
    designation = ""
    if not family:
        designation, consumed = _designation(words, dropped - {i for i, w in enumerate(words) if w.text in STOPWORDS})
        family = MUNICIPALITY if designation else ""
    rest = [(words[i].text, caps) for i, _text, caps in kept if i not in consumed]
    if not rest and not family:  # a name made of small words only is read as it is
        rest = [(w.text, w.caps) for w in words]
    tokens: list[_Token] = []
    regional = family in _FAMILIES and _FAMILIES[family].regional
    for text, caps in rest:
        region = _region_words(family, _stem(text)) if regional else None
        if region:
            tokens += [_token(word) for word in region]
        else:
            tokens.append(_token(text, caps))
    return _Name(family, designation, tuple(tokens), sum(t.weight for t in tokens))


# Comparing two names -----------------------------------------------------------------------------------


def _initials(tokens: Iterable[_Token]) -> str:
    return "".join(t.text[0] for t in tokens)


def _runs(tokens: tuple[_Token, ...]) -> list[str]:
    """The initials of every run of 2 to 8 consecutive words."""
    letters = _initials(tokens)
    size = len(letters)
    return [letters[start:end] for start in range(size - 1) for end in range(start + 2, min(size, start + 8) + 1)]


@dataclass
class _Comparison:
    """The score of a known name for a row's name, and what it rests on (turned into reasons on demand)."""

    score: float
    family: tuple[str, str] = ("", "")
    designation: tuple[str, str] = ("", "")
    shared: list[str] = field(default_factory=list)
    close: list[tuple[str, str]] = field(default_factory=list)
    acronyms: list[tuple[str, str]] = field(default_factory=list)
    only_row: list[str] = field(default_factory=list)
    only_known: list[str] = field(default_factory=list)


def _acronym_runs(acronyms: list[int], side: tuple[_Token, ...], other: tuple[_Token, ...], free: list[bool]) -> list:
    """Match words in capitals of `side` with runs of consecutive free words of `other` spelling their initials."""
    found = []
    for a in acronyms:
        letters = side[a].text
        for start in range(len(other)):
            end = start + len(letters)
            if end > len(other) or not all(free[start:end]):
                continue
            if _initials(other[start:end]) == letters:
                for i in range(start, end):
                    free[i] = False
                found.append((a, start, end))
                break
    return found


# What `_compare` returns for a pair it proved to score below the minimum asked (never a candidate).
_BELOW = -1.0


def _factor(row: _Name, known: _Name) -> float:
    """The most two names can score, from their kinds alone."""
    if row.family == known.family:
        return 0.85 if row.designation != known.designation else 1.0
    if frozenset({row.family, known.family}) in SIBLINGS:
        return 0.9
    if row.family and known.family:
        return 0.5
    return 0.85


def _compare(row: _Name, known: _Name, minimum: float = 0.0) -> _Comparison:
    """The score of `known` for `row`. With a `minimum` above 0, a pair shown to score below it is left
    as soon as that is certain, with the score `_BELOW` (its reasons are then not gathered)."""
    factor = _factor(row, known)
    if minimum > 0:
        if factor + 1e-9 < minimum:
            return _Comparison(_BELOW)
        needed = (minimum * (row.weight + known.weight) - 1e-9) / factor
        most = _most_matched(row, known, needed)
        if most is not None and most < needed:
            return _Comparison(_BELOW)
    comparison = _Comparison(0.0, (row.family, known.family), (row.designation, known.designation))
    a, b = row.tokens, known.tokens
    if not a and not b:
        comparison.score = factor
        return comparison
    credit_a = [0.0] * len(a)
    credit_b = [0.0] * len(b)
    free_a = [True] * len(a)
    free_b = [True] * len(b)
    texts_b = [t.text for t in b]
    for i, token in enumerate(a):  # the same words
        for j, text in enumerate(texts_b):
            if text == token.text and free_b[j]:
                credit_a[i] = credit_b[j] = 1.0
                free_a[i] = free_b[j] = False
                comparison.shared.append(token.shown)
                break
    if any(free_a) and any(free_b):  # acronyms spelling the other side's words
        acronyms_a = [i for i, t in enumerate(a) if free_a[i] and t.caps and 2 <= len(t.text) <= 8]
        for i, start, end in _acronym_runs(acronyms_a, a, b, free_b):
            free_a[i] = False
            credit_a[i] = 0.95
            for j in range(start, end):
                credit_b[j] = 0.95
            comparison.acronyms.append((a[i].shown, " ".join(t.shown for t in b[start:end])))
        acronyms_b = [j for j, t in enumerate(b) if free_b[j] and t.caps and 2 <= len(t.text) <= 8]
        for j, start, end in _acronym_runs(acronyms_b, b, a, free_a):
            free_b[j] = False
            credit_b[j] = 0.95
            for i in range(start, end):
                credit_a[i] = 0.95
            comparison.acronyms.append((b[j].shown, " ".join(t.shown for t in a[start:end])))
    if any(free_a) and any(free_b):  # close spellings, for a suggestion only
        for i, token in enumerate(a):
            if not free_a[i] or len(token.text) < 5 or token.text in EXACT_ONLY:
                continue
            best, best_j = 0.0, -1
            for j, other in enumerate(b):
                size = len(token.text) + len(other.text)
                # Indel similarity is at most 2 × shorter / (sum of lengths): skip pairs too unequal in length.
                if not free_b[j] or 2 * min(len(token.text), len(other.text)) < 0.8 * size:
                    continue
                if len(other.text) >= 5 and other.text not in EXACT_ONLY:
                    similarity = Indel.normalized_similarity(token.text, other.text)
                    if similarity > best:
                        best, best_j = similarity, j
            if best >= 0.8:
                credit = max(0.0, 1 - 1.5 * (1 - best))
                credit_a[i] = credit_b[best_j] = credit
                free_a[i] = free_b[best_j] = False
                comparison.close.append((token.shown, b[best_j].shown))
    # Weighted Dice: every word found on one side only counts against the pair.
    total = row.weight + known.weight
    matched = sum([t.weight * c for t, c in zip(a, credit_a, strict=True) if c]) + sum(
        [t.weight * c for t, c in zip(b, credit_b, strict=True) if c]
    )
    similarity = matched / total if total else 0.0
    comparison.only_row = [t.shown for t, free in zip(a, free_a, strict=True) if free]
    comparison.only_known = [t.shown for t, free in zip(b, free_b, strict=True) if free]
    comparison.score = factor * similarity
    if comparison.close or comparison.only_row or comparison.only_known:
        # A word on one side only, or spelt differently, is suggested but never linked without asking:
        # « Saint-Bonaventure » is not « Bonaventure », however many other words the names share.
        comparison.score = min(comparison.score, UNEXPLAINED_CAP)
    return comparison


def _most_matched(row: _Name, known: _Name, needed: float) -> float | None:
    """The most weight two names can have matched (on both sides), or None when acronyms may count; once
    it is below `needed`, as soon as that is certain.

    Without an acronym of one name spelling the initials of words of the other, a word earns credit only
    when the other name has the same word (1 at most), or by a close spelling: then at most the credit of
    the closest word of the other name that may be spelt closely, whether or not it is still free."""
    mine, theirs = row.traits, known.traits
    if (mine.acronyms and not mine.acronyms.isdisjoint(known.runs)) or (
        theirs.acronyms and not theirs.acronyms.isdisjoint(row.runs)
    ):
        return None
    # Without acronyms, a word earns credit only paired with one word of the other name: the pairs hold at
    # most what either name's words can pair.
    ceiling = min(mine.pairable, theirs.pairable)
    if ceiling < needed:
        return ceiling
    shared = 0.0
    open_a: list[_Token] = []
    for token in row.tokens:
        if token.text in theirs.texts:
            shared += token.weight
        elif token.closable and theirs.closable:
            open_a.append(token)
    open_b: list[_Token] = []
    for token in known.tokens:
        if token.text in mine.texts:
            shared += token.weight
        elif token.closable and mine.closable:
            open_b.append(token)
    most = shared + sum(t.weight for t in open_a) + sum(t.weight for t in open_b)  # every close spelling at 1
    # Then each close spelling at its own credit, until the most is below what is needed.
    for tokens, others in ((open_a, theirs.closable), (open_b, mine.closable)):
        for token in tokens:
            if most < needed:
                return most
            most -= token.weight * (1 - _close_credit(token.text, others))
    return most


@functools.lru_cache(maxsize=65536)
def _close_credit(text: str, others: tuple[str, ...]) -> float:
    """The most credit a word can earn by a close spelling of one of `others` (kept: the words of a file's
    rows meet the same known names again and again)."""
    best = 0.0
    size = len(text)
    for other in others:
        if 2 * min(size, len(other)) >= 0.8 * (size + len(other)):
            best = max(best, Indel.normalized_similarity(text, other))
    return max(0.0, 1 - 1.5 * (1 - best)) if best >= 0.8 else 0.0


def _family_label(key: str, designation: str) -> str:
    if key == MUNICIPALITY:
        return DESIGNATIONS.get(designation, "")
    return _FAMILIES[key].label if key in _FAMILIES else ""


def _reasons(comparison: _Comparison, variant: str, name: str) -> tuple[str, ...]:
    reasons = []
    if variant != name:
        reasons.append(_("Matched another name of the organisation: %(name)s.") % {"name": variant})
    row_family, known_family = comparison.family
    row_label = _family_label(row_family, comparison.designation[0])
    known_label = _family_label(known_family, comparison.designation[1])
    if row_family == known_family and row_family:
        if comparison.designation[0] != comparison.designation[1]:
            reasons.append(
                _("Different municipal designation: %(row)s in the file, %(known)s in the registry.")
                % {"row": row_label, "known": known_label}
            )
        else:
            reasons.append(_("Same kind of organisation: %(kind)s.") % {"kind": row_label})
    elif row_family and known_family:
        reasons.append(
            _("Different kind of organisation: %(row)s in the file, %(known)s in the registry.")
            % {"row": row_label, "known": known_label}
        )
    elif row_family or known_family:
        reasons.append(
            _("Only one of the names says what kind of organisation it is: %(kind)s.")
            % {"kind": row_label or known_label}
        )
    if comparison.shared:
        reasons.append(_("Words in common: %(words)s.") % {"words": ", ".join(comparison.shared)})
    for acronym, words in comparison.acronyms:
        reasons.append(
            _("The acronym %(acronym)s stands for « %(words)s ».") % {"acronym": acronym.upper(), "words": words}
        )
    for row_word, known_word in comparison.close:
        reasons.append(
            _("Close spellings, to be checked: %(row)s and %(known)s.") % {"row": row_word, "known": known_word}
        )
    if comparison.only_row:
        reasons.append(_("Words only in the file: %(words)s.") % {"words": ", ".join(comparison.only_row)})
    if comparison.only_known:
        reasons.append(_("Words only in the registry: %(words)s.") % {"words": ", ".join(comparison.only_known)})
    return tuple(reasons)


def similarity(name_a: str, name_b: str) -> float:
    """How alike two organisation names are, from 0 to 1 (1: the same organisation written another way)."""
    return round(_compare(_analyse(name_a), _analyse(name_b)).score, 4)


# The index --------------------------------------------------------------------------------------------


def _keys(name: _Name, declared: str = "") -> set[str]:
    """The blocking keys a name is filed under and looked up by."""
    keys = {f"x:{name.signature}"}
    for t in name.tokens:  # its words, the start and end of its longer words, its acronyms
        keys.update(t.keys)
    if name.family and not name.tokens:
        keys.add(f"f:{name.family}")
    keys.update(["a:" + initials for initials in _runs(name.tokens)])  # initials of runs of 2 to 8 words
    if declared:
        keys.add(f"a:{declared}")
    return keys


@dataclass
class OrganizationIndex:
    """Known organisations, indexed by their name keys for quick candidate lookup."""

    organizations: dict[int, KnownOrganization] = field(default_factory=dict)
    _postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _variants: dict[int, list[tuple[str, _Name]]] = field(default_factory=dict)
    _decisions: dict[tuple[str, _Name], Decision] = field(default_factory=dict)  # (language, reading) → decision
    _arrays: dict[str, np.ndarray] = field(default_factory=dict)  # postings as arrays, made on first lookup
    # How many lookups were made and how many organisations they compared in full (blocking's pool).
    lookups: int = 0
    pooled: int = 0

    @classmethod
    def build(cls, organizations: Iterable[KnownOrganization]) -> OrganizationIndex:
        index = cls()
        for organization in organizations:
            index.add(organization)
        return index

    def add(self, organization: KnownOrganization) -> None:
        """File `organization` under its name, its acronym and its other names (again if already known)."""
        self._decisions.clear()
        self._arrays.clear()
        if organization.id in self.organizations:
            self._remove(organization.id)
        self.organizations[organization.id] = organization
        # A name without a word (« — ») is no variant: its reading has neither a word nor a kind.
        variants = [
            (text, name)
            for text in dict.fromkeys((organization.name, organization.acronym, *organization.other_names))
            if text and ((name := _analyse(text)).tokens or name.family)
        ]
        self._variants[organization.id] = variants
        declared = "".join(word.text for word in _words(organization.acronym)) if organization.acronym else ""
        postings, ident = self._postings, organization.id
        for _text, name in variants:
            for key in _keys(name, declared):
                postings[key].add(ident)

    def _remove(self, ident: int) -> None:
        for key in [key for key, ids in self._postings.items() if ident in ids]:
            self._postings[key].discard(ident)

    @property
    def average_pool_size(self) -> float:
        """Organisations compared in full per lookup, on average since the index was built."""
        return self.pooled / self.lookups if self.lookups else 0.0

    def _pool(self, row: _Name) -> set[int]:
        """The organisations worth comparing with `row`: those sharing its rarest keys, best first."""
        exact = f"x:{row.signature}"
        found = [(key, self._postings[key]) for key in _keys(row) if self._postings.get(key)]
        found.sort(key=lambda item: (len(item[1]), item[0]))
        pool = set(self._postings.get(exact, ()))
        # Votes weigh a key by its rarity, in whole numbers; they are counted over arrays of the postings.
        arrays: list[np.ndarray] = []
        weights: list[int] = []
        read = 0
        total = max(len(self.organizations), 1)
        for key, ids in found:
            if read and read + len(ids) > POSTINGS_BUDGET:
                break
            arrays.append(self._array(key))
            weights.append(round(math.log2(1 + total / len(ids))))
            read += len(ids)
        if not arrays:
            return pool
        # The organisations found, each once, in order, and where each one's ballots start (as `np.unique`
        # finds them, in fewer calls: a lookup reads a few hundred postings, so the calls are the cost).
        ballots = np.concatenate(arrays)
        order = ballots.argsort()
        ordered = ballots[order]
        starts = np.empty(len(ordered), dtype=bool)
        starts[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
        at = np.flatnonzero(starts)
        voters = ordered[at]
        if len(voters) <= POOL_SIZE:
            pool.update(voters.tolist())
            return pool
        ballot_weights = np.repeat(np.array(weights, dtype=np.float64), [len(a) for a in arrays])
        votes = np.add.reduceat(ballot_weights[order], at)
        # The most votes first, and among equal votes the highest id (as in a sort of (votes, id) pairs).
        pool.update(voters[np.lexsort((voters, votes))[-POOL_SIZE:]].tolist())
        return pool

    def _array(self, key: str) -> np.ndarray:
        """The organisations filed under `key`, as an array (made once, until an organisation is added)."""
        array = self._arrays.get(key)
        if array is None:
            array = self._arrays[key] = np.fromiter(self._postings[key], dtype=np.int64)
        return array

    def candidates(self, name: str, *, limit: int = 5, minimum: float = 0.0) -> list[Candidate]:
        """The best known organisations for `name` scoring at least `minimum`, best first, with their reasons."""
        row = _analyse(name)
        if not row.tokens and not row.family:
            return []
        pool = self._pool(row)
        self.lookups += 1
        self.pooled += len(pool)
        scored = []
        for ident in pool:
            best_variant, best = "", _Comparison(-1.0)
            for text, known in self._variants[ident]:
                comparison = _compare(row, known, minimum)
                if comparison.score > best.score:
                    best_variant, best = text, comparison
            if best.score >= minimum:
                scored.append((round(best.score, 4), self.organizations[ident].name, ident, best_variant, best))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        return [
            Candidate(ident, known_name, score, _reasons(comparison, variant, known_name))
            for score, known_name, ident, variant, comparison in scored[:limit]
        ]

    def decide(self, name: str) -> Decision:
        """Link `name` without asking (one candidate at SURE or above), ask (candidates from AMBIGUOUS), or create.

        A file names the same organisation on many rows, in a few spellings: each reading of a name (two
        spellings that differ only by their accents or punctuation read the same) is decided once, until
        an organisation is added to the index."""
        key = (get_language() or "", _analyse(name))
        if key not in self._decisions:
            self._decisions[key] = self._decide(name)
        return self._decisions[key]

    def _decide(self, name: str) -> Decision:
        candidates = [c for c in self.candidates(name, minimum=AMBIGUOUS) if c.score >= AMBIGUOUS]
        if not candidates:
            return Decision("none")
        if candidates[0].score >= SURE and (len(candidates) == 1 or candidates[1].score < SURE):
            return Decision("sure", tuple(candidates))
        return Decision("ambiguous", tuple(candidates))
