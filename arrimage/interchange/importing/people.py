"""Matching the people of a file with the people already known, within their organisation.

Pure: `PersonIndex` is built from plain tuples (loaded by the planner) and answers without touching the
database. A person matches when they have the same folded full name (accents, case, punctuation and word
order ignored) or the same email address as someone tied to the same organisation (by a position or a
holding on its behalf). Outside an organisation, only the same email address, held by one person alone,
is taken as the same person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from arrimage.core.text import search_words


def name_key(given_name: str, family_name: str) -> str:
    """The folded words of a full name, sorted, so that « Tremblay Marie-Ève » matches « Marie-Ève Tremblay »."""
    return " ".join(sorted(search_words(f"{given_name} {family_name}")))


#: What `PersonIndex` holds for an email address held by more than one person.
_SHARED = -1


@dataclass(frozen=True)
class KnownPerson:
    id: int
    given_name: str
    family_name: str
    email: str = ""
    phone: str = ""
    organization_ids: tuple[int, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass
class PersonIndex:
    """The people known, by email address, and by name within each organisation they are tied to.

    A file names the people of a few organisations among many: the folded names of an organisation's
    people are read the first time a row names that organisation, and a name once (never for the people
    of organisations no row names)."""

    people: dict[int, KnownPerson] = field(default_factory=dict)
    _of_organization: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _by_organization: dict[int, dict[str, set[int]]] = field(default_factory=dict)  # read on first use
    # Each email address with the one person who holds it, or `_SHARED` (a plain number per person, not a
    # set: the index of a province's 100,000 people is then not 100,000 objects more for the collector).
    _by_email: dict[str, int] = field(default_factory=dict)
    _keys: dict[int, str] = field(default_factory=dict)  # person → name_key, read on first use

    @classmethod
    def build(cls, people: Iterable[KnownPerson]) -> PersonIndex:
        """The index of `people` (a new index has read nothing yet that `add` would have to forget)."""
        index = cls()
        for person in people:
            index._file(person)
        return index

    def add(self, person: KnownPerson) -> None:
        """File `person` (again, when already known), forgetting what was read of them and their organisations."""
        self._keys.pop(person.id, None)
        for organization_id in person.organization_ids:
            self._by_organization.pop(organization_id, None)
        self._file(person)

    def _file(self, person: KnownPerson) -> None:
        ident = person.id
        self.people[ident] = person
        email = (person.email or "").lower()
        if email:
            held = self._by_email.get(email, ident)
            self._by_email[email] = ident if held == ident else _SHARED
        for organization_id in person.organization_ids:
            self._of_organization[organization_id].append(ident)

    def _key(self, ident: int) -> str:
        key = self._keys.get(ident)
        if key is None:
            person = self.people[ident]
            key = self._keys[ident] = name_key(person.given_name, person.family_name)
        return key

    def _names(self, organization_id: int) -> dict[str, set[int]]:
        """The people tied to an organisation, by name key and by "@" + email address."""
        names = self._by_organization.get(organization_id)
        if names is None:
            names = {}
            for ident in self._of_organization.get(organization_id, ()):
                names.setdefault(self._key(ident), set()).add(ident)
                email = (self.people[ident].email or "").lower()
                if email:
                    names.setdefault("@" + email, set()).add(ident)
            self._by_organization[organization_id] = names
        return names

    def find(
        self, given_name: str, family_name: str, email: str = "", *, organization_id: int | None = None
    ) -> KnownPerson | None:
        """The one person this row names, or None when there is none or more than one."""
        key = name_key(given_name, family_name)
        email = email.lower()
        if organization_id is not None:
            names = self._names(organization_id)
            for found in (names.get(key, set()) if key else set(), names.get("@" + email, set()) if email else set()):
                if len(found) == 1:
                    return self.people[next(iter(found))]
        held = self._by_email.get(email, _SHARED) if email else _SHARED
        return self.people[held] if held != _SHARED else None

    def find_by_name(self, given_name: str, family_name: str, among: set[int]) -> KnownPerson | None:
        """The one person of `among` with this full name (for citizens, who sit for no organisation)."""
        key = name_key(given_name, family_name)
        found = {ident for ident in among if ident in self.people and self._key(ident) == key} if key else set()
        return self.people[next(iter(found))] if len(found) == 1 else None
