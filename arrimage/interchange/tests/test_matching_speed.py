"""The organisation matcher decides as it did before it was made faster.

`matching_reference` is the matcher as it was before its index and its comparisons were made faster (a
frozen copy, never edited): on random names and on a registry like the province benchmark's, the index
files every organisation under the same keys, and every lookup finds the same candidates with the same
scores and reasons, and takes the same decision.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.interchange import matching
from arrimage.interchange.tests import matching_reference as reference
from bench.matching import row_variants, synthetic_organizations

# Words that reach every path of the matcher: families in full and by acronym, municipal designations,
# abbreviations, acronyms spelling other words' initials, close spellings, light and exact-only words.
WORDS = (  # noqa: SIM905
    "CDC de Corporation développement communautaire Beauport Beauports Beauporte Saint-Georges St-Georges "
    "Ville Municipalité Mun. V. Paroisse (Ville de) MRC des Etchemins Etchemin Etchemain CISSS CIUSSS-CN "
    "CISSSCA ROC Regroupement organismes Laval Lavale Maison jeunes famille Lévis Levis LEVIS CJE Portneuf "
    "Notre-Dame Notre Notrex N.-D.-de-Lourdes C.D.C. inc. Ltée Centre action bénévole CAB Collectif Collective citoyen "
    "citoyens RCB Charlesbourg Charlebourg nord sud Nord-Est Table TCA aînés Sainte-Marie Ste-Marie & et la le "
    "Pôle économie sociale CPE Ribambelle Commission scolaire CSS Découvreurs CCSMTL Montréal Mtl"
).split()

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
names = st.one_of(words, words.map(str.upper), st.text(max_size=30))
organizations = st.lists(
    st.tuples(names, st.sampled_from(["", "CDC", "ROC", "RCB", "CJEP", "TCA"]), st.lists(names, max_size=2)),
    min_size=1,
    max_size=12,
)


def build(known: list[tuple[str, str, list[str]]]) -> tuple[matching.OrganizationIndex, reference.OrganizationIndex]:
    new = matching.OrganizationIndex.build(
        matching.KnownOrganization(i + 1, name, acronym, tuple(others))
        for i, (name, acronym, others) in enumerate(known)
    )
    old = reference.OrganizationIndex.build(
        reference.KnownOrganization(i + 1, name, acronym, tuple(others))
        for i, (name, acronym, others) in enumerate(known)
    )
    return new, old


def seen(candidates) -> list[tuple[int, str, float, tuple[str, ...]]]:
    return [(c.organization_id, c.name, c.score, c.reasons) for c in candidates]


def assert_same(new: matching.OrganizationIndex, old: reference.OrganizationIndex, rows: list[str]) -> None:
    assert {key: ids for key, ids in new._postings.items() if ids} == {
        key: ids for key, ids in old._postings.items() if ids
    }
    for row in rows:
        for minimum in (0.0, 0.5, matching.AMBIGUOUS, matching.SURE):
            assert seen(new.candidates(row, minimum=minimum)) == seen(old.candidates(row, minimum=minimum)), row
        decision, before = new.decide(row), old.decide(row)
        assert (decision.kind, seen(decision.candidates)) == (before.kind, seen(before.candidates)), row


@given(organizations, st.lists(names, min_size=1, max_size=6))
@settings(max_examples=80, deadline=None)
def test_random_names_are_matched_as_before(known, rows):
    new, old = build(known)
    assert_same(new, old, [*rows, *(name for name, _acronym, _others in known)])


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), st.lists(names, max_size=3))
@settings(max_examples=60, deadline=None)
def test_the_similarity_of_two_names_is_as_before(name, others):
    for other in others:
        assert matching.similarity(name, other) == reference.similarity(name, other)


def test_a_registry_like_the_province_benchmark_is_matched_as_before():
    """Many organisations of the same families and places: blocking, votes and early exits all matter."""
    known = synthetic_organizations(3_000, seed=5)
    rng = random.Random(5)
    rows = [row for row, _expected in row_variants(known, 300, seed=5)]
    rows += [name.upper() for name in rng.sample([o.name for o in known], 100)]
    rows += [f"Regroupement citoyen no {n} de {rng.choice(['Tremblay', 'Roy', 'Côté'])}" for n in range(50)]
    new = matching.OrganizationIndex.build(
        matching.KnownOrganization(o.id, o.name, o.acronym, o.other_names) for o in known
    )
    old = reference.OrganizationIndex.build(
        reference.KnownOrganization(o.id, o.name, o.acronym, o.other_names) for o in known
    )
    assert_same(new, old, rows)


def test_an_organisation_added_or_renamed_is_matched_as_before():
    known = synthetic_organizations(500, seed=7)
    new = matching.OrganizationIndex.build(
        matching.KnownOrganization(o.id, o.name, o.acronym, o.other_names) for o in known
    )
    old = reference.OrganizationIndex.build(
        reference.KnownOrganization(o.id, o.name, o.acronym, o.other_names) for o in known
    )
    rows = [known[3].name, "CDC de Beauport", known[10].name.upper()]
    assert_same(new, old, rows)  # the postings' arrays are made here, and must follow the changes below
    for index, module in ((new, matching), (old, reference)):
        index.add(module.KnownOrganization(known[3].id, "Corporation de développement communautaire de Beauport"))
        index.add(module.KnownOrganization(100_000, known[10].name))
    assert_same(new, old, [*rows, known[3].name])
    best = new.decide("CDC de Beauport").best
    assert best is not None
    assert best.organization_id == known[3].id


def test_a_light_word_spelt_closely_is_never_left_by_the_bound():
    """« notre » weighs less than most words but may be spelt closely like a word that weighs 1: the
    quick bound that leaves pairs below the score asked counts it with that word's weight."""
    row = matching._analyse("Notre Beaupré Charlesbourg")
    known = matching._analyse("Notrex Beaupré Charlesbourg Lévis")
    full = matching._compare(row, known).score
    assert matching.AMBIGUOUS < full < matching.SURE
    for minimum in (0.5, matching.AMBIGUOUS, full - 1e-6):
        assert matching._compare(row, known, minimum).score == full
