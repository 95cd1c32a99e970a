"""What the analysis must find in the demonstration data, through `loading.snapshot` and the pure functions.

The demo tells its stories on purpose (see the demo's data module): two food-security committees on the
same borough, two family and seniors committees sharing no member with any other table, a CIUSSS
community organiser sitting on seven tables, vacant citizen seats, and themes nobody works on.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from arrimage.analysis.coverage import gaps
from arrimage.analysis.inputs import Snapshot
from arrimage.analysis.load import solicitation
from arrimage.analysis.loading import snapshot
from arrimage.analysis.network import network
from arrimage.analysis.overlaps import overlap_candidates
from arrimage.analysis.participation import citizen_seats
from arrimage.concertation.models import Concertation, Membership
from arrimage.territories.models import Territory

pytestmark = pytest.mark.django_db

FOOD_COMMITTEES = {
    "Comité de sécurité alimentaire de Beauport",
    "Regroupement pour l'autonomie alimentaire de Beauport",
}


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=io.StringIO())


def _snapshot(public_id: str) -> Snapshot:
    return snapshot(Territory.objects.by_code(public_id).get(), on=timezone.localdate())


def _names(s: Snapshot) -> dict[int, str]:
    return {c.id: c.name for c in s.concertations}


@pytest.mark.parametrize("public_id", ["borough:REQ05", "municipality:23027", "region:03"])
def test_the_two_beauport_food_security_committees_are_the_top_overlap(demo, public_id):
    # On the borough, on Québec City and on the whole région: a borough counts as itself, so the
    # démarches of the other boroughs of the city do not look as if they covered Beauport.
    s = _snapshot(public_id)
    names = _names(s)
    top = overlap_candidates(s)[0]
    assert {names[top.first_id], names[top.second_id]} == FOOD_COMMITTEES
    assert top.theme_similarity > 0
    assert top.population_share == 1.0
    assert top.shared_person_ids  # the CIUSSS organiser sits on both


def test_a_table_and_its_own_committee_are_not_an_overlap(demo):
    s = _snapshot("borough:REQ05")
    parent_of = {c.id: c.parent_id for c in s.concertations}
    assert any(parent_of.values())
    for pair in overlap_candidates(s):
        assert parent_of[pair.first_id] != pair.second_id
        assert parent_of[pair.second_id] != pair.first_id


@pytest.mark.parametrize(
    ("public_id", "name"),
    [
        ("mrc:31", "Comité famille et aînés de Saint-Fortunat"),
        ("mrc:28", "Comité famille-MADA de Sainte-Sabine"),
    ],
)
def test_the_isolated_demo_committees_are_isolated_in_their_mrc(demo, public_id, name):
    s = _snapshot(public_id)
    names = _names(s)
    assert name in {names[c] for c in network(s).isolated}


def test_the_ciusss_organiser_on_seven_tables_tops_the_people_load_of_the_region(demo):
    s = _snapshot("region:03")
    top = solicitation(s).people[0]
    assert top.seats == 7
    assert len(top.concertation_ids) == 7
    sits_for = Membership.objects.filter(person_id=top.id, seat__concertation_id__in=top.concertation_ids)
    organizations = {m.organization.name for m in sits_for.select_related("organization") if m.organization}
    assert "Centre intégré universitaire de santé et de services sociaux de la Capitale-Nationale" in organizations
    assert all(other.seats < top.seats for other in solicitation(s).people[1:])


def test_vacant_citizen_seats_are_counted(demo):
    participation = citizen_seats(_snapshot("region:03"))
    assert participation.reserved > participation.filled
    assert len(participation.vacant) > 0


def test_a_gap_appears_where_the_demo_has_no_table(demo):
    s = _snapshot("mrc:28")
    found = gaps(s)
    assert found
    covered = set()
    for c in s.concertations:
        covered |= {(theme, m) for theme in c.theme_ids for m in c.municipality_ids}
    for gap in found[:20]:
        municipalities = s.municipalities_of.get(gap.territory_id, frozenset())
        assert not any((gap.theme_id, m) in covered for m in municipalities)
    # Sainte-Sabine has its family committee, so family is not a gap there, while its neighbours have none.
    sabine = Territory.objects.by_code("municipality:28065").get()
    family = Concertation.objects.get(name="Comité famille-MADA de Sainte-Sabine").themes.get(slug="famille")
    gap_cells = {(g.theme_id, g.territory_id) for g in found}
    assert (family.pk, sabine.pk) not in gap_cells
    assert any(theme_id == family.pk for theme_id, _t in gap_cells)
