import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.analysis.demarches_loading import network_data, network_overview
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, SeatFactory, theme

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 6, 1)
BOROUGHS = ["borough:REQ01", "borough:REQ02", "borough:REQ03", "borough:REQ04"]
MRCS = ["mrc:34", "mrc:22", "mrc:21", "mrc:20", "mrc:16", "mrc:15"]


def _territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def _network() -> Concertation:
    network = ConcertationFactory.create(name="Réseau régional", kind="network", level="regional")
    network.territories.set([_territory("region:03")])
    network.themes.set([theme("developpement-des-communautes")])
    return network


def _demarche(network: Concertation, public_id: str, shared_organization, *, seats: int = 3, **kwargs) -> Concertation:
    demarche = ConcertationFactory.create(kind="demarche", parent=network, **kwargs)
    demarche.territories.set([_territory(public_id)])
    demarche.themes.set([theme("logement")])
    for _n in range(seats):
        MembershipFactory.create(seat=SeatFactory.create(concertation=demarche))
    MembershipFactory.create(seat=SeatFactory.create(concertation=demarche), organization=shared_organization)
    return demarche


def _count(network: Concertation) -> int:
    with CaptureQueriesContext(connection) as queries:
        network_overview(network, on=ON, visible=lambda rows: rows)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_network():
    shared = OrganizationFactory.create()
    network = _network()
    _demarche(network, MRCS[0], shared)
    _demarche(network, BOROUGHS[0], shared)
    small = _count(network)
    for public_id in MRCS[1:] + BOROUGHS[1:]:
        _demarche(network, public_id, shared, seats=6)
    assert _count(network) == small
    assert small <= 14  # 7 for the rows, 1 for the tree and one per level of it


def test_the_data_hold_the_visible_sub_concertations_and_their_members():
    shared = OrganizationFactory.create()
    network = _network()
    portneuf = _demarche(network, "mrc:34", shared)
    limoilou = _demarche(network, "borough:REQ01", shared)
    hidden = _demarche(network, "mrc:22", shared, is_public=False)
    ConcertationFactory.create(kind="demarche")  # of no network

    data = network_data(network, on=ON, visible=lambda rows: [c for c in rows if c.is_public])

    assert data.network.id == network.pk
    assert {c.id for c in data.concertations} == {portneuf.pk, limoilou.pk}
    assert hidden.pk not in {h.concertation_id for h in data.holdings}
    assert {s.concertation_id for s in data.seats} == {portneuf.pk, limoilou.pk}
    quebec = _territory("municipality:23027")
    territories = {t.id: t for t in data.territories}
    assert quebec.pk in territories and _territory("borough:REQ01").pk in territories
    assert quebec.pk in data.network.municipality_ids
    by_id = {c.id: c for c in data.concertations}
    assert by_id[limoilou.pk].municipality_ids == frozenset({quebec.pk})
    assert shared.pk in {o.id for o in data.organizations}
    assert len(data.themes) > 20
