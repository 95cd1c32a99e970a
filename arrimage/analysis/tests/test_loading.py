import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrimage.analysis.coverage import gaps
from arrimage.analysis.landscape import landscape, summary_sentences
from arrimage.analysis.loading import snapshot
from arrimage.analysis.participation import citizen_seats
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.directory.models import Location, Service
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_around
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, SeatFactory, theme

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 6, 1)


def _territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def _table(*public_ids: str, seats: int = 2, **kwargs: object) -> Concertation:
    concertation = ConcertationFactory.create(**kwargs)
    concertation.territories.set([_territory(p) for p in public_ids])
    concertation.themes.set([theme("securite-alimentaire")])
    for _n in range(seats):
        MembershipFactory.create(seat=SeatFactory.create(concertation=concertation))
    return concertation


def _service(public_id: str) -> Service:
    organization = OrganizationFactory.create()
    service = Service.objects.create(organization=organization, name="Comptoir alimentaire")
    location = Location.objects.create(organization=organization, name="Local", territory=_territory(public_id))
    service.locations.set([location])
    service.themes.set([theme("securite-alimentaire")])
    return service


def test_snapshot_of_an_mrc_holds_what_touches_it():
    mrc = _territory("mrc:31")
    thetford = _territory("municipality:31084")
    local = _table("municipality:31084", level="local")
    regional = _table("region:12", level="regional")
    elsewhere = _table("mrc:35", level="supralocal")
    ended = _table("municipality:31084", start_date=dt.date(2010, 1, 1), end_date=dt.date(2015, 1, 1))
    service = _service("municipality:31084")

    s = snapshot(mrc, on=ON)

    assert s.territory.id == mrc.pk and s.territory.kind == "mrc"
    assert s.territory.population == sum(m.population for m in s.municipalities) or mrc.population
    ids = {c.id for c in s.concertations}
    assert {local.pk, regional.pk} <= ids
    assert elsewhere.pk not in ids and ended.pk not in ids
    subs = {t.id for t in s.subterritories}
    assert thetford.pk in subs
    assert s.municipalities_of[thetford.pk] == frozenset({thetford.pk})
    assert {m.id for m in s.municipalities} == set(
        Territory.objects.filter(parent=mrc, kind="municipality").values_list("pk", flat=True)
    )
    by_id = {c.id: c for c in s.concertations}
    assert by_id[local.pk].municipality_ids == frozenset({thetford.pk})
    # A regional body covers every municipality of the MRC, and more.
    assert {m.id for m in s.municipalities} < by_id[regional.pk].municipality_ids
    assert {seat.concertation_id for seat in s.seats} == ids
    assert len(s.holdings) == 2 * len(ids)
    assert {o.id for o in s.organizations} >= {h.organization_id for h in s.holdings}
    assert [v.id for v in s.services] == [service.pk]
    assert s.services[0].municipality_ids == frozenset({thetford.pk})
    assert all(m.urbanity in {"urban", "periurban", "rural", ""} for m in s.municipalities)
    assert len(s.themes) > 20


def test_a_divided_municipality_counts_as_its_boroughs():
    borough = Territory.objects.filter(kind="borough", parent__code="23027").select_related("parent").first()
    assert borough is not None and borough.parent is not None
    city = borough.parent
    boroughs = set(Territory.objects.filter(parent=city, kind="borough").values_list("pk", flat=True))
    local = _table(borough.public_id, level="local")
    citywide = _table(city.public_id, level="local")
    s = snapshot(city, on=ON)
    by_id = {c.id: c for c in s.concertations}
    # A table of one borough covers that borough only, not the whole city; a city-wide table covers all.
    assert by_id[local.pk].municipality_ids == frozenset({borough.pk})
    assert by_id[citywide.pk].municipality_ids == frozenset(boroughs)
    assert s.municipalities_of[borough.pk] == frozenset({borough.pk})
    places = {m.id: m for m in s.municipalities}
    assert set(places) == boroughs
    # Boroughs have no population of their own in the reference data: each gets an even share, and
    # takes its city's remoteness.
    assert sum(m.population for m in places.values()) == pytest.approx(city.population, abs=len(boroughs))
    assert places[borough.pk].population == (city.population or 0) // len(boroughs)
    assert places[borough.pk].metropolitan_influence_zone == city.metropolitan_influence_zone
    assert places[borough.pk].urbanity == "urban"
    # Seen from the borough, the city-wide table covers it from above.
    seen = snapshot(borough, on=ON)
    assert {local.pk, citywide.pk} <= {c.id for c in seen.concertations}
    assert [m.id for m in seen.municipalities] == [borough.pk]


@pytest.mark.parametrize("public_id", ["mrc:31", "region:12", "municipality:31084", "rss:12", "province:24"])
def test_the_number_of_queries_does_not_grow_with_the_data(public_id, django_assert_max_num_queries):
    territory = Territory.objects.get(kind=public_id.split(":")[0], code=public_id.split(":")[1])
    _table("municipality:31084", seats=1)
    with django_assert_max_num_queries(QUERIES):
        snapshot(territory, on=ON)
    counts = []
    for _size in range(2):
        for _n in range(4):
            _table("municipality:31084", "mrc:31", "region:12", seats=3)
            _service("municipality:31030")
        with CaptureQueriesContext(connection) as queries:
            s = snapshot(territory, on=ON)
        counts.append(len(queries))
    assert len(s.concertations) >= 9
    assert counts[0] == counts[1] <= QUERIES


# A few queries per level of the territory tree (province → region → MRC → municipality → borough), one
# per kind of row; bounded whatever the number of territories, concertations, seats or services.
QUERIES = 32


def test_the_demo_shows_gaps_and_vacant_citizen_seats():
    # The demonstration data, loaded as an operator would (`manage.py load_demo` calls `demo_load`); the
    # analysis sits below the demo app and does not import it.
    call_command("load_demo", stdout=io.StringIO())
    on = dt.date.today()
    s = snapshot(_territory("mrc:31"), on=on)
    assert len(s.concertations) >= 2

    found = gaps(s)
    top = found[0]
    # Nothing in the database covers the first gap: no active concertation on that theme whose territories
    # include the municipality, its MRC, its region or the province.
    place = Territory.objects.get(pk=top.territory_id)
    assert place.kind == "municipality" and place.parent is not None and place.parent.public_id == "mrc:31"
    assert not (
        Concertation.objects.active(on)
        .filter(themes__pk=top.theme_id, territories__in=territory_ids_around([place.pk]))
        .exists()
    )
    assert top.urbanity == "rural" and top.reasons

    citizens = citizen_seats(s)
    vacant = (
        Seat.objects.open_on(on)
        .filter(concertation__in=[c.id for c in s.concertations], seat_type__in=["citizen", "lived_experience"])
        .exclude(memberships__in=Membership.objects.current(on))
    )
    assert len(citizens.vacant) == vacant.count() > 0
    assert citizens.filled + len(citizens.vacant) == citizens.reserved
    assert 2 <= len(summary_sentences(s, landscape(s), found, citizens, [0.6, 0.2])) <= 5
