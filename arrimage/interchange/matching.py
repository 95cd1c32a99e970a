"""Matching organisation names from a file against the organisations already known.

Pure: `OrganizationIndex` is built from plain tuples (loaded by `known.organization_index`) and answers
without touching the database. Names are compared insensitive to accents, case, punctuation and word
order, aware of acronyms and of common Québec forms (« Mun. de St-Zacharie » and « Municipalité de
Saint-Zacharie »). Candidates come from an inverted index of name keys (blocking), never from comparing a
row with every organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from arrimage.core.text import search_words

# A candidate at or above SURE links without asking; between AMBIGUOUS and SURE the person chooses.
SURE = 0.92
AMBIGUOUS = 0.75


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
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """`sure` links without asking, `ambiguous` waits for the person's choice, `none` creates."""

    kind: str  # "sure" | "ambiguous" | "none"
    candidates: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def normalize(name: str) -> str:
    """Folded words of a name, abbreviations expanded: « Mun. de St-Zacharie » → « municipalite de saint zacharie »."""
    return " ".join(search_words(name))


@dataclass
class OrganizationIndex:
    """Known organisations, indexed by their name words for quick candidate lookup."""

    organizations: dict[int, KnownOrganization] = field(default_factory=dict)
    _by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _names: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, organizations: Iterable[KnownOrganization]) -> OrganizationIndex:
        index = cls()
        for organization in organizations:
            index.add(organization)
        return index

    def add(self, organization: KnownOrganization) -> None:
        self.organizations[organization.id] = organization
        names = [normalize(n) for n in (organization.name, organization.acronym, *organization.other_names) if n]
        self._names[organization.id] = [n for n in names if n]
        for name in self._names[organization.id]:
            for word in name.split():
                self._by_word[word].add(organization.id)

    def candidates(self, name: str, *, limit: int = 5) -> list[Candidate]:
        """The best known organisations for `name`, best first."""
        query = normalize(name)
        if not query:
            return []
        pool: set[int] = set()
        for word in query.split():
            pool |= self._by_word.get(word, set())
        scored = []
        for ident in pool:
            score = max(fuzz.token_sort_ratio(query, known) for known in self._names[ident]) / 100
            scored.append(Candidate(ident, self.organizations[ident].name, score))
        scored.sort(key=lambda c: (-c.score, c.name, c.organization_id))
        return scored[:limit]

    def decide(self, name: str) -> Decision:
        candidates = [c for c in self.candidates(name) if c.score >= AMBIGUOUS]
        if not candidates:
            return Decision("none")
        if candidates[0].score >= SURE and (len(candidates) == 1 or candidates[1].score < SURE):
            return Decision("sure", tuple(candidates))
        return Decision("ambiguous", tuple(candidates))
