import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.inputs import HoldingInfo, OrganizationInfo, Snapshot, TerritoryInfo
from arrimage.analysis.load import solicitation

ON = dt.date(2025, 6, 1)


def holding(id, concertation_id, *, person=None, organization=None, end=None):
    return HoldingInfo(
        id=id,
        seat_id=id,
        concertation_id=concertation_id,
        person_id=person,
        organization_id=organization,
        start=dt.date(2024, 1, 1),
        end=end,
    )


def snapshot(holdings, organizations=(), populations=None):
    populations = populations if populations is not None else {10: 2000, 11: 500, 12: 0}
    return Snapshot(
        territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"),
        on=ON,
        municipalities=[
            TerritoryInfo(id=m, kind="municipality", name=f"M{m}", population=p) for m, p in populations.items()
        ],
        holdings=list(holdings),
        organizations=list(organizations),
    )


def known_snapshot():
    holdings = [holding(n, n, person=1, organization=100 if n <= 4 else 101) for n in range(1, 7)]
    holdings += [holding(10 + n, n, person=2, organization=101) for n in range(1, 3)]
    holdings += [holding(20, 1, person=3), holding(21, 2, person=3, end=dt.date(2025, 1, 1))]
    holdings += [holding(22, 3, organization=102)]
    organizations = [
        OrganizationInfo(id=100, name="A", sector="community", municipality_id=10),
        OrganizationInfo(id=101, name="B", sector="community", municipality_id=11),
        OrganizationInfo(id=102, name="C", sector="public", municipality_id=10),
        OrganizationInfo(id=103, name="D", sector="public"),
    ]
    return snapshot(holdings, organizations)


def test_the_person_with_six_seats_tops_the_list():
    load = solicitation(known_snapshot())
    assert [(p.id, p.seats) for p in load.people] == [(1, 6), (2, 2), (3, 1)]  # 3's second seat has ended
    assert load.people[0].concertation_ids == (1, 2, 3, 4, 5, 6)


def test_organisations_count_the_seats_held_on_their_behalf():
    load = solicitation(known_snapshot())
    assert [(o.id, o.seats) for o in load.organizations] == [(100, 4), (101, 4), (102, 1)]
    assert load.organizations[1].concertation_ids == (1, 2, 5, 6)


def test_municipalities_weigh_seats_per_thousand_inhabitants():
    by_id = {m.municipality_id: m for m in solicitation(known_snapshot()).municipalities}
    assert by_id[10].seats == 5 and by_id[10].organizations == 2
    assert by_id[10].per_thousand == 2.5  # 5 seats, 2,000 inhabitants
    assert by_id[11].per_thousand == 8.0  # 4 seats, 500 inhabitants
    assert by_id[12].seats == 0 and by_id[12].per_thousand is None
    assert [m.municipality_id for m in solicitation(known_snapshot()).municipalities] == [11, 10, 12]


holdings_strategy = st.lists(
    st.tuples(
        st.integers(1, 5),
        st.none() | st.integers(1, 4),
        st.none() | st.integers(100, 103),
        st.none() | st.dates(dt.date(2024, 1, 1), dt.date(2026, 1, 1)),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(holdings_strategy)
def test_seat_counts_equal_a_recount(rows):
    holdings = [
        holding(n, concertation, person=person, organization=organization, end=end)
        for n, (concertation, person, organization, end) in enumerate(rows)
    ]
    organizations = [OrganizationInfo(id=o, name="", sector="", municipality_id=10 + o % 3) for o in range(100, 104)]
    load = solicitation(snapshot(holdings, organizations, {10: 1000, 11: 1000, 12: 1000}))
    current = [h for h in holdings if h.current(ON)]
    assert sum(p.seats for p in load.people) == sum(1 for h in current if h.person_id is not None)
    assert sum(o.seats for o in load.organizations) == sum(1 for h in current if h.organization_id is not None)
    assert sum(m.seats for m in load.municipalities) == sum(o.seats for o in load.organizations)
    seats = [p.seats for p in load.people]
    assert seats == sorted(seats, reverse=True)
