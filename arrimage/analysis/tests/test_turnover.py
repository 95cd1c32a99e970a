import datetime as dt
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.analysis.inputs import HoldingInfo, SeatInfo, Snapshot, TerritoryInfo
from arrimage.analysis.turnover import turnover

ON = dt.date(2025, 1, 1)
D = dt.date


def holding(id, seat, *, person, start, end=None, concertation=1):
    return HoldingInfo(
        id=id, seat_id=seat, concertation_id=concertation, person_id=person, organization_id=None, start=start, end=end
    )


def snapshot(seats, holdings):
    return Snapshot(
        territory=TerritoryInfo(id=1000, kind="mrc", name="MRC"), on=ON, seats=list(seats), holdings=list(holdings)
    )


def known_snapshot():
    seats = [
        SeatInfo(id=1, concertation_id=1, seat_type="organisational", created_on=D(2020, 1, 1)),
        SeatInfo(id=2, concertation_id=1, seat_type="citizen", created_on=D(2020, 1, 1)),
        SeatInfo(id=3, concertation_id=1, seat_type="citizen", created_on=D(2024, 1, 1)),
        SeatInfo(id=4, concertation_id=2, seat_type="elected", created_on=D(2022, 1, 1)),
        SeatInfo(id=5, concertation_id=2, seat_type="observer", created_on=D(2026, 1, 1)),
        SeatInfo(id=6, concertation_id=2, seat_type="observer", created_on=D(2020, 1, 1), abolished_on=D(2023, 1, 1)),
    ]
    holdings = [
        holding(1, 1, person=10, start=D(2020, 1, 1), end=D(2021, 12, 31)),
        holding(2, 1, person=11, start=D(2022, 1, 1), end=D(2023, 12, 31)),
        holding(3, 1, person=12, start=D(2024, 1, 1)),
        holding(4, 2, person=13, start=D(2020, 1, 1), end=D(2024, 6, 30)),
        holding(5, 4, person=14, start=D(2022, 1, 1), end=D(2023, 12, 31), concertation=2),
        holding(6, 4, person=14, start=D(2024, 1, 1), concertation=2),  # a renewed mandate
        holding(7, 4, person=15, start=D(2025, 6, 1), concertation=2),  # not yet
    ]
    return snapshot(seats, holdings)


def seats_of(result):
    return {seat.seat_id: seat for c in result.concertations for seat in c.seats}


def test_holder_changes_and_rate():
    seat = seats_of(turnover(known_snapshot()))[1]
    assert seat.holder_changes == 2
    assert seat.years == (ON - D(2020, 1, 1)).days / 365.25
    assert seat.changes_per_year == 2 / seat.years
    assert (
        seat.mean_tenure_days == ((D(2021, 12, 31) - D(2020, 1, 1)).days + (D(2023, 12, 31) - D(2022, 1, 1)).days) / 2
    )
    assert seat.current_tenure_days == (ON - D(2024, 1, 1)).days
    assert not seat.vacant


def test_a_renewed_mandate_is_not_a_change_and_future_holdings_are_ignored():
    seat = seats_of(turnover(known_snapshot()))[4]
    assert seat.holdings == 2
    assert seat.holder_changes == 0
    assert seat.current_tenure_days == 366


def test_vacant_seats_and_how_long():
    seats = seats_of(turnover(known_snapshot()))
    assert seats[2].vacant and seats[2].vacant_since == D(2024, 6, 30) and seats[2].vacant_days == 185
    assert seats[3].vacant and seats[3].vacant_since == D(2024, 1, 1)  # never held: since its creation
    assert not seats[6].vacant  # abolished
    assert 5 not in seats  # not created yet


def test_summaries():
    result = turnover(known_snapshot())
    first = next(c for c in result.concertations if c.concertation_id == 1)
    assert first.summary.seats == 3
    assert first.summary.vacant_seats == 2
    assert first.summary.holder_changes == 2
    assert result.territory.seats == 5
    assert result.territory.vacant_seats == 2
    assert result.territory.holder_changes == 2
    assert result.territory.mean_vacant_days == (185 + 366) / 2
    assert result.concertations[0].concertation_id == 1  # more changes per year


rows = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.integers(1, 3),
        st.dates(D(2018, 1, 1), D(2026, 1, 1)),
        st.none() | st.integers(0, 2000),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(rows)
def test_counts_equal_a_recount(data):
    seats = [SeatInfo(id=n, concertation_id=1 + n % 2, seat_type="citizen") for n in range(1, 5)]
    holdings = [
        holding(
            n,
            seat,
            person=person,
            start=start,
            end=None if days is None else start + dt.timedelta(days=days),
            concertation=1 + seat % 2,
        )
        for n, (seat, person, start, days) in enumerate(data)
    ]
    result = turnover(snapshot(seats, holdings))
    changes = 0
    vacant = 0
    for seat in seats:
        known = sorted((h for h in holdings if h.seat_id == seat.id and h.start <= ON), key=lambda h: (h.start, h.id))
        changes += sum(1 for a, b in pairwise(known) if a.person_id != b.person_id)
        vacant += not any(h.current(ON) for h in known)
    assert result.territory.holder_changes == changes
    assert result.territory.vacant_seats == vacant
    assert result.territory.seats == 4
    assert sum(c.summary.holder_changes for c in result.concertations) == changes


def test_unknown_dates_leave_figures_unknown():
    seats = [SeatInfo(id=1, concertation_id=1, seat_type="citizen")]
    result = turnover(snapshot(seats, [holding(1, 1, person=10, start=None)]))
    seat = seats_of(result)[1]
    assert seat.years is None and seat.changes_per_year is None
    assert seat.current_tenure_days is None and not seat.vacant
    assert result.territory.changes_per_year is None
