"""The organisation matcher: Québec forms, hard negatives, blocking, and its properties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrimage.interchange.known import organization_index
from arrimage.interchange.matching import (
    AMBIGUOUS,
    POOL_SIZE,
    SURE,
    KnownOrganization,
    OrganizationIndex,
    normalize,
    similarity,
)
from bench.matching import labelled_pairs, matcher_says_same, quality, row_variants, synthetic_organizations
from tests.factories import OrganizationFactory


def decide(row: str, *known: str):
    return OrganizationIndex.build(KnownOrganization(i + 1, name) for i, name in enumerate(known)).decide(row)


@pytest.mark.parametrize(
    ("row", "known"),
    [
        ("CIUSSS-CN", "CIUSSS de la Capitale-Nationale"),
        ("CDC de Beauport", "Corporation de développement communautaire de Beauport"),
        ("Mun. de St-Zacharie", "Municipalité de Saint-Zacharie"),
        ("MRC des Etchemins", "Municipalité régionale de comté des Etchemins"),
        ("MRC Les Etchemins", "MRC des Etchemins"),
        ("CISSSCA", "Centre intégré de santé et de services sociaux de Chaudière-Appalaches"),
        ("C.J.E. Portneuf", "Carrefour jeunesse-emploi de Portneuf"),
        ("CPE La Ribambelle", "Centre de la petite enfance La Ribambelle inc."),
        ("Centre d'action benevole de Levis", "CAB de Lévis"),
        ("V. de Lévis", "Ville de Lévis"),
        ("P. de St-Damase", "Paroisse de Saint-Damase"),
        ("Maison de la famille & de l'enfance de Lévis", "Maison de la famille et de l'enfance de Lévis"),
        ("Phare (Le), Maison des jeunes", "Maison des jeunes Le Phare"),
        ("N.-D.-de-Lourdes (Paroisse)", "Paroisse de Notre-Dame-de-Lourdes"),
        ("Commission scolaire des Découvreurs", "Centre de services scolaire des Découvreurs"),
    ],
)
def test_quebec_forms_are_sure_matches(row, known):
    decision = decide(row, known)
    assert decision.kind == "sure"
    assert decision.best is not None
    assert decision.best.score >= SURE
    assert decision.best.reasons


@pytest.mark.parametrize(
    ("row", "known"),
    [
        ("Lévis (Ville de)", "Ville de Lévis"),
        ("Etchemins, MRC des", "MRC des Etchemins"),
        ("VILLE DE LEVIS", "Ville de Lévis"),
        ("ville de levis", "Ville de Lévis"),
        ("Communautaires Laval, Regroupement des organismes", "Regroupement des organismes communautaires de Laval"),
    ],
)
def test_word_order_case_and_accents_do_not_matter(row, known):
    assert similarity(row, known) == 1
    assert decide(row, known).kind == "sure"


@pytest.mark.parametrize(
    ("row", "known"),
    [
        ("CDC de Beauport", "CDC de Charlesbourg"),
        ("CDC de Beauport", "Corporation de développement communautaire de Charlesbourg"),
        ("Ville de Saint-Georges", "Municipalité de Saint-Georges-de-Windsor"),
        ("Ville de Sainte-Marie", "Municipalité de Sainte-Marie-de-Blandford"),
        ("Municipalité de Saint-Justin", "Municipalité de Sainte-Justine"),
        ("Ville de Disraeli", "Paroisse de Disraeli"),
        ("Ville de Valcourt", "Canton de Valcourt"),
        ("Ville de Montmagny", "MRC de Montmagny"),
        ("MRC de Charlevoix", "MRC de Charlevoix-Est"),
        ("MRC d'Abitibi", "MRC d'Abitibi-Ouest"),
        ("CIUSSS du Centre-Sud-de-l'Île-de-Montréal", "CIUSSS du Centre-Ouest-de-l'Île-de-Montréal"),
        ("CIUSSS de l'Ouest-de-l'Île-de-Montréal", "CIUSSS du Centre-Ouest-de-l'Île-de-Montréal"),
        ("CISSS-ME", "CISSS de la Montérégie-Ouest"),
        ("CIUSSS-CN", "CISSS de Chaudière-Appalaches"),
        ("Saint-Lambert", "Saint-Albert"),
        ("Centre d'éducation populaire de Bonaventure", "Centre d'éducation populaire de Saint-Bonaventure"),
        ("Centre communautaire Le Phare de Lévis", "Centre communautaire Le Phare"),
        ("Centre communautaire Le Rucher", "Centre communautaire La Ruche"),
        ("CDC de Beauport", "CAB de Beauport"),
        ("Maison des jeunes de Lévis", "Maison de la famille de Lévis"),
        ("Pôle régional d'économie sociale de l'Estrie", "Pôle d'économie sociale de l'Estrie"),
    ],
)
def test_hard_negatives_are_not_sure(row, known):
    assert similarity(row, known) < SURE
    assert decide(row, known).kind != "sure"


def test_a_different_place_in_the_same_family_is_not_even_suggested():
    assert decide("CDC de Beauport", "CDC de Charlesbourg").kind == "none"
    assert similarity("CDC de Beauport", "CDC de Charlesbourg") == 0


def test_a_spelling_mistake_is_suggested_but_not_linked():
    decision = decide("MRC de Bellechase", "MRC de Bellechasse")
    assert decision.kind == "ambiguous"
    assert decision.best is not None
    assert AMBIGUOUS <= decision.best.score < SURE


def test_two_organisations_read_alike_wait_for_a_choice():
    decision = decide("Mun. de St-Elzéar", "Municipalité de Saint-Elzéar", "Municipalité de Saint-Elzéar")
    assert decision.kind == "ambiguous"
    assert [c.organization_id for c in decision.candidates] == [1, 2]


def test_an_acronym_in_capitals_stands_for_the_initials_of_the_known_name():
    decision = decide("ROC Laval", "Regroupement des organismes communautaires de Laval", "Maison des jeunes de Laval")
    assert decision.kind == "sure"
    assert decision.best is not None
    assert decision.best.organization_id == 1
    assert any("ROC" in reason for reason in decision.best.reasons)


def test_the_acronym_and_other_names_of_an_organisation_are_indexed():
    known = KnownOrganization(
        7, "Regroupement des organismes communautaires de Laval", "ROCL", ("Le Regroupement lavallois",)
    )
    index = OrganizationIndex.build([known, KnownOrganization(8, "Maison des jeunes de Laval")])
    for row in ("ROCL", "Regroupement lavallois (Le)"):
        decision = index.decide(row)
        assert decision.kind == "sure"
        assert decision.best is not None
        assert decision.best.organization_id == 7
        assert decision.best.name == known.name


def test_adding_an_organisation_again_replaces_its_names():
    index = OrganizationIndex.build([KnownOrganization(1, "CDC de Beauport")])
    index.add(KnownOrganization(1, "CDC de Charlesbourg"))
    assert index.decide("CDC de Beauport").kind == "none"
    assert index.decide("CDC de Charlesbourg").kind == "sure"


@pytest.mark.parametrize("row", ["", "   ", "!!!", "— ?"])
def test_a_name_without_words_has_no_candidate(row):
    index = OrganizationIndex.build([KnownOrganization(1, "CDC de Beauport")])
    assert index.candidates(row) == []
    assert index.decide(row).kind == "none"


def test_normalize_expands_abbreviations():
    assert normalize("Mun. de St-Zacharie") == "municipalite de saint zacharie"
    assert normalize("C.D.C. & Cie") == "cdc et compagnie"
    assert normalize("V. de Lévis") == "ville de levis"
    assert normalize("Ville-Marie") == "ville marie"


def test_the_labelled_pairs_are_matched_with_an_f1_of_at_least_0_95():
    pairs = labelled_pairs()
    assert len(pairs) >= 300
    assert {True, False} == {pair.same for pair in pairs}
    assert quality(pairs, [matcher_says_same(pair) for pair in pairs])["f1"] >= 0.95


@pytest.fixture(scope="module")
def province():
    organizations = synthetic_organizations(12_000, seed=3)
    return organizations, OrganizationIndex.build(organizations)


def test_blocking_compares_a_row_with_a_small_pool_only(province):
    organizations, index = province
    assert len(organizations) == 12_000
    index.lookups = index.pooled = 0
    linked = 0
    rows = row_variants(organizations, 200, seed=3)
    for row, expected in rows:
        decision = index.decide(row)
        linked += decision.kind == "sure" and decision.best is not None and decision.best.organization_id == expected
    assert index.lookups == len(rows)
    assert index.average_pool_size <= POOL_SIZE + 5
    assert index.average_pool_size < len(organizations) / 100
    assert linked >= 0.9 * sum(expected is not None for _row, expected in rows)


# Properties -----------------------------------------------------------------------------------------------

names = st.text(max_size=60)
# Words no realistic organisation name holds: organisations built from them are unrelated to any other.
unrelated_names = st.lists(st.from_regex(r"zq[a-z]{2,6}", fullmatch=True), min_size=1, max_size=4, unique=True).map(
    " ".join
)


@given(names)
def test_normalize_is_idempotent(name):
    assert normalize(normalize(name)) == normalize(name)


@given(names.filter(lambda n: normalize(n) != ""), st.lists(unrelated_names, max_size=8))
@settings(suppress_health_check=[HealthCheck.filter_too_much])
def test_a_name_always_matches_itself_when_unique(name, others):
    others = [other for other in others if normalize(other) not in normalize(name)]
    index = OrganizationIndex.build(
        [KnownOrganization(1, name), *(KnownOrganization(i + 2, other) for i, other in enumerate(others))]
    )
    decision = index.decide(name)
    assert decision.kind == "sure"
    assert decision.best is not None
    assert decision.best.organization_id == 1
    assert decision.best.score == 1


PAIRS = [pair for pair in labelled_pairs() if pair.same and matcher_says_same(pair)]


@given(st.sampled_from(PAIRS), st.lists(unrelated_names, min_size=1, max_size=30))
def test_adding_unrelated_organisations_never_removes_a_sure_match(pair, others):
    index = OrganizationIndex.build([KnownOrganization(1, pair.name_b)])
    before = index.decide(pair.name_a)
    assert before.kind == "sure"
    for i, other in enumerate(others):
        index.add(KnownOrganization(i + 2, other))
    after = index.decide(pair.name_a)
    assert after.best is not None
    assert after.best.organization_id == 1
    assert after.kind == "sure"


# Loading from the database --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_organization_index_loads_every_organisation_in_one_query(django_assert_num_queries):
    OrganizationFactory.create(name="Corporation de développement communautaire de Beauport", acronym="CDCB")
    OrganizationFactory.create(name="Municipalité de Saint-Zacharie", other_names=["Mun. de St-Zacharie"])
    with django_assert_num_queries(1):
        index = organization_index()
    assert len(index.organizations) == 2
    assert index.decide("CDC de Beauport").kind == "sure"
    assert index.decide("CDCB").kind == "sure"
    assert index.decide("Saint-Zacharie, Municipalité de").kind == "sure"
