"""The people index finds the same people as when it read every name at once."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.interchange.importing.people import KnownPerson, PersonIndex, name_key


class EagerIndex:
    """The index as it was: every name read when the index is built."""

    def __init__(self, people: list[KnownPerson]) -> None:
        self.people = {p.id: p for p in people}
        self.by_organization: dict[int, dict[str, set[int]]] = defaultdict(dict)
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        for person in people:
            key = name_key(person.given_name, person.family_name)
            if key:
                self.by_name[key].add(person.id)
            if person.email:
                self.by_email[person.email.lower()].add(person.id)
            for organization_id in person.organization_ids:
                names = self.by_organization[organization_id]
                names.setdefault(key, set()).add(person.id)
                if person.email:
                    names.setdefault("@" + person.email.lower(), set()).add(person.id)

    def find(self, given: str, family: str, email: str = "", *, organization_id: int | None = None):
        key, email = name_key(given, family), email.lower()
        if organization_id is not None:
            names = self.by_organization.get(organization_id, {})
            for found in (names.get(key, set()) if key else set(), names.get("@" + email, set()) if email else set()):
                if len(found) == 1:
                    return self.people[next(iter(found))]
        if email and len(self.by_email.get(email, ())) == 1:
            return self.people[next(iter(self.by_email[email]))]
        return None

    def find_by_name(self, given: str, family: str, among: set[int]):
        found = self.by_name.get(name_key(given, family), set()) & among
        return self.people[next(iter(found))] if len(found) == 1 else None


given_names = st.sampled_from(["Marie", "marie", "Marie-Ève", "Luc", "", "Zoé", "ZOE"])
family_names = st.sampled_from(["Tremblay", "TREMBLAY", "Roy", "", "Côté", "Cote"])
emails = st.sampled_from(["", "marie@exemple.org", "MARIE@exemple.org", "luc@exemple.org"])
people = st.lists(
    st.tuples(given_names, family_names, emails, st.lists(st.integers(1, 4), max_size=3, unique=True)), max_size=12
)
rows = st.lists(st.tuples(given_names, family_names, emails, st.none() | st.integers(1, 5)), min_size=1, max_size=8)


@given(people, rows, st.sets(st.integers(1, 14)))
@settings(max_examples=150, deadline=None)
def test_the_same_people_are_found(known, looked_up, among):
    persons = [
        KnownPerson(i + 1, given, family, email, "", tuple(sorted(ties)))
        for i, (given, family, email, ties) in enumerate(known)
    ]
    index, eager = PersonIndex.build(persons), EagerIndex(persons)
    for first, family, email, organization_id in looked_up:
        assert index.find(first, family, email, organization_id=organization_id) == eager.find(
            first, family, email, organization_id=organization_id
        )
        assert index.find_by_name(first, family, among) == eager.find_by_name(first, family, among)
