"""The matcher, on small hand-built facts whose right answer is known, and its properties. Reasons are
checked in the source language; their French is in the catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from arrimage.funding.matching import (
    CandidateFacts,
    Names,
    OrganizationFacts,
    ProgrammeFacts,
    match,
    matches_for,
    programmes_for,
)

FOOD, HOUSING, ELDERS = 1, 2, 3
QUEBEC, REGION, APPALACHES, THETFORD, ETCHEMINS = 10, 20, 31, 3101, 28

NAMES = Names(
    themes={FOOD: "Sécurité alimentaire", HOUSING: "Logement", ELDERS: "Aînés"},
    territories={REGION: "Chaudière-Appalaches", APPALACHES: "MRC des Appalaches", ETCHEMINS: "Les Etchemins"},
    sectors={"community": "Communautaire", "municipal": "Municipal"},
    legal_forms={"nonprofit": "OBNL", "municipality": "Municipalité ou MRC"},
)

CDC = OrganizationFacts(1, "CDC des Appalaches", "community", "nonprofit")
TOWN = OrganizationFacts(2, "Ville de Thetford Mines", "municipal", "municipality")


def demarche(**changes: object) -> CandidateFacts:
    base = CandidateFacts(
        kind="concertation",
        id=7,
        name="Démarche des Appalaches",
        theme_ids=frozenset({FOOD}),
        territory_ids=frozenset({APPALACHES}),
        around_ids=frozenset({APPALACHES, REGION, QUEBEC}),
        organizations=(CDC, TOWN),
        partner_count=2,
        concertation_kind="demarche",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def programme(**changes: object) -> ProgrammeFacts:
    base = ProgrammeFacts(id=1, name="Fonds", theme_ids=frozenset({FOOD}), territory_ids=frozenset({APPALACHES}))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_shared_theme_and_a_covered_territory_fit_with_their_reasons():
    with translation.override("en"):
        found = match(programme(), demarche(), NAMES)
    assert found.fits
    assert found.reasons_against == ()
    assert "Shared theme: Sécurité alimentaire" in found.reasons_for
    assert "Territory covered: MRC des Appalaches" in found.reasons_for


def test_a_programme_of_a_region_covers_a_demarche_of_one_of_its_mrcs():
    found = match(programme(territory_ids=frozenset({REGION})), demarche(), NAMES)
    assert found.fits
    assert any("Chaudière-Appalaches" in reason for reason in found.reasons_for)


def test_another_territory_and_no_shared_theme_stand_against():
    with translation.override("en"):
        found = match(
            programme(theme_ids=frozenset({HOUSING}), territory_ids=frozenset({ETCHEMINS})), demarche(), NAMES
        )
    assert not found.fits
    assert len(found.reasons_against) == 2
    assert any("Les Etchemins" in reason for reason in found.reasons_against)


def test_a_programme_naming_no_territory_is_offered_everywhere():
    with translation.override("en"):
        found = match(programme(territory_ids=frozenset()), demarche(around_ids=frozenset()), NAMES)
    assert found.fits
    assert "The programme is offered everywhere in Québec" in found.reasons_for


def test_an_adopted_plan_is_named_with_its_date():
    adopted = demarche(has_plan=True, plan_adopted_on=dt.date(2024, 3, 5), plan_name="Plan")
    with translation.override("en"):
        found = match(programme(requires_plan=True), adopted, NAMES)
        missing = match(programme(requires_plan=True), demarche(), NAMES)
        drafting = match(programme(requires_plan=True), demarche(has_plan=True), NAMES)
    assert found.fits
    assert "Requires an adopted plan: the démarche has one (adopted on March 5, 2024)" in found.reasons_for
    assert not missing.fits and "none is recorded" in missing.reasons_against[0]
    assert not drafting.fits and "not adopted yet" in drafting.reasons_against[0]


def test_eligibility_names_what_is_required():
    town_only = demarche(organizations=(TOWN,), partner_count=1)
    with translation.override("en"):
        found = match(programme(legal_forms=frozenset({"nonprofit"})), town_only, NAMES)
        fitting = match(programme(legal_forms=frozenset({"nonprofit"})), demarche(), NAMES)
    assert found.reasons_against == ("No eligible organisation among the partners (OBNL required)",)
    assert fitting.fits
    assert "1 eligible organisation among the partners (CDC des Appalaches)" in fitting.reasons_for


def test_a_sector_and_a_legal_form_must_both_hold():
    wanted = programme(sectors=frozenset({"municipal"}), legal_forms=frozenset({"nonprofit"}))
    assert not match(wanted, demarche(), NAMES).fits


def test_partnership_and_concertation_conditions():
    action = demarche(kind="action", is_concertation=False, partner_count=1, concertation_kind="")
    found = match(programme(requires_partnership=True, requires_concertation=True), action, NAMES)
    assert not found.fits
    assert len(found.reasons_against) == 2
    ok = match(programme(requires_partnership=True, requires_concertation=True), demarche(), NAMES)
    assert ok.fits and len(ok.reasons_for) == 4


def test_ranking_puts_fits_first_then_score_then_name():
    good = demarche(id=1, name="B", theme_ids=frozenset({FOOD, HOUSING}))
    fair = demarche(id=2, name="A")
    bad = demarche(id=3, name="0", around_ids=frozenset())
    found = matches_for(programme(theme_ids=frozenset({FOOD, HOUSING})), [bad, fair, good], NAMES)
    assert [m.candidate.id for m in found] == [1, 2, 3]


def test_programmes_for_one_candidate_are_ordered_by_programme():
    first = programme(id=1, name="Z fonds")
    second = programme(id=2, name="A fonds")
    assert [m.programme.id for m in programmes_for([first, second], demarche(), NAMES)] == [2, 1]


# Properties ----------------------------------------------------------------------------------------

themes = st.frozensets(st.integers(1, 12), max_size=6)
places = st.frozensets(st.integers(100, 110), max_size=4)
flags = st.booleans()


@st.composite
def programmes(draw: st.DrawFn) -> ProgrammeFacts:
    return ProgrammeFacts(
        id=1,
        name="P",
        theme_ids=draw(themes),
        territory_ids=draw(places),
        sectors=draw(st.frozensets(st.sampled_from(["community", "municipal"]), max_size=2)),
        legal_forms=draw(st.frozensets(st.sampled_from(["nonprofit", "municipality"]), max_size=2)),
        requires_concertation=draw(flags),
        requires_partnership=draw(flags),
        requires_plan=draw(flags),
    )


@st.composite
def candidates(draw: st.DrawFn) -> CandidateFacts:
    organizations = tuple(
        OrganizationFacts(
            i,
            f"O{i}",
            draw(st.sampled_from(["community", "municipal"])),
            draw(st.sampled_from(["nonprofit", "municipality", ""])),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    return CandidateFacts(
        kind=draw(st.sampled_from(["concertation", "action"])),
        id=1,
        name="C",
        theme_ids=draw(themes),
        around_ids=draw(places),
        organizations=organizations,
        partner_count=len(organizations),
        is_concertation=draw(flags),
        has_plan=draw(flags),
        plan_adopted_on=draw(st.one_of(st.none(), st.just(dt.date(2024, 1, 1)))),
    )


@given(programmes(), candidates())
def test_fits_exactly_when_nothing_stands_against(prog: ProgrammeFacts, cand: CandidateFacts):
    found = match(prog, cand, NAMES)
    assert found.fits == (not found.reasons_against)
    assert all(reason for reason in found.reasons_for + found.reasons_against)


@given(programmes(), candidates(), st.integers(1, 12))
def test_sharing_one_more_theme_raises_the_score(prog: ProgrammeFacts, cand: CandidateFacts, theme: int):
    prog = dataclasses.replace(prog, theme_ids=prog.theme_ids | {theme})
    if theme in cand.theme_ids:
        return
    before = match(prog, cand, NAMES)
    after = match(prog, dataclasses.replace(cand, theme_ids=cand.theme_ids | {theme}), NAMES)
    assert after.score > before.score
    assert len(after.reasons_against) <= len(before.reasons_against)


@given(programmes(), candidates())
def test_covering_the_territory_never_lowers_the_score(prog: ProgrammeFacts, cand: CandidateFacts):
    covered = dataclasses.replace(cand, around_ids=cand.around_ids | prog.territory_ids)
    assert match(prog, covered, NAMES).score >= match(prog, cand, NAMES).score


@given(programmes(), candidates())
def test_adding_an_eligible_partner_never_lowers_the_score(prog: ProgrammeFacts, cand: CandidateFacts):
    sector = next(iter(sorted(prog.sectors)), "community")
    legal_form = next(iter(sorted(prog.legal_forms)), "nonprofit")
    more = dataclasses.replace(
        cand,
        organizations=(*cand.organizations, OrganizationFacts(99, "Nouveau", sector, legal_form)),
        partner_count=cand.partner_count + 1,
    )
    assert match(prog, more, NAMES).score >= match(prog, cand, NAMES).score
